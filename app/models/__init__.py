"""All models, imported here so Alembic and the app see one metadata."""
from app.models.account import AuditEvent, LoginAttempt, RosterBatch, UserSession
from app.models.content import Case, Chapter, Figure, Section
from app.models.exam import Attempt, AttemptItem, AttemptLeave, DrawnPaper, Exam, ExamCohort, ExtraTime, GradeChange
from app.models.feedback import QuestionReport
from app.models.practice import Answer, Favourite, Note, PracticeSet, ReviewCard
from app.models.progress import CaseAnswer, SectionRead, StudyGoal, TraineeSummary
from app.models.question import ImportBatch, Question, QuestionVersion
from app.models.user import Cohort, CohortMember, Role, User

__all__ = ["AuditEvent", "LoginAttempt", "RosterBatch", "UserSession", "Attempt", "AttemptItem", "AttemptLeave", "DrawnPaper", "Exam", "ExamCohort", "ExtraTime", "GradeChange", "Answer", "Favourite", "Note", "PracticeSet", "QuestionReport", "ReviewCard", "StudyGoal", "Case", "CaseAnswer", "Chapter", "Cohort", "CohortMember", "Figure", "ImportBatch", "Question",
           "QuestionVersion", "Role", "Section", "SectionRead", "TraineeSummary",
           "User"]
