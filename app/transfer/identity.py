"""Which bank question a question in a file is.

Only our own export updates a question by id: it carries a signed reference `xt:<uid>:<sig>`
(an HMAC of the uid with the app's SECRET_KEY), which no hand-written or Moodle-made file can
produce by accident. A name from any other file (a GIFT ::title::, a Moodle <name>, an Excel
编号, a Markdown heading) is scoped to that file's name: two files that both say `q1` get two
different questions, and importing the same file again updates its own questions.
"""
import hashlib
import hmac
import re
from pathlib import PurePath

from flask import current_app

from app.questions.types.base import normalise_text

REF = re.compile(r"^xt:([a-z0-9]+(?:-[a-z0-9]+)*):([0-9a-f]{12})$")
UID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _signature(uid: str) -> str:
    key = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(key, f"question-ref:{uid}".encode(), hashlib.sha256).hexdigest()[:12]


def sign_ref(uid: str) -> str:
    return f"xt:{uid}:{_signature(uid)}"


def verified_uid(ref: str | None) -> str | None:
    """The uid a reference stands for, or None when it is absent, malformed or forged."""
    match = REF.match((ref or "").strip())
    if not match or not hmac.compare_digest(match.group(2), _signature(match.group(1))):
        return None
    return match.group(1)


def _digest(*parts: str) -> str:
    return hashlib.sha1("\x00".join(parts).encode()).hexdigest()


def scoped_uid(source: str, name: str) -> str:
    """A foreign name, scoped to the file it came from; readable when the name is a plain id."""
    digest = _digest(PurePath(source).name, name)
    return f"{name}-{digest[:6]}" if UID.match(name) and len(name) <= 60 else f"imp-{digest[:10]}"


def content_key(qtype: str, stem: str, payload: dict) -> str:
    """What makes two questions the same one: type, normalised stem and normalised options."""
    options = sorted(normalise_text(str(o)) for o in payload.get("options", []) if isinstance(o, str))
    return _digest(qtype, normalise_text(stem), *options)


def content_uid(qtype: str, stem: str, payload: dict) -> str:
    """An unnamed question's uid, from its content: importing the same file again finds it."""
    return "imp-" + content_key(qtype, stem, payload)[:10]
