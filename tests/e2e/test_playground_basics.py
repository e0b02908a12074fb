"""Through the real Agents Playground: welcome, help by role, language by Teams locale."""

from __future__ import annotations

import pytest

from i18n import t
from tests.conftest import REGISTRY
from tests.e2e.harness import Playground

pytestmark = pytest.mark.e2e

# The help card lists each command as `word` (or `word argument`) in code style.
DSO_COMMANDS = [f"`{c.word('sv')}" for c in REGISTRY.commands if c.group == "dso"]
MY_CASES = f"`{REGISTRY.command('my_cases').word('sv')}`"


async def test_swedish_welcome_card_when_a_staff_member_opens_the_chat(playground: Playground):
    sara = await playground.user("sara")

    replies = await sara.install()

    cards = [m for m in replies if m.cards]
    assert len(cards) == 1, [m.shown_text for m in replies]
    shown = cards[0].shown_text
    assert t("sv", "welcome.title", name="Sara Svensson") in shown
    # The demo organisation is loaded: the welcome names its DSO.
    assert "Dana Dataskyddsombud" in shown
    assert t("sv", "incident.offer.start") in shown
    assert t("en", "incident.offer.start") not in shown


async def test_help_lists_the_commands_of_the_persons_role(playground: Playground):
    dana, sara = await playground.user("dana"), await playground.user("sara")

    dso_help = (await dana.send("hjälp"))[-1].shown_text
    staff_help = (await sara.send("HJÄLP"))[-1].shown_text

    for help_text in (dso_help, staff_help):
        assert t("sv", "help.title") in help_text
        assert MY_CASES in help_text
    assert DSO_COMMANDS, "the catalog has DSO commands"
    for command in DSO_COMMANDS:
        assert command in dso_help
        assert command not in staff_help


async def test_english_locale_user_gets_english(playground: Playground):
    emma = await playground.user("emma")

    welcome = (await emma.install())[-1].shown_text
    help_text = (await emma.send("help"))[-1].shown_text

    assert t("en", "welcome.title", name="Emma Carter") in welcome
    assert t("en", "help.title") in help_text
    assert t("sv", "help.title") not in help_text


async def test_welcome_buttons_work_and_greeting_is_not_repeated_after_restart(
    playground: Playground,
):
    erik = await playground.user("erik")
    await erik.install()

    help_card = await erik.click(t("sv", "welcome.help"))
    assert t("sv", "help.title") in help_card[-1].shown_text

    await playground.restart_bot()
    again = await erik.install()  # e.g. the chat reopened: no second welcome
    assert not any(t("sv", "welcome.title", name="Erik Ek") in m.shown_text for m in again)
    assert t("sv", "help.title") in (await erik.send("hjälp"))[-1].shown_text


async def test_a_report_card_advances_in_place_when_answered_by_click(playground: Playground):
    sara = await playground.user("sara")
    await sara.install()

    await sara.click(t("sv", "incident.offer.start"))  # Action.Submit on the welcome card
    first = sara.messages[-1]
    assert t("sv", "incident.q.event") in first.shown_text

    await sara.click(t("sv", "common.next"), inputs={"flow_value": "breach"})  # Action.Execute

    assert sara.messages[-1] is first, "the answered card is replaced, no new message"
    assert t("sv", "incident.q.breach_type") in first.shown_text
    assert t("sv", "incident.q.event") not in first.shown_text
