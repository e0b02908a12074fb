"""A data subject's request on a card: the clock first, then what was asked and how it
is being handled, the buttons of whoever handles it, and its history.

What people typed (the requester reference, reasons) is shown inert; the
reference is masked in lists but shown whole here, to those who handle it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from cards import elements as el
from cards.forms import form_card
from cards.safe import inert
from compliance.localtime import format_datetime
from dialogs.model import Form
from features.rights.views import RequestView
from i18n import Lang, t
from i18n.dates import long_date


def request_data(view: RequestView) -> dict[str, Any]:
    """What every button of the card names: the request and the revision it showed."""
    return {"rights_request": view.id, "rev": view.revision}


def rights_text(lang: Lang, rights: Sequence[str]) -> str:
    return ", ".join(t(lang, f"rights.topic.{r}.title") for r in rights)


def title(lang: Lang, view: RequestView) -> str:
    return t(lang, "rights.card.title", reference=view.reference,
             rights=rights_text(lang, view.rights))


def clock_lines(lang: Lang, view: RequestView) -> list[el.Element]:
    """When the answer is due, how long is left, and why the day moved, if it did."""
    deadline = view.deadline
    if view.closed:
        key = "rights.clock.answered_in_time" if view.answered_in_time else (
            "rights.clock.answered_late" if view.answered_on else "rights.clock.withdrawn")
        return [el.text(t(lang, key, due=long_date(deadline.due, lang),
                          answered=long_date(view.answered_on, lang) if view.answered_on
                          else ""), trusted=True)]
    left = view.days_left
    key = ("rights.clock.overdue" if left < 0 else "rights.clock.today" if left == 0
           else "rights.clock.left")
    lines = [el.text(t(lang, "rights.clock.due", due=long_date(deadline.due, lang)),
                     trusted=True, weight="Bolder", size="Medium"),
             el.text(t(lang, key, days=abs(left)), trusted=True)]
    if deadline.skipped:
        lines.append(el.text(moved_text(lang, view), trusted=True, isSubtle=True, size="Small"))
    if deadline.extended:
        lines.append(el.text(t(lang, "rights.clock.extended", months=deadline.further_months),
                             trusted=True, size="Small"))
    return [el.container(lines, style="emphasis")]


def moved_text(lang: Lang, view: RequestView) -> str:
    """"15 februari 2026 är en söndag, så sista dag är måndag 16 februari 2026"."""
    first = view.deadline.days_off(lang)[0]
    why = first.holiday or t(lang, f"rights.clock.weekday.{first.day.weekday()}")
    return t(lang, "rights.clock.moved", nominal=long_date(first.day, lang, weekday=False),
             why=why, due=long_date(view.deadline.due, lang))


def _choice(lang: Lang, group: str, value: str | None) -> str:
    return t(lang, f"rights.choice.{group}.{value}") if value else "—"


def _facts(lang: Lang, view: RequestView) -> list[tuple[str, str]]:
    facts = [
        (t(lang, "rights.card.status"), t(lang, f"rights.status.{view.status}")),
        (t(lang, "rights.card.received"), long_date(view.received_on, lang)),
        (t(lang, "rights.card.channel"), _choice(lang, "channel", view.channel)),
        (t(lang, "rights.card.identity"),
         t(lang, "rights.card.identity_done", method=_choice(lang, "identity",
                                                             view.identity_method),
           on=long_date(view.identity_verified_on, lang, weekday=False))
         if view.identity_verified_on else t(lang, "rights.card.identity_not_yet")),
        (t(lang, "rights.card.requester_ref"), inert(view.requester_ref, 200) or "—"),
        (t(lang, "rights.card.processing"),
         inert("; ".join([*view.activities, *([view.systems] if view.systems else [])]), 300)
         or "—"),
        (t(lang, "rights.card.handler"),
         inert(view.handler, 120) if view.handler else t(lang, "rights.card.handler_dso")),
        (t(lang, "rights.card.logged_by"), inert(view.logged_by, 120) or "—"),
    ]
    if view.extension_told_on:
        facts.append((t(lang, "rights.card.extension"),
                      t(lang, "rights.card.extension_text",
                        told=long_date(view.extension_told_on, lang, weekday=False),
                        reason=inert(view.extension_reason, 300))))
    if view.needs_secrecy:
        facts.append((t(lang, "rights.card.secrecy"), t(
            lang, "rights.card.secrecy_done", result=_choice(lang, "secrecy",
                                                             view.secrecy_result),
            by=inert(view.secrecy_by, 120),
            on=long_date(view.secrecy_on, lang, weekday=False))
            if view.secrecy_result and view.secrecy_on else t(lang, "rights.card.not_yet")))
    if view.needs_recipients:
        facts.append((t(lang, "rights.card.recipients"), t(
            lang, "rights.card.recipients_done",
            told=_choice(lang, "recipients", view.recipients_told),
            who=inert(view.recipients, 300) or "—")
            if view.recipients_told else t(lang, "rights.card.not_yet")))
    if view.outcome:
        facts.append((t(lang, "rights.card.outcome"), _choice(lang, "outcome", view.outcome)))
        if view.outcome_reason:
            facts.append((t(lang, "rights.card.outcome_reason"),
                          inert(view.outcome_reason, 600)))
    return facts


def _buttons(lang: Lang, view: RequestView) -> list[el.Element]:
    """The handler's buttons for what comes next; the checks come before the answer."""
    if view.closed or not view.may_handle:
        return []
    data = request_data(view)
    first: list[el.Element] = []
    if view.identity_verified_on is None:
        first.append(el.action_execute(t(lang, "rights.action.identity"),
                                       "rights.form_start", {**data, "form": "rights.identity"}))
    elif view.status != "in_progress":
        first.append(el.action_execute(t(lang, "rights.action.start"), "rights.start", data))
    if view.needs_secrecy and view.secrecy_result is None:
        first.append(el.action_execute(t(lang, "rights.action.secrecy"), "rights.form_start",
                                       {**data, "form": "rights.secrecy"}))
    if view.needs_recipients and view.recipients_told is None:
        first.append(el.action_execute(t(lang, "rights.action.recipients"),
                                       "rights.form_start", {**data, "form": "rights.recipients"}))
    first.append(el.action_execute(t(lang, "rights.action.answer"), "rights.form_start",
                                   {**data, "form": "rights.answer"}, style="positive"))
    second = [el.action_execute(t(lang, "rights.action.extend"), "rights.form_start",
                                {**data, "form": "rights.extend"}),
              el.action_execute(t(lang, "rights.action.handler"), "rights.form_start",
                                {**data, "form": "rights.handler"}),
              el.action_execute(t(lang, "rights.action.withdraw"), "rights.form_start",
                                {**data, "form": "rights.withdraw"})]
    return [el.action_set(first), el.action_set(second)]


def request_card(lang: Lang, view: RequestView, *, notice: str | None = None) -> dict:
    heading = title(lang, view)
    body: list[el.Element] = [el.heading(heading, size="Medium")]
    if notice:
        body.append(el.text(notice, trusted=True, weight="Bolder"))
    body += clock_lines(lang, view)
    body += _buttons(lang, view)
    body.append(el.facts(_facts(lang, view), trusted_values=True))
    history = el.action_execute(t(lang, "rights.action.history"), "rights.history",
                                {"rights_request": view.id})
    return el.card(body, [history], lang=lang, fallback_text=heading)


def request_form_card(lang: Lang, view: RequestView, form: Form, *,
                      notice: str | None = None, draft: dict[str, Any] | None = None,
                      values: dict[str, Any] | None = None) -> dict:
    """One of the request's forms on a card of its own, a refusal right above the inputs,
    what was entered kept."""
    before: list[el.Element] = [el.heading(title(lang, view), size="Medium"),
                                el.text(t(lang, f"rights.form.title.{form.id}"), trusted=True,
                                        weight="Bolder")]
    intro = f"rights.form.intro.{form.id}"
    before.append(el.text(t(lang, intro, due=long_date(view.deadline.due, lang)), trusted=True,
                          isSubtle=True, size="Small"))
    if notice:
        before.append(el.container([el.text(notice, trusted=True, weight="Bolder")],
                                   style="emphasis"))
    card = form_card(lang, form, request_data(view), values=values, draft=draft, before=before)
    card["actions"].append(el.action_execute(t(lang, "common.cancel"), "rights.open",
                                             {"rights_request": view.id}))
    return card


# Columns holding a word of the vocabulary: the history shows the word, not the id.
_WORDS = {"status": "rights.status.{}", "channel": "rights.choice.channel.{}",
          "identity_method": "rights.choice.identity.{}",
          "secrecy_result": "rights.choice.secrecy.{}",
          "recipients_told": "rights.choice.recipients.{}",
          "outcome": "rights.choice.outcome.{}"}


def _value(lang: Lang, key: str, value: Any) -> str:
    if value is None or value == "":
        return "—"
    if key in _WORDS:
        return t(lang, _WORDS[key].format(value))
    if isinstance(value, bool):
        return t(lang, "common.yes" if value else "common.no")
    return inert(str(value), 120)


def _change_line(lang: Lang, key: str, change: dict[str, Any]) -> str:
    return t(lang, "rights.history.change", field=t(lang, f"rights.history.field.{key}"),
             old=_value(lang, key, change.get("old")), new=_value(lang, key, change.get("new")))


def history_card(lang: Lang, view: RequestView) -> dict:
    heading = t(lang, "rights.history.title", reference=view.reference)
    body: list[el.Element] = [el.heading(heading, size="Medium")]
    for event in view.events:
        lines = [t(lang, "rights.history.line", when=format_datetime(event.at),
                   who=inert(event.by, 120) or t(lang, "rights.history.someone"),
                   what=t(lang, f"rights.event.{event.kind}"))]
        lines += [_change_line(lang, key, change) for key, change in event.changes.items()]
        body.append(el.text("\n\n".join(lines), trusted=True, separator=True, size="Small"))
    back = el.action_execute(t(lang, "rights.action.back"), "rights.open",
                             {"rights_request": view.id})
    return el.card(body, [back], lang=lang, fallback_text=heading)
