"""`påminnelser` / `reminders`: the DSO's card of reminder schedules and of the queue.

The overview lists each policy (its name, on or off, its parameters in words, a
button to change them), the office hours, the queue's counts over the last 30
days, and each message that could not be delivered, with what to do about it and a
button to send it again. Changing a policy opens its form in place; a refused form
comes back with what was entered and why.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from cards import elements as el
from cards.safe import inert
from features.reminders.cards.reminders import local_time
from features.reminders.rules.params import ParamKind
from i18n import Lang, t

MAX_PROBLEMS = 10  # keeps the card far below Teams' message size limit
STATES = ("queued", "sent", "failed", "undeliverable", "cancelled")


@dataclass(frozen=True)
class PolicyRow:
    name: str
    label: str  # in the reader's language
    enabled: bool
    legal: bool
    params: Sequence[tuple[str, str]]  # (label, value in words), in the reader's language
    customised: bool


@dataclass(frozen=True)
class ProblemRow:
    id: int
    person: str
    kind: str  # in words
    at: datetime
    state: str
    advice: str  # what to do, in words


@dataclass(frozen=True)
class QueueView:
    counts: dict[str, int]  # by state, the last 30 days
    problems: Sequence[ProblemRow]
    more: int  # problems not shown


@dataclass(frozen=True)
class FieldView:
    key: str
    label: str
    kind: ParamKind
    value: str  # as the input shows it (kept as typed after a refusal)
    hint: str | None = None


def _notice(text: str | None, good: bool) -> list[el.Element]:
    if not text:
        return []
    return [el.text(text, trusted=True, weight="Bolder", color="Good" if good else "Attention")]


def _policy(lang: Lang, row: PolicyRow) -> el.Element:
    state = t(lang, "reminders.card.on" if row.enabled else "reminders.card.off")
    when = t(lang, "reminders.card.legal" if row.legal else "reminders.card.office")
    # Lines rather than a FactSet: the parameters' names are sentences, too long for
    # a FactSet's narrow title column.
    lines = [el.text(t(lang, "reminders.card.state_line", state=state, when=when),
                     trusted=True, spacing="Small")]
    lines += [el.text(t(lang, "reminders.card.param_line", label=label, value=value),
                      trusted=True, spacing="None") for label, value in row.params]
    return el.container([
        el.columns([
            el.column([el.text(row.label, trusted=True, weight="Bolder")],
                      verticalContentAlignment="Center"),
            el.column([el.action_set([el.action_execute(
                t(lang, "reminders.card.change"), "reminders.edit", {"policy": row.name},
                associatedInputs="none")])], width="auto"),
        ]),
        *lines,
    ], separator=True, spacing="Medium")


def _problem(lang: Lang, row: ProblemRow) -> el.Element:
    return el.container([
        el.text(t(lang, "reminders.queue.problem", person=inert(row.person, 120),
                  kind=row.kind, when=local_time(row.at, lang)), trusted=True, weight="Bolder"),
        el.text(row.advice, trusted=True),
        el.action_set([el.action_execute(t(lang, "reminders.queue.resend"), "reminders.resend",
                                         {"message": row.id}, associatedInputs="none")]),
    ], separator=True)


def settings_card(lang: Lang, *, office: tuple[str, str], policies: Sequence[PolicyRow],
                  queue: QueueView, notice: str | None = None,
                  notice_good: bool = True) -> el.Element:
    body: list[el.Element] = [
        *_notice(notice, notice_good),
        el.heading(t(lang, "reminders.card.title")),
        el.text(t(lang, "reminders.card.intro"), trusted=True),
        el.container([
            el.columns([
                el.column([el.text(t(lang, "reminders.office.title"), trusted=True,
                                   weight="Bolder")]),
                el.column([el.action_set([el.action_execute(
                    t(lang, "reminders.card.change"), "reminders.edit",
                    {"policy": "office_hours"}, associatedInputs="none")])], width="auto"),
            ]),
            el.text(t(lang, "reminders.office.text", start=office[0], end=office[1]),
                    trusted=True),
        ], separator=True, spacing="Medium"),
    ]
    if policies:
        body += [_policy(lang, row) for row in policies]
    else:
        body.append(el.text(t(lang, "reminders.card.none"), trusted=True))
    body.append(el.heading(t(lang, "reminders.queue.title"), size="Medium", spacing="Large",
                           separator=True))
    body.append(el.facts([(t(lang, f"reminders.queue.{state}"),
                           str(queue.counts.get(state, 0))) for state in STATES],
                         trusted_values=True))
    if queue.problems:
        body.append(el.text(t(lang, "reminders.queue.problems"), trusted=True, weight="Bolder",
                            spacing="Medium"))
        body += [_problem(lang, row) for row in queue.problems]
        if queue.more:
            body.append(el.text(t(lang, "reminders.queue.more", more=queue.more), trusted=True,
                                isSubtle=True))
    else:
        body.append(el.text(t(lang, "reminders.queue.no_problems"), trusted=True,
                            isSubtle=True))
    return el.card(body, lang=lang, fallback_text=t(lang, "reminders.card.title"))


def _input(lang: Lang, field: FieldView) -> list[el.Element]:
    element: el.Element
    if field.kind is ParamKind.FLAG:
        element = el.input_toggle(f"p_{field.key}", field.label, label=field.label,
                                  value=field.value == "true")
    elif field.kind is ParamKind.TIME:
        element = el.input_time(f"p_{field.key}", label=field.label, value=field.value or None)
    else:
        element = el.input_text(f"p_{field.key}", label=field.label, value=field.value,
                                max_length=400)
    shown = [element]
    if field.hint:
        shown.append(el.text(field.hint, trusted=True, isSubtle=True, size="Small",
                             spacing="None"))
    return shown


def policy_form_card(lang: Lang, *, name: str, label: str, legal: bool, enabled: bool | None,
                     fields: Sequence[FieldView], error: str | None = None) -> el.Element:
    """One policy's form (or the office hours', with `enabled` None)."""
    body: list[el.Element] = [el.heading(label, size="Medium")]
    if legal:
        body.append(el.text(t(lang, "reminders.form.legal"), trusted=True, isSubtle=True))
    elif enabled is not None:
        body.append(el.text(t(lang, "reminders.form.office"), trusted=True, isSubtle=True))
    # The refusal stands right above the inputs it is about.
    body += _notice(error, good=False)
    if enabled is not None:
        body.append(el.input_toggle("enabled", t(lang, "reminders.form.enabled"),
                                    value=enabled))
    for field in fields:
        body += _input(lang, field)
    if enabled is not None and not fields:
        body.append(el.text(t(lang, "reminders.form.no_params"), trusted=True, isSubtle=True))
    actions = [
        el.action_execute(t(lang, "reminders.form.save"), "reminders.save", {"policy": name},
                          style="positive"),
        el.action_execute(t(lang, "reminders.form.back"), "reminders.show", {},
                          associatedInputs="none"),
    ]
    return el.card(body, actions, lang=lang, fallback_text=label)
