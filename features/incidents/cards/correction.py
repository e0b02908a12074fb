"""Correcting one answer of a report: pick the question, then answer it again with why.

The DSO corrects from the incident card, the reporter from their receipt
until a DSO takes the case. The answer is asked with the flow's own inputs
for that step (`cards.flow.step_inputs`), so a correction is read exactly as
the report was, and the reason is the correction form's (`CORRECTION_FORM`).
Each correction is kept in the incident's history with the old and new value.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime
from typing import Any

from cards import elements as el
from cards.flow import step_inputs
from cards.forms import form_inputs
from cards.safe import inert
from compliance.localtime import STOCKHOLM
from dialogs.engine import question_view
from dialogs.model import Kind
from dialogs.views import (
    INPUT_DATE,
    INPUT_OTHER,
    INPUT_TIME,
    INPUT_UNKNOWN,
    INPUT_VALUE,
    QuestionView,
)
from features.incidents.flow import CORRECTION_FORM, FLOW
from features.incidents.views import answer_text
from i18n import Lang, t

START = "incident.correct_start"  # shows the picker
PICK = "incident.correct_pick"
CANCEL = "incident.correct_cancel"
STEP_INPUT = "step"
# The step's own inputs: what the person entered is shown again after a refusal.
STEP_INPUTS = (INPUT_VALUE, INPUT_OTHER, INPUT_DATE, INPUT_TIME, INPUT_UNKNOWN)
LABEL_LIMIT = 90


def _choice_label(lang: Lang, answers: Mapping[str, Any], step_id: str) -> str:
    question = t(lang, FLOW.step(step_id).question_key)
    shown = answer_text(answers, step_id, lang) or t(lang, "dso.correction.not_answered")
    return inert(f"{question} · {shown}", LABEL_LIMIT)


def correction_picker(lang: Lang, *, incident_id: str, revision: int, reference: str,
                      answers: Mapping[str, Any], notice: str | None = None) -> el.Element:
    """The card choosing which answer to correct."""
    choices = [(_choice_label(lang, answers, step.id), step.id) for step in FLOW.path(answers)]
    pick = el.input_choice_set(STEP_INPUT, choices, label=t(lang, "dso.correction.which"),
                               required=True, style="compact",
                               error_message=t(lang, "dso.correction.which_error"))
    title = t(lang, "dso.correction.title", reference=inert(reference, 40))
    body: list[el.Element] = [el.heading(title, size="Medium")]
    if notice:
        body.append(el.text(inert(notice, 400), trusted=True, color="Attention",
                            weight="Bolder"))
    body += [pick, el.text(t(lang, "dso.correction.how"), trusted=True, isSubtle=True,
                           size="Small")]
    actions = [el.action_execute(t(lang, "dso.correction.next"), PICK,
                                 {"incident": incident_id, "rev": revision}, style="positive"),
               el.action_execute(t(lang, "common.cancel"), CANCEL, {"incident": incident_id})]
    return el.card(body, actions, lang=lang, fallback_text=title)


def correction_card(lang: Lang, *, incident_id: str, revision: int, reference: str,
                    step_id: str, answers: Mapping[str, Any], choices: Mapping[str, Any],
                    notice: str | None = None, draft: Mapping[str, Any] | None = None
                    ) -> el.Element:
    """One question asked again: the answer now, the inputs, and the reason to give.

    `choices`: records to pick from, by step id (the register's systems).
    """
    question = question_view(FLOW, step_id, answers, {"lang": lang, "choices": choices})
    if draft:
        question = _with_draft(question, draft)
    now = answer_text(answers, step_id, lang) or t(lang, "dso.correction.not_answered")
    title = t(lang, "dso.correction.title", reference=inert(reference, 40))
    body: list[el.Element] = [el.heading(title, size="Medium")]
    if notice:
        body.append(el.container([el.text(inert(notice, 400), trusted=True, weight="Bolder")],
                                 style="warning"))
    body += [
        el.text(t(lang, question.question_key), trusted=True, weight="Bolder"),
        el.facts([(t(lang, "dso.correction.now"), inert(now, 300))], trusted_values=True),
        *step_inputs(lang, question),
        *form_inputs(lang, CORRECTION_FORM, draft=draft),
        el.text(t(lang, "dso.correction.kept"), trusted=True, isSubtle=True, size="Small"),
    ]
    data = {"incident": incident_id, "rev": revision, STEP_INPUT: step_id}
    actions = [
        el.action_execute(t(lang, CORRECTION_FORM.submit_key), CORRECTION_FORM.id, data,
                          style="positive"),
        el.action_execute(t(lang, "common.cancel"), CANCEL, {"incident": incident_id}),
    ]
    return el.card(body, actions, lang=lang, fallback_text=title)


def _with_draft(question: QuestionView, draft: Mapping[str, Any]) -> QuestionView:
    """The question showing what was entered, when a correction was refused."""
    typed, other = draft.get(INPUT_VALUE), draft.get(INPUT_OTHER)
    match question.kind:
        case Kind.DATETIME:
            day, clock = draft.get(INPUT_DATE), draft.get(INPUT_TIME)
            if not day:
                return question
            try:
                moment = datetime.fromisoformat(f"{day}T{clock}" if clock else str(day))
            except ValueError:
                return question
            shown = moment.replace(tzinfo=STOCKHOLM).isoformat() if clock else str(day)
            return replace(question, value=shown)
        case Kind.MULTI_CHOICE:
            ids = [v.strip() for v in str(typed or "").split(",") if v.strip()]
            return replace(question, value=ids) if ids else question
        case Kind.RECORD_PICK:
            if not typed and not other:
                return question
            return replace(question, value={"id": typed or None, "label": other or ""})
        case Kind.SINGLE_CHOICE | Kind.YES_NO:
            return replace(question, value=str(typed)) if typed else question
    return replace(question, value_text=str(typed)) if typed is not None else question
