"""The wrong-answer book's schedule, by FSRS. Times in the database are naive UTC."""
from datetime import datetime, timedelta, timezone

from fsrs import Card, Rating, Scheduler

from app.models import ReviewCard

# Intraday relearning steps of 10 minutes, then FSRS's day-scale intervals; no fuzz, so a
# trainee (and a test) sees the same due date for the same history.
SCHEDULER = Scheduler(learning_steps=(timedelta(minutes=10),), relearning_steps=(timedelta(minutes=10),),
                      enable_fuzzing=False)


def _aware(moment: datetime) -> datetime:
    return moment.replace(tzinfo=timezone.utc)


def _naive(moment: datetime) -> datetime:
    return moment.astimezone(timezone.utc).replace(tzinfo=None)


def _fresh_card(question_id: int) -> Card:
    # fsrs makes up a card id from the clock and then sleeps 1 ms so the next one differs; that sleep,
    # once per wrong answer, held the database's write lock through a whole exam's grading. Our
    # cards are identified by (trainee, question) already, so the question id is the card id.
    return Card(card_id=question_id)


def new_card(user_id: int, question_id: int, now: datetime) -> ReviewCard:
    card, _ = SCHEDULER.review_card(_fresh_card(question_id), Rating.Again, _aware(now))
    return ReviewCard(user_id=user_id, question_id=question_id, fsrs=card.to_dict(), due=_naive(card.due),
                      streak=0, lapses=1, active=True, added_at=now)


def review(row: ReviewCard, correct: bool, now: datetime, graduate_after: int) -> None:
    """Schedule the next review; enough consecutive correct reviews take the question out of the book."""
    card, _ = SCHEDULER.review_card(Card.from_dict(row.fsrs), Rating.Good if correct else Rating.Again, _aware(now))
    row.fsrs = card.to_dict()
    row.due = _naive(card.due)
    if correct:
        row.streak += 1
        if row.streak >= graduate_after:
            row.active, row.left_at = False, now
    else:
        row.streak = 0
        row.lapses += 1


def relapse(row: ReviewCard, now: datetime) -> None:
    """Answered wrongly again outside review: back into the book, due soon."""
    if not row.active:
        row.active, row.left_at = True, None
        row.fsrs = _fresh_card(row.question_id).to_dict()
    review(row, False, now, graduate_after=1)
