"""The question bank feature."""
