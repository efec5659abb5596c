"""Practice: quizzes by chapter, topic, at random and on weak topics; the wrong-answer book."""
