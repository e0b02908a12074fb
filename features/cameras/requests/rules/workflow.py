"""A footage request's vocabulary: who asks, how it came, what was decided, its steps."""

from __future__ import annotations

from enum import StrEnum


class Requester(StrEnum):
    POLICE = "police"  # Polismyndigheten
    SECURITY_POLICE = "security_police"  # Säkerhetspolisen
    AUTHORITY = "authority"  # another authority
    PRIVATE = "private"  # a private person asking for an official document


class Channel(StrEnum):
    EMAIL = "email"
    PHONE = "phone"
    LETTER = "letter"
    IN_PERSON = "in_person"
    OTHER = "other"


class Decision(StrEnum):
    DISCLOSE = "disclose"
    PARTIAL = "partial"  # disclosed in part: masked or cut
    REFUSE = "refuse"


class Partial(StrEnum):
    MASKED = "masked"
    CUT = "cut"


class Medium(StrEnum):
    SECURE_LINK = "secure_link"
    USB = "usb"
    DISC = "disc"
    OTHER = "other"


class Status(StrEnum):
    RECEIVED = "received"
    SECURED = "secured"
    DECIDED = "decided"
    HANDED_OVER = "handed_over"
    CLOSED = "closed"


class EventKind(StrEnum):
    LOGGED = "logged"
    SECURED = "secured"
    DECIDED = "decided"
    HANDED_OVER = "handed_over"
    CLOSED = "closed"


OPEN = frozenset({Status.RECEIVED, Status.SECURED, Status.DECIDED, Status.HANDED_OVER})
CLOSED = frozenset({Status.CLOSED})


def may_hand_over(decision: str | None) -> bool:
    """Only what was decided to be disclosed (whole or in part) is handed over."""
    return decision in (Decision.DISCLOSE, Decision.PARTIAL)
