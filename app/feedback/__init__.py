"""题目纠错: trainees report a question they doubt; instructors decide and the trainee sees the outcome."""
