"""Gallery samples for the incident cards: the DSO's card in each state, the
list, the reporter's cards and the IMY text, with hostile user text throughout.

`sample_view()` is also what the tests build on, so samples and tests agree.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

from cards import elements as el
from cards.gallery import HOSTILE_LONG, HOSTILE_NAME, HOSTILE_TEXT, SampleBuilder
from dialogs.format import format_answer
from features.incidents.access import Act, Scope
from features.incidents.cards.case_file import case_file_card
from features.incidents.cards.correction import correction_card, correction_picker
from features.incidents.cards.dso import dso_incident_card
from features.incidents.cards.forms import FORMS, form_for
from features.incidents.cards.imy import imy_text_card
from features.incidents.cards.list import incident_list_card
from features.incidents.cards.reporter import (
    reporter_answered_card,
    reporter_confirmation_card,
    reporter_corrected_card,
    reporter_question_card,
    reporter_status_card,
)
from features.incidents.cards.summary import incident_summary_card
from features.incidents.flow import FLOW, breach_facts
from features.incidents.imy_text import imy_notification_text
from features.incidents.letter import subjects_notice_text
from features.incidents.rules.severity import Adjustment, assess
from features.incidents.views import (
    Controller,
    CorrectionView,
    EventView,
    IncidentListItem,
    IncidentView,
    QuestionView,
)
from i18n import Lang, t

AWARE = datetime(2026, 3, 27, 8, 30, tzinfo=UTC)  # the clock runs across the switch to summer time

# What a DSO may do on an open case where the DSO records the decision.
DSO_MAY = frozenset(str(a) for a in Act)
CONTROLLER = Controller(name="Barn- och utbildningsnämnden", org_number="212000-1355",
                        address="Box 1, 123 45 Kommunby", dso_name="Dina DSO",
                        dso_email="dso@kommun.example")

SAMPLE_ANSWERS: dict[str, Any] = {
    "event": "breach",
    "breach_type": "misdirected",
    "description": HOSTILE_TEXT + " Elevens personnummer 811218-9876 och mejl elev@skola.example.",
    "occurred_at": "2026-03-26T15:10:00+01:00",
    "discovered_at": "2026-03-27T08:00:00+01:00",
    "aware_at": "2026-03-27T09:30:00+01:00",
    "ongoing": "no",
    "discovery": "outsider",
    "cause": "human_error",
    "data_categories": ["ordinary", "special", "identity_numbers"],
    "subject_categories": ["pupils", "children"],
    "people_count": {"min": 20, "max": 30, "approx": True},
    "records_count": {"min": 1, "max": 1, "approx": False},
    "encryption": "no",
    "recipients": "known_other",
    "retrieval": "unknown",
    "consequences": ["distress", "discrimination"],
    "permanence": "lasting",
    "system": {"id": None, "label": HOSTILE_NAME},
    "processor": "yes",
    "processor_name": HOSTILE_NAME,
    "measures": HOSTILE_TEXT,
    "unit": "Skolförvaltningen " + HOSTILE_NAME,
    "other_info": HOSTILE_LONG,
}


def sample_summary(answers: dict[str, Any], lang: Lang) -> list[tuple[str, str]]:
    """What the caller would pass as `summary`: question and answer in words."""
    return [(t(lang, s.question_key), format_answer(s, answers.get(s.id), lang))
            for s in FLOW.path(answers)]


def sample_view(lang: Lang = "sv", **changes: Any) -> IncidentView:
    """A pupil-data e-mail sent to the wrong guardian, 20 hours into the clock."""
    answers = {**SAMPLE_ANSWERS, **changes.pop("answers", {})}
    adjustments = changes.pop("adjustments", {})
    view = IncidentView(
        id="inc-7", revision=3, reference="PUI-2026-0007", status="submitted",
        reporter_name=HOSTILE_NAME, owner_name=None,
        submitted_at=AWARE + timedelta(hours=1), aware_at=AWARE,
        now=AWARE + timedelta(hours=20), answers=answers,
        summary=sample_summary(answers, lang),
        assessment=assess(breach_facts(answers), adjustments),
        events=(EventView(AWARE + timedelta(hours=1), HOSTILE_NAME, "submitted"),),
        may=DSO_MAY,
    )
    return replace(view, **changes)


def sample_owned(lang: Lang, **changes: Any) -> IncidentView:
    asked = AWARE + timedelta(hours=3)
    questions = (
        QuestionView("q1", asked, HOSTILE_NAME, HOSTILE_TEXT, HOSTILE_LONG,
                     asked + timedelta(minutes=40)),
        QuestionView("q2", asked + timedelta(hours=1), "Dina DSO", HOSTILE_TEXT),
    )
    events = (
        EventView(AWARE + timedelta(hours=1), HOSTILE_NAME, "submitted"),
        EventView(AWARE + timedelta(hours=2), "Dina DSO", "taken"),
        EventView(asked, "Dina DSO", "question_asked"),
        EventView(asked + timedelta(minutes=40), HOSTILE_NAME, "reporter_answered"),
        EventView(asked + timedelta(hours=1), "Dina DSO", "severity_adjusted", HOSTILE_TEXT),
    )
    base = dict(status="awaiting_reporter", owner_name="Dina DSO", questions=questions,
                events=events, measures=HOSTILE_TEXT,
                adjustments={"ei": Adjustment(0.5, HOSTILE_TEXT)})
    return sample_view(lang, **{**base, **changes})


def _notified(lang: Lang) -> IncidentView:
    return sample_owned(
        lang, status="notified_imy", dso_advice="notify_and_inform",
        dso_advice_note=HOSTILE_TEXT, decision="notified", decided_by=HOSTILE_NAME,
        decided_capacity="Förvaltningschef enligt delegationsordning", own_assessment="high",
        imy_notified_at=AWARE + timedelta(hours=50), notification_phase="preliminary",
        imy_reference="DI-2026-" + HOSTILE_NAME, diarienummer="BUN 2026/" + HOSTILE_NAME,
        subjects_informed=True, subjects_informed_on=date(2026, 3, 30),
        subjects_informed_method=HOSTILE_NAME)


def _notice(lang: Lang, view: IncidentView) -> str:
    return imy_notification_text(view, CONTROLLER)


def _subjects(lang: Lang, view: IncidentView) -> str:
    return subjects_notice_text(view, CONTROLLER, lang=lang)


def _dso_new(lang: Lang) -> el.Element:
    return dso_incident_card(lang, sample_view(lang))


def _dso_owned(lang: Lang) -> el.Element:
    return dso_incident_card(lang, sample_owned(lang, now=AWARE + timedelta(hours=60)))


def _dso_notified(lang: Lang) -> el.Element:
    return dso_incident_card(lang, _notified(lang))


def _dso_not_notifiable(lang: Lang) -> el.Element:
    answers = {"data_categories": ["ordinary"], "subject_categories": ["staff"],
               "description": HOSTILE_LONG, "ongoing": "unknown"}
    view = sample_owned(lang, answers=answers, adjustments={}, status="not_notifiable",
                  decision="not_notifiable", justification=HOSTILE_LONG,
                  subjects_informed=False, subjects_informed_reason=HOSTILE_TEXT)
    return dso_incident_card(lang, view)


def _dso_late(lang: Lang) -> el.Element:
    view = sample_view(lang, submitted_at=AWARE + timedelta(hours=80),
                       now=AWARE + timedelta(hours=81), aware_at=AWARE, owner_name=HOSTILE_NAME,
                       status="in_review", late_reason=HOSTILE_TEXT)
    return dso_incident_card(lang, view)


def _dso_notified_late(lang: Lang) -> el.Element:
    view = replace(_notified(lang), imy_notified_at=AWARE + timedelta(hours=73),
                   notification_phase="complete", late_reason=HOSTILE_TEXT,
                   now=AWARE + timedelta(hours=74))
    return dso_incident_card(lang, view)


def _corrected(lang: Lang) -> IncidentView:
    at = AWARE + timedelta(hours=4)
    corrections = (
        CorrectionView(at, "Dina DSO", "breach_type", "unsure", "misdirected", HOSTILE_TEXT),
        CorrectionView(at, "Dina DSO", "data_categories", ["ordinary"],
                       ["ordinary", "special", "identity_numbers"], HOSTILE_LONG),
    )
    return sample_owned(lang, corrections=corrections)


def _long_case(lang: Lang) -> IncidentView:
    """A case with a 1,500-character description and a long history: several pages."""
    at = AWARE + timedelta(hours=2)
    events = tuple(EventView(at + timedelta(minutes=n), "Dina DSO", "severity_adjusted",
                             params={"factor": "ei", "value": 0.5}) for n in range(80))
    answers = {"description": ("Ett mejl med en elevlista skickades till fel mottagare. "
                               * 30)[:1500]}
    return replace(_corrected(lang), answers={**SAMPLE_ANSWERS, **answers}, events=events)


def _dso_corrected(lang: Lang) -> el.Element:
    return dso_incident_card(lang, _corrected(lang))


def _dso_near_miss(lang: Lang) -> el.Element:
    answers = {"event": "near_miss", "description": HOSTILE_TEXT}
    view = sample_view(lang, answers=answers, near_miss=True, status="in_review",
                       owner_name="Dina DSO",
                       may=DSO_MAY - {Act.DECIDE.value, Act.ADVISE.value, Act.IMY_TEXT.value})
    return dso_incident_card(lang, view)


def _dso_controller_decides(lang: Lang) -> el.Element:
    """What an admin sees where the controller records its own decisions."""
    view = sample_owned(lang, dso_advice="notify", may=frozenset(
        {Act.VIEW.value, Act.IMY_TEXT.value, Act.DECIDE.value}))
    return dso_incident_card(lang, view)


def _summary(lang: Lang) -> el.Element:
    view = sample_view(lang, scope=Scope.SUMMARY.value,
                       may=frozenset({Act.VIEW.value, Act.REGISTER.value}))
    return incident_summary_card(lang, view)


def _correction_picker(lang: Lang) -> el.Element:
    return correction_picker(lang, incident_id="inc-7", revision=3, reference="PUI-2026-0007",
                             answers=SAMPLE_ANSWERS)


def _correction(lang: Lang) -> el.Element:
    return correction_card(lang, incident_id="inc-7", revision=3, reference="PUI-2026-0007",
                           step_id="data_categories", answers=SAMPLE_ANSWERS, choices={},
                           notice=HOSTILE_TEXT)


def _correction_datetime(lang: Lang) -> el.Element:
    return correction_card(lang, incident_id="inc-7", revision=3, reference="PUI-2026-0007",
                           step_id="aware_at", answers={**SAMPLE_ANSWERS, "aware_at": "2026-03-27"},
                           choices={})


def _dso_closed(lang: Lang) -> el.Element:
    return dso_incident_card(lang, replace(_notified(lang), status="closed"))


def _dso_notice(lang: Lang) -> el.Element:
    view = sample_view(lang, aware_at=None, owner_name="Dina DSO", status="in_review")
    return dso_incident_card(lang, view, notice=t(lang, "dso.history.someone") + HOSTILE_TEXT)


def sample_item(n: int, status: str, hours: float, **changes: Any) -> IncidentListItem:
    """A list row `hours` after awareness; every row shares the same `now`."""
    now = AWARE + timedelta(hours=100)
    fields: dict[str, Any] = dict(
        id=f"inc-{n}", reference=f"PUI-2026-{n:04d}", status=status,
        submitted_at=now - timedelta(hours=hours), aware_at=now - timedelta(hours=hours),
        now=now, band="high", owner_name=HOSTILE_NAME, title=HOSTILE_LONG)
    return IncidentListItem(**{**fields, **changes})


def _list(lang: Lang) -> el.Element:
    items = [sample_item(1, "in_review", 10),
             sample_item(2, "submitted", 80, owner_name=None, band=None),
             sample_item(3, "awaiting_reporter", 60, title=HOSTILE_TEXT),
             sample_item(4, "notified_imy", 100, band="very_high", diarienummer="BN 2026/9"),
             sample_item(25, "in_review", 30, near_miss=True, band="low"),
             *(sample_item(n, "submitted", n, band="low") for n in range(5, 25))]
    return incident_list_card(lang, items)


def _list_empty(lang: Lang) -> el.Element:
    return incident_list_card(lang, [])


def _confirmation(lang: Lang) -> el.Element:
    return reporter_confirmation_card(lang, reference="PUI-2026-0007", dso_name=HOSTILE_NAME,
                                      submitted_late=False, incident_id="inc-7", revision=1)


def _confirmation_late(lang: Lang) -> el.Element:
    return reporter_confirmation_card(lang, reference=HOSTILE_NAME, dso_name=None,
                                      submitted_late=True, incident_id="inc-7", revision=1,
                                      near_miss=True)


def _form(form_id: str, **changes: Any) -> SampleBuilder:
    def build(lang: Lang) -> el.Element:
        return form_for(lang, sample_owned(lang, **changes), form_id, notice=HOSTILE_TEXT)

    return build


def _corrected_by_reporter(lang: Lang) -> el.Element:
    return reporter_corrected_card(lang, reference="PUI-2026-0007", incident_id="inc-7",
                                   revision=2, answers=SAMPLE_ANSWERS, corrected="description")


def _question(lang: Lang) -> el.Element:
    return reporter_question_card(lang, reference="PUI-2026-0007", incident_id="inc-7",
                                  question_id="q2", asked_by=HOSTILE_NAME,
                                  question=HOSTILE_TEXT + HOSTILE_LONG)


def _answered(lang: Lang) -> el.Element:
    return reporter_answered_card(lang, reference="PUI-2026-0007", question=HOSTILE_TEXT,
                                  answer=HOSTILE_LONG)


def _status(lang: Lang) -> el.Element:
    return reporter_status_card(lang, reference="PUI-2026-0007", status="not_notifiable")


def _imy(lang: Lang) -> el.Element:
    view = _notified(lang)
    return imy_text_card(lang, reference=view.reference, notification=_notice(lang, view),
                         subjects_notice=_subjects(lang, view))


def _imy_long(lang: Lang) -> el.Element:
    view = sample_view(lang, answers={"description": HOSTILE_LONG, "measures": HOSTILE_LONG,
                                      "data_categories": ["ordinary"],
                                      "subject_categories": ["staff"]},
                       submitted_at=AWARE + timedelta(hours=90), now=AWARE + timedelta(hours=91))
    return imy_text_card(lang, reference=view.reference, notification=_notice(lang, view),
                         subjects_notice=None)


SAMPLES: dict[str, SampleBuilder] = {
    "incident_dso_new": _dso_new,
    "incident_dso_owned_questions": _dso_owned,
    "incident_dso_notified": _dso_notified,
    "incident_dso_not_notifiable": _dso_not_notifiable,
    "incident_dso_late": _dso_late,
    "incident_dso_closed": _dso_closed,
    "incident_dso_notice": _dso_notice,
    "incident_dso_notified_late": _dso_notified_late,
    "incident_dso_corrected": _dso_corrected,
    "incident_dso_near_miss": _dso_near_miss,
    "incident_dso_controller_decides": _dso_controller_decides,
    "incident_summary": _summary,
    "incident_case_file": lambda lang: case_file_card(lang, _corrected(lang)),
    "incident_case_file_long_page_2": lambda lang: case_file_card(lang, _long_case(lang), 2),
    "incident_list_closed": lambda lang: incident_list_card(
        lang, [sample_item(9, "closed", 200, diarienummer="BN 2026/3")], closed=True),
    "incident_correction_picker": _correction_picker,
    "incident_correction": _correction,
    "incident_correction_datetime": _correction_datetime,
    "incident_reporter_corrected": _corrected_by_reporter,
    **{f"incident_form_{form_id.split('.')[1]}": _form(form_id) for form_id in FORMS},
    "incident_form_decide_late": _form("incident.decide", now=AWARE + timedelta(hours=73),
                                       late_reason=HOSTILE_LONG),
    "incident_list": _list,
    "incident_list_empty": _list_empty,
    "incident_reporter_confirmation": _confirmation,
    "incident_reporter_confirmation_late": _confirmation_late,
    "incident_reporter_question": _question,
    "incident_reporter_answered": _answered,
    "incident_reporter_status": _status,
    "incident_imy_text": _imy,
    "incident_imy_text_long": _imy_long,
}
