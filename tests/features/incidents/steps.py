"""Answers to every step of the incident report, as clicks and as typed text."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from tests.support.cards import action_named, cards_in
from tests.support.harness import Person, click

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def _yesterday() -> str:
    return (datetime.now(STOCKHOLM) - timedelta(days=1)).date().isoformat()


def clicked_inputs() -> dict[str, dict[str, str]]:
    """Card input values per step id (what a person fills in before pressing Next)."""
    day = _yesterday()
    return {
        "breach_type": {"flow_value": "misdirected"},
        "description": {"flow_value": "Ett mejl med elevlistor skickades till fel mottagare."},
        "occurred_at": {"flow_date": day, "flow_time": "09:15"},
        "discovered_at": {"flow_date": day, "flow_time": "10:00"},
        "aware_at": {"flow_date": day, "flow_time": "11:00"},
        "ongoing": {"flow_value": "no"},
        "discovery": {"flow_value": "employee"},
        "cause": {"flow_value": "human_error"},
        "data_categories": {"flow_value": "ordinary,special"},
        "subject_categories": {"flow_value": "pupils"},
        "people_count": {"flow_value": "25"},
        "records_count": {"flow_value": "25"},
        "system": {"flow_other": "Skolportalen"},
        "processor": {"flow_value": "no"},
        "measures": {"flow_value": "Mottagaren har ombetts radera mejlet."},
        "unit": {"flow_value": "Centrala skolkontoret"},
    }


TYPED = {
    "breach_type": "1",
    "description": "Ett brev med betyg skickades till fel vårdnadshavare.",
    "occurred_at": "igår 9:15",
    "discovered_at": "igår 10:00",
    "aware_at": "igår 11",
    "ongoing": "nej",
    "discovery": "3",
    "cause": "mänskliga faktorn",
    "data_categories": "1, 2",
    "subject_categories": "elever",
    "people_count": "ca 25",
    "records_count": "25",
    "system": "Skolportalen",
    "processor": "nej",
    "measures": "Mottagaren ombads förstöra brevet.",
    "unit": "Skolkontoret",
    "other_info": "hoppa över",
}


def step_of(card: dict) -> str | None:
    try:
        return action_named(card, "flow.answer")["data"]["step"]
    except AssertionError:
        return None


async def report_by_clicking(
    person: Person, start_card: dict, answers: dict[str, dict[str, str]] | None = None
) -> dict:
    """Answer every question on the cards; returns the card shown after submitting."""
    answers = answers or clicked_inputs()
    card = start_card
    for _ in range(40):
        step = step_of(card)
        if step is None:
            break
        if step in answers:
            card, _ = await click(person, card, "flow.answer", **answers[step])
        else:
            card, _ = await click(person, card, "flow.skip")
        assert card is not None
    submitted, _ = await click(person, card, "flow.submit")
    assert submitted is not None
    return submitted


async def report_by_typing(person: Person, first_card: dict) -> list[dict]:
    """Type every answer in the chat; returns the messages after typing "skicka"."""
    card = first_card
    for _ in range(40):
        step = step_of(card)
        if step is None:
            break
        [card] = cards_in(await person.say(TYPED[step]))
    return await person.say("skicka")


async def report_at_the_desk(desk, ctx) -> dict:
    """The handler tier: type every answer of a report, then send it; the receipt card."""
    answer = await desk.say(ctx, "rapportera incident")
    [card] = answer.messages
    for _ in range(40):
        step = step_of(card)
        if step is None:
            break
        answer = await desk.say(ctx, TYPED[step])
        card = answer.messages[0]
    done = await desk.say(ctx, "skicka")
    return done.messages[0]
