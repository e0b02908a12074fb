"""Through the real Agents Playground: the register of processing activities (issue "The
register of processing activities", "Done means"). The demo register is
config/demo-register.csv, imported as `make run` imports it; Olle owns its objects."""

from __future__ import annotations

import json
import re

import pytest

from i18n import t
from tests.e2e.harness import BotMessage, Playground, PlaygroundUser, find_action

pytestmark = pytest.mark.e2e


def sv(key: str, **params: object) -> str:
    return t("sv", key, **params)


async def open_entry(user: PlaygroundUser, search: str, name: str) -> BotMessage:
    """Search the register, open the hit: the entry's card, under the list."""
    [hits] = [m for m in await user.send(f"registret {search}") if m.cards]
    assert name in hits.shown_text
    [entry] = await user.click(sv("register.action.open"))
    assert name in entry.shown_text and sv("register.action.history") in entry.shown_text
    return entry


def versions_in(history: BotMessage) -> list[str]:
    return re.findall(r"Version (\d+) ·", history.shown_text)


async def test_staff_ask_for_a_change_the_owner_approves_it_once(playground: Playground):
    olle, sara = await playground.user("olle"), await playground.user("sara")
    await olle.install()  # the owner's chat is open, so the request can reach him
    await sara.install()

    entry = await open_entry(sara, "frånvaro", "Frånvarorapportering")
    await sara.click(sv("register.action.request_change"))
    await sara.click(sv("register.action.next"), {"fields": "retention"})
    form = entry.cards[-1]
    assert "Ett år" in json.dumps(form, ensure_ascii=False)  # the current value, to edit
    await sara.click(sv("register.action.send_request"),
                     {"retention": "Två år efter läsårets slut",
                      "reason": "Dokumenthanteringsplanen ändrades i höstas."})
    assert sv("register.request.sent") in entry.shown_text
    reference = re.search(r"RA-\d{4}-\d{4}", entry.shown_text).group()

    card = await olle.wait_for(lambda m: reference in m.shown_text
                               and any(find_action(c, sv("register.action.approve"))
                                       for c in m.cards))
    shown = card.shown_text
    assert "Ett år" in shown and "Två år efter läsårets slut" in shown  # what changes
    assert "Dokumenthanteringsplanen ändrades i höstas." in shown  # and why
    approve = find_action(card.cards[-1], sv("register.action.approve"))
    await olle.click(sv("register.action.approve"))
    assert sv("register.request.status.approved") in card.shown_text
    await sara.wait_for(lambda m: sv("register.told.approved", reference=reference)
                        in m.shown_text)

    entry = await open_entry(olle, "frånvaro", "Frånvarorapportering")
    assert "Två år efter läsårets slut" in entry.shown_text
    await olle.click(sv("register.action.history"))
    assert versions_in(entry) == ["2", "1"]  # newest first: the approved request
    assert sv("register.history.source.request") in entry.shown_text

    # The second click on the same card (Teams had not replaced it yet): nothing new.
    again = json.dumps(await olle.click_again(card, approve), ensure_ascii=False)
    assert sv("register.request.already.approved") in again, again
    entry = await open_entry(olle, "frånvaro", "Frånvarorapportering")
    await olle.click(sv("register.action.history"))
    assert versions_in(entry) == ["2", "1"]


async def test_an_owner_finds_an_incomplete_entry_and_completes_it(playground: Playground):
    olle = await playground.user("olle")
    await olle.install()
    [incomplete] = [m for m in await olle.send("registret ofullständiga") if m.cards]
    assert sv("register.list.incomplete_title") in incomplete.shown_text
    assert "Skolskjuts" in incomplete.shown_text
    assert "Frånvarorapportering" not in incomplete.shown_text  # complete: not listed

    entry = await open_entry(olle, "skolskjuts", "Skolskjuts")
    assert "100 %" not in entry.shown_text
    await olle.click(sv("register.action.complete"))
    await olle.click(sv("register.action.save"), {
        "data_categories": "Namn\nAdress\nSkola", "recipients": "Transportbolaget",
        "retention": "Ett år efter läsårets slut", "legal_basis": "6.1e",
        "security_measures": "Behörighetsstyrning", "dpia": "not_needed"})
    shown = entry.shown_text
    assert sv("register.entry.saved") in shown
    assert sv("register.entry.completeness", percent=100, filled=12, required=12) in shown

    [after] = [m for m in await olle.send("registret ofullständiga") if m.cards]
    assert "Skolskjuts" not in after.shown_text
