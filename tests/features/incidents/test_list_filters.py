"""`incidenter [öppna|försenade|stängda|ÅR]` / `incidents [open|overdue|closed|YEAR]`: each
filter lists exactly the incidents it should, across two years and two organisations,
paged so that every one appears once, in cards Teams accepts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from cards.reminder_kit import size_of
from features.incidents.repo import IncidentRepository
from i18n import t
from storage.repos import OrganisationRepository, RoleRepository
from tests.support.cards import actions_of, texts_of_card
from tests.support.handler import Desk, fixed_clock

STOCKHOLM = ZoneInfo("Europe/Stockholm")
NOW = datetime(2026, 11, 23, 10, 0, tzinfo=STOCKHOLM)
UNDECIDED = {"submitted", "in_review", "awaiting_reporter"}
STATUSES = ["submitted", "in_review", "awaiting_reporter", "notified_imy", "not_notifiable",
            "closed"]


@pytest.fixture
async def desk(sqlite_db, registry) -> Desk:
    desk = await Desk.open(sqlite_db, registry)
    desk.clock = fixed_clock(NOW)
    return desk


def _specs() -> list[dict]:
    """Incidents spread over 2025 and 2026 (and the new year's night in Stockholm)."""
    specs = []
    for n in range(44):
        submitted = NOW - timedelta(days=n * 17 + (n % 3), hours=n)
        status = STATUSES[n % len(STATUSES)]
        specs.append({
            "submitted_at": submitted.astimezone(UTC),
            "aware_at": (submitted - timedelta(hours=n % 5 * 10)).astimezone(UTC)
            if n % 4 else None,
            "status": status,
            "near_miss": n % 7 == 0,
            "decision": "notified" if status in ("notified_imy", "closed") else None,
            "closed_at": (submitted + timedelta(days=3)).astimezone(UTC)
            if status == "closed" else None,
        })
    # Stockholm's new year: 23:30 on 31 December is 2025, 00:30 on 1 January is 2026.
    for moment in (datetime(2025, 12, 31, 23, 30, tzinfo=STOCKHOLM),
                   datetime(2026, 1, 1, 0, 30, tzinfo=STOCKHOLM)):
        specs.append({"submitted_at": moment.astimezone(UTC), "aware_at": None,
                      "status": "submitted", "near_miss": False, "decision": None,
                      "closed_at": None})
    # Just inside and just outside the 72 hours.
    for hours in (71, 73):
        moment = NOW - timedelta(hours=hours)
        specs.append({"submitted_at": moment.astimezone(UTC), "aware_at": moment.astimezone(UTC),
                      "status": "in_review", "near_miss": False, "decision": None,
                      "closed_at": None})
    return specs


async def _seed(desk: Desk) -> tuple[dict[str, dict], set[str]]:
    """Incidents of the DSO's organisation (id → spec) and the other one's ids."""
    async with desk.db.session() as session:
        other, _ = await OrganisationRepository(session).upsert("sn", "Socialnämnden")
        repo = IncidentRepository(session)
        ours, theirs = {}, set()
        for org in (desk.organisation_id, other.id):
            for n, spec in enumerate(_specs()):
                incident = await repo.create(
                    organisation_id=org, reporter_person_id=None, status=spec["status"],
                    answers={"description": f"Händelse nummer {n}: " + "å" * 200},
                    submitted_at=spec["submitted_at"], aware_at=spec["aware_at"],
                    near_miss=spec["near_miss"], decision=spec["decision"],
                    closed_at=spec["closed_at"])
                if org == desk.organisation_id:
                    ours[str(incident.id)] = spec
                else:
                    theirs.add(str(incident.id))
    return ours, theirs


def _year(spec: dict) -> int:
    return spec["submitted_at"].astimezone(STOCKHOLM).year


def _overdue(spec: dict) -> bool:
    start = spec["aware_at"] or spec["submitted_at"]
    return (spec["status"] in UNDECIDED and not spec["near_miss"] and spec["decision"] is None
            and start + timedelta(hours=72) < NOW.astimezone(UTC))


def _ids(card: dict) -> list[str]:
    return [a["data"]["incident"] for a in actions_of(card)  # (not the fallbacks)
            if a["type"] == "Action.Execute" and a["data"].get("action") == "incident.open"]


def _more(card: dict) -> dict | None:
    return next((a["data"] for a in actions_of(card)
                 if a.get("data", {}).get("action") == "command"), None)


async def _all_pages(desk: Desk, who, text: str) -> tuple[list[str], list[dict]]:
    [card] = (await desk.say(who, text)).messages
    cards, seen = [card], _ids(card)
    while (more := _more(card)) is not None:
        [card] = (await desk.press(who, more)).messages
        cards.append(card)
        seen += _ids(card)
        assert len(cards) < 20
    return seen, cards


CASES = [
    ("incidenter", lambda s: s["status"] != "closed"),
    ("incidenter öppna", lambda s: s["status"] != "closed"),
    ("incidenter försenade", _overdue),
    ("incidenter stängda", lambda s: s["status"] == "closed"),
    ("incidenter 2025", lambda s: _year(s) == 2025),
    ("incidenter 2026", lambda s: _year(s) == 2026),
    ("INCIDENTER 2025 Öppna", lambda s: _year(s) == 2025 and s["status"] != "closed"),
    ("incidenter 2026 stängda", lambda s: _year(s) == 2026 and s["status"] == "closed"),
    ("incidenter forsenade 2026", lambda s: _year(s) == 2026 and _overdue(s)),
    ("incidents overdue", _overdue),
    ("incidents 2025 closed", lambda s: _year(s) == 2025 and s["status"] == "closed"),
]


@pytest.mark.parametrize(("text", "wanted"), CASES)
async def test_each_filter_lists_exactly_its_incidents_once_across_pages(desk, text, wanted):
    ours, theirs = await _seed(desk)
    dana = await desk.person("Dana Dataskyddsombud", "dso",
                             locale="en" if text.startswith("incidents") else "sv")
    expected = {i for i, spec in ours.items() if wanted(spec)}
    assert expected  # the seed covers every filter

    seen, cards = await _all_pages(desk, dana, text)

    assert sorted(seen) == sorted(expected)  # each exactly once, nothing else
    assert not set(seen) & theirs  # never the other organisation's
    lang = dana.lang
    assert t(lang, "incident.lists.count", first=1, last=min(15, len(expected)),
             total=len(expected)) in texts_of_card(cards[0])
    for card in cards:
        assert size_of(card) < 40 * 1024


async def test_the_show_more_button_says_how_many_are_left(desk):
    ours, _ = await _seed(desk)
    dana = await desk.person("Dana Dataskyddsombud", "dso")
    total = len([s for s in ours.values() if _year(s) == 2026])
    [card] = (await desk.say(dana, "incidenter 2026")).messages
    more = next(a for a in actions_of(card) if a.get("data", {}).get("action") == "command")
    assert more["title"] == t("sv", "incident.lists.more", count=total - 15)
    assert more["data"]["rest"] == "2026 sida 2"


async def test_staff_are_refused_politely(desk):
    await _seed(desk)
    stina = await desk.person("Stina Skola")
    [answer] = (await desk.say(stina, "incidenter 2025")).messages
    assert answer == t("sv", "bot.not_allowed")


@pytest.mark.parametrize(("text", "lang", "key", "guess"), [
    ("incidenter öpna", "sv", "incident.lists.did_you_mean", "öppna"),
    ("incidenter försenad3", "sv", "incident.lists.did_you_mean", "försenade"),
    ("incidenter blåbär", "sv", "incident.lists.unknown", ""),
    ("incidents overdeu", "en", "incident.lists.did_you_mean", "overdue"),
])
async def test_a_typo_in_the_filter_gets_the_accepted_words(desk, text, lang, key, guess):
    dana = await desk.person("Dana Dataskyddsombud", "dso", locale=lang)
    [answer] = (await desk.say(dana, text)).messages
    word = text.split()[1]
    accepted = "öppna, försenade, stängda" if lang == "sv" else "open, overdue, closed"
    assert answer == t(lang, key, word=word, guess=guess, accepted=accepted)


async def test_contradicting_filters_are_explained(desk):
    dana = await desk.person("Dana Dataskyddsombud", "dso")
    [answer] = (await desk.say(dana, "incidenter stängda försenade")).messages
    assert answer == t("sv", "incident.lists.contradiction", word="försenade")


async def test_a_dso_of_both_organisations_sees_each_row_with_its_organisation(desk):
    ours, theirs = await _seed(desk)
    dana = await desk.person("Dana Dataskyddsombud", "dso")
    async with desk.db.session() as session:
        other, _ = await OrganisationRepository(session).upsert("sn", "Socialnämnden")
        await RoleRepository(session).grant(dana.who.person_id, other.id, "dso")
    dana = await desk.person("Dana Dataskyddsombud", "dso")
    seen, cards = await _all_pages(desk, dana, "incidenter 2025 stängda")
    assert set(seen) <= set(ours) | theirs and set(seen) & theirs and set(seen) & set(ours)
    assert len(seen) == len(set(seen)) == 2 * len(
        [s for s in ours.values() if _year(s) == 2025 and s["status"] == "closed"])
    assert "Socialnämnden" in texts_of_card(cards[0])
    assert t("sv", "incident.lists.organisation") in texts_of_card(cards[0])
