"""Pieces the incident card and the case file share: how user text, names, history
lines, corrections and the assessment's factors are written on a card."""

from __future__ import annotations

from typing import Any

from cards import elements as el
from cards.safe import inert
from compliance import pii
from compliance.localtime import format_datetime
from features.incidents.flow import FLOW
from features.incidents.views import CorrectionView, EventView, IncidentView, answer_text
from features.incidents.views import format_decimal as decimal
from i18n import Lang, t


def incident_data(view: IncidentView, **extra: Any) -> dict[str, Any]:
    """Action data: which incident, and the revision the card showed."""
    return {"incident": view.id, "rev": view.revision, **extra}


def subtle(value: str, **props: Any) -> el.Element:
    return el.text(value, trusted=True, isSubtle=True, size="Small", **props)


def section(lang: Lang, key: str, **params: Any) -> el.Element:
    return el.text(t(lang, key, **params), trusted=True, weight="Bolder", separator=True,
                   spacing="Medium")


def user_text(value: Any, limit: int) -> str:
    """User text for a card: masked once more, inert, bounded."""
    return inert(pii.mask(str(value)), limit)


def who(lang: Lang, name: str | None) -> str:
    """A member of staff's display name (from the directory: meant to be shown)."""
    return inert(pii.mask(name, names=False), 60) if name else t(lang, "dso.history.someone")


def history_line(lang: Lang, event: EventView) -> str:
    """One line of the history, in words: who did what, with the event's details in the
    reader's language and number format (never "confidentiality=0.25")."""
    params = dict(event.params)
    if "factor" in params:
        params["factor"] = t(lang, f"incident.severity.factor.{params['factor']}")
    if isinstance(params.get("value"), int | float):
        params["value"] = decimal(float(params["value"]), lang)
    key = f"dso.event.{event.kind}" + ("_with" if params else "")
    what = t(lang, key, who=who(lang, event.actor_name), **params)
    if event.detail:
        what += f": {user_text(event.detail, 60)}"
    return t(lang, "dso.history.line", when=format_datetime(event.at), what=what)


def correction_line(lang: Lang, c: CorrectionView, limit: int = 80) -> str:
    question = t(lang, FLOW.step(c.step_id).question_key) if FLOW.has_step(c.step_id) else ""
    before = answer_text({c.step_id: c.old}, c.step_id, lang) or t(lang, "dso.not_given")
    after = answer_text({c.step_id: c.new}, c.step_id, lang) or t(lang, "dso.not_given")
    return t(lang, "dso.correction.line", question=inert(question, 80),
             before=inert(before, limit), after=inert(after, limit),
             when=format_datetime(c.at), who=who(lang, c.by), reason=user_text(c.reason, 300))


def factor_line(lang: Lang, factor: Any) -> str:
    reasons = " ".join(t(lang, f"incident.severity.reason.{code}") for code in factor.reasons)
    line = f"**{decimal(factor.value, lang)}** · {reasons}"
    if factor.adjusted:
        line += " " + t(lang, "dso.severity.adjusted", computed=decimal(factor.computed, lang),
                        reason=user_text(factor.adjustment_reason, 150))
    return line
