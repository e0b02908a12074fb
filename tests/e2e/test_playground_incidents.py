"""Through the real Agents Playground: reporting an incident, from Sara's first
click to Dana's decision (issue 3, "Done means").

Sara (staff) reports by clicking only, by typing only, cancels one midway and
leaves one halfway across a bot restart; Dana (DSO) gets the alert and records
a decision. Answers per step come from `tests.features.incidents.steps`; every text
expected on a card comes from the catalogs.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest

from cards.safe import inert
from compliance.deadlines import format_span, notification_deadline
from compliance.localtime import STOCKHOLM, format_datetime
from i18n import t
from tests.e2e.harness import (
    BotMessage,
    Playground,
    PlaygroundUser,
    find_action,
    input_values,
)
from tests.features.incidents.steps import TYPED, clicked_inputs, step_of

pytestmark = pytest.mark.e2e

REFERENCE = re.compile(r"PUI-\d{4}-\d{4}")
MAX_STEPS = 40  # far more than the flow has: a loop that does not end is a failure


def sv(key: str, **params: object) -> str:
    return t("sv", key, **params)


def answer_label(key: str) -> str:
    """A choice label as the summary shows an answer: user text, made inert."""
    return inert(sv(key))


def yesterday() -> str:
    return (datetime.now(STOCKHOLM) - timedelta(days=1)).date().isoformat()


def current_step(person: PlaygroundUser) -> str | None:
    return step_of(person.latest_card())


async def click_through(person: PlaygroundUser, until: str | None = None,
                        answers: dict[str, dict[str, str]] | None = None) -> list[str]:
    """Answer on the card, step after step, until the step `until` (or the summary).

    Checks on every click that the card advances in place: no new message, the
    same message shows the next question. Returns the steps answered.
    """
    answers = answers or clicked_inputs()
    card_message = person.messages[-1]
    count = len(person.messages)
    done: list[str] = []
    for _ in range(MAX_STEPS):
        step = current_step(person)
        if step is None or step == until:
            return done
        if step in answers:
            await person.click(sv("common.next"), inputs=answers[step])
        else:  # an optional step the report leaves out
            await person.click(sv("common.skip"))
        assert len(person.messages) == count, f"step {step}: a new message instead of in place"
        assert person.messages[-1] is card_message
        assert current_step(person) != step, f"step {step} was not accepted: " + (
            card_message.shown_text[:500])
        done.append(step)
    raise AssertionError(f"the report did not end within {MAX_STEPS} steps")


def summary_card(person: PlaygroundUser) -> str:
    shown = person.messages[-1].shown_text
    assert sv("dialog.summary.title") in shown, shown[:500]
    return shown


def reference_in(shown: str) -> str:
    found = REFERENCE.search(shown)
    assert found, f"no PUI- reference in {shown[:500]!r}"
    return found.group()


def assert_confirmation(shown: str) -> str:
    """The receipt: the reference, and that Dana, the DSO, goes through the report (the
    alert is queued with it, and reaches her when her chat can be reached)."""
    assert sv("dso.reporter.thanks") in shown
    assert sv("dso.reporter.next_dso", name="Dana Dataskyddsombud") in shown
    reference = reference_in(shown)
    assert sv("dso.reporter.reference", reference=f"**{reference}**") in shown
    return reference


async def start_report_by_button(sara: PlaygroundUser) -> None:
    await sara.install()
    await sara.click(sv("incident.offer.start"))  # Action.Submit on the welcome card
    assert current_step(sara) == "event"


async def report_by_clicking(sara: PlaygroundUser,
                             answers: dict[str, dict[str, str]] | None = None) -> str:
    """A whole report through the card buttons; returns the reference."""
    await start_report_by_button(sara)
    await click_through(sara, answers=answers)
    summary_card(sara)
    card_message = sara.messages[-1]
    await sara.click(sv("common.submit"))
    assert sara.messages[-1] is card_message, "the summary becomes the confirmation in place"
    return assert_confirmation(card_message.shown_text)


def alert_for(reference: str):
    return lambda m: sv("dso.title", reference=reference) in m.shown_text


async def test_report_by_clicking_only_alerts_the_dso_with_the_time_left(
    playground: Playground,
):
    dana, sara = await playground.user("dana"), await playground.user("sara")
    await dana.install()  # the DSO's chat must exist for the proactive alert

    before = datetime.now(STOCKHOLM)
    reference = await report_by_clicking(sara)
    after = datetime.now(STOCKHOLM)

    alert = (await dana.wait_for(alert_for(reference))).shown_text
    aware = datetime.fromisoformat(f"{yesterday()}T11:00").replace(tzinfo=STOCKHOLM)
    deadline = notification_deadline(aware)
    assert sv("dso.clock.title") in alert
    assert sv("dso.aware_at") in alert and format_datetime(aware) in alert
    assert sv("dso.clock.deadline", when=format_datetime(deadline)) in alert
    spans = {format_span(deadline - moment, "sv") for moment in (before, after)}
    assert any(sv("dso.clock.left", span=span) in alert for span in spans), (spans, alert)
    assert sv("dso.status.submitted") in alert
    assert "Sara Svensson" in alert
    # The card carries the actions the DSO needs.
    card = dana.latest_card()
    assert find_action(card, sv("dso.action.take")) is not None
    assert find_action(card, sv("dso.action.decide")) is not None


async def test_report_by_typing_only(playground: Playground):
    sara = await playground.user("sara")

    replies = await sara.send("rapportera incident")
    assert replies and step_of(replies[-1].cards[-1]) == "event"
    typed: list[str] = []
    for _ in range(MAX_STEPS):
        step = current_step(sara)
        if step is None:
            break
        replies = await sara.send(TYPED[step])
        assert replies and replies[-1].cards, f"no new card after typing for {step}"
        assert current_step(sara) != step, (
            f"typed {TYPED[step]!r} for {step} was refused: {replies[-1].shown_text[:500]}")
        typed.append(step)
    else:
        raise AssertionError(f"the report did not end within {MAX_STEPS} steps")
    assert "cause_other" not in typed and "processor_name" not in typed

    summary = summary_card(sara)
    day = yesterday()
    for shown in (
        f"{day} 09:15", f"{day} 10:00", f"{day} 11:00",  # "igår 9:15", "igår 10:00", "igår 11"
        answer_label("incident.breach_type.misdirected"),  # "1"
        answer_label("incident.discovery.employee"),  # "3"
        answer_label("incident.cause.human_error"),  # "mänskliga faktorn"
        inert(f"{sv('incident.data.ordinary')}, {sv('incident.data.special')}"),  # "1, 2"
        answer_label("incident.subjects.pupils"),  # "elever"
        inert(TYPED["description"]),
        inert(TYPED["unit"]),
    ):
        assert shown in summary, f"{shown!r} not in the summary"

    replies = await sara.send("skicka")
    # Dana never opened her chat here: the receipt does not promise she has it.
    reference = assert_confirmation(replies[-1].shown_text)

    cases = (await sara.send("mina ärenden"))[-1].shown_text
    assert reference in cases
    assert sv("incident.case_status.submitted") in cases


async def test_report_cancelled_midway_files_nothing(playground: Playground):
    dana, sara = await playground.user("dana"), await playground.user("sara")
    await dana.install()
    await start_report_by_button(sara)
    answered = await click_through(sara, until="aware_at")
    assert answered == ["event", "breach_type", "description", "occurred_at", "discovered_at"]
    card_message = sara.messages[-1]

    await sara.click(sv("common.cancel"))
    assert sara.messages[-1] is card_message
    assert sv("dialog.cancel.title") in card_message.shown_text
    await sara.click(sv("dialog.cancel.confirm"))
    assert sara.messages[-1] is card_message
    assert sv("dialog.cancelled.title") in card_message.shown_text

    cases = (await sara.send("mina ärenden"))[-1].shown_text
    assert sv("cases.title") in cases
    assert sv("cases.empty") in cases
    assert not REFERENCE.search(cases)
    # Nothing was kept: a new report starts afresh (no "continue the other one?").
    await sara.send("rapportera incident")
    assert current_step(sara) == "event"
    assert sv("bot.flow_busy_title") not in sara.messages[-1].shown_text
    assert input_values(sara.latest_card()).get("flow_value") in ("", None)
    assert not any(REFERENCE.search(m.shown_text) for m in dana.messages)


async def test_report_left_halfway_resumes_after_a_restart_with_every_answer(
    playground: Playground,
):
    sara = await playground.user("sara")
    await start_report_by_button(sara)
    answered = await click_through(sara, until="data_categories")
    assert answered[-2:] == ["discovery", "cause"] and "ceased_at" in answered
    card_before = sara.latest_card()

    await playground.restart_bot()

    # The card on the screen is still the current one: clicking it is not refused.
    await sara.click(sv("common.next"), inputs=clicked_inputs()["data_categories"])
    assert sv("dialog.notice.stale") not in sara.messages[-1].shown_text
    assert current_step(sara) == "subject_categories"
    assert sara.latest_card() is not card_before
    # And a typed answer goes to the same report, at the step it stands on.
    await sara.send(TYPED["subject_categories"])
    assert current_step(sara) == "people_count"

    await click_through(sara)
    summary = summary_card(sara)
    day = yesterday()
    answers = clicked_inputs()
    for shown in (
        answer_label("incident.breach_type.misdirected"),
        inert(answers["description"]["flow_value"]),
        f"{day} 09:15", f"{day} 10:00", f"{day} 11:00",
        answer_label("incident.discovery.employee"),
        answer_label("incident.cause.human_error"),
        inert(f"{sv('incident.data.ordinary')}, {sv('incident.data.special')}"),
        answer_label("incident.subjects.pupils"),
    ):
        assert shown in summary, f"{shown!r} not in the summary"
    ongoing = summary.split(sv("incident.q.ongoing"), 1)[1].split("\n")[1]
    assert ongoing == answer_label("common.no"), ongoing

    await sara.click(sv("common.submit"))
    assert_confirmation(sara.messages[-1].shown_text)


def save_revision(card: dict) -> object:
    """The revision a form's Save button names (what the server checks)."""
    save = find_action(card, sv("dso.action.save"))
    assert save is not None, "the card has no Save button"
    return save["data"]["rev"]


DECIDER = {"decided_by": "Eva Ek", "decided_capacity": "Förvaltningschef enligt delegationsordning"}


async def test_dso_needs_a_justification_for_not_notifiable_and_the_reporter_is_told(
    playground: Playground,
):
    dana, sara = await playground.user("dana"), await playground.user("sara")
    await dana.install()
    reference = await report_by_clicking(sara)
    alert = await dana.wait_for(alert_for(reference))
    told_before = len(sara.messages)

    # The decision form takes the alert's place: the card, not a new message.
    replies = await dana.click(sv("dso.action.decide"))
    assert replies == [alert]
    revision = save_revision(alert.cards[-1])
    replies = await dana.click(sv("dso.action.save"), {"decision": "not_notifiable",
                                                       "justification": "", **DECIDER})
    assert replies == [alert], "the form is answered in place"
    refused = alert.shown_text
    # The notice is shown as inert text (escaped markdown), as the card puts it.
    assert inert(sv("handling.decision_needs_justification")) in refused
    assert input_values(alert.cards[-1])["decided_by"] == "Eva Ek"  # nothing typed is lost
    assert save_revision(alert.cards[-1]) == revision, "nothing was stored"

    justification = "Mottagaren raderade mejlet inom en timme; ingen risk för eleverna."
    await dana.click(sv("dso.action.save"), {"decision": "not_notifiable",
                                             "justification": justification, **DECIDER})
    recorded = alert.shown_text
    assert inert(sv("handling.decision_needs_justification")) not in recorded
    assert sv("dso.status.not_notifiable") in recorded
    assert sv("dso.decision.not_notifiable") in recorded
    await dana.click(sv("dso.action.case_file"))
    whole = alert.shown_text
    while find_action(alert.cards[-1], sv("dso.case.next")) is not None:
        await dana.click(sv("dso.case.next"))
        whole += alert.shown_text
    assert inert(justification) in whole
    assert "Eva Ek" in whole

    status = sv("dso.reporter.status_title", reference=reference)

    def told(message: BotMessage) -> bool:
        return status in message.shown_text

    news = (await sara.wait_for(told)).shown_text
    assert sv("dso.reporter.status_now", status=sv("incident.case_status.not_notifiable")) in news
    # Only the decision was told: the refused attempt sent Sara nothing.
    assert [m for m in sara.messages[told_before:] if not told(m)] == []
    cases = (await sara.send("mina ärenden"))[-1].shown_text
    assert reference in cases and sv("incident.case_status.not_notifiable") in cases
