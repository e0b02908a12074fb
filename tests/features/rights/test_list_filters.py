"""`begäranden [öppna|försenade|ÅR]` / `requests [open|overdue|YEAR]`: each filter lists
exactly the requests it should, across two years and two organisations, paged so that
every one appears once."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from cards.reminder_kit import size_of
from features.rights.repo import new_reference
from i18n import t
from storage.models import RightsRequest
from storage.repos import OrganisationRepository
from tests.support.cards import actions_of, texts_of_card
from tests.support.handler import Desk, fixed_clock

STOCKHOLM = ZoneInfo("Europe/Stockholm")
NOW = datetime(2026, 11, 23, 10, 0, tzinfo=STOCKHOLM)
TODAY = NOW.date()
OPEN = {"received", "identity_verified", "in_progress"}
STATUSES = ["received", "identity_verified", "in_progress", "answered", "withdrawn"]


@pytest.fixture
async def desk(sqlite_db, registry) -> Desk:
    desk = await Desk.open(sqlite_db, registry)
    desk.clock = fixed_clock(NOW)
    return desk


def _specs() -> list[dict]:
    specs = []
    for n in range(60):
        received = TODAY - timedelta(days=n * 13 + n % 4)
        status = STATUSES[n % len(STATUSES)]
        specs.append({"received_on": received, "status": status,
                      "due_on": received + timedelta(days=30 + (n % 3) * 30),
                      "answered_on": received + timedelta(days=20)
                      if status == "answered" else None})
    specs.append({"received_on": date(2025, 12, 31), "status": "received",
                  "due_on": date(2026, 2, 2), "answered_on": None})
    specs.append({"received_on": TODAY - timedelta(days=30), "status": "in_progress",
                  "due_on": TODAY, "answered_on": None})  # due today: not overdue yet
    return specs


async def _seed(desk: Desk) -> tuple[dict[str, dict], set[str]]:
    async with desk.db.session() as session:
        other, _ = await OrganisationRepository(session).upsert("sn", "Socialnämnden")
        ours, theirs = {}, set()
        for org in (desk.organisation_id, other.id):
            for spec in _specs():
                row = RightsRequest(
                    organisation_id=org,
                    reference=await new_reference(session, org, spec["received_on"].year),
                    rights=["access", "erasure"], channel="email", status=spec["status"],
                    received_on=spec["received_on"], due_on=spec["due_on"],
                    answered_on=spec["answered_on"], revision=1)
                session.add(row)
                await session.flush()
                (ours.__setitem__(str(row.id), spec) if org == desk.organisation_id
                 else theirs.add(str(row.id)))
    return ours, theirs


def _overdue(spec: dict) -> bool:
    return spec["status"] in OPEN and spec["answered_on"] is None and spec["due_on"] < TODAY


def _ids(card: dict) -> list[str]:
    return [a["data"]["rights_request"] for a in actions_of(card)
            if a["type"] == "Action.Execute" and "rights_request" in a["data"]]


def _more(card: dict) -> dict | None:
    return next((a["data"] for a in actions_of(card)
                 if a["data"].get("action") == "command"), None)


CASES = [
    ("begäranden", lambda s: s["status"] in OPEN),
    ("begäranden öppna", lambda s: s["status"] in OPEN),
    ("Begäranden FÖRSENADE", _overdue),
    ("begäranden 2025", lambda s: s["received_on"].year == 2025),
    ("begäranden 2026", lambda s: s["received_on"].year == 2026),
    ("begäranden 2025 öppna", lambda s: s["received_on"].year == 2025 and s["status"] in OPEN),
    ("begäranden försenade 2026", lambda s: s["received_on"].year == 2026 and _overdue(s)),
    ("requests overdue", _overdue),
    ("requests 2024", lambda s: s["received_on"].year == 2024),
]


@pytest.mark.parametrize(("text", "wanted"), CASES)
async def test_each_filter_lists_exactly_its_requests_once_across_pages(desk, text, wanted):
    ours, theirs = await _seed(desk)
    lang = "en" if text.startswith("requests") else "sv"
    dana = await desk.person("Dana Dataskyddsombud", "dso", locale=lang)
    expected = {i for i, spec in ours.items() if wanted(spec)}
    assert expected

    [card] = (await desk.say(dana, text)).messages
    cards, seen = [card], _ids(card)
    while (more := _more(card)) is not None:
        [card] = (await desk.press(dana, more)).messages
        cards.append(card)
        seen += _ids(card)
        assert len(cards) < 10

    assert sorted(seen) == sorted(expected)
    assert not set(seen) & theirs
    assert t(lang, "rights.lists.count", first=1, last=min(15, len(expected)),
             total=len(expected)) in texts_of_card(cards[0])
    assert all(size_of(c) < 40 * 1024 for c in cards)


async def test_staff_are_refused_politely(desk):
    await _seed(desk)
    sara = await desk.person("Sara Svensson")
    [answer] = (await desk.say(sara, "begäranden 2025")).messages
    assert answer == t("sv", "bot.not_allowed")


@pytest.mark.parametrize(("text", "lang", "key", "guess"), [
    ("begäranden försenda", "sv", "rights.lists.did_you_mean", "försenade"),
    ("begäranden gamla", "sv", "rights.lists.unknown", ""),
    ("requests opne", "en", "rights.lists.did_you_mean", "open"),
])
async def test_a_typo_in_the_filter_gets_the_accepted_words(desk, text, lang, key, guess):
    dana = await desk.person("Dana Dataskyddsombud", "dso", locale=lang)
    [answer] = (await desk.say(dana, text)).messages
    accepted = "öppna, försenade" if lang == "sv" else "open, overdue"
    assert answer == t(lang, key, word=text.split()[1], guess=guess, accepted=accepted)
