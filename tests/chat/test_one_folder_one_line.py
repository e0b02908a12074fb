"""A capability is one folder and one line: a tiny one, defined here, is installed next to
the real ones and works through the real handler (HTTP, JWT, the fake Bot Connector).

It has a command, a one-step flow whose result is stored with the dialog's
completion, and a card action through the record-action kernel (renaming the
person's own draft: load in the organisation, ownership, revision, one
transaction with its audit entry).
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from chat.ctx import Ctx
from chat.dialog_runner import Submission, complete
from chat.records import Access, Change, Changed, RecordAction, RecordType, Refused, act
from chat.registry import PERSONAL, Command, Feature, FlowSpec
from chat.turn import Answer
from dialogs.model import Flow, Kind, Step
from features import FEATURES
from i18n import t
from storage.models import FlowInstance
from storage.repos import AuditRepository
from tests.support.cards import action_named, cards_in, texts_of_card
from tests.support.harness import start_bot

SV = """
[tiny]
pong = "plong"
done = "Sparat: {name}"
renamed = "Omdöpt"
title = "Litet flöde"
ask = "Vad heter du?"
command = "Ett litet kommando."
"""
EN = SV.replace("plong", "plong-en")


async def _no_event(session: Any, record: Any, kind: str, actor: int, data: Any, at: Any) -> None:
    """This capability keeps no history beyond the audit trail."""


DRAFT = RecordType(name="draft", model=FlowInstance, add_event=_no_event,
                   updatable=frozenset({"step_id"}))


async def _rename(ctx: Ctx, session: Any, draft: FlowInstance, data: dict) -> Change:
    return Change({"step_id": "renamed"}, "renamed")


RENAME = RecordAction("draft.renamed", DRAFT, Access(owner_column="person_id"), _rename)


def tiny_feature(texts: Path) -> Feature:
    async def ping(ctx: Ctx, rest: str) -> Answer:
        return Answer.text(t(ctx.lang, "tiny.pong"))

    async def done(ctx: Ctx, submitted: Submission) -> Answer:
        instance = submitted.instance_id
        async with ctx.db.session() as session:
            row = await complete(session, submitted)
            await ctx.audit(session, "tiny.saved", "flow", instance)
        name = submitted.state["answers"]["name"]
        return Answer(replace_card={"type": "AdaptiveCard", "version": "1.5", "body": [
            {"type": "TextBlock", "text": f"saved {name}"}],
            "actions": [{"type": "Action.Execute", "verb": "tiny.rename",
                         "data": {"action": "tiny.rename", "draft": instance.hex,
                                  "rev": row.revision}}]})

    async def rename(ctx: Ctx, data: dict) -> Answer:
        result = await act(ctx, RENAME, data)
        if isinstance(result, Refused):
            return Answer.text("refused")
        assert isinstance(result, Changed)
        return Answer.text(t(ctx.lang, "tiny.renamed"))

    # It asks for a name, so a name is what it expects (the guard still minds numbers).
    step = Step("name", "tiny.ask", Kind.SHORT_TEXT, names_expected=True)
    flow = Flow("tiny", 1, "tiny.title", (step,))
    return Feature(
        name="tiny", texts=texts,
        commands=(Command("ping", {"sv": ("pling",), "en": ("ping",)}, "everyone", ping,
                          "tiny.command", manifest_scopes=(PERSONAL,)),),
        actions={"tiny.rename": rename},
        flows=(FlowSpec(flow, done),),
    )


async def test_a_capability_defined_in_a_test_works_through_the_real_handler(tmp_path: Path):
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "sv.toml").write_text(SV, encoding="utf-8")
    (texts / "en.toml").write_text(EN, encoding="utf-8")
    bot, stops = await start_bot(tmp_path, features=(*FEATURES, tiny_feature(texts)))
    try:
        org = await bot.add_organisation("ks", "Kommunstyrelsen")
        anna, olle = bot.user("Anna"), bot.user("Olle")
        await anna.install()
        await olle.install()

        [pong] = await anna.say("pling")
        assert pong["text"] == "plong"

        [question] = cards_in(await anna.submit({"action": "flow.start", "flow": "tiny"}))
        assert "Vad heter du?" in texts_of_card(question)
        await anna.say("Anna")  # a first name alone: a full name would stop at the guard
        [saved] = cards_in(await anna.say("skicka"))
        assert "saved Anna" in texts_of_card(saved)

        rename = action_named(saved, "tiny.rename")["data"]
        body, _ = await olle.execute(rename)  # not Olle's draft
        assert body["value"] == "refused"
        body, _ = await anna.execute(rename)
        assert body["value"] == "Omdöpt"
        async with bot.db.session(readonly=True) as session:
            trail = await AuditRepository(session).for_record(
                org, "draft", uuid.UUID(rename["draft"]))
        assert [e.action for e in trail] == ["draft.refused.not_owner", "draft.renamed"]
    finally:
        for stop in stops:
            await stop()
