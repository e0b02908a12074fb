"""Through the real Agents Playground: a DSO corrects a report's facts and records a
notification made after the 72 hours (issue "incident handling a DSO can defend
before IMY", "Done means").
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from cards.safe import inert
from compliance.localtime import STOCKHOLM, format_datetime
from i18n import t
from tests.e2e.harness import Playground, find_action, input_values
from tests.e2e.test_playground_incidents import alert_for, report_by_clicking
from tests.features.incidents.steps import clicked_inputs

pytestmark = pytest.mark.e2e
DECIDER = {"decided_by": "Eva Ek", "decided_capacity": "Förvaltningschef enligt delegationsordning"}


def sv(key: str, **params: object) -> str:
    return t("sv", key, **params)


async def test_the_dso_corrects_type_and_categories_and_the_card_and_imy_text_follow(
    playground: Playground,
):
    dana, sara = await playground.user("dana"), await playground.user("sara")
    await dana.install()
    answers = clicked_inputs()
    answers["breach_type"] = {"flow_value": "unsure"}  # Sara was not sure what happened
    answers["data_categories"] = {"flow_value": "ordinary"}
    reference = await report_by_clicking(sara, answers)
    alert = await dana.wait_for(alert_for(reference))
    before = alert.shown_text
    assert inert(sv("incident.breach_type.unsure")) in before
    assert sv("incident.severity.reason.ei_identity_numbers") not in before

    for step, value, reason in (
        ("breach_type", "loss", "Datorn stals ur bilen enligt polisanmälan."),
        ("data_categories", "ordinary,identity_numbers", "Elevlistan hade personnummer."),
    ):
        await dana.click(sv("dso.action.correct"))  # the picker, in the card's place
        await dana.click(sv("dso.correction.next"), {"step": step})
        assert sv(f"incident.q.{step}") in alert.shown_text
        await dana.click(sv("dso.action.save_correction"),
                         {"flow_value": value, "reason": reason})
        assert sv("handling.correction_saved") in alert.shown_text

    card = alert.shown_text
    # The card: the corrected facts and the latest events.
    assert inert(sv("incident.breach_type.loss")) in card
    assert inert(sv("incident.data.identity_numbers")) in card
    assert sv("dso.event.answer_corrected", who="Dana Dataskyddsombud") in card
    # The whole case: the advice that follows them, and the original answers with why.
    await dana.click(sv("dso.action.case_file"))
    whole = alert.shown_text
    while find_action(alert.cards[-1], sv("dso.case.next")) is not None:
        await dana.click(sv("dso.case.next"))
        whole += alert.shown_text
    assert sv("incident.severity.reason.ei_identity_numbers") in whole
    assert sv("dso.correction.section") in whole
    assert inert(sv("incident.breach_type.unsure")) in whole  # the original
    assert inert("Datorn stals ur bilen enligt polisanmälan.") in whole
    await dana.click(sv("dso.case.back"))

    # The IMY text is written from the corrected facts.
    replies = await dana.click(sv("dso.action.imy"))
    imy = replies[-1].shown_text  # shown verbatim, to be copied: no escapes
    assert sv("incident.breach_type.loss") in imy
    assert sv("incident.breach_type.unsure") not in imy


async def test_a_notification_73_hours_after_awareness_asks_for_the_reasons_and_saves_them(
    playground: Playground,
):
    dana, sara = await playground.user("dana"), await playground.user("sara")
    await dana.install()
    aware = (datetime.now(STOCKHOLM) - timedelta(days=4)).replace(
        hour=11, minute=0, second=0, microsecond=0)
    answers = clicked_inputs()
    for step, clock in (("occurred_at", "09:15"), ("discovered_at", "10:00"),
                        ("aware_at", "11:00"), ("ceased_at", "12:00")):
        answers[step] = {"flow_date": aware.date().isoformat(), "flow_time": clock}
    reference = await report_by_clicking(sara, answers)
    alert = await dana.wait_for(alert_for(reference))

    await dana.click(sv("dso.action.decide"))
    assert "late_reason" in input_values(alert.cards[-1])  # the reasons are asked for
    notified = aware + timedelta(hours=73)
    when = {"decision": "notified", **DECIDER, "imy_notified_at": notified.date().isoformat(),
            "imy_notified_at_time": notified.strftime("%H:%M")}
    await dana.click(sv("dso.action.save"), when)
    assert inert(sv("handling.decision_needs_late_reason")) in alert.shown_text

    reasons = "Incidenten upptäcktes av enheten men rapporterades först efter helgen."
    await dana.click(sv("dso.action.save"), {**when, "late_reason": reasons})
    assert sv("dso.status.notified_imy") in alert.shown_text
    await dana.click(sv("dso.action.case_file"))
    whole = alert.shown_text
    while find_action(alert.cards[-1], sv("dso.case.next")) is not None:
        await dana.click(sv("dso.case.next"))
        whole += alert.shown_text
    assert sv("dso.decision.notified_late", when=format_datetime(notified), span="1 tim") in whole
    assert inert(reasons) in whole
