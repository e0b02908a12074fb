"""`rättigheter` / `rights`, its topic buttons, and typed questions about rights.

A typed question is matched to a topic (`rules.matching`: a synonym table, then
fuzzy likeness); only a clear winner is answered. Anything else is "I am not sure"
with the question ready to send to the DSO: a wrong right would be worse than none.
"""

from __future__ import annotations

import uuid
from typing import Any

from chat.ctx import Ctx
from chat.dialog_runner import start_flow
from chat.turn import Answer
from compliance import pii
from features.rights.cards.explainer import LOG_FLOW, ask_card, menu_card, topic_card
from features.rights.rules.matching import looks_like_rights_question, match
from features.rights.rules.topics import Topic


def answer_question(ctx: Ctx, question: str) -> Answer:
    found = match(question)
    if found.topic is None:
        closest = found.best or found.runner_up
        hint = closest.value if closest else None
        return Answer.card(ask_card(ctx.lang, uuid.uuid4().hex, question=question, hint=hint,
                                    intro_key="rights.explainer.not_sure"))
    # The words that decided are shown back (masked): the person can see why.
    matched = tuple(pii.mask(w, ctx.lang) for w in found.matched)
    return Answer.card(topic_card(ctx.lang, found.topic, question=question, matched=matched))


async def rights(ctx: Ctx, rest: str) -> Answer:
    """`rättigheter` alone: the topics; with words: the topic they ask about."""
    if not rest.strip():
        return Answer.card(menu_card(ctx.lang))
    return answer_question(ctx, rest.strip())


async def log_request(ctx: Ctx, rest: str) -> Answer:
    """`registrera begäran`: the guided logging of a request, as its button does."""
    return await start_flow(ctx, LOG_FLOW)


async def show_topic(ctx: Ctx, data: dict[str, Any]) -> Answer:
    try:
        topic = Topic(str(data.get("topic")))
    except ValueError:
        return Answer.card(menu_card(ctx.lang))
    return Answer.card(topic_card(ctx.lang, topic))


async def typed_question(ctx: Ctx, text: str) -> Answer | None:
    """A 1:1 message nothing else took: answered here when it is about rights."""
    if not looks_like_rights_question(text):
        return None
    return answer_question(ctx, text)
