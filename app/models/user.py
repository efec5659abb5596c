"""Accounts, roles and cohorts (班级)."""
import enum
import secrets
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import DateTime, ForeignKey, Integer, String, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db


class Role(str, enum.Enum):
    TRAINEE = "trainee"
    INSTRUCTOR = "instructor"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS = {Role.TRAINEE: "学员", Role.INSTRUCTOR: "讲师", Role.ADMIN: "管理员"}


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    # A roster may give only a mainland mobile number: either one signs in, at least one is set.
    email: Mapped[str | None] = mapped_column(String(254), unique=True, index=True)
    phone: Mapped[str | None] = mapped_column(String(11), unique=True, index=True)
    name: Mapped[str] = mapped_column(String(80))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16), default=Role.TRAINEE.value, index=True)
    active: Mapped[bool] = mapped_column(default=True)
    # Bumped on password change and logout-everywhere: old session cookies stop working.
    session_version: Mapped[int] = mapped_column(Integer, default=1)
    # Set for initial and temporary passwords: the next sign-in goes to the change-password page first.
    must_change_password: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())

    memberships: Mapped[list["CohortMember"]] = relationship(
        back_populates="user", cascade="all, delete-orphan"
    )

    @property
    def login(self) -> str:
        """What this person types to sign in, as shown on lists and slips."""
        return self.email or self.phone or ""

    @property
    def role_enum(self) -> Role:
        return Role(self.role)

    @property
    def is_active(self) -> bool:
        return self.active

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"

    def has_role(self, *roles: Role) -> bool:
        return self.role_enum in roles

    @property
    def is_staff(self) -> bool:
        return self.has_role(Role.INSTRUCTOR, Role.ADMIN)

    @property
    def cohorts(self) -> list["Cohort"]:
        return [m.cohort for m in self.memberships]


def new_invite_code() -> str:
    """Eight characters from an alphabet without look-alikes (0/O, 1/I/L), easy to read aloud."""
    alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
    return "".join(secrets.choice(alphabet) for _ in range(8))


class Cohort(db.Model):
    __tablename__ = "cohorts"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    invite_code: Mapped[str] = mapped_column(String(16), unique=True, default=new_invite_code)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())

    owner: Mapped[User] = relationship()
    members: Mapped[list["CohortMember"]] = relationship(
        back_populates="cohort", cascade="all, delete-orphan"
    )


class CohortMember(db.Model):
    __tablename__ = "cohort_members"
    __table_args__ = (UniqueConstraint("cohort_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    joined_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())

    cohort: Mapped[Cohort] = relationship(back_populates="members")
    user: Mapped[User] = relationship(back_populates="memberships")
