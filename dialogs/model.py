"""Guided flows and single-card forms, each declared once as data.

A flow's declaration drives the questions, the card for each step, the
validation on the server, the stored record and the export columns. A form's
declaration (`Form`, e.g. the DSO's decision on a record) drives its card
inputs (`cards.forms`), the reading and validation of what comes back
(`dialogs.forms`) and the record columns it changes.

Answers are stored typed and JSON-friendly:

    short_text, long_text   str
    number_or_range         {"min": int | None, "max": int | None, "approx": bool} or "unknown"
    datetime                ISO datetime with offset, ISO date (time not given) or "unknown"
    single_choice, yes_no   the choice id ("yes", "no", "unknown" for yes/no)
    multi_choice            list of choice ids
    record_pick             {"id": str | None, "label": str} (id None: typed free text)

A skipped optional step is stored as None.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

UNKNOWN = "unknown"
END = "__end__"  # a next rule returning END goes to the summary

Answers = Mapping[str, Any]
# (value, all answers so far) → error key, or None when the value is fine.
Validator = Callable[[Any, Answers], "str | None"]
# all answers so far → the id of the next step, END, or None for "the next one in order".
NextRule = Callable[[Answers], "str | None"]


class Kind(StrEnum):
    SHORT_TEXT = "short_text"
    LONG_TEXT = "long_text"
    NUMBER_OR_RANGE = "number_or_range"
    DATETIME = "datetime"
    SINGLE_CHOICE = "single_choice"
    MULTI_CHOICE = "multi_choice"
    YES_NO = "yes_no"
    RECORD_PICK = "record_pick"
    # One e-mail address, the field's whole point (so not personal data to warn about).
    EMAIL = "email"
    # Form fields only:
    DATE = "date"  # an ISO date
    DECIMAL = "decimal"  # a float; Swedish decimal commas are accepted


TEXT_KINDS = frozenset({Kind.SHORT_TEXT, Kind.LONG_TEXT})


@dataclass(frozen=True)
class Choice:
    id: str
    label_key: str


@dataclass(frozen=True)
class Step:
    id: str
    question_key: str
    kind: Kind
    help_key: str | None = None
    choices: tuple[Choice, ...] = ()
    required: bool = True
    validators: tuple[Validator, ...] = ()
    next: NextRule | None = None
    # Every answer in a person's own words (free text, a record pick's typed label)
    # is checked for identity numbers and contact details; switch off only where a
    # step's text can hold none.
    pii_guard: bool = True
    names_expected: bool = False  # the step asks for a person's name: names are not flagged
    column: str | None = None  # export column name; None: not exported
    allow_unknown: bool = False  # "vet inte" is a valid answer (numbers, datetimes, yes/no)
    allow_future: bool = False  # datetimes: may the moment lie ahead?
    record_field: str | None = None  # stored in a dedicated column of the record
    # Record picks: the registry's record-choice source offering the records
    # (e.g. "register.processing"); without one, the person types free text.
    choices_from: str | None = None
    max_length: int = 2000  # free text


@dataclass(frozen=True)
class Flow:
    id: str
    version: int
    title_key: str
    steps: tuple[Step, ...]
    _position: dict[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        ids = [s.id for s in self.steps]
        if len(set(ids)) != len(ids):
            raise ValueError(f"flow {self.id}: duplicate step ids")
        # Looked up on every answer: by id, not by comparing whole steps.
        object.__setattr__(self, "_position", {step_id: i for i, step_id in enumerate(ids)})

    def step(self, step_id: str) -> Step:
        return self.steps[self._position[step_id]]

    def has_step(self, step_id: str) -> bool:
        return step_id in self._position

    def next_id(self, step: Step, answers: Answers) -> str:
        """The step after `step` given the answers, or END."""
        if step.next is not None:
            target = step.next(answers)
            if target is not None:
                return target
        index = self._position[step.id]
        return self.steps[index + 1].id if index + 1 < len(self.steps) else END

    def path(self, answers: Answers) -> list[Step]:
        """The steps this person goes through, following the branches of their answers."""
        path: list[Step] = []
        current = self.steps[0].id
        while current != END and len(path) < len(self.steps):
            step = self.step(current)
            path.append(step)
            current = self.next_id(step, answers)
        return path


def if_answer(step_id: str, value: str, then: str, otherwise: str | None = None) -> NextRule:
    """Branch: go to `then` when step `step_id` was answered `value` (or includes it)."""

    def rule(answers: Answers) -> str | None:
        given = answers.get(step_id)
        hit = value in given if isinstance(given, list) else given == value
        return then if hit else otherwise

    return rule


# -- single-card forms ------------------------------------------------------------------

# (values read so far, what the caller knows) → error as (key, params), or None.
FormValidator = Callable[[Mapping[str, Any], Mapping[str, Any]],
                         "tuple[str, dict[str, Any]] | None"]


@dataclass(frozen=True)
class Field:
    """One input of a form; `id` is the input's id on the card and the value's key."""

    id: str
    label_key: str
    kind: Kind
    required: bool = False
    choices: tuple[Choice, ...] = ()
    max_length: int = 2000  # free text
    minimum: float | None = None  # decimals
    maximum: float | None = None
    help_key: str | None = None
    error_key: str | None = None  # shown by Teams when a required input is left empty
    column: str | None = None  # the record column the value is stored in
    # Long texts: what is recorded is put back in the field only when short (a
    # card must stay small); an empty field then means "keep what is recorded".
    keep_when_empty: bool = False
    pii_guard: bool = True  # free text: warn about identity numbers and contact details
    names_expected: bool = False  # the field asks for a person's name: names are not flagged
    compact: bool = False  # choices as a drop-down rather than radio buttons

    def __post_init__(self) -> None:
        if self.kind is Kind.YES_NO and not self.choices:  # yes and no, unless said
            object.__setattr__(self, "choices", (Choice("yes", "common.yes"),
                                                 Choice("no", "common.no")))


@dataclass(frozen=True)
class Form:
    id: str  # the card action that submits it, "<capability>.<verb>"
    submit_key: str  # the submit button's label
    fields: tuple[Field, ...]
    validators: tuple[FormValidator, ...] = ()
    _by_id: dict[str, Field] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        ids = [f.id for f in self.fields]
        if len(set(ids)) != len(ids):
            raise ValueError(f"form {self.id}: duplicate field ids")
        object.__setattr__(self, "_by_id", {f.id: f for f in self.fields})

    def field(self, field_id: str) -> Field:
        return self._by_id[field_id]

    def columns(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """The record columns `values` set, by each field's `column`."""
        return {f.column: values[f.id] for f in self.fields if f.column and f.id in values}
