"""What every question type provides. Types are pure: no database, no request, no side effects."""
import unicodedata
from dataclasses import dataclass
from typing import Any, ClassVar


@dataclass(frozen=True)
class Score:
    earned: float
    possible: float

    @property
    def correct(self) -> bool:
        return self.possible > 0 and self.earned >= self.possible

    @property
    def fraction(self) -> float:
        return self.earned / self.possible if self.possible else 0.0


class AnswerError(ValueError):
    """The submitted answer is malformed (not merely wrong); the message is shown to the trainee."""


class QuestionType:
    """One question type: validate its payload, show it without the key, parse and grade answers."""

    name: ClassVar[str]          # stored in questions.type
    label: ClassVar[str]         # what the interface calls it
    auto_graded: ClassVar[bool] = True

    def validate(self, payload: dict) -> list[str]:
        """Problems with a payload, in Chinese; empty when it is valid."""
        raise NotImplementedError

    def public(self, payload: dict) -> dict:
        """What the trainee may see before submitting: never the key."""
        raise NotImplementedError

    def parse_answer(self, payload, raw: Any) -> Any:
        """Turn a submitted value into the canonical answer, or raise AnswerError."""
        raise NotImplementedError

    def parse_form(self, payload: dict, values: list[str]) -> Any:
        """An answer from a form, where every field arrives as a list of strings."""
        return self.parse_answer(payload, values[0] if values else None)

    def grade(self, payload: dict, answer: Any) -> Score:
        raise NotImplementedError

    def shuffled_order(self, payload: dict, rng) -> list[int] | None:
        """A display order for the options, or None for types without options."""
        return None

    def shown(self, payload: dict, order: list[int] | None) -> dict:
        """The payload as displayed under `order`."""
        return payload

    def to_original(self, answer: Any, order: list[int] | None) -> Any:
        """An answer given against the displayed order, in the payload's own terms."""
        return answer

    def to_shown(self, answer: Any, order: list[int] | None) -> Any:
        return answer

    def form_values(self, answer: Any) -> list[str]:
        """A saved answer as the values of the type's form inputs (to restore a page)."""
        return [] if answer is None else [str(answer)]

    def key_text(self, payload: dict) -> str:
        """The key as a trainee reads it after submitting (e.g. "B", "对")."""
        raise NotImplementedError

    def option_marks(self, payload: dict, answer: Any) -> dict[int, str]:
        """After answering: option index -> "correct" (the key, chosen), "missed" (the key, not chosen)
        or "wrong" (chosen, not the key). Empty for types without options."""
        return {}

    def answer_text(self, payload: dict, answer: Any) -> str | None:
        """A chosen answer as a trainee reads it ("AD", "错"); None for typed answers."""
        return None

    def possible(self, payload: dict) -> float:
        return 1.0

    def is_blank(self, answer: Any) -> bool:
        return answer in (None, "", [], ())


def normalise_text(value: str) -> str:
    """Full-width to half-width, case and spacing folded: how typed answers are compared."""
    folded = unicodedata.normalize("NFKC", value).casefold()
    return "".join(ch for ch in folded if not ch.isspace())


LETTERS = "ABCDEFGH"


def letter(index: int) -> str:
    return LETTERS[index]
