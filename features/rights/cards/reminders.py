"""A rights request's deadline reminder on a card: which request, which right(s), the
last day in words, how many days are left (or how late it is), who handles it, and
two buttons: open the request (as its own card under the reminder) and snooze."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from cards import elements as el
from cards import reminder_kit as kit
from cards.safe import inert
from features.rights.cards.request import rights_text
from i18n import Lang, t
from i18n.dates import long_date

POLICY = "rights_deadline"


@dataclass(frozen=True)
class DeadlineReminder:
    request_id: str
    reference: str
    rights: Sequence[str]
    status: str
    due_on: date
    today: date  # in Stockholm, when the reminder was made
    handler: str | None  # the handler's name; None: the DSO is to name one

    @property
    def days_left(self) -> int:
        return (self.due_on - self.today).days


def step_text(lang: Lang, days_left: int) -> str:
    if days_left > 1:
        return t(lang, "rights.reminder.step.left", days=days_left)
    if days_left == 1:
        return t(lang, "rights.reminder.step.tomorrow")
    if days_left == 0:
        return t(lang, "rights.reminder.step.today")
    if days_left == -1:
        return t(lang, "rights.reminder.step.late_one")
    return t(lang, "rights.reminder.step.late", days=-days_left)


def deadline_card(lang: Lang, view: DeadlineReminder) -> dict:
    late = view.days_left < 0
    pairs = [
        (t(lang, "rights.reminder.request"), inert(view.reference, 40)),
        (t(lang, "rights.reminder.rights"), rights_text(lang, view.rights)),
        (t(lang, "rights.reminder.due"), long_date(view.due_on, lang)),
        (t(lang, "rights.card.status"), t(lang, f"rights.status.{view.status}")),
        (t(lang, "rights.card.handler"), inert(view.handler, 80) if view.handler
         else t(lang, "rights.card.handler_dso")),
    ]
    body: list[el.Element] = [el.facts(pairs, trusted_values=True)]
    body.append(el.text(t(lang, "rights.reminder.late" if late else "rights.reminder.what"),
                        trusted=True, size="Small", wrap=True))
    open_request = el.action_execute(t(lang, "rights.reminder.open"), "rights.open_below",
                                     {"rights_request": view.request_id}, style="positive")
    return kit.reminder_card(
        lang, title=t(lang, "rights.reminder.title", reference=inert(view.reference, 40)),
        step=step_text(lang, view.days_left), body=body, actions=[open_request],
        snoozer=kit.snooze(lang, policy=POLICY, record=view.request_id),
        urgent=view.days_left <= 2)


# -- gallery samples ----------------------------------------------------------------------

def _samples() -> dict[str, Any]:
    from cards.gallery import HOSTILE_NAME

    base = DeadlineReminder(
        request_id="2b0c9a3e-1f7d-4c38-9a55-7d1e4f0b6a21", reference="REG-2026-0003",
        rights=("access", "erasure"), status="identity_verified", due_on=date(2026, 3, 2),
        today=date(2026, 2, 23), handler=HOSTILE_NAME)
    return {
        "reminder_rights_7_days": lambda lang: deadline_card(lang, base),
        "reminder_rights_overdue": lambda lang: deadline_card(lang, replace(
            base, today=date(2026, 3, 5), handler=None, status="received")),
    }


SAMPLES = _samples()
