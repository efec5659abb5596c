"""The trainee's dashboard: where they stand and what to do next."""
