"""The cohorts feature."""
