"""Messages the bot starts: to a person's 1:1 chat, through the stored reference."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from botbuilder.core import TurnContext
from botbuilder.schema import ChannelAccount, ConversationAccount, ConversationReference

from bot.channel.adapter import EdgeAdapter
from bot.channel.connector import ConnectorError
from bot.channel.outgoing import to_activity
from bot.channel.wire import to_wire
from storage.db import Database
from storage.repos import ConversationInfo, ConversationRepository, PeopleRepository

log = logging.getLogger(__name__)


class Proactive:
    def __init__(self, db: Database, adapter: Callable[[], EdgeAdapter]) -> None:
        self._db = db
        # The adapter exists once the web app has started; ask for it late.
        self._adapter = adapter

    async def notify(self, person_id: int, message: str | dict[str, Any]) -> bool:
        """Send to the person's 1:1 chat; False when they cannot be reached.

        Without a stored 1:1 chat, one is opened (Teams allows this when the app
        is installed for the person, e.g. by the admin's setup policy) and kept.
        """
        try:
            reference = await self._personal_reference(person_id)
            if reference is None:
                log.info("person %s cannot be reached in Teams yet", person_id)
                return False

            async def send(turn_context: TurnContext) -> None:
                await turn_context.send_activity(to_activity(message))

            await self._adapter().continue_conversation(reference, send)
        except ConnectorError as error:
            # 403: the person blocked or uninstalled the bot; 404: chat gone.
            log.warning("proactive message to person %s failed: %s", person_id, error)
            return False
        return True

    async def _personal_reference(self, person_id: int) -> ConversationReference | None:
        async with self._db.session(readonly=True) as session:
            row = await ConversationRepository(session).personal_for(person_id)
            if row is not None:
                return ConversationReference().deserialize(row.reference)
            person = await PeopleRepository(session).get(person_id)
            template = (
                await ConversationRepository(session).latest_in_tenant(person.tenant_id)
                if person is not None and person.tenant_id
                else None
            )
        if person is None or template is None or template.bot_id is None:
            return None
        # Teams takes the Entra object id where the Teams user id is not known yet.
        user_id = person.teams_user_id or person.aad_object_id
        if not user_id:
            return None
        conversation_id = await self._adapter().create_personal_conversation(
            template.service_url, tenant_id=person.tenant_id, user_id=user_id,
            bot_id=template.bot_id,
        )
        reference = ConversationReference(
            channel_id=template.channel_id,
            service_url=template.service_url,
            conversation=ConversationAccount(
                id=conversation_id, conversation_type="personal", tenant_id=person.tenant_id
            ),
            bot=ChannelAccount(id=template.bot_id),
            user=ChannelAccount(id=user_id, aad_object_id=person.aad_object_id),
        )
        async with self._db.session() as session:
            await ConversationRepository(session).save(
                ConversationInfo(
                    channel_id=template.channel_id,
                    conversation_id=conversation_id,
                    service_url=template.service_url,
                    reference=to_wire(reference),
                    conversation_type="personal",
                    tenant_id=person.tenant_id,
                    bot_id=template.bot_id,
                    person_id=person.id,
                )
            )
        return reference
