"""All models, imported here so Alembic and the app see one metadata."""
from app.models.account import AuditEvent, LoginAttempt, RosterBatch, UserSession
from app.models.content import Case, Chapter, Figure, Section
from app.models.exam import Attempt, AttemptItem, Exam, ExamCohort, ExtraTime, GradeChange
from app.models.practice import Answer, Favourite, Note, ReviewCard
from app.models.progress import CaseAnswer, SectionRead, TraineeSummary
from app.models.question import ImportBatch, Question, QuestionVersion
from app.models.user import Cohort, CohortMember, Role, User

__all__ = ["AuditEvent", "LoginAttempt", "RosterBatch", "UserSession", "Attempt", "AttemptItem", "Exam", "ExamCohort", "ExtraTime", "GradeChange", "Answer", "Favourite", "Note", "ReviewCard", "Case", "CaseAnswer", "Chapter", "Cohort", "CohortMember", "Figure", "ImportBatch", "Question",
           "QuestionVersion", "Role", "Section", "SectionRead", "TraineeSummary",
           "User"]
