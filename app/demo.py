"""Demo accounts for a new database (make run)."""
from sqlalchemy import func, select

from app.auth.passwords import hash_password
from app.extensions import db
from app.models import Cohort, CohortMember, Role, User


def ensure_demo_accounts(accounts, password: str) -> bool:
    """Create the demo accounts and a demo cohort when the database has no users; True if created."""
    if db.session.scalar(select(func.count()).select_from(User)):
        return False
    password_hash = hash_password(password)
    users = {role: User(email=email, name=name, role=role.value, password_hash=password_hash)
             for email, name, role in accounts}
    db.session.add_all(users.values())
    db.session.flush()
    cohort = Cohort(name="演示班级", owner_id=users[Role.INSTRUCTOR].id, invite_code="DEMO2026")
    db.session.add(cohort)
    db.session.flush()
    db.session.add(CohortMember(cohort_id=cohort.id, user_id=users[Role.TRAINEE].id))
    db.session.commit()
    return True
