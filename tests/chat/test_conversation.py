"""A person meets the bot: welcome once, help by role, about, my cases, languages, groups."""

from __future__ import annotations

from i18n import t
from tests.support.cards import cards_in, texts_of_card
from tests.support.harness import BotUnderTest


async def test_install_greets_once_in_swedish(bot: BotUnderTest) -> None:
    await bot.add_organisation("ks", "Kommunstyrelsen")
    anna = bot.user("Anna Andersson")

    first = await anna.install()
    again = await anna.install()

    welcome = cards_in(first)
    assert len(welcome) == 1
    assert "Anna Andersson" in texts_of_card(welcome[0])
    assert "Kommunstyrelsen" in texts_of_card(welcome[0])
    assert welcome[0]["lang"] == "sv"
    assert again == []  # reconnects and reinstalls do not greet again


async def test_first_message_without_install_is_greeted_then_answered(bot: BotUnderTest) -> None:
    await bot.add_organisation("ks", "Kommunstyrelsen")
    anna = bot.user("Anna")

    messages = await anna.say("hjälp")

    shown = [texts_of_card(c) for c in cards_in(messages)]
    assert len(shown) == 2  # welcome, then the help asked for
    assert t("sv", "help.title") in shown[1]
    assert len(cards_in(await anna.say("hjälp"))) == 1  # no second welcome


async def test_english_locale_gets_english(bot: BotUnderTest) -> None:
    await bot.add_organisation("ks", "Kommunstyrelsen")
    eve = bot.user("Eve", locale="en-GB")

    [welcome] = cards_in(await eve.install())
    [help_card] = cards_in(await eve.say("help"))

    assert welcome["lang"] == "en" and help_card["lang"] == "en"
    assert t("en", "help.title") in texts_of_card(help_card)
    for swedish in ("incident.commands.report", "incident.offer.start"):
        assert t("sv", swedish) not in texts_of_card(help_card)


async def test_help_depends_on_role(bot: BotUnderTest) -> None:
    org = await bot.add_organisation("ks", "Kommunstyrelsen")
    staff, dso = bot.user("Staffan"), bot.user("Dana")
    await bot.grant(dso, org, "dso")
    await staff.install()
    await dso.install()

    [staff_help] = cards_in(await staff.say("HJÄLP"))
    [dso_help] = cards_in(await dso.say("hjalp"))

    assert t("sv", "help.group_dso") not in texts_of_card(staff_help)
    assert t("sv", "help.group_dso") in texts_of_card(dso_help)
    assert t("sv", "incident.commands.incidents") in texts_of_card(dso_help)


async def test_dso_command_refused_for_staff(bot: BotUnderTest) -> None:
    await bot.add_organisation("ks", "Kommunstyrelsen")
    staff = bot.user("Staffan")
    await staff.install()

    [reply] = await staff.say("incidenter")

    assert reply["text"] == t("sv", "bot.not_allowed")


async def test_about_names_the_dso(bot: BotUnderTest) -> None:
    org = await bot.add_organisation("ks", "Kommunstyrelsen")
    dso = bot.user("Dana Dataskyddsombud")
    await bot.grant(dso, org, "dso", email="dana@example.se")
    anna = bot.user("Anna")
    await anna.install()

    [about] = cards_in(await anna.say("om"))

    text = texts_of_card(about)
    assert "Dana Dataskyddsombud" in text and "dana@example.se" in text
    assert t("sv", "about.complaint") in text


async def test_my_cases_is_empty_at_first(bot: BotUnderTest) -> None:
    await bot.add_organisation("ks", "Kommunstyrelsen")
    anna = bot.user("Anna")
    await anna.install()

    [cases] = cards_in(await anna.say("mina ärenden"))

    assert t("sv", "cases.empty") in texts_of_card(cases)


async def test_unknown_text_gets_help_not_silence(bot: BotUnderTest) -> None:
    await bot.add_organisation("ks", "Kommunstyrelsen")
    anna = bot.user("Anna")
    await anna.install()

    [reply] = cards_in(await anna.say("vad är klockan?"))

    assert t("sv", "help.title") in texts_of_card(reply)


async def test_welcome_buttons_work_as_submit(bot: BotUnderTest) -> None:
    await bot.add_organisation("ks", "Kommunstyrelsen")
    anna = bot.user("Anna")
    [welcome] = cards_in(await anna.install())
    help_button = next(
        a for a in welcome["actions"] if a["data"].get("command") == "help"
    )

    [reply] = cards_in(await anna.submit(help_button["data"]))

    assert t("sv", "help.title") in texts_of_card(reply)


async def test_organisation_is_asked_once_when_there_are_several(bot: BotUnderTest) -> None:
    await bot.add_organisation("ks", "Kommunstyrelsen")
    bun = await bot.add_organisation("bun", "Barn- och utbildningsnämnden")
    anna = bot.user("Anna")
    await anna.install()

    [question] = cards_in(await anna.say("mina ärenden"))
    assert t("sv", "bot.choose_organisation_title") in texts_of_card(question)

    [refused] = cards_in(await anna.submit({"action": "org.choose", "organisation": "999"}))
    assert t("sv", "bot.organisation_invalid") in texts_of_card(refused)

    [chosen] = await anna.submit({"action": "org.choose", "organisation": str(bun)})
    assert chosen["text"] == t("sv", "bot.organisation_chosen",
                               organisation="Barn- och utbildningsnämnden")

    [cases] = cards_in(await anna.say("mina ärenden"))
    assert t("sv", "cases.empty") in texts_of_card(cases)
    [again] = await anna.submit({"action": "org.choose", "organisation": str(bun)})
    assert again["text"] == t("sv", "bot.organisation_already")


async def test_group_chat_answers_only_when_mentioned(bot: BotUnderTest) -> None:
    await bot.add_organisation("ks", "Kommunstyrelsen")
    anna = bot.user("Anna")
    anna.conversation_id, anna.conversation_type = "19:group@thread.v2", "groupChat"
    mention = {
        "type": "mention",
        "text": "<at>Dataskyddsboten</at>",
        "mentioned": {"id": "28:00000000-0000-4000-8000-00000000b07", "name": "Dataskyddsboten"},
    }

    assert await anna.say("hjälp") == []
    [help_card] = cards_in(
        await anna.say("<at>Dataskyddsboten</at> hjälp", entities=[mention])
    )
    assert t("sv", "help.title") in texts_of_card(help_card)
    [private] = await anna.say("<at>Dataskyddsboten</at> mina ärenden", entities=[mention])
    assert private["text"] == t("sv", "bot.private_only", command="mina ärenden")
