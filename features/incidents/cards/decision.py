"""The incident card's advice-and-decision section, and the people affected (Art. 34).

The DSO's advice and the controller's decision are shown apart, with who
decided and in what capacity: the DSO advises and stays independent, the
controller (through its delegation) decides. The notification is shown with
its time and whether it was within the 72 hours; a preliminary notification
with the supplement IMY expects, and when.
"""

from __future__ import annotations

from cards import elements as el
from cards.safe import inert
from compliance import pii
from compliance.deadlines import format_span
from compliance.localtime import format_date, format_datetime
from features.incidents.cards.forms import form_button
from features.incidents.flow import ADVICE_FORM, DECISION_FORM, SUBJECTS_FORM, SUPPLEMENT_FORM
from features.incidents.rules.workflow import Decision, NotificationPhase
from features.incidents.views import IncidentView
from i18n import Lang, t

FACT_LIMIT = 120


def _user(value: object, limit: int = FACT_LIMIT) -> str:
    return inert(pii.mask(str(value)), limit)


def _title(lang: Lang, key: str) -> el.Element:
    return el.text(t(lang, key), trusted=True, weight="Bolder", separator=True,
                   spacing="Medium")


def _subtle(value: str) -> el.Element:
    return el.text(value, trusted=True, isSubtle=True, size="Small")


def _form(view: IncidentView, act: str) -> bool:
    return act in view.may and not view.closed


def _advice(lang: Lang, view: IncidentView) -> list[el.Element]:
    if view.dso_advice:
        pairs = [(t(lang, "dso.advice.title"), t(lang, f"dso.advice.{view.dso_advice}"))]
        if view.dso_advice_note:
            pairs.append((t(lang, "dso.advice.note"), _user(view.dso_advice_note)))
        body: list[el.Element] = [el.facts(pairs, trusted_values=True)]
    else:
        body = [_subtle(t(lang, "dso.advice.none"))]
    if _form(view, "advise"):
        body.append(el.action_set([form_button(lang, view, ADVICE_FORM.id)]))
    return body


def _notification_line(lang: Lang, view: IncidentView) -> str:
    assert view.imy_notified_at is not None
    when = format_datetime(view.imy_notified_at)
    if view.notified_late:
        late = format_span(view.imy_notified_at - view.deadline, lang)
        return t(lang, "dso.decision.notified_late", when=when, span=late)
    return t(lang, "dso.decision.notified_in_time", when=when)


def _decision_facts(lang: Lang, view: IncidentView) -> list[tuple[str, str]]:
    pairs = [(t(lang, "dso.decision.title"), t(lang, f"dso.decision.{view.decision}"))]
    if view.decided_by or view.decided_capacity:
        # The decision-maker's name is meant to be here (numbers and addresses are not).
        who = ", ".join(inert(pii.mask(v, names=False), 100)
                        for v in (view.decided_by, view.decided_capacity) if v)
        pairs.append((t(lang, "dso.decision.decided_by"), who))
    if view.own_assessment:
        pairs.append((t(lang, "dso.decision.own_assessment"),
                      t(lang, f"incident.severity.band.{view.own_assessment}")))
    if view.imy_notified_at:
        pairs.append((t(lang, "dso.decision.imy_notified_at"), _notification_line(lang, view)))
    if view.notification_phase and view.decision == Decision.NOTIFIED:
        pairs.append((t(lang, "dso.decision.phase"),
                      t(lang, f"dso.phase.{view.notification_phase}")))
    if view.imy_supplement_at:
        pairs.append((t(lang, "dso.decision.supplement_at"),
                      format_datetime(view.imy_supplement_at)))
    optional = [("imy_reference", view.imy_reference), ("justification", view.justification),
                ("late_reason", view.late_reason)]
    pairs += [(t(lang, f"dso.decision.{key}"), _user(value)) for key, value in optional if value]
    return pairs


def _decision(lang: Lang, view: IncidentView) -> list[el.Element]:
    body: list[el.Element] = []
    if view.decided:
        body.append(el.facts(_decision_facts(lang, view), trusted_values=True))
    else:
        body.append(_subtle(t(lang, "dso.decision.none")))
    due = view.supplement_due
    if due is not None:
        overdue = due < view.now
        body.append(el.text(t(lang, "dso.decision.supplement_due", when=format_date(due)),
                            trusted=True, weight="Bolder",
                            color="Attention" if overdue else "Default"))
    actions = []
    if _form(view, "decide"):
        actions.append(form_button(lang, view, DECISION_FORM.id))
        if view.notification_phase == NotificationPhase.PRELIMINARY:
            actions.append(form_button(lang, view, SUPPLEMENT_FORM.id))
    if actions:
        body.append(el.action_set(actions))
    return body


def _subjects_facts(lang: Lang, view: IncidentView) -> list[tuple[str, str]]:
    answer = {True: "subjects_yes", False: "subjects_no"}.get(view.subjects_informed,
                                                              "subjects_not_yet")
    pairs = [(t(lang, "dso.decision.subjects"), t(lang, f"dso.decision.{answer}"))]
    if view.subjects_informed_on:
        pairs.append((t(lang, "dso.decision.subjects_on"), format_date(view.subjects_informed_on)))
    if view.subjects_informed_method:
        pairs.append((t(lang, "dso.decision.subjects_method"),
                      _user(view.subjects_informed_method, 100)))
    if view.art34_exception:
        pairs.append((t(lang, "dso.decision.art34_exception"),
                      t(lang, f"dso.art34.{view.art34_exception}")))
    if view.subjects_informed_reason:
        pairs.append((t(lang, "dso.decision.subjects_reason"),
                      _user(view.subjects_informed_reason)))
    return pairs


def _subjects(lang: Lang, view: IncidentView) -> list[el.Element]:
    body: list[el.Element] = [el.facts(_subjects_facts(lang, view), trusted_values=True)]
    if _form(view, "decide"):
        body.append(el.action_set([form_button(lang, view, SUBJECTS_FORM.id)]))
    return body


def decision_section(lang: Lang, view: IncidentView) -> list[el.Element]:
    """Advice, decision and the people affected; for a near miss, only that none is due."""
    if view.near_miss:
        return [_title(lang, "dso.decision.section"),
                _subtle(t(lang, "dso.decision.near_miss"))]
    return [
        _title(lang, "dso.decision.section"),
        *_advice(lang, view),
        *_decision(lang, view),
        _title(lang, "dso.decision.subjects_section"),
        *_subjects(lang, view),
    ]
