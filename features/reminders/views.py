"""What the DSO reads about reminders, in words: each policy's parameters, what kind
of message a queued one is, and what to do about one that could not be delivered.

A parameter's label is looked up as `reminders.param.<policy>.<key>`, then
`reminders.param.<key>`, and falls back to the key in plain words, so a policy
added later is shown (if less prettily) before anyone writes its texts.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from cards.safe import inert
from chat.registry import Registry
from chat.reminders import OUTBOX_KIND_PREFIX, ReminderPolicy
from features.reminders.cards.settings import (
    MAX_PROBLEMS,
    FieldView,
    PolicyRow,
    ProblemRow,
    QueueView,
)
from features.reminders.queue import LOST, WINDOW_DAYS, Problem, counts_since, problems_since
from features.reminders.rules.params import ParamKind, as_input, kind_of
from features.reminders.settings import Effective, policy_named
from i18n import Lang, has, t

_UNITS = (("working_day", "working_days"), ("hour", "hours"), ("day", "days"),
          ("week", "weeks"), ("month", "months"))


def param_label(lang: Lang, policy: str, key: str) -> str:
    for candidate in (f"reminders.param.{policy}.{key}", f"reminders.param.{key}"):
        if has(lang, candidate):
            return t(lang, candidate)
    return key.replace("_", " ").strip().capitalize()


def _unit(key: str) -> str | None:
    return next((unit for part, unit in _UNITS if part in key.lower()), None)


def _listed(lang: Lang, items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {t(lang, 'reminders.words.and')} {items[-1]}"


def _numbers(lang: Lang, key: str, numbers: Sequence[Any]) -> str:
    unit = _unit(key)
    text = _listed(lang, [str(n) for n in numbers])
    if unit is None:
        return text
    one = len(numbers) == 1 and numbers[0] == 1
    return t(lang, f"reminders.unit.{unit}_{'one' if one else 'other'}", n=text)


def param_words(lang: Lang, key: str, value: Any, default: Any) -> str:
    """A parameter's value as a sentence fragment: "24, 48, 60 och 70 timmar"."""
    kind = kind_of(key, default)
    if kind is ParamKind.FLAG:
        return t(lang, "common.yes" if value else "common.no")
    if kind is ParamKind.HOUR and isinstance(value, int):
        return t(lang, "reminders.words.at_hour", hour=f"{value:02d}")
    if kind in (ParamKind.WHOLE, ParamKind.DECIMAL) and isinstance(value, int | float):
        shown = f"{value:g}".replace(".", ",") if lang == "sv" else f"{value:g}"
        return _numbers(lang, key, [shown if isinstance(value, float) else value])
    if kind is ParamKind.WHOLE_LIST and isinstance(value, list | tuple):
        return _numbers(lang, key, list(value))
    if isinstance(value, list | tuple):
        if not value:
            return t(lang, "reminders.words.nobody" if kind is ParamKind.EMAIL_LIST
                     else "reminders.words.none")
        return _listed(lang, [inert(v, 120) for v in value])
    if value in (None, ""):
        return t(lang, "common.not_set")
    return inert(value, 200)


def param_hint(lang: Lang, kind: ParamKind) -> str | None:
    key = f"reminders.hint.{kind.value}"
    return t(lang, key) if has(lang, key) else None


def policy_row(lang: Lang, policy: ReminderPolicy, setting: Effective) -> PolicyRow:
    params = [(param_label(lang, policy.name, key),
               param_words(lang, key, setting.values.get(key), default))
              for key, default in policy.defaults.items()]
    return PolicyRow(policy.name, t(lang, policy.label_key), setting.enabled, policy.legal,
                     params, setting.customised)


def policy_fields(lang: Lang, policy: ReminderPolicy, values: dict[str, Any],
                  typed: dict[str, Any] | None = None) -> list[FieldView]:
    """The form's inputs: what is stored, or what was typed when a form was refused."""
    fields = []
    for key, default in policy.defaults.items():
        kind = kind_of(key, default)
        shown = (str(typed.get(f"p_{key}", "")) if typed is not None
                 else as_input(kind, values.get(key, default)))
        fields.append(FieldView(key, param_label(lang, policy.name, key), kind, shown[:400],
                                param_hint(lang, kind)))
    return fields


def kind_words(lang: Lang, kind: str, registry: Registry) -> str:
    """What kind of message it is: "påminnelse: Utkast som inte skickats"."""
    if kind.startswith(OUTBOX_KIND_PREFIX):
        policy = policy_named(registry, kind.removeprefix(OUTBOX_KIND_PREFIX))
        if policy is not None:
            return t(lang, "reminders.kind.reminder", name=t(lang, policy.label_key))
        return t(lang, "reminders.kind.reminder_other")
    exact = f"reminders.kind.{kind.replace('.', '_')}"
    if has(lang, exact):
        return t(lang, exact)
    if kind.endswith(".notice"):
        return t(lang, "reminders.kind.notice")
    return t(lang, "reminders.kind.other")


def advice(lang: Lang, problem: Problem, name: str) -> str:
    """What to do about a message that did not arrive, from the dispatcher's reason."""
    shown = inert(name, 120)
    reason = (problem.last_error or problem.outcome or "").strip().lower()
    code = reason.split()[0] if reason else ""
    if code in ("blocked", "not_installed", "gone", "too_large", "refused"):
        return t(lang, f"reminders.advice.{code}", name=shown)
    if problem.state == "failed" or code in ("http", "failed", "throttled"):
        return t(lang, "reminders.advice.failed", name=shown)
    return t(lang, "reminders.advice.unknown", name=shown)


def person_name(lang: Lang, name: str | None) -> str:
    return name or t(lang, "reminders.words.someone")


async def queue_view(session: AsyncSession, lang: Lang, registry: Registry,
                     organisation_id: int, now: datetime) -> QueueView:
    since = now - timedelta(days=WINDOW_DAYS)
    counts = await counts_since(session, organisation_id, since)
    found = await problems_since(session, organisation_id, since, limit=MAX_PROBLEMS)
    rows = [ProblemRow(p.id, person_name(lang, p.person), kind_words(lang, p.kind, registry),
                       p.at, p.state, advice(lang, p, person_name(lang, p.person)))
            for p in found]
    total = sum(counts.get(state, 0) for state in LOST)
    return QueueView(counts, rows, max(total - len(rows), 0))
