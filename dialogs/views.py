"""What the engine hands back: the answer types it accepts and the view to show.

Views hold catalog keys for our own texts (questions, help, errors) and
ready-made strings for what comes from people or the register (choice labels
of picked records, formatted answers). `cards.flow` renders a view to a card.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from dialogs.model import Kind


class Phase(StrEnum):
    ASKING = "asking"
    SUMMARY = "summary"
    CONFIRM_CANCEL = "confirm_cancel"
    PII_WARNING = "pii_warning"
    DONE = "done"
    CANCELLED = "cancelled"


# Card action names (`data["action"]`, and the verb of Action.Execute).
ANSWER = "flow.answer"
BACK = "flow.back"
SKIP = "flow.skip"
CANCEL = "flow.cancel"
CANCEL_CONFIRM = "flow.cancel_confirm"
CANCEL_ABORT = "flow.cancel_abort"
EDIT = "flow.edit"
SUBMIT = "flow.submit"
PII_REWRITE = "flow.pii_rewrite"
PII_MASK = "flow.pii_mask"
PII_KEEP = "flow.pii_keep"
ACTIONS = frozenset({ANSWER, BACK, SKIP, CANCEL, CANCEL_CONFIRM, CANCEL_ABORT, EDIT, SUBMIT,
                     PII_REWRITE, PII_MASK, PII_KEEP})

# Input ids on step cards; prefixed so they never collide with the action data.
INPUT_VALUE = "flow_value"  # text, number, choice ids (comma-separated), record id
INPUT_OTHER = "flow_other"  # record pick: a system not in the register, typed
INPUT_DATE = "flow_date"  # YYYY-MM-DD
INPUT_TIME = "flow_time"  # HH:MM
INPUT_UNKNOWN = "flow_unknown"  # "true" when "don't know" is ticked


@dataclass(frozen=True)
class Text:
    """Something the user typed in the chat."""

    text: str


@dataclass(frozen=True)
class CardAction:
    """A click on a flow card: the action, what the card belonged to, the inputs."""

    action: str
    instance: str | None = None
    step: str | None = None
    rev: int | None = None
    values: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> CardAction:
        """From an Action.Execute / Action.Submit `data` (action data plus input values).

        Nothing here is trusted: the engine checks instance, step and revision.
        """
        rev = data.get("rev")
        try:
            rev = int(rev) if rev is not None else None
        except (TypeError, ValueError):
            rev = -1  # forged or garbled: can never match
        return cls(
            action=str(data.get("action", "")),
            instance=None if data.get("instance") is None else str(data["instance"]),
            step=None if data.get("step") is None else str(data["step"]),
            rev=rev,
            values={k: v for k, v in data.items() if str(k).startswith("flow_")},
        )


Answer = Text | CardAction


@dataclass(frozen=True)
class Message:
    """A catalog key with its parameters (errors, notices)."""

    key: str
    params: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ChoiceView:
    id: str
    label: str


@dataclass(frozen=True)
class QuestionView:
    step_id: str
    question_key: str
    help_key: str | None
    kind: Kind
    required: bool
    choices: tuple[ChoiceView, ...]
    value: Any  # the stored answer (typed), for pre-filling the input
    value_text: str | None  # the stored answer as text, or a refused draft to fix
    allow_unknown: bool
    max_length: int
    position: int  # 1-based, along this person's path
    total: int
    can_back: bool


@dataclass(frozen=True)
class SummaryItem:
    step_id: str
    question_key: str
    text: str  # formatted answer; empty when skipped
    flagged: bool = False  # kept with personal data after the warning


@dataclass(frozen=True)
class PiiWarningView:
    step_id: str
    question_key: str
    kinds: tuple[str, ...]  # personnummer, samordningsnummer, email, phone
    masked: str  # the answer as it would be stored masked


@dataclass(frozen=True)
class View:
    phase: Phase
    flow_id: str
    title_key: str
    instance: str
    rev: int
    lang: str
    question: QuestionView | None = None
    summary: Sequence[SummaryItem] = ()
    pii: PiiWarningView | None = None
    error: Message | None = None  # the last answer was refused
    notice: Message | None = None  # e.g. the card was out of date


@dataclass(frozen=True)
class Outcome:
    state: dict[str, Any]
    view: View
    changed: bool  # False: nothing to store (refused, or only shown again)
