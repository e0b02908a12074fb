"""Stored answers as people read them (summary, exports), and the values the
caller keeps in dedicated record columns."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from compliance.localtime import format_date, format_datetime, start_of_day, to_utc
from dialogs.answers import declared_choices
from dialogs.model import UNKNOWN, Answers, Flow, Kind, Step
from i18n import t


def _count(n: int, lang: str) -> str:
    # 1 000 in Swedish (narrow no-break space), 1,000 in English.
    return f"{n:,}".replace(",", "\u202f" if lang == "sv" else ",")


def format_number(value: Mapping[str, Any], lang: str) -> str:
    low, high = value.get("min"), value.get("max")
    if low is not None and high is not None:
        text = _count(low, lang) if low == high else f"{_count(low, lang)}–{_count(high, lang)}"
    elif low is not None:
        text = t(lang, "dialog.number.over", n=_count(low, lang))
    else:
        text = t(lang, "dialog.number.under", n=_count(high or 0, lang))
    return t(lang, "dialog.number.approx", n=text) if value.get("approx") else text


def parse_stored_moment(value: str) -> datetime | date:
    """A stored datetime answer: an ISO datetime, or an ISO date when no time was given."""
    return date.fromisoformat(value) if len(value) == 10 else datetime.fromisoformat(value)


def format_moment(value: str) -> str:
    moment = parse_stored_moment(value)
    return format_datetime(moment) if isinstance(moment, datetime) else format_date(moment)


def format_answer(step: Step, value: Any, lang: str) -> str:
    """The answer in words; empty when skipped or not reached."""
    if value is None:
        return ""
    if value == UNKNOWN:
        return t(lang, "dialog.unknown")
    match step.kind:
        case Kind.NUMBER_OR_RANGE:
            return format_number(value, lang)
        case Kind.DATETIME:
            return format_moment(value)
        case Kind.SINGLE_CHOICE | Kind.MULTI_CHOICE | Kind.YES_NO:
            labels = {c.id: c.label_key for c in declared_choices(step)}
            ids = value if isinstance(value, list) else [value]
            return ", ".join(t(lang, labels[i]) if i in labels else i for i in ids)
        case Kind.RECORD_PICK:
            return str(value.get("label", ""))
    return str(value)


def export_row(flow: Flow, answers: Answers, lang: str) -> dict[str, str]:
    """One row for exports: every exported column, in flow order, as text.

    Steps off this report's path (a branch not taken) are empty.
    """
    on_path = {s.id for s in flow.path(answers)}
    return {
        s.column: format_answer(s, answers.get(s.id), lang) if s.id in on_path else ""
        for s in flow.steps if s.column
    }


def _field_value(step: Step, value: Any) -> Any:
    if value is None or value == UNKNOWN:
        return None
    if step.kind is Kind.DATETIME:
        moment = parse_stored_moment(value)
        # A date without a time counts from the start of that day: the careful
        # reading for a deadline that runs from it.
        return to_utc(moment if isinstance(moment, datetime) else start_of_day(moment))
    return value


def record_fields(flow: Flow, state: Mapping[str, Any]) -> dict[str, Any]:
    """What the caller stores in dedicated columns: each step's `record_field`
    (datetimes as aware UTC datetimes, unknown as None), and `pii_flagged`: the
    reporter kept identity numbers or contact details in the text on purpose."""
    answers = state.get("answers", {})
    on_path = {s.id for s in flow.path(answers)}
    fields: dict[str, Any] = {
        s.record_field: _field_value(s, answers.get(s.id)) if s.id in on_path else None
        for s in flow.steps if s.record_field
    }
    fields["pii_flagged"] = bool(set(state.get("pii_kept", ())) & on_path)
    return fields
