"""Reports: item analysis, cohort views, exports."""
