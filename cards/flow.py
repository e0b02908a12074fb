"""Render a guided-dialog view (`dialogs.views.View`) as an Adaptive Card 1.5.

One card per step, replaced in place: Action.Execute answers with the next
card. Every action carries the flow instance, the step and the revision the
card was drawn for, so the engine can refuse an out-of-date card.
Answers people typed are shown inert (`cards.safe.inert`).
"""

from __future__ import annotations

from typing import Any

from cards import elements as el
from cards.safe import inert
from compliance.localtime import to_local
from dialogs.format import parse_stored_moment
from dialogs.model import UNKNOWN, Kind
from dialogs.parsing import EMAIL_PATTERN
from dialogs.views import (
    ANSWER,
    BACK,
    CANCEL,
    CANCEL_ABORT,
    CANCEL_CONFIRM,
    EDIT,
    INPUT_DATE,
    INPUT_OTHER,
    INPUT_TIME,
    INPUT_UNKNOWN,
    INPUT_VALUE,
    PII_KEEP,
    PII_MASK,
    PII_REWRITE,
    SKIP,
    SUBMIT,
    Message,
    Phase,
    QuestionView,
    View,
)
from i18n import t

_TYPE_HINT = {
    Kind.SINGLE_CHOICE: "dialog.type_hint_choice",
    Kind.YES_NO: "dialog.type_hint_choice",
    Kind.RECORD_PICK: "dialog.type_hint_choice",
    Kind.MULTI_CHOICE: "dialog.type_hint_multi",
    Kind.DATETIME: "dialog.type_hint_datetime",
    Kind.NUMBER_OR_RANGE: "dialog.type_hint_number",
}


def _action(view: View, title: str, name: str, step: str | None = None, *,
            inputs: bool = False, style: str | None = None) -> el.Element:
    data = {"instance": view.instance, "rev": view.rev, "step": step}
    # Navigation must not send (or be blocked by) what is half typed in the inputs.
    extra = {} if inputs else {"associatedInputs": "none"}
    return el.action_execute(title, name, data, style=style, **extra)


def _message(lang: str, message: Message | None, color: str) -> list[el.Element]:
    if message is None:
        return []
    # Parameters can echo what the user typed; catalog text itself is ours.
    params = {k: inert(v, 200) if isinstance(v, str) else v for k, v in message.params.items()}
    return [el.text(t(lang, message.key, **params), trusted=True, color=color,
                    weight="Bolder")]


def _subtle(text: str, **props: Any) -> el.Element:
    return el.text(text, trusted=True, isSubtle=True, size="Small", **props)


def _datetime_inputs(lang: str, q: QuestionView) -> list[el.Element]:
    day = clock = None
    if q.value not in (None, UNKNOWN):
        moment = parse_stored_moment(q.value)
        if hasattr(moment, "hour"):
            local = to_local(moment)  # type: ignore[arg-type]
            day, clock = local.date().isoformat(), local.strftime("%H:%M")
        else:
            day = moment.isoformat()
    inputs = [el.columns([
        el.column([el.input_date(INPUT_DATE, label=t(lang, "dialog.date_label"), value=day)]),
        el.column([el.input_time(INPUT_TIME, label=t(lang, "dialog.time_label"), value=clock)]),
    ])]
    if q.allow_unknown:
        inputs.append(el.input_toggle(INPUT_UNKNOWN, t(lang, "dialog.unknown_toggle"),
                                      value=q.value == UNKNOWN))
    return inputs


def step_inputs(lang: str, q: QuestionView) -> list[el.Element]:
    """The inputs answering one step (also used to correct a stored answer)."""
    choices = [(c.label, c.id) for c in q.choices]
    match q.kind:
        case Kind.DATETIME:
            return _datetime_inputs(lang, q)
        case Kind.SINGLE_CHOICE | Kind.YES_NO:
            return [el.input_choice_set(INPUT_VALUE, choices, value=q.value)]
        case Kind.MULTI_CHOICE:
            return [el.input_choice_set(INPUT_VALUE, choices, value=q.value, multi=True)]
        case Kind.RECORD_PICK:
            picked = q.value.get("id") if isinstance(q.value, dict) else None
            typed = q.value.get("label") if isinstance(q.value, dict) and not picked else None
            other = [el.input_text(INPUT_OTHER, label=t(lang, "dialog.record_other")
                                   if choices else t(lang, "dialog.your_answer"),
                                   value=typed, max_length=q.max_length)]
            if not choices:
                return other
            pick = el.input_choice_set(INPUT_VALUE, choices, value=picked, style="compact")
            pick["placeholder"] = t(lang, "dialog.record_placeholder")
            return [pick, *other]
        case Kind.EMAIL:
            return [{**el.input_text(INPUT_VALUE, value=q.value_text, max_length=q.max_length),
                     "style": "Email", "regex": EMAIL_PATTERN,
                     "errorMessage": t(lang, "dialog.form.email")}]
    multiline = q.kind is Kind.LONG_TEXT
    return [el.input_text(INPUT_VALUE, value=q.value_text, multiline=multiline,
                          max_length=q.max_length)]


def _question_body(view: View, q: QuestionView) -> list[el.Element]:
    lang = view.lang
    body = [_subtle(t(lang, "dialog.progress", position=q.position, total=q.total)),
            el.text(t(lang, q.question_key), trusted=True, weight="Bolder", size="Medium")]
    if q.help_key:
        body.append(_subtle(t(lang, q.help_key)))
    if not q.required:
        body.append(_subtle(t(lang, "dialog.optional")))
    body += _message(lang, view.error, "Attention")
    body += step_inputs(lang, q)
    body.append(_subtle(t(lang, _TYPE_HINT.get(q.kind, "dialog.type_hint"))))
    return body


def _question_actions(view: View, q: QuestionView) -> list[el.Element]:
    lang = view.lang
    actions = [_action(view, t(lang, "common.next"), ANSWER, q.step_id, inputs=True,
                       style="positive")]
    if q.can_back:
        actions.append(_action(view, t(lang, "common.back"), BACK, q.step_id))
    if not q.required:
        actions.append(_action(view, t(lang, "common.skip"), SKIP, q.step_id))
    actions.append(_action(view, t(lang, "common.cancel"), CANCEL, q.step_id))
    return actions


def _summary_body(view: View) -> list[el.Element]:
    lang = view.lang
    body = [el.text(t(lang, "dialog.summary.intro"), trusted=True)]
    for position, item in enumerate(view.summary, start=1):
        answer = (el.text(item.text) if item.text
                  else _subtle(t(lang, "dialog.summary.not_given")))
        texts = [el.text(f"{position}. {t(lang, item.question_key)}", trusted=True,
                         weight="Bolder", size="Small"), answer]
        if item.flagged:
            texts.append(_subtle(t(lang, "dialog.summary.flagged"), weight="Bolder"))
        edit = _action(view, t(lang, "common.edit"), EDIT, item.step_id)
        edit["tooltip"] = t(lang, "dialog.summary.edit_one", position=position)
        body.append(el.columns([el.column(texts),
                                el.column([el.action_set([edit])], width="auto")],
                               separator=True))
    body.append(_subtle(t(lang, "dialog.summary.type_hint")))
    return body


def _kinds_text(lang: str, kinds: tuple[str, ...]) -> str:
    names = [t(lang, f"dialog.pii.kinds.{k}") for k in kinds]
    if len(names) < 2:
        return "".join(names)
    return f"{', '.join(names[:-1])} {t(lang, 'dialog.pii.and')} {names[-1]}"


def render(view: View) -> el.Element:
    """The card for a view, in the view's language."""
    lang = view.lang
    title = t(lang, view.title_key)
    body: list[el.Element] = [el.heading(title)]
    body += _message(lang, view.notice, "Default")
    actions: list[el.Element] = []
    phase = view.phase
    if phase is Phase.ASKING and view.question:
        body += _question_body(view, view.question)
        actions = _question_actions(view, view.question)
    elif phase is Phase.SUMMARY:
        body.insert(1, el.text(t(lang, "dialog.summary.title"), trusted=True, weight="Bolder"))
        body += _summary_body(view)
        actions = [_action(view, t(lang, "common.submit"), SUBMIT, style="positive"),
                   _action(view, t(lang, "common.back"), BACK),
                   _action(view, t(lang, "common.cancel"), CANCEL)]
    elif phase is Phase.CONFIRM_CANCEL:
        body += [el.text(t(lang, "dialog.cancel.title"), trusted=True, weight="Bolder"),
                 el.text(t(lang, "dialog.cancel.text"), trusted=True),
                 _subtle(t(lang, "dialog.cancel.type_hint"))]
        actions = [_action(view, t(lang, "dialog.cancel.confirm"), CANCEL_CONFIRM,
                           style="destructive"),
                   _action(view, t(lang, "dialog.cancel.abort"), CANCEL_ABORT)]
    elif phase is Phase.PII_WARNING and view.pii:
        pii = view.pii
        body += [el.text(t(lang, "dialog.pii.title"), trusted=True, weight="Bolder"),
                 el.text(t(lang, "dialog.pii.text", kinds=_kinds_text(lang, pii.kinds)),
                         trusted=True),
                 _subtle(t(lang, "dialog.pii.masked_label")),
                 el.container([el.text(pii.masked)], style="emphasis"),
                 _subtle(t(lang, "dialog.pii.keep_note")),
                 _subtle(t(lang, "dialog.pii.type_hint"))]
        actions = [_action(view, t(lang, "dialog.pii.rewrite"), PII_REWRITE, pii.step_id),
                   _action(view, t(lang, "dialog.pii.mask"), PII_MASK, pii.step_id,
                           style="positive"),
                   _action(view, t(lang, "dialog.pii.keep"), PII_KEEP, pii.step_id)]
    elif phase is Phase.DONE:
        body += [el.text(t(lang, "dialog.done.title"), trusted=True, weight="Bolder"),
                 el.text(t(lang, "dialog.done.text"), trusted=True),
                 el.facts([(t(lang, i.question_key), i.text or t(lang, "dialog.summary.not_given"))
                           for i in view.summary])]
    elif phase is Phase.CANCELLED:
        body += [el.text(t(lang, "dialog.cancelled.title"), trusted=True, weight="Bolder"),
                 el.text(t(lang, "dialog.cancelled.text"), trusted=True)]
    return el.card(body, actions, lang=lang, fallback_text=title)
