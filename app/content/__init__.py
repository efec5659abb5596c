"""The content feature."""
