"""Gallery samples for the rights cards, with hostile text where people type."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

from cards.gallery import HOSTILE_LONG, HOSTILE_NAME, HOSTILE_TEXT, SampleBuilder
from features.rights.cards.explainer import ask_card, menu_card, topic_card
from features.rights.cards.lists import QuestionRow, RequestRow, desk_card
from features.rights.cards.questions import asker_card, dso_question_card
from features.rights.cards.request import history_card, request_card, request_form_card
from features.rights.forms import ANSWER_FORM, EXTEND_FORM
from features.rights.rules.clock import due
from features.rights.rules.topics import Topic
from features.rights.views import EventView, QuestionView, RequestView
from i18n import t

NOW = datetime(2026, 1, 20, 9, 30, tzinfo=UTC)
RECEIVED = date(2026, 1, 14)  # due Saturday 14 February → Monday 16 February 2026


def sample_request(**changes: Any) -> RequestView:
    view = RequestView(
        id="r-1", revision=3, reference="REG-2026-0003", rights=("access", "erasure"),
        received_on=RECEIVED, channel="email", status="in_progress", deadline=due(RECEIVED),
        today=date(2026, 1, 20), requester_ref=HOSTILE_NAME,
        activities=("Elevhälsans journalföring (BEH-0042)",), systems=HOSTILE_TEXT,
        logged_by="Sara Svensson", handler=HOSTILE_NAME, identity_method="e_id",
        identity_verified_on=date(2026, 1, 15), extension_reason=None,
        extension_told_on=None, secrecy_on=None, secrecy_by=None, secrecy_result=None,
        recipients=None, recipients_told=None, answered_on=None, outcome=None,
        outcome_reason=None, appeal_info_given=None, may_handle=True,
        events=(EventView(NOW, "Sara Svensson", "logged", {}),
                EventView(NOW, HOSTILE_NAME, "extended", {
                    "due_on": {"old": "2026-02-16", "new": "2026-04-14"},
                    "extension_reason": {"old": None, "new": HOSTILE_TEXT}}),
                EventView(NOW, "Dana DSO", "answered", {
                    "status": {"old": "in_progress", "new": "answered"},
                    "outcome": {"old": None, "new": "partly_granted"}})))
    return replace(view, **changes)


def sample_question(**changes: Any) -> QuestionView:
    view = QuestionView(id="q-1", revision=1, question=HOSTILE_LONG, asker=HOSTILE_NAME,
                        topic_hint="erasure", status="open", answer=None, answered_by=None,
                        asked_at=NOW, answered_at=None)
    return replace(view, **changes)


ANSWERED = dict(status="answered", answered_on=date(2026, 2, 10), outcome="partly_granted",
                outcome_reason=HOSTILE_LONG, appeal_info_given=True, secrecy_result="no_secrecy",
                secrecy_by=HOSTILE_NAME, secrecy_on=date(2026, 2, 9), recipients_told="told",
                recipients=HOSTILE_TEXT)

SAMPLES: dict[str, SampleBuilder] = {
    "rights_request": lambda lang: request_card(lang, sample_request()),
    "rights_request_overdue": lambda lang: request_card(lang, sample_request(
        today=date(2026, 2, 20), status="received", identity_verified_on=None,
        handler=None), notice=t(lang, "rights.stale")),
    "rights_request_extended": lambda lang: request_card(lang, sample_request(
        deadline=due(RECEIVED, 2), extension_reason=HOSTILE_LONG,
        extension_told_on=date(2026, 2, 1))),
    "rights_request_answered": lambda lang: request_card(lang, sample_request(**ANSWERED)),
    "rights_request_logger": lambda lang: request_card(lang, sample_request(may_handle=False)),
    "rights_form_answer": lambda lang: request_form_card(
        lang, sample_request(), ANSWER_FORM,
        notice=t(lang, "rights.missing.intro") + "\n- " + t(lang, "rights.missing.secrecy"),
        draft={"outcome_reason": HOSTILE_LONG}),
    "rights_form_extend": lambda lang: request_form_card(lang, sample_request(), EXTEND_FORM),
    "rights_history": lambda lang: history_card(lang, sample_request()),
    "rights_menu": menu_card,
    "rights_topic": lambda lang: topic_card(lang, Topic.ACCESS, question=HOSTILE_TEXT,
                                            matched=(HOSTILE_NAME, "registerutdrag")),
    "rights_topic_request": lambda lang: topic_card(lang, Topic.REQUEST),
    "rights_not_sure": lambda lang: ask_card(lang, "q-1", question=HOSTILE_LONG,
                                             hint="erasure",
                                             intro_key="rights.explainer.not_sure"),
    "rights_question_dso": lambda lang: dso_question_card(lang, sample_question()),
    "rights_question_answered": lambda lang: asker_card(lang, sample_question(
        status="answered", answer=HOSTILE_LONG, answered_by="Dana DSO", answered_at=NOW)),
    "rights_desk": lambda lang: desk_card(lang, [
        RequestRow("r-1", "REG-2026-0003", ("access",), "received", date(2026, 2, 16), -4,
                   None),
        RequestRow("r-2", "REG-2026-0004", ("erasure", "objection"), "in_progress",
                   date(2026, 3, 2), 10, HOSTILE_NAME)],
        [QuestionRow("q-1", HOSTILE_NAME, HOSTILE_TEXT[:120])]),
}
