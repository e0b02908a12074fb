"""Logging a request received from a data subject: which rights, when it came in and
how, whether identity has been verified, a minimal reference to the requester, the
processing concerned (from the register when there is one) and who handles it.

The reference to the requester is the one free-text answer that could hold more
than is needed: the personal-data guard applies to it like to every text.
"""

from __future__ import annotations

from typing import Any

from dialogs.model import END, Choice, Flow, Kind, Step, if_answer
from features.rights.rules.topics import RIGHTS
from features.rights.rules.workflow import Channel, IdentityMethod

NOT_YET = "not_yet"  # identity not verified yet
ME, SOMEONE, DSO_ASSIGNS = "me", "someone", "dso"


def _choices(group: str, ids: list[str]) -> tuple[Choice, ...]:
    return tuple(Choice(i, f"rights.choice.{group}.{i}") for i in ids)


STEPS = (
    Step("rights", "rights.q.rights", Kind.MULTI_CHOICE, "rights.help.rights",
         choices=tuple(Choice(r.value, f"rights.topic.{r.value}.title") for r in RIGHTS),
         column="rights"),
    Step("received", "rights.q.received", Kind.DATETIME, "rights.help.received",
         column="received"),
    Step("channel", "rights.q.channel", Kind.SINGLE_CHOICE,
         choices=_choices("channel", [c.value for c in Channel]), column="channel"),
    Step("identity", "rights.q.identity", Kind.SINGLE_CHOICE, "rights.help.identity",
         # Worded as answers to "has it been verified?"; the card names the method alone.
         choices=_choices("identity_answer", [NOT_YET, *(m.value for m in IdentityMethod)]),
         column="identity"),
    Step("requester_ref", "rights.q.requester_ref", Kind.SHORT_TEXT,
         "rights.help.requester_ref", required=False, max_length=200, column="requester_ref"),
    Step("processing", "rights.q.processing", Kind.RECORD_PICK, "rights.help.processing",
         required=False, choices_from="register.processing", max_length=300,
         column="processing"),
    Step("handler", "rights.q.handler", Kind.SINGLE_CHOICE, "rights.help.handler",
         choices=_choices("handler", [ME, SOMEONE, DSO_ASSIGNS]),
         next=if_answer("handler", SOMEONE, "handler_email", END)),
    Step("handler_email", "rights.q.handler_email", Kind.EMAIL, "rights.help.handler_email",
         max_length=200),
)

FLOW = Flow(id="rights_log", version=1, title_key="rights.flow.title", steps=STEPS)


def identity_method(answers: dict[str, Any]) -> str | None:
    given = answers.get("identity")
    return None if given in (None, NOT_YET) else str(given)


def picked_activity(answers: dict[str, Any]) -> tuple[str | None, str | None]:
    """The register entry picked (its id), or the system named in words."""
    picked = answers.get("processing")
    if not isinstance(picked, dict):
        return None, None
    if picked.get("id"):
        return str(picked["id"]), None
    return None, str(picked.get("label") or "").strip() or None
