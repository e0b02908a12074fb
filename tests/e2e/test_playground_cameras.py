"""Through the real Agents Playground: a police request for recorded material, handled
before the footage is erased (issue "Cameras", "Done means").

The demo camera register (config/demo-cameras.csv) has K-014 (7 days) and K-015
(72 hours) at the station, Erik responsible. Sara logs a police request for both;
Erik and Dana get the urgent card; Erik secures the material; Dana records a
disclosure in part with its ground and reasoning, then the hand-over; her summary
counts the request.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from compliance.localtime import STOCKHOLM
from i18n import t
from tests.e2e.harness import Playground

pytestmark = pytest.mark.e2e
P = "cameras.requests"


def sv(key: str, **params: object) -> str:
    return t("sv", key, **params)


async def test_a_police_request_is_secured_decided_in_part_handed_over_and_counted(
    playground: Playground,
):
    dana, erik, sara = (await playground.user("dana"), await playground.user("erik"),
                        await playground.user("sara"))
    for person in (dana, erik, sara):
        await person.install()

    # Two days ago: K-015's 72 hours leave less than 48, so the request is urgent.
    day = (datetime.now(STOCKHOLM) - timedelta(days=2)).date().isoformat()
    await sara.send("kamerabegäran")
    for answer in ("1", "K-123456-26", "1", "2", "hoppa över", f"{day} 22:00", f"{day} 23:00",
                   "Misshandel vid resecentrum utreds.", "ja", "1", "hoppa över"):
        await sara.send(answer)
    receipt = [m for m in await sara.send("skicka") if m.cards][-1]
    reference = next(word for word in receipt.shown_text.replace("*", " ").split()
                     if word.startswith("KAM-"))

    for person in (erik, dana):  # the camera's responsible person and the DSO
        urgent = await person.wait_for(
            lambda m: reference in m.shown_text and sv(f"{P}.clock.urgent") in m.shown_text,
            within=20)
        assert urgent.cards

    # Moments a person records have passed already (a form refuses the future).
    earlier = datetime.now(STOCKHOLM) - timedelta(minutes=10)
    today, at = earlier.date().isoformat(), earlier.strftime("%H:%M")
    await erik.click(sv(f"{P}.action.secure"))
    await erik.click(sv(f"{P}.action.save"), inputs={
        "secured_at": today, "secured_at_time": at,
        "secured_where": "Exportmapp för polisärenden"})
    assert any(sv(f"{P}.done.secured", reference=reference) in m.shown_text
               for m in erik.messages)

    await dana.send(reference)
    await dana.click(sv(f"{P}.action.decide"))
    await dana.click(sv(f"{P}.action.save"), inputs={
        "decision": "partial", "partial": "masked",
        "decision_reason": "Förbipasserande som inte berörs av brottet maskeras.",
        "legal_ground": "osl_32_3a", "decided_by": "Dana Dataskyddsombud",
        "decided_capacity": "Dataskyddsombud enligt delegation", "decided_on": today})
    assert any(sv(f"{P}.done.decided", reference=reference) in m.shown_text
               for m in dana.messages)

    await dana.click(sv(f"{P}.action.handover"))
    await dana.click(sv(f"{P}.action.save"), inputs={
        "format": "MP4", "size": "1,2 GB", "checksum": "a" * 64, "medium": "usb",
        "recipient": "Polismyndigheten, region Mitt", "handed_over_at": today,
        "handed_over_at_time": at})

    assert any(sv(f"{P}.done.handed_over", reference=reference) in m.shown_text
               for m in dana.messages)

    [summary] = [m for m in await dana.send("sammanfattning") if m.cards]
    lines = summary.shown_text.splitlines()
    counted = lines.index(sv("cameras.followup.summary.requests"))
    assert lines[counted + 1] == "1"  # this year's one request
    handed = lines.index(sv("cameras.followup.summary.handed_over"))
    assert lines[handed + 1] == "1 av 1"
