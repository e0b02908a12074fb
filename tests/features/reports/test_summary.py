"""The DSO's summary: every figure equals a count made here, independently, from the
raw records, for data spanning several years and two organisations; the card shows
them with a button to the list behind each; staff are refused; two organisations
are shown apart with their total."""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from features.register.completeness import missing
from features.register.fields import FIELDS, STRUCTURAL, Kind
from features.reports.handlers.summary import parse
from features.reports.summary import figures_for
from i18n import t
from storage.models import Incident, ProcessingActivity, RegisterObject, RightsRequest
from tests.support.cards import actions_of, texts_of_card
from tests.support.handler import Desk, fixed_clock

STOCKHOLM = ZoneInfo("Europe/Stockholm")
NOW = datetime(2026, 6, 15, 12, 0, tzinfo=STOCKHOLM)
TODAY = date(2026, 6, 15)
YEARS = (2024, 2025, 2026)


# -- seeding -------------------------------------------------------------------------------


def _instant(rng: random.Random, year: int) -> datetime:
    start = datetime(year, 1, 1, tzinfo=STOCKHOLM)
    return (start + timedelta(minutes=rng.randrange(0, 364 * 24 * 60))).astimezone(UTC)


def _incidents(rng: random.Random, org: int, count: int) -> list[Incident]:
    found = []
    statuses = ("submitted", "in_review", "awaiting_reporter", "notified_imy",
                "not_notifiable", "closed")
    for n in range(count):
        submitted = _instant(rng, rng.choice(YEARS))
        aware = None if rng.random() < 0.2 else submitted - timedelta(hours=rng.randrange(0, 90))
        decision = rng.choice((None, None, "notified", "not_notifiable"))
        notified_at = None
        if decision == "notified":
            start = aware or submitted
            notified_at = start + rng.choice((timedelta(hours=1), timedelta(hours=71, minutes=59),
                                              timedelta(hours=72), timedelta(hours=72, seconds=1),
                                              timedelta(hours=100)))
        found.append(Incident(
            organisation_id=org, reference=f"PUI-{org}-{n}", status=rng.choice(statuses),
            answers={"discovery": rng.choice(("employee", "routine", "outsider", "employee")),
                     "description": "x"},
            submitted_at=submitted, aware_at=aware, near_miss=rng.random() < 0.2,
            decision=decision, imy_notified_at=notified_at,
            subjects_informed=rng.choice((None, True, False))))
    # At the turn of the year, in Stockholm time: 23:30 on 31 December is the old year.
    for n, local in enumerate((datetime(2025, 12, 31, 23, 30, tzinfo=STOCKHOLM),
                               datetime(2026, 1, 1, 0, 30, tzinfo=STOCKHOLM))):
        found.append(Incident(organisation_id=org, reference=f"PUI-{org}-edge{n}",
                              status="submitted", answers={"discovery": "employee"},
                              submitted_at=local.astimezone(UTC), aware_at=None))
    # Open, undecided, the 72 hours run out just before and just after now.
    for n, hours in enumerate((73, 71)):
        found.append(Incident(organisation_id=org, reference=f"PUI-{org}-due{n}",
                              status="in_review", answers={},
                              submitted_at=NOW - timedelta(hours=hours)))
    return found


def _complete_values() -> dict[str, Any]:
    value = {Kind.TEXT: "x", Kind.LONG_TEXT: "x", Kind.LIST: ["x"], Kind.DATE: "2025-03-01"}
    found: dict[str, Any] = {}
    for f in FIELDS:
        if f.id in STRUCTURAL:
            continue
        if f.kind is Kind.CHOICE:
            found[f.id] = f.choices[0]
        elif f.kind is Kind.CHOICES:
            found[f.id] = [f.choices[0]]
        else:
            found[f.id] = value[f.kind]
    return found


def _activities(rng: random.Random, org: int, obj: uuid.UUID, count: int
                ) -> list[ProcessingActivity]:
    found = []
    for n in range(count):
        values = _complete_values()
        values["classified"] = rng.choice(("yes", "no", None))
        values["dpia"] = rng.choice(("needed", "not_needed", "done", "follow_up", None))
        values["dpia_follow_up"] = rng.choice(("2026-06-15", "2026-06-16", "2025-01-01",
                                               "snart", None))
        for key in rng.sample(sorted(values), rng.choice((0, 0, 1, 3))):
            values.pop(key)
        found.append(ProcessingActivity(
            organisation_id=org, reference=f"BEH-{n:04d}", object_id=obj, name=f"Behandling {n}",
            status=rng.choice(("active", "active", "inactive", "retired")), values=values,
            reviewed_on=rng.choice((None, date(2025, 6, 15), date(2025, 6, 16),
                                    date(2024, 1, 1), date(2026, 5, 1)))))
    return found


def _requests(rng: random.Random, org: int, count: int) -> list[RightsRequest]:
    found = []
    for n in range(count):
        received = rng.choice((date(2024, 3, 1), date(2025, 1, 1), date(2025, 12, 31),
                               date(2026, 1, 1), date(2026, 5, 20), date(2026, 6, 10)))
        extended = rng.random() < 0.2
        due = received + timedelta(days=91 if extended else 30)
        status = rng.choice(("received", "in_progress", "answered", "answered", "withdrawn"))
        answered = due + timedelta(days=rng.choice((-3, 0, 1, 10))) if status == "answered" \
            else None
        found.append(RightsRequest(
            organisation_id=org, reference=f"REG-{org}-{n}", rights=["access"],
            received_on=received, channel="email", status=status, due_on=due,
            further_months=2 if extended else 0, answered_on=answered))
    return found


@dataclass
class World:
    desk: Desk
    other: Desk

    @property
    def orgs(self) -> tuple[int, int]:
        return self.desk.organisation_id, self.other.organisation_id


@pytest.fixture
async def world(db, registry) -> World:
    desk = await Desk.open(db, registry, "bn", "Bildningsnämnden")
    other = await Desk.open(db, registry, "sn", "Socialnämnden")
    desk.clock = other.clock = fixed_clock(NOW)
    rng = random.Random(13)
    async with db.session() as session:
        for org, size in ((desk.organisation_id, 70), (other.organisation_id, 40)):
            obj = RegisterObject(organisation_id=org, name="Elevsystemet", deputies=[])
            session.add(obj)
            await session.flush()
            session.add_all([*_incidents(rng, org, size), *_activities(rng, org, obj.id, size),
                             *_requests(rng, org, size)])
    return World(desk, other)


# -- the same figures, counted here from the rows ------------------------------------------


async def _rows(db, model) -> list[Any]:
    async with db.session(readonly=True) as session:
        return list(await session.scalars(select(model)))


async def expected(db, orgs: set[int], year: int) -> dict[str, tuple[int, int | None]]:
    start = datetime(year, 1, 1, tzinfo=STOCKHOLM)
    end = datetime(year + 1, 1, 1, tzinfo=STOCKHOLM)
    incidents = [i for i in await _rows(db, Incident) if i.organisation_id in orgs]
    in_year = [i for i in incidents if start <= i.submitted_at < end]
    documented = [i for i in in_year if not i.near_miss]
    notified = [i for i in documented if i.decision == "notified"]

    def clock_start(i: Incident) -> datetime:
        return i.aware_at or i.submitted_at or i.created_at

    open_now = [i for i in incidents if i.status != "closed"]
    objects = {o.id: o.name for o in await _rows(db, RegisterObject)}
    entries = [a for a in await _rows(db, ProcessingActivity)
               if a.organisation_id in orgs and a.status != "retired"]
    needed = [a for a in entries if a.values.get("dpia") in ("needed", "done", "follow_up")]

    def follow_up_due(a: ProcessingActivity) -> bool:
        try:
            return date.fromisoformat(a.values.get("dpia_follow_up") or "") <= TODAY
        except ValueError:
            return False

    requests = [r for r in await _rows(db, RightsRequest) if r.organisation_id in orgs]
    received = [r for r in requests if r.received_on.year == year]
    answered = [r for r in received if r.status == "answered"]
    open_requests = [r for r in requests if r.status in ("received", "identity_verified",
                                                         "in_progress")]
    return {
        "incidents.documented": (len(documented), None),
        "incidents.discovered_by_staff": (
            len([i for i in documented if i.answers.get("discovery") == "employee"]),
            len(documented)),
        "incidents.notified_imy": (len(notified), len(documented)),
        "incidents.notified_within_72h": (
            len([i for i in notified
                 if i.imy_notified_at - clock_start(i) <= timedelta(hours=72)]), len(notified)),
        "incidents.subjects_informed": (
            len([i for i in documented if i.subjects_informed is True]), len(documented)),
        "incidents.near_misses": (len([i for i in in_year if i.near_miss]), None),
        "incidents.open_now": (len(open_now), None),
        "incidents.overdue_now": (len([
            i for i in open_now if i.decision is None and not i.near_miss
            and clock_start(i) + timedelta(hours=72) < NOW]), None),
        "register.registered": (len(entries), None),
        "register.incomplete": (len([
            a for a in entries if missing({**a.values, "name": a.name,
                                           "object": objects[a.object_id],
                                           "status": a.status})]), len(entries)),
        "register.reviewed_12m": (len([a for a in entries if a.reviewed_on
                                       and a.reviewed_on > date(2025, 6, 15)]), len(entries)),
        "register.classified": (len([a for a in entries if a.values.get("classified") == "yes"]),
                                len(entries)),
        "register.dpia_needed": (len(needed), None),
        "register.dpia_done": (len([a for a in needed
                                    if a.values.get("dpia") in ("done", "follow_up")]),
                               len(needed)),
        "register.dpia_followup_due": (len([a for a in entries if follow_up_due(a)]), None),
        "rights.received": (len(received), None),
        "rights.answered_in_time": (len([r for r in answered if r.answered_on <= r.due_on]),
                                    len(received)),
        "rights.answered_late": (len([r for r in answered if r.answered_on > r.due_on]),
                                 len(received)),
        "rights.extended": (len([r for r in received if r.further_months > 0]), len(received)),
        "rights.open_now": (len(open_requests), None),
        "rights.overdue_now": (len([r for r in open_requests if r.due_on < TODAY]), None),
    }


def _counted(figures) -> dict[str, tuple[int, int | None]]:
    return {key: (f.value, f.of) for key, f in figures.items()}


# -- the figures ---------------------------------------------------------------------------


@pytest.mark.parametrize("year", YEARS)
async def test_every_figure_equals_the_count_from_the_rows(world, registry, year):
    db = world.desk.db
    for orgs in ({world.orgs[0]}, {world.orgs[1]}, set(world.orgs)):
        figures = await figures_for(db, registry, sorted(orgs), year, NOW)
        wanted = await expected(db, orgs, year)
        # The cameras' figures are checked in tests/features/cameras/test_followup.py.
        counted = {k: v for k, v in _counted(figures).items() if not k.startswith("cameras.")}
        assert counted == wanted, (orgs, year)


async def test_the_data_is_varied_enough_to_mean_something(world, registry):
    """Every figure is non-zero somewhere, and the boundaries were exercised."""
    db = world.desk.db
    seen: dict[str, int] = {}
    for year in YEARS:
        for key, (value, _) in (await expected(db, set(world.orgs), year)).items():
            seen[key] = seen.get(key, 0) + value
    assert all(seen.values()), seen
    late = await expected(db, set(world.orgs), 2026)
    assert late["incidents.notified_within_72h"][0] < late["incidents.notified_imy"][0]


async def test_figures_for_no_organisation_are_zero(world, registry):
    figures = await figures_for(world.desk.db, registry, [], 2026, NOW)
    assert {f.value for f in figures.values()} == {0}


async def test_a_year_turns_at_midnight_in_stockholm(world, registry):
    db = world.desk.db
    org = world.orgs[0]
    edge = {"incidents.documented", "incidents.near_misses"}
    before = await figures_for(db, registry, [org], 2025, NOW)
    after = await figures_for(db, registry, [org], 2026, NOW)
    rows = [i for i in await _rows(db, Incident)
            if i.organisation_id == org and i.reference.startswith(f"PUI-{org}-edge")]
    assert [r.submitted_at.year for r in rows] == [2025, 2025]  # both 2025 in UTC
    assert sum(before[k].value for k in edge) + sum(after[k].value for k in edge) == len([
        i for i in await _rows(db, Incident) if i.organisation_id == org
        and datetime(2025, 1, 1, tzinfo=STOCKHOLM) <= i.submitted_at
        < datetime(2027, 1, 1, tzinfo=STOCKHOLM)])


# -- the command ---------------------------------------------------------------------------


def _shown(figure_value: tuple[int, int | None], lang: str = "sv") -> str:
    value, of = figure_value
    return str(value) if of is None else t(lang, "reports.summary.of", value=value, of=of)


async def test_the_dso_sees_each_area_with_a_button_to_the_list_behind_it(world, registry):
    dso = await world.desk.person("Dana Dataskydd", "dso")
    [card] = (await world.desk.say(dso, "Sammanfattning 2025")).messages
    text = texts_of_card(card)
    assert t("sv", "reports.summary.title", year=2025) in text
    for key in ("register.summary.title", "rights.summary.title", "incident.summary.title",
                "register.summary.classified", "incident.summary.notified_within_72h"):
        assert t("sv", key) in text
    counted = await expected(world.desk.db, {world.orgs[0]}, 2025)
    for key in ("register.classified", "incidents.documented", "rights.answered_in_time"):
        assert _shown(counted[key]) in text
    buttons = [a["data"] for a in actions_of(card)]
    assert {"action": "command", "command": "incidents", "rest": "2025"} in buttons
    assert {"action": "command", "command": "register", "rest": "ofullständiga"} in buttons
    assert {"action": "command", "command": "rights_desk", "rest": "försenade"} in buttons
    # A button does what typing the command does.
    opened = await world.desk.press(dso, {"action": "command", "command": "register",
                                          "rest": "ofullständiga"})
    assert opened.messages


async def test_in_english_and_by_default_this_year(world, registry):
    dso = await world.desk.person("Dana Dataskydd", "dso", locale="en")
    [card] = (await world.desk.say(dso, "SUMMARY")).messages
    text = texts_of_card(card)
    assert t("en", "reports.summary.title", year=2026) in text
    counted = await expected(world.desk.db, {world.orgs[0]}, 2026)
    assert _shown(counted["register.classified"], "en") in text


async def test_staff_are_refused_politely(world, registry):
    staff = await world.desk.person("Sara Svensson")
    answer = await world.desk.say(staff, "sammanfattning")
    assert answer.messages == [t("sv", "bot.not_allowed")]


async def test_two_organisations_are_shown_apart_with_a_total(world, registry):
    # Dana is the DSO of both committees.
    await world.other.person("Dana Dataskydd", "dso")
    dso = await world.desk.person("Dana Dataskydd", "dso")
    [card] = (await world.desk.say(dso, "sammanfattning i fjol")).messages
    text = texts_of_card(card)
    assert t("sv", "reports.summary.title", year=2025) in text
    assert t("sv", "reports.summary.total", count=2) in text
    assert "Bildningsnämnden" in text and "Socialnämnden" in text
    first, second, both = [await expected(world.desk.db, orgs, 2025)
                           for orgs in ({world.orgs[0]}, {world.orgs[1]}, set(world.orgs))]
    for key in ("register.registered", "incidents.documented", "rights.received"):
        # The total first, then each organisation in its own block.
        total_at = text.index(t("sv", "reports.summary.total", count=2))
        bn_at, sn_at = text.index("Bildningsnämnden"), text.index("Socialnämnden")
        assert total_at < bn_at < sn_at
        assert _shown(both[key]) in text[total_at:bn_at]
        assert _shown(first[key]) in text[bn_at:sn_at]
        assert _shown(second[key]) in text[sn_at:]
    # One organisation by name.
    [card] = (await world.desk.say(dso, "sammanfattning 2025 social")).messages
    text = texts_of_card(card)
    assert "Socialnämnden" in text and "Bildningsnämnden" not in text


async def test_a_dso_of_one_organisation_never_sees_the_others(world, registry):
    dso = await world.other.person("Olle Ombud", "dso")
    [card] = (await world.other.say(dso, "sammanfattning 2025")).messages
    text = texts_of_card(card)
    assert "Bildningsnämnden" not in text
    counted = await expected(world.desk.db, {world.orgs[1]}, 2025)
    assert _shown(counted["register.registered"]) in text


async def test_an_admin_sees_every_organisation(world, registry):
    admin = await world.desk.person("Ada Admin", "admin")
    [card] = (await world.desk.say(admin, "sammanfattning 2026")).messages
    text = texts_of_card(card)
    assert "Bildningsnämnden" in text and "Socialnämnden" in text
    assert t("sv", "reports.summary.total", count=2) in text


async def test_a_year_it_cannot_read_is_explained(world, registry):
    dso = await world.desk.person("Dana Dataskydd", "dso")
    answer = await world.desk.say(dso, "sammanfattning 1850")
    assert answer.messages == [t("sv", "reports.summary.bad_year", latest=2026)]


@pytest.mark.parametrize(("typed", "year", "words"), [
    ("", 2026, ""), ("2025", 2025, ""), ("i fjol", 2025, ""), ("Last year", 2025, ""),
    ("i år", 2026, ""), ("2024 Bildning", 2024, "bildning"),
])
def test_the_year_is_read_from_what_was_typed(typed, year, words):
    asked = parse(typed, 2026)
    assert (asked.year, asked.words, asked.bad_year) == (year, words, False)


async def test_many_organisations_are_in_the_total_and_named(world, registry):
    for n in range(4):
        await Desk.open(world.desk.db, registry, f"extra-{n}", f"Nämnd {n}")
    admin = await world.desk.person("Ada Admin", "admin")
    [card] = (await world.desk.say(admin, "sammanfattning 2026")).messages
    text = texts_of_card(card)
    assert t("sv", "reports.summary.total", count=6) in text
    assert "Nämnd 3" in text and "Socialnämnden" in text
    both = await expected(world.desk.db, set(world.orgs), 2026)
    assert _shown(both["register.registered"]) in text
    # Each is shown apart when asked for by name.
    [card] = (await world.desk.say(admin, "sammanfattning nämnd 3")).messages
    assert "Nämnd 3" in texts_of_card(card)


@pytest.mark.parametrize("typed", ["25", "1850", "3000"])
def test_a_number_that_is_no_year_is_refused(typed):
    assert parse(typed, 2026).bad_year
