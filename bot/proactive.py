"""Messages the bot starts: to a person's 1:1 chat, through the stored reference."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from botbuilder.core import TurnContext
from botbuilder.schema import ConversationReference

from bot.adapter import EdgeAdapter
from bot.connector import ConnectorError
from bot.outgoing import to_activity
from storage.db import Database
from storage.repos import ConversationRepository

log = logging.getLogger(__name__)


class Proactive:
    def __init__(self, db: Database, adapter: Callable[[], EdgeAdapter]) -> None:
        self._db = db
        # The adapter exists once the web app has started; ask for it late.
        self._adapter = adapter

    async def notify(self, person_id: int, message: str | dict[str, Any]) -> bool:
        """Send to the person's 1:1 chat; False when they cannot be reached."""
        async with self._db.session(readonly=True) as session:
            row = await ConversationRepository(session).personal_for(person_id)
        if row is None:
            log.info("person %s has no 1:1 chat with the bot yet", person_id)
            return False
        reference = ConversationReference().deserialize(row.reference)

        async def send(turn_context: TurnContext) -> None:
            await turn_context.send_activity(to_activity(message))

        try:
            await self._adapter().continue_conversation(reference, send)
        except ConnectorError as error:
            # 403: the person blocked or uninstalled the bot; 404: chat gone.
            log.warning("proactive message to person %s failed: %s", person_id, error)
            return False
        return True
