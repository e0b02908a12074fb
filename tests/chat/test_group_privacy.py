"""What people write is never repeated where others can read it; greetings get a
greeting. (Issue: personal data echoed into a group chat.)"""

from __future__ import annotations

import json

from i18n import t
from tests.support.cards import cards_in, texts_of_card
from tests.support.harness import BotUnderTest, Person

BOT = "28:00000000-0000-4000-8000-00000000b07"
MENTION = {"type": "mention", "text": "<at>Dataskyddsboten</at>",
           "mentioned": {"id": BOT, "name": "Dataskyddsboten"}}


async def _in_a_group(bot: BotUnderTest, name: str = "Anna Andersson") -> Person:
    await bot.add_organisation("ks", "Kommunstyrelsen")
    anna = bot.user(name)
    await anna.install()  # her 1:1 chat exists
    anna.conversation_id, anna.conversation_type = "19:group@thread.v2", "groupChat"
    anna.seen = 0
    return anna


async def test_a_personnummer_in_a_group_mention_is_never_posted_to_the_group(bot):
    anna = await _in_a_group(bot)
    said = "<at>Dataskyddsboten</at> Kalle Andersson 19811218-9876 fick fel mejl"

    replies = await anna.say(said, entities=[MENTION])

    group = json.dumps(bot.connector.activities["19:group@thread.v2"], ensure_ascii=False)
    assert "9876" not in group and "Kalle" not in group and "fel mejl" not in group
    assert [r["text"] for r in replies] == [t("sv", "bot.moved_private")]
    # The conversation moves to Anna's own chat, with the way to report it there.
    private = [a for c, acts in bot.connector.activities.items() if c != anna.conversation_id
               for a in acts]
    [offer] = cards_in(private[-1:])
    assert t("sv", "bot.private_offer_title") in texts_of_card(offer)
    assert "9876" not in json.dumps(offer) and "Kalle" not in json.dumps(offer)
    assert any(a["data"].get("flow") == "incident" for a in offer["actions"])


async def test_an_incident_mention_without_numbers_also_moves_to_the_private_chat(bot):
    anna = await _in_a_group(bot)
    replies = await anna.say("<at>Dataskyddsboten</at> jag har skickat en lista till fel "
                             "mottagare", entities=[MENTION])
    assert [r["text"] for r in replies] == [t("sv", "bot.moved_private")]
    assert "lista" not in json.dumps(bot.connector.activities["19:group@thread.v2"])


async def test_something_else_not_understood_in_a_group_is_not_quoted(bot):
    anna = await _in_a_group(bot)
    [card] = cards_in(await anna.say("<at>Dataskyddsboten</at> vad tycker du om lunchen",
                                     entities=[MENTION]))
    shown = texts_of_card(card)
    assert t("sv", "help.unknown_plain") in shown
    assert "lunchen" not in json.dumps(card, ensure_ascii=False)


async def test_in_the_private_chat_only_a_short_masked_excerpt_is_quoted(bot):
    await bot.add_organisation("ks", "Kommunstyrelsen")
    anna = bot.user("Anna Andersson")
    await anna.install()
    said = "19811218-9876 " + "och en mycket lång förklaring om vad som hände " * 3

    [card] = cards_in(await anna.say(said))

    encoded = json.dumps(card, ensure_ascii=False)
    assert "9876" not in encoded
    assert "[personnummer]" in texts_of_card(card).replace("\\", "")  # masked, made inert
    assert "förklaring om vad som hände och" not in encoded  # cut short


async def test_hello_thanks_and_goodbye_get_a_friendly_answer(bot):
    await bot.add_organisation("ks", "Kommunstyrelsen")
    anna = bot.user("Anna Andersson")
    await anna.install()
    assert [m["text"] for m in await anna.say("Hej!")] == [
        t("sv", "smalltalk.hello_name", name="Anna")]
    assert [m["text"] for m in await anna.say("tack så mycket")] == [t("sv", "smalltalk.thanks")]
    assert [m["text"] for m in await anna.say("hejdå")] == [t("sv", "smalltalk.bye")]
    emma = bot.user("Emma Carter", locale="en-GB")
    await emma.install()
    assert [m["text"] for m in await emma.say("thanks")] == [t("en", "smalltalk.thanks")]
