"""Answers to every step of the incident report, as clicks and as typed text."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from tests.support.cards import (
    action_named,
    action_where,
    actions_of,
    cards_in,
    texts_of_card,
)
from tests.support.harness import Person, click

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def _yesterday() -> str:
    return (datetime.now(STOCKHOLM) - timedelta(days=1)).date().isoformat()


def clicked_inputs() -> dict[str, dict[str, str]]:
    """Card input values per step id (what a person fills in before pressing Next)."""
    day = _yesterday()
    return {
        "event": {"flow_value": "breach"},
        "breach_type": {"flow_value": "misdirected"},
        "description": {"flow_value": "Ett mejl med elevlistor skickades till fel mottagare."},
        "occurred_at": {"flow_date": day, "flow_time": "09:15"},
        "discovered_at": {"flow_date": day, "flow_time": "10:00"},
        "aware_at": {"flow_date": day, "flow_time": "11:00"},
        "ongoing": {"flow_value": "no"},
        "ceased_at": {"flow_date": day, "flow_time": "12:00"},
        "discovery": {"flow_value": "employee"},
        "cause": {"flow_value": "human_error"},
        "data_categories": {"flow_value": "ordinary,special"},
        "subject_categories": {"flow_value": "pupils"},
        "people_count": {"flow_value": "25"},
        "records_count": {"flow_value": "25"},
        "encryption": {"flow_value": "no"},
        "recipients": {"flow_value": "known_other"},
        "retrieval": {"flow_value": "unknown"},
        "consequences": {"flow_value": "distress"},
        "permanence": {"flow_value": "unknown"},
        "system": {"flow_other": "Skolportalen"},
        "processor": {"flow_value": "no"},
        "measures": {"flow_value": "Mottagaren har ombetts radera mejlet."},
        "unit": {"flow_value": "Centrala skolkontoret"},
    }


TYPED = {
    "event": "1",
    "breach_type": "1",
    "description": "Ett brev med betyg skickades till fel vårdnadshavare.",
    "occurred_at": "igår 9:15",
    "discovered_at": "igår 10:00",
    "aware_at": "igår 11",
    "ongoing": "nej",
    "ceased_at": "igår 12:00",
    "discovery": "3",
    "cause": "mänskliga faktorn",
    "data_categories": "1, 2",
    "subject_categories": "elever",
    "people_count": "ca 25",
    "records_count": "25",
    "encryption": "nej",
    "recipients": "3",
    "retrieval": "vet inte",
    "consequences": "6",
    "permanence": "vet inte",
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


def form_data(card: dict, form_id: str) -> dict:
    """What a form's card sends on save: the incident and the revision the card showed
    (from the form's button, or any button naming the revision)."""
    try:
        button = action_where(card, action="incident.form", form=form_id)["data"]
    except AssertionError:
        button = next(a["data"] for a in actions_of(card)
                      if "rev" in (a.get("data") or {}) and "incident" in a["data"])
    return {"action": form_id, "incident": button["incident"], "rev": button["rev"]}


async def case_file_text(press, incident_id: str) -> str:
    """Every page of the whole case, as its text; `press(data)` returns the card shown."""
    texts, page = [], 1
    for _ in range(20):
        card = await press({"action": "incident.case_file", "incident": incident_id,
                            "page": page})
        texts.append(texts_of_card(card))
        if not any((a.get("data") or {}).get("page") == page + 1 for a in actions_of(card)):
            return "\n".join(texts)
        page += 1
    raise AssertionError("the case file did not end within 20 pages")


async def open_form(person: Person, card: dict, form_id: str) -> dict:
    """Press a form's button on the incident card: the form's own card."""
    body, _ = await person.execute(action_where(card, action="incident.form",
                                                form=form_id)["data"])
    assert body.get("type", "").endswith("card.adaptive"), body
    return body["value"]


async def submit_form(person: Person, card: dict, form_id: str,
                      **inputs: str) -> tuple[dict | None, list]:
    """Open a form from the incident card, fill it in and save: the card shown after."""
    form = await open_form(person, card, form_id)
    return await click(person, form, form_id, **inputs)


async def report_by_typing(person: Person, first_card: dict) -> list[dict]:
    """Type every answer in the chat; returns the messages after typing "skicka"."""
    card = first_card
    for _ in range(40):
        step = step_of(card)
        if step is None:
            break
        [card] = cards_in(await person.say(TYPED[step]))
    return await person.say("skicka")


async def report_at_the_desk(desk, ctx, **typed: str) -> dict:
    """The handler tier: type every answer of a report (`typed` replaces some), then
    send it; the receipt card."""
    answers = {**TYPED, **typed}
    answer = await desk.say(ctx, "rapportera incident")
    [card] = answer.messages
    for _ in range(40):
        step = step_of(card)
        if step is None:
            break
        answer = await desk.say(ctx, answers[step])
        card = answer.messages[0]
    done = await desk.say(ctx, "skicka")
    return done.messages[0]
