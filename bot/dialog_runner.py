"""Runs guided dialogs (dialogs/) against the database for a person in a chat."""

from __future__ import annotations

from bot.context import Ctx
from bot.turn import Answer


async def answer_typed(ctx: Ctx, text: str) -> Answer | None:
    """A typed answer to the person's active dialog, or None when there is none."""
    return None
