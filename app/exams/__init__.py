"""Timed mock exams."""
