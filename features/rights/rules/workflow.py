"""A data subject's request from receipt to answer: the words the records, cards and
handlers share, and what must be done before a request may be answered.

    received → identity_verified → in_progress → answered
          (any of them, until answered) ──────────→ withdrawn

The checkpoints are the law's, not bookkeeping: nothing is released before the
requester's identity is verified (Art. 12(6)) and, for access, before the secrecy
assessment under OSL; when data is rectified, erased or restricted, the
recipients it was disclosed to are told (Art. 19).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class Status(StrEnum):
    RECEIVED = "received"
    IDENTITY_VERIFIED = "identity_verified"
    IN_PROGRESS = "in_progress"
    ANSWERED = "answered"
    WITHDRAWN = "withdrawn"


OPEN = (Status.RECEIVED, Status.IDENTITY_VERIFIED, Status.IN_PROGRESS)
CLOSED = (Status.ANSWERED, Status.WITHDRAWN)


class Channel(StrEnum):
    """How the request reached the organisation."""

    LETTER = "letter"
    EMAIL = "email"
    ESERVICE = "eservice"
    IN_PERSON = "in_person"
    PHONE = "phone"


class IdentityMethod(StrEnum):
    """How the requester's identity was verified."""

    E_ID = "e_id"  # BankID, Freja eID, another e-legitimation
    ID_DOCUMENT = "id_document"  # shown in person
    REGISTERED_ADDRESS = "registered_address"  # the answer goes to the folkbokföring address
    KNOWN = "known"  # already identified in the case the request concerns
    OTHER = "other"


class SecrecyResult(StrEnum):
    """The secrecy assessment (OSL) before anything of an access request is released."""

    NO_SECRECY = "no_secrecy"
    PARTLY_SECRET = "partly_secret"  # some data withheld
    SECRET = "secret"  # nothing may be released


class RecipientsTold(StrEnum):
    """Art. 19: the recipients of rectified, erased or restricted data are told."""

    TOLD = "told"
    NO_RECIPIENTS = "no_recipients"
    IMPOSSIBLE = "impossible"  # impossible or disproportionate effort (Art. 19)


class Outcome(StrEnum):
    GRANTED = "granted"
    PARTLY_GRANTED = "partly_granted"
    REFUSED = "refused"
    NO_DATA = "no_data"  # no personal data about the requester is held


# Outcomes that refuse something: the reason and the appeal information are required.
REFUSING = frozenset({Outcome.PARTLY_GRANTED, Outcome.REFUSED})
# Outcomes that release or change something: identity must have been verified.
RELEASING = frozenset({Outcome.GRANTED, Outcome.PARTLY_GRANTED})

ACCESS = "access"
# The rights whose exercise changes data others may have received (Art. 19).
TOLD_TO_RECIPIENTS = frozenset({"rectification", "erasure", "restriction"})


class EventKind(StrEnum):
    LOGGED = "logged"
    IDENTITY_VERIFIED = "identity_verified"
    STARTED = "started"
    HANDLER_SET = "handler_set"
    EXTENDED = "extended"
    SECRECY_ASSESSED = "secrecy_assessed"
    RECIPIENTS_RECORDED = "recipients_recorded"
    ANSWERED = "answered"
    WITHDRAWN = "withdrawn"


class Missing(StrEnum):
    """What stops a request from being answered with a given outcome."""

    IDENTITY = "identity"
    SECRECY = "secrecy"
    RECIPIENTS = "recipients"
    REASON = "reason"
    APPEAL = "appeal"


@dataclass(frozen=True)
class Checkpoints:
    """What has been done, as the answer's checks need it."""

    rights: tuple[str, ...]
    identity_verified: bool
    secrecy_done: bool
    recipients_done: bool


def needs_secrecy(rights: Iterable[str]) -> bool:
    return ACCESS in rights


def needs_recipients(rights: Iterable[str]) -> bool:
    return bool(TOLD_TO_RECIPIENTS & set(rights))


def missing_for_answer(done: Checkpoints, outcome: Outcome, *, reason: str | None,
                       appeal_info_given: bool) -> list[Missing]:
    """Why the request cannot yet be answered with `outcome` (empty: it can).

    A refusal needs its reason and the appeal information (förvaltningslagen
    32–33 §§; Art. 12(4)); anything released or changed needs the identity
    verified first; access needs the secrecy assessment, and a granted
    rectification, erasure or restriction needs the recipients told.
    """
    missing: list[Missing] = []
    if outcome in RELEASING:
        if not done.identity_verified:
            missing.append(Missing.IDENTITY)
        if needs_secrecy(done.rights) and not done.secrecy_done:
            missing.append(Missing.SECRECY)
        if needs_recipients(done.rights) and not done.recipients_done:
            missing.append(Missing.RECIPIENTS)
    if outcome in REFUSING:
        if not (reason or "").strip():
            missing.append(Missing.REASON)
        if not appeal_info_given:
            missing.append(Missing.APPEAL)
    return missing
