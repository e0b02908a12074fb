"""Reporting an incident in chat, as staff: clicking, typing, cancelling, resuming after restart."""

from __future__ import annotations

from pathlib import Path

from features.incidents.repo import IncidentRepository
from i18n import t
from tests.features.incidents.steps import report_by_clicking, report_by_typing, step_of
from tests.support.cards import actions_of, cards_in, texts_of_card
from tests.support.harness import BotUnderTest, click, start_bot
from tests.support.texts import text_pattern


async def _org_with_dso(bot: BotUnderTest) -> tuple[int, object]:
    org = await bot.add_organisation("bun", "Barn- och utbildningsnämnden")
    dso = bot.user("Dana Dataskyddsombud")
    await bot.grant(dso, org, "dso", email="dana@example.se")
    await dso.install()
    return org, dso


async def test_report_by_clicking_only_alerts_the_dso(bot: BotUnderTest) -> None:
    _, dso = await _org_with_dso(bot)
    staff = bot.user("Stina Skola")
    await staff.install()

    [first] = cards_in(await staff.say("rapportera incident"))
    assert step_of(first) == "event"  # a breach, or a near miss
    confirmation = await report_by_clicking(staff, first)

    shown = texts_of_card(confirmation)
    assert "PUI-" in shown and "Dana Dataskyddsombud" in shown
    [alert] = cards_in(dso.new_messages())
    alert_text = texts_of_card(alert)
    reference = next(w for w in shown.replace("*", " ").split() if w.startswith("PUI-"))
    assert reference in alert_text
    assert text_pattern("sv", "dso.clock.left").search(alert_text)  # the time left
    # The reporter sees the case in "my cases".
    [cases] = cards_in(await staff.say("mina ärenden"))
    assert reference in texts_of_card(cases)


async def test_report_by_typing_only(bot: BotUnderTest) -> None:
    _, dso = await _org_with_dso(bot)
    staff = bot.user("Stina Skola")
    await staff.install()

    [first] = cards_in(await staff.say("rapportera incident"))
    messages = await report_by_typing(staff, first)

    [confirmation] = cards_in(messages)
    assert "PUI-" in texts_of_card(confirmation)
    assert len(cards_in(dso.new_messages())) == 1


async def test_wrong_typed_answer_is_explained_and_nothing_is_lost(bot: BotUnderTest) -> None:
    await _org_with_dso(bot)
    staff = bot.user("Stina Skola")
    await staff.install()
    [card] = cards_in(await staff.say("rapportera incident"))
    [card] = cards_in(await staff.say("1"))  # a breach
    [card] = cards_in(await staff.say("1"))  # breach type answered
    assert step_of(card) == "description"

    [card] = cards_in(await staff.say("tillbaka"))
    assert step_of(card) == "breach_type"
    [again] = cards_in(await staff.say("42"))

    assert step_of(again) == "breach_type"
    assert texts_of_card(again) != texts_of_card(card)  # an explanation was added
    [card] = cards_in(await staff.say("2"))
    assert step_of(card) == "description"


async def test_cancel_midway_needs_confirmation(bot: BotUnderTest) -> None:
    _, dso = await _org_with_dso(bot)
    staff = bot.user("Stina Skola")
    await staff.install()
    [card] = cards_in(await staff.say("rapportera incident"))
    card, _ = await click(staff, card, "flow.answer", flow_value="breach")
    card, _ = await click(staff, card, "flow.answer", flow_value="loss")

    confirm, _ = await click(staff, card, "flow.cancel")
    assert t("sv", "dialog.cancel.title") in texts_of_card(confirm)
    cancelled, _ = await click(staff, confirm, "flow.cancel_confirm")

    assert cancelled is not None and step_of(cancelled) is None
    [cases] = cards_in(await staff.say("mina ärenden"))
    assert t("sv", "cases.empty") in texts_of_card(cases)
    assert dso.new_messages() == []
    # A new report starts from the beginning.
    [fresh] = cards_in(await staff.say("rapportera incident"))
    assert step_of(fresh) == "event"


async def test_half_finished_report_survives_a_restart(tmp_path: Path) -> None:
    bot, stops = await start_bot(tmp_path)
    try:
        await _org_with_dso(bot)
        staff = bot.user("Stina Skola")
        await staff.install()
        [card] = cards_in(await staff.say("rapportera incident"))
        for text in ("1", "1", "Ett mejl gick till fel mottagare.", "igår 9:15"):
            [card] = cards_in(await staff.say(text))
        assert step_of(card) == "discovered_at"
    finally:
        for stop in stops:
            await stop()

    # Same database, new process state: the report continues at the same step.
    restarted, stops = await start_bot(tmp_path)
    try:
        staff.bot = restarted
        restarted.connector.activities[staff.conversation_id] = []
        staff.seen = 0
        [busy] = cards_in(await staff.say("rapportera incident"))
        resumed, _ = await click(staff, busy, "flow.resume")
        assert resumed is not None and step_of(resumed) == "discovered_at"
        [card] = cards_in(await staff.say("igår 10:00"))
        assert step_of(card) == "aware_at"
        summary = card
        for text in ("igår 11", "nej", "igår 12", "3", "1", "1", "personal", "10", "10",
                     "nej", "3", "vet inte", "oro", "vet inte", "hoppa över", "nej",
                     "hoppa över", "Kansliet", "hoppa över"):
            [summary] = cards_in(await staff.say(text))
        assert "Ett mejl gick till fel mottagare." in texts_of_card(summary)
    finally:
        for stop in stops:
            await stop()


async def test_starting_again_offers_to_continue_or_pause(bot: BotUnderTest) -> None:
    await _org_with_dso(bot)
    staff = bot.user("Stina Skola")
    await staff.install()
    await staff.say("rapportera incident")
    await staff.say("1")
    await staff.say("1")

    [busy] = cards_in(await staff.say("rapportera incident"))
    fresh, _ = await click(staff, busy, "flow.pause_and_start")

    assert fresh is not None and step_of(fresh) == "event"  # the busy card became it
    # The paused report is listed in "my cases" and can be continued where it was.
    [cases] = cards_in(await staff.say("mina ärenden"))
    # The new one and the paused one.
    assert texts_of_card(cases).count(t("sv", "cases.continue")) == 2
    paused = [a for a in actions_of(cases) if a["data"].get("action") == "flow.resume_draft"][-1]
    [resumed] = cards_in(await staff.submit(paused["data"]))
    assert step_of(resumed) == "description"
    [again] = cards_in(await staff.say("mina ärenden"))
    assert texts_of_card(again).count(t("sv", "cases.continue")) == 2  # the other one is paused


async def test_clients_without_execute_fall_back_to_submit_and_card_updates(
    bot: BotUnderTest,
) -> None:
    await _org_with_dso(bot)
    staff = bot.user("Stina Skola")
    await staff.install()
    [message] = await staff.say("rapportera incident")
    card = message["attachments"][0]["content"]
    fallback = next(a for a in card["actions"] if a["data"]["action"] == "flow.answer")["fallback"]
    assert fallback["type"] == "Action.Submit"

    new = await staff.submit({**fallback["data"], "flow_value": "breach"},
                             reply_to=message["id"])

    assert new == []  # nothing new in the chat: the same card moved on
    [update] = bot.connector.updates[staff.conversation_id]
    assert update["id"] == message["id"]
    assert step_of(update["attachments"][0]["content"]) == "breach_type"


async def test_identity_number_in_free_text_is_caught_and_masked(bot: BotUnderTest) -> None:
    await _org_with_dso(bot)
    staff = bot.user("Stina Skola")
    await staff.install()
    await staff.say("rapportera incident")
    await staff.say("1")
    await staff.say("1")

    [warning] = cards_in(await staff.say("Betyget för 811218-9876 mejlades till fel adress."))
    found = t("sv", "dialog.pii.text", kinds=t("sv", "dialog.pii.kinds.personnummer"))
    assert found in texts_of_card(warning)
    assert "811218-9876" not in texts_of_card(warning)  # the warning shows the masked text

    masked, _ = await click(staff, warning, "flow.pii_mask")
    assert masked is not None and step_of(masked) == "occurred_at"
    back, _ = await click(staff, masked, "flow.back")
    assert "811218-9876" not in texts_of_card(back)
    assert "Betyget för" in texts_of_card(back)


async def test_number_kept_on_purpose_flags_the_record(bot: BotUnderTest) -> None:
    org, _ = await _org_with_dso(bot)
    staff = bot.user("Stina Skola")
    await staff.install()
    await staff.say("rapportera incident")
    await staff.say("1")
    await staff.say("1")
    [warning] = cards_in(await staff.say("Gäller 811218-9876, behövs för utredningen."))

    kept, _ = await click(staff, warning, "flow.pii_keep")
    await report_by_typing(staff, kept)

    async with bot.db.session() as session:
        [incident] = await IncidentRepository(session).for_organisation(org)
    assert incident.pii_flag is True
    assert "811218-9876" in incident.answers["description"]


async def test_dso_who_never_opened_the_chat_still_gets_the_alert(bot: BotUnderTest) -> None:
    org = await bot.add_organisation("bun", "Barn- och utbildningsnämnden")
    dso = bot.user("Dana Dataskyddsombud")
    await bot.grant(dso, org, "dso")  # configured, but has never written to the bot
    staff = bot.user("Stina Skola")
    await staff.install()

    [first] = cards_in(await staff.say("rapportera incident"))
    await report_by_clicking(staff, first)

    [opened] = bot.connector.created
    assert opened["members"] == [{"id": dso.aad_id}]
    conversation = next(
        c for c, activities in bot.connector.activities.items()
        if c not in {staff.conversation_id} and activities
    )
    [alert] = cards_in(bot.connector.activities[conversation])
    assert "PUI-" in texts_of_card(alert)
