"""A request for recorded material, logged and handled in chat: staff log a police
request for two cameras, the responsible person and the DSO get the urgent card,
the material is secured, a disclosure in part is decided with its ground and
reasoning, the hand-over is recorded; forged actions are refused and audited."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from i18n import t
from storage.models import AuditEntry, Camera, FootageRequest, FootageRequestEvent
from tests.support.cards import action_named, actions_of, texts_of_card
from tests.support.handler import Desk, fixed_clock

STOCKHOLM = ZoneInfo("Europe/Stockholm")
NOW = datetime(2026, 4, 2, 10, 0, tzinfo=STOCKHOLM)
P = "cameras.requests"


async def _register_cameras(ctx: Any) -> list[tuple[str, str]]:
    async with ctx.db.session(readonly=True) as session:
        rows = await session.scalars(select(Camera).where(
            Camera.organisation_id == ctx.who.organisation.id, Camera.status == "active")
            .order_by(Camera.reference))
        return [(str(c.id), f"{c.name} ({c.reference})") for c in rows]


@pytest.fixture
async def desk(sqlite_db, registry, monkeypatch) -> Desk:
    if registry.choices("cameras.camera") is None:  # until the register part offers them
        monkeypatch.setitem(registry._choices, "cameras.camera", _register_cameras)
    desk = await Desk.open(sqlite_db, registry)
    desk.clock = fixed_clock(NOW)
    return desk


async def camera(desk: Desk, reference: str, retention_hours: int | None,
                 responsible: int | None = None, organisation_id: int | None = None) -> Camera:
    async with desk.db.session() as session:
        row = Camera(organisation_id=organisation_id or desk.organisation_id,
                     reference=reference, name=f"Kamera {reference}",
                     retention_hours=retention_hours, responsible_person_id=responsible)
        session.add(row)
        await session.flush()
        return row


async def log(desk: Desk, who: Any, *, cameras: tuple[str, ...] = ("1", "2"),
              start: str = "2026-03-27 22:00", end: str = "2026-03-27 23:00") -> dict:
    await desk.press(who, {"action": "flow.start", "flow": "cameras_request"})
    picks = [*cameras, *(["hoppa över"] * (3 - len(cameras)))]
    for text in ("1", "K-123456-26", *picks, start, end, "Misshandel utreds.", "ja", "1",
                 "2026-04-10"):
        await desk.say(who, text)
    [receipt] = (await desk.say(who, "skicka")).messages
    return receipt


async def stored(desk: Desk) -> list[FootageRequest]:
    async with desk.db.session(readonly=True) as session:
        return list(await session.scalars(select(FootageRequest)
                                          .order_by(FootageRequest.reference)))


async def audited(desk: Desk, like: str) -> list[AuditEntry]:
    async with desk.db.session(readonly=True) as session:
        return list(await session.scalars(select(AuditEntry).where(
            AuditEntry.action.like(like))))


async def open_form(desk: Desk, who: Any, card: dict, form_id: str) -> dict:
    button = next(a for a in actions_of(card) if a["data"].get("form") == form_id)
    return (await desk.press(who, button["data"])).replace_card


async def submit(desk: Desk, who: Any, card: dict, action: str, **inputs: Any) -> dict:
    return (await desk.press(who, {**action_named(card, action)["data"], **inputs})
            ).replace_card


async def logged_case(desk: Desk):
    dana = await desk.person("Dana Dataskyddsombud", "dso")
    rolf = await desk.person("Rolf Resecentrum")
    sara = await desk.person("Sara Svensson")
    await camera(desk, "K-014", 7 * 24, rolf.who.person_id)
    await camera(desk, "K-015", 30 * 24)
    receipt = await log(desk, sara)
    return dana, rolf, sara, receipt


async def test_a_police_request_for_two_cameras_is_logged_and_urgent_for_dso_and_owner(desk):
    dana, rolf, sara, receipt = await logged_case(desk)
    shown = texts_of_card(receipt)
    assert t("sv", f"{P}.logged", reference="KAM-2026-0001") in shown
    # 7 days from 27 March 22:00 across the DST change: 3 April 22:00, 1 d 12 h away.
    assert t("sv", f"{P}.clock.erased_by", at="3 april 2026 22:00",
             left="om 1 dygn 12 tim") in shown
    [request] = await stored(desk)
    assert request.requester_kind == "police" and len(request.camera_ids) == 2
    assert request.erasure_at.astimezone(STOCKHOLM) == datetime(2026, 4, 3, 22, 0,
                                                                tzinfo=STOCKHOLM)
    assert request.imprisonment is True and request.status == "received"
    for person in (dana, rolf):
        told = desk.notifier.to(person.who.person_id)
        assert t("sv", f"{P}.told.urgent", reference="KAM-2026-0001",
                 at="3 april 2026 22:00") in told
        card = next(m for m in told if isinstance(m, dict))
        assert t("sv", f"{P}.clock.urgent") in texts_of_card(card)
    assert desk.notifier.to(sara.who.person_id) == []
    assert await audited(desk, "footage_request.logged")


async def test_secure_decide_in_part_and_hand_over(desk):
    dana, rolf, sara, _receipt = await logged_case(desk)
    [request] = await stored(desk)
    card = next(m for m in desk.notifier.to(rolf.who.person_id) if isinstance(m, dict))
    assert not [a for a in actions_of(card) if a["data"].get("form") == "cameras.decide"]
    secure = await open_form(desk, rolf, card, "cameras.secure")
    done = await submit(desk, rolf, secure, "cameras.secure", secured_at="2026-04-02",
                        secured_at_time="09:30", secured_where="Exportmapp ärende 12")
    shown = texts_of_card(done)
    assert t("sv", f"{P}.done.secured", reference="KAM-2026-0001") in shown
    assert t("sv", f"{P}.clock.secured", at="2 april 2026 09:30") in shown

    card = (await desk.press(dana, {"action": f"{P}.open",
                                    "footage_request": str(request.id)})).replace_card
    decide = await open_form(desk, dana, card, "cameras.decide")
    assert "osl_32_3a" in str(decide)  # the grounds valid today, from the data
    done = await submit(desk, dana, decide, "cameras.decide", decision="partial",
                        partial="masked", decision_reason="Tredje man maskeras.",
                        legal_ground="osl_32_3a", decided_by="Dana Dataskyddsombud",
                        decided_capacity="Förvaltningschef enligt delegation",
                        decided_on="2026-04-02")
    assert t("sv", f"{P}.done.decided", reference="KAM-2026-0001") in texts_of_card(done)
    assert t("sv", f"{P}.told.decided", reference="KAM-2026-0001") in \
        desk.notifier.to(sara.who.person_id)

    handover = await open_form(desk, dana, done, "cameras.handover")
    bad = await submit(desk, dana, handover, "cameras.handover", format="MP4", size="1,2 GB",
                       checksum="abc", medium="secure_link", recipient="Polisen, Region Syd",
                       handed_over_at="2026-04-02", handed_over_at_time="09:55")
    assert t("sv", f"{P}.form.checksum_error") in texts_of_card(bad)
    done = await submit(desk, dana, handover, "cameras.handover", format="MP4",
                        size="1,2 GB", checksum="A" * 64, medium="secure_link",
                        recipient="Polisen, Region Syd", handed_over_at="2026-04-02",
                        handed_over_at_time="09:55")
    assert t("sv", f"{P}.done.handed_over", reference="KAM-2026-0001") in texts_of_card(done)
    [final] = await stored(desk)
    assert (final.status, final.decision, final.legal_ground) == (
        "handed_over", "partial", "osl_32_3a")
    assert final.handover["checksum"] == "a" * 64 and final.secured_by_person_id == \
        rolf.who.person_id
    async with desk.db.session(readonly=True) as session:
        kinds = list(await session.scalars(select(FootageRequestEvent.kind)
                                           .order_by(FootageRequestEvent.id)))
    assert kinds == ["logged", "secured", "decided", "handed_over"]


async def test_forged_actions_are_refused_and_audited(desk):
    dana, _rolf, sara, _receipt = await logged_case(desk)
    [request] = await stored(desk)
    forged = {"action": "cameras.decide", "footage_request": str(request.id),
              "rev": request.revision, "decision": "disclose", "decision_reason": "x",
              "legal_ground": "osl_32_3a", "decided_by": "Sara", "decided_capacity": "x",
              "decided_on": "2026-04-02"}
    answer = await desk.press(sara, forged)
    assert answer.messages == [t("sv", f"{P}.not_allowed")]
    assert await audited(desk, "footage_request.refused.not_decider")
    # Another organisation's DSO, with a card naming this organisation's request.
    other = await Desk.open(desk.db, desk.registry, slug="tn", name="Tekniska nämnden")
    other.clock = desk.clock
    olle = await other.person("Olle Annanstans", "dso")
    answer = await other.press(olle, {**forged, "decided_by": "Olle"})
    assert answer.messages == [t("sv", f"{P}.not_found")]
    assert await audited(desk, "footage_request.refused.unknown")
    [unchanged] = await stored(desk)
    assert unchanged.decision is None and unchanged.revision == request.revision
    # A stale card is refused politely.
    stale = await desk.press(dana, {**forged, "rev": request.revision - 1,
                                    "decided_by": "Dana"})
    assert t("sv", f"{P}.stale") in texts_of_card(stale.replace_card)


async def test_material_already_erased_is_said_plainly(desk):
    sara = await desk.person("Sara Svensson")
    await desk.person("Dana Dataskyddsombud", "dso")
    await camera(desk, "K-014", 72)
    receipt = await log(desk, sara, cameras=("1",))
    assert t("sv", f"{P}.clock.too_late", at="30 mars 2026 22:00") in texts_of_card(receipt)


async def test_the_logger_sees_it_in_my_cases_and_the_dso_in_the_list(desk):
    dana, _rolf, sara, _receipt = await logged_case(desk)
    mine = await desk.say(sara, "mina ärenden")
    assert "KAM-2026-0001" in str(mine.messages or mine.replace_card)
    listed = await desk.say(dana, "kamerabegäranden")
    assert "KAM-2026-0001" in str(listed.messages)
    opened = await desk.say(sara, "KAM-2026-0001")
    assert "KAM-2026-0001" in texts_of_card(opened.messages[0])
