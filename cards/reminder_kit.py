"""The pieces every reminder card shares: a heading with the policy's name, the step
of its ladder in words, and a control to snooze the reminder a chosen number of days.

A capability builds the rest of its reminder card (what the record is, what to do
about it) and its own actions; the reminders capability handles the snooze
(`reminder.snooze`, with the policy, the record and the days chosen) on the
server, like any card action. Its words are the platform catalog's
`reminder_kit` area.

Cards stay small: a reminder is read at a glance, and Teams refuses a message
near 40 KB; `size_of` measures a card as Teams counts it (UTF-16).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from cards import elements as el
from cards.safe import inert, plain
from i18n import Lang, t

SNOOZE_ACTION = "reminder.snooze"
SNOOZE_INPUT = "days"
SNOOZE_DAYS = (1, 3, 7, 14)
DEFAULT_SNOOZE = 3
# Well under Teams' limit of about 40 KB per message, envelope included.
CARD_BUDGET = 24 * 1024


def size_of(card: dict[str, Any]) -> int:
    """The card's JSON size in bytes as Teams counts a message (UTF-16 code units × 2)."""
    return len(json.dumps(card, ensure_ascii=False).encode("utf-16-le"))


def header(title: str, step: str, *, urgent: bool = False,
           notice: str | None = None) -> list[el.Element]:
    """The policy's name as the heading and the step in words under it (both our own
    catalog text); `notice` (e.g. what a click just did) above them, inert."""
    body: list[el.Element] = []
    if notice:
        body.append(el.container([el.text(inert(notice, 400), trusted=True, weight="Bolder")],
                                 style="good" if not urgent else "warning"))
    body.append(el.heading(title, size="Medium"))
    body.append(el.text(step, trusted=True, weight="Bolder", spacing="Small",
                        color="Attention" if urgent else "Default"))
    return body


def snooze_choices(lang: Lang) -> list[tuple[str, str]]:
    return [(t(lang, "reminder_kit.day") if days == 1
             else t(lang, "reminder_kit.days", days=days), str(days)) for days in SNOOZE_DAYS]


def snooze(lang: Lang, *, policy: str, record: Any) -> el.Element:
    """The snooze control: how many days (an Input.ChoiceSet `days`) and the button,
    whose data names the policy and the record; the days come with the card's inputs."""
    choice = el.input_choice_set(SNOOZE_INPUT, snooze_choices(lang),
                                 label=t(lang, "reminder_kit.snooze_label"),
                                 value=str(DEFAULT_SNOOZE), style="compact")
    button = el.action_execute(t(lang, "reminder_kit.snooze_button"), SNOOZE_ACTION,
                               {"policy": plain(policy, 48), "record": plain(record, 64)})
    return el.container([
        el.columns([
            el.column([choice], width="stretch"),
            el.column([el.action_set([button])], width="auto", verticalContentAlignment="Bottom"),
        ]),
    ], separator=True, spacing="Medium")


def reminder_card(lang: Lang, *, title: str, step: str, body: Sequence[el.Element],
                  actions: Sequence[el.Element] = (), snoozer: el.Element | None = None,
                  urgent: bool = False, notice: str | None = None) -> dict[str, Any]:
    """A whole reminder card: heading and step, the capability's body, its buttons, and
    the snooze control last."""
    items = [*header(title, step, urgent=urgent, notice=notice), *body]
    if actions:
        items.append(el.action_set(list(actions), spacing="Medium"))
    if snoozer is not None:
        items.append(snoozer)
    return el.card(items, lang=lang, fallback_text=f"{title}: {step}")
