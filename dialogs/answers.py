"""Reading one step's answer, typed in the chat or sent from its card, into the
typed value the flow stores (see `dialogs.model`). Raises `ParseError`.

Card values are checked as strictly as typed text: a card can be forged, so a
choice id must be one of the step's choices and dates must be well formed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from dialogs.dateparse import parse_card_datetime, parse_datetime
from dialogs.model import TEXT_KINDS, UNKNOWN, Choice, Kind, Step
from dialogs.parsing import (
    Option,
    ParseError,
    parse_email,
    parse_multi,
    parse_number,
    parse_single,
    parse_text,
    parse_yes_no,
)
from dialogs.views import (
    INPUT_DATE,
    INPUT_OTHER,
    INPUT_TIME,
    INPUT_UNKNOWN,
    INPUT_VALUE,
    ChoiceView,
)
from i18n import LANGUAGES, t

YES_NO = (Choice("yes", "common.yes"), Choice("no", "common.no"))
UNKNOWN_CHOICE = Choice(UNKNOWN, "dialog.unknown")


@dataclass(frozen=True)
class Context:
    """What the caller knows: the user's language, records to pick from
    (step id → (record id, label) pairs), and the id for a new instance."""

    lang: str = "sv"
    choices: Mapping[str, Sequence[tuple[str, str]]] = field(default_factory=dict)
    instance: str | None = None

    @classmethod
    def of(cls, context: Context | Mapping[str, Any] | None) -> Context:
        if isinstance(context, Context):
            return context
        context = dict(context or {})
        return cls(lang=context.get("lang", "sv"), choices=context.get("choices", {}),
                   instance=context.get("instance"))


def declared_choices(step: Step) -> tuple[Choice, ...]:
    if step.kind is Kind.YES_NO:
        return YES_NO + ((UNKNOWN_CHOICE,) if step.allow_unknown else ())
    return step.choices


def records(step: Step, ctx: Context) -> Sequence[tuple[str, str]]:
    return ctx.choices.get(step.id, ()) if step.kind is Kind.RECORD_PICK else ()


def choice_views(step: Step, ctx: Context) -> tuple[ChoiceView, ...]:
    if step.kind is Kind.RECORD_PICK:
        return tuple(ChoiceView(rid, label) for rid, label in records(step, ctx))
    return tuple(ChoiceView(c.id, t(ctx.lang, c.label_key)) for c in declared_choices(step))


def _options(step: Step, ctx: Context) -> list[Option]:
    if step.kind is Kind.RECORD_PICK:
        return [Option(rid, (label,)) for rid, label in records(step, ctx)]
    return [Option(c.id, tuple(t(lang, c.label_key) for lang in LANGUAGES))
            for c in declared_choices(step)]


def _iso(value: datetime | date | str) -> str:
    return value if isinstance(value, str) else value.isoformat()


def _pick(step: Step, ctx: Context, text: str) -> dict[str, Any]:
    options = _options(step, ctx)
    if options:
        try:
            rid = parse_single(text, options)
            return {"id": rid, "label": dict(records(step, ctx))[rid]}
        except ParseError:
            if text.strip().isdigit():
                raise  # a number that is not on the list is a mistake, not a name
    return {"id": None, "label": parse_text(text, step.max_length)}


def read_text(step: Step, text: str, now: datetime, ctx: Context) -> Any:
    """The typed value of a typed answer; None when nothing was given."""
    if not text.strip():
        return None
    match step.kind:
        case k if k in TEXT_KINDS:
            return parse_text(text, step.max_length)
        case Kind.NUMBER_OR_RANGE:
            return parse_number(text, step.allow_unknown)
        case Kind.DATETIME:
            return _iso(parse_datetime(text, now, allow_future=step.allow_future,
                                       allow_unknown=step.allow_unknown))
        case Kind.SINGLE_CHOICE:
            return parse_single(text, _options(step, ctx))
        case Kind.MULTI_CHOICE:
            return parse_multi(text, _options(step, ctx))
        case Kind.YES_NO:
            try:
                return parse_yes_no(text, step.allow_unknown)
            except ParseError:
                return parse_single(text, _options(step, ctx))  # "vet inte", labels
        case Kind.RECORD_PICK:
            return _pick(step, ctx, text)
        case Kind.EMAIL:
            return parse_email(text, step.max_length)
    raise AssertionError(step.kind)


def _ids(raw: Any) -> list[str]:
    if isinstance(raw, list):
        return [str(v).strip() for v in raw if str(v).strip()]
    return [v.strip() for v in str(raw or "").split(",") if v.strip()]


def read_card(step: Step, values: Mapping[str, Any], now: datetime, ctx: Context) -> Any:
    """The typed value of a card submission; None when nothing was given."""
    raw = values.get(INPUT_VALUE)
    if step.kind is Kind.DATETIME:
        if str(values.get(INPUT_UNKNOWN, "")).lower() == "true" and step.allow_unknown:
            return UNKNOWN
        day, clock = values.get(INPUT_DATE), values.get(INPUT_TIME)
        if not day and not clock:
            return None
        return _iso(parse_card_datetime(day, clock, now, allow_future=step.allow_future))
    if step.kind in (Kind.SINGLE_CHOICE, Kind.MULTI_CHOICE, Kind.YES_NO):
        ids = _ids(raw)
        if not ids:
            return None
        allowed = {c.id for c in declared_choices(step)}
        if any(i not in allowed for i in ids) or (step.kind is not Kind.MULTI_CHOICE
                                                  and len(ids) > 1):
            raise ParseError("dialog.error.choice", {"count": len(allowed)})
        return list(dict.fromkeys(ids)) if step.kind is Kind.MULTI_CHOICE else ids[0]
    if step.kind is Kind.RECORD_PICK:
        known = dict(records(step, ctx))
        rid = str(raw or "").strip()
        if rid:
            if rid not in known:
                raise ParseError("dialog.error.choice", {"count": len(known)})
            return {"id": rid, "label": known[rid]}
        other = str(values.get(INPUT_OTHER) or "")
        return {"id": None, "label": parse_text(other, step.max_length)} if other.strip() else None
    return read_text(step, str(raw or ""), now, ctx)
