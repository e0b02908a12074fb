"""Through the real Agents Playground: reminders that arrive and are answered in place
(issue "Reminders that arrive", "Done means").

The bot evaluates its reminder policies every second here, at any hour (office
hours would hold the register's reminders back at night and at weekends).
Olle owns the demo register's "Frånvarorapportering", last reviewed more than
twelve months ago; Dana is the DSO; Sara reports an incident the organisation
became aware of 25 hours ago.
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from compliance.localtime import STOCKHOLM
from i18n import t
from i18n.dates import long_date
from tests.e2e.harness import Playground, find_action
from tests.e2e.test_playground_incidents import report_by_clicking
from tests.features.incidents.steps import clicked_inputs

pytestmark = pytest.mark.e2e

REMINDING = {"DSOBOT_REMINDER_EVERY_SECONDS": "1", "DSOBOT_REMINDERS_ANY_TIME": "1"}


def sv(key: str, **params: object) -> str:
    return t("sv", key, **params)


@pytest.fixture
async def reminding(tmp_path: Path):
    harness = Playground(tmp_path, env=REMINDING)
    try:
        await harness.start()
        yield harness
    finally:
        await harness.stop()
        print(harness.logs())


async def test_an_object_owner_confirms_a_review_reminder_on_the_card(reminding: Playground):
    olle = await reminding.user("olle")
    await olle.install()

    reminder = await olle.wait_for(
        lambda m: sv("register.reminder.review.title") in m.shown_text, within=30)
    assert "Frånvarorapportering" in reminder.shown_text
    confirm = find_action(reminder.cards[-1], sv("register.reminder.review.confirm"))
    assert confirm is not None

    await olle.click(sv("register.reminder.review.confirm"))
    updated = next(m for m in olle.messages if m.id == reminder.id)  # updated in place
    today = long_date(datetime.now(STOCKHOLM).date(), "sv", weekday=False)
    confirmed = sv("register.reminder.review.confirmed", name="Olle Objektägare", day=today)
    assert confirmed in updated.shown_text
    assert sv("register.reminder.review.done", reference=reference_in(updated)) \
        in updated.shown_text

    # A second click on the same (old) card does nothing new, and says so.
    answer = await olle.click_again(reminder, confirm)
    assert sv("register.reminder.review.already", reference=reference_in(updated),
              name="Olle Objektägare", day=today) in json.dumps(answer, ensure_ascii=False)


def reference_in(message) -> str:
    found = re.search(r"BEH-\d{4}", message.shown_text)
    assert found, message.shown_text
    return found.group(0)


async def test_the_dso_sees_the_24_hour_reminder_of_an_incident_aware_25_hours_ago(
    reminding: Playground,
):
    dana, sara = await reminding.user("dana"), await reminding.user("sara")
    await dana.install()
    aware = datetime.now(STOCKHOLM) - timedelta(hours=25)
    answers = clicked_inputs()
    for step in ("occurred_at", "discovered_at", "aware_at", "ceased_at"):
        answers[step] = {"flow_date": aware.date().isoformat(),
                         "flow_time": aware.strftime("%H:%M")}
    reference = await report_by_clicking(sara, answers)

    reminder = await dana.wait_for(
        lambda m: sv("incident.reminder.deadline.title", reference=reference) in m.shown_text,
        within=30)
    assert sv("incident.reminder.deadline.step", hours=24) in reminder.shown_text
    assert find_action(reminder.cards[-1], sv("incident.reminder.open")) is not None


async def test_an_alert_waits_for_a_dso_who_has_not_opened_the_bot_and_then_arrives(
    playground: Playground,
):
    """Dana has never opened the bot: the alert cannot reach her yet (in Teams: the app is
    not installed for her). It is not lost, and it never shows in Sara's window."""
    dana, sara = await playground.user("dana"), await playground.user("sara")
    reference = await report_by_clicking(sara)

    await dana.install()
    alert = await dana.wait_for(
        lambda m: sv("dso.title", reference=reference) in m.shown_text, within=30)
    assert find_action(alert.cards[-1], sv("dso.action.take")) is not None
    assert not [m for m in sara.messages if sv("dso.title", reference=reference) in m.shown_text]
