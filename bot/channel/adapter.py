"""A lean channel adapter on botbuilder-core's BotAdapter and TurnContext.

It keeps botbuilder's object model (Activity, TurnContext, ActivityHandler) so
the handler is ordinary botbuilder code, but sends through our own
ConnectorClient (one pooled aiohttp session) instead of building msrest clients
per turn. Authentication happens before a turn reaches this class (bot.channel.auth).
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable
from http import HTTPStatus
from typing import Any

from botbuilder.core import BotAdapter, InvokeResponse, TurnContext
from botbuilder.core.conversation_reference_extension import get_continuation_activity
from botbuilder.schema import (
    Activity,
    ActivityEventNames,
    ActivityTypes,
    ConversationAccount,
    ConversationParameters,
    ConversationReference,
    DeliveryModes,
    ExpectedReplies,
    ResourceResponse,
)
from botbuilder.schema.teams import TeamsChannelAccount
from botframework.connector.auth import ClaimsIdentity

from bot.channel.connector import ConnectorClient
from bot.channel.wire import to_wire

Logic = Callable[[TurnContext], Awaitable[Any]]

BOTFRAMEWORK_OAUTH_SCOPE = "https://api.botframework.com"


class EdgeAdapter(BotAdapter):
    # Where a turn finds our connector, e.g. for `get_conversation_member`.
    CONNECTOR_KEY = "bot.channel.adapter.ConnectorClient"

    def __init__(self, connector: ConnectorClient, *, app_id: str = "") -> None:
        super().__init__()
        self.connector = connector
        self.app_id = app_id

    async def process_activity(
        self, activity: Activity, claims: dict[str, Any], logic: Logic
    ) -> InvokeResponse | None:
        """Run one inbound turn; returns what the HTTP response must carry, if anything."""
        context = self._turn_context(activity, claims, logic)
        await self.run_pipeline(context, logic)
        return _turn_result(context)

    async def continue_conversation(
        self,
        reference: ConversationReference,
        callback: Logic,
        bot_id: str | None = None,
        claims_identity: ClaimsIdentity | None = None,
        audience: str | None = None,
    ) -> None:
        """Run `callback` in a proactive turn on a stored conversation reference.

        Messages sent in this turn start a new message in the conversation, or reply
        to `reference.activity_id` when the reference has one (a channel thread).
        botbuilder gives the continuation activity a random id, which would turn every
        proactive message into a reply to an activity that does not exist.
        """
        activity = get_continuation_activity(reference)
        activity.id = reference.activity_id
        claims = claims_identity.claims if claims_identity else {"aud": bot_id or self.app_id}
        context = self._turn_context(activity, claims, callback)
        await self.run_pipeline(context, callback)

    async def create_conversation(
        self,
        reference: ConversationReference,
        logic: Logic | None = None,
        conversation_parameters: ConversationParameters | None = None,
        channel_id: str | None = None,
        service_url: str | None = None,
        credentials: object = None,
    ) -> str:
        """Create a conversation (botbuilder's signature) and return its id.

        With `logic`, a `CreateConversation` event turn runs in the new conversation,
        as botbuilder's adapters do, so `logic` can send the first message.
        """
        if conversation_parameters is None:
            raise TypeError("conversation_parameters are required")
        service_url = service_url or reference.service_url
        channel_id = channel_id or reference.channel_id
        created = await self.connector.create_conversation(
            service_url, to_wire(conversation_parameters)
        )
        conversation_id = created["id"]
        if logic is not None:
            event = Activity(
                type=ActivityTypes.event,
                name=ActivityEventNames.create_conversation,
                id=created.get("activityId") or str(uuid.uuid4()),
                channel_id=channel_id,
                service_url=created.get("serviceUrl") or service_url,
                conversation=ConversationAccount(
                    id=conversation_id, tenant_id=conversation_parameters.tenant_id
                ),
                channel_data=conversation_parameters.channel_data,
                recipient=conversation_parameters.bot,
            )
            context = self._turn_context(event, {"aud": self.app_id}, logic)
            await self.run_pipeline(context, logic)
        return conversation_id

    async def create_personal_conversation(
        self, service_url: str, *, tenant_id: str, user_id: str, bot_id: str
    ) -> str:
        """Open (or find) the 1:1 chat between the bot and a user; returns its id.

        `bot_id` is the bot's channel account id (e.g. from a stored reference's `bot`).
        """
        parameters = {
            "isGroup": False,
            "bot": {"id": bot_id},
            "members": [{"id": user_id}],
            "tenantId": tenant_id,
            "channelData": {"tenant": {"id": tenant_id}},
        }
        created = await self.connector.create_conversation(service_url, parameters)
        return created["id"]

    async def get_conversation_member(
        self, service_url: str, conversation_id: str, member_id: str
    ) -> TeamsChannelAccount:
        member = await self.connector.get_conversation_member(
            service_url, conversation_id, member_id
        )
        return TeamsChannelAccount().deserialize(member)

    async def send_activities(
        self, context: TurnContext, activities: list[Activity]
    ) -> list[ResourceResponse]:
        responses = []
        for activity in activities:
            activity.id = None
            answer: dict = {}
            if activity.type == "delay":
                await asyncio.sleep((activity.value or 1000) / 1000)
            elif activity.type == ActivityTypes.invoke_response:
                # Not sent anywhere: it becomes the body of the HTTP response.
                context.turn_state[self._INVOKE_RESPONSE_KEY] = activity
            elif activity.type == ActivityTypes.trace:
                pass  # traces are for the Emulator, which we do not serve
            elif activity.reply_to_id:
                answer = await self.connector.reply_to_activity(
                    activity.service_url,
                    activity.conversation.id,
                    activity.reply_to_id,
                    to_wire(activity),
                )
            else:
                answer = await self.connector.send_to_conversation(
                    activity.service_url, activity.conversation.id, to_wire(activity)
                )
            responses.append(ResourceResponse(id=answer.get("id", "")))
        return responses

    async def update_activity(self, context: TurnContext, activity: Activity):
        answer = await self.connector.update_activity(
            activity.service_url, activity.conversation.id, activity.id, to_wire(activity)
        )
        return ResourceResponse(id=answer["id"]) if answer.get("id") else None

    async def delete_activity(self, context: TurnContext, reference: ConversationReference):
        await self.connector.delete_activity(
            reference.service_url, reference.conversation.id, reference.activity_id
        )

    def _turn_context(
        self, activity: Activity, claims: dict[str, Any], logic: Logic
    ) -> TurnContext:
        context = TurnContext(self, activity)
        context.turn_state[self.BOT_IDENTITY_KEY] = ClaimsIdentity(claims, bool(claims))
        context.turn_state[self.BOT_CALLBACK_HANDLER_KEY] = logic
        context.turn_state[self.BOT_OAUTH_SCOPE_KEY] = BOTFRAMEWORK_OAUTH_SCOPE
        context.turn_state[self.CONNECTOR_KEY] = self.connector
        return context


def _turn_result(context: TurnContext) -> InvokeResponse | None:
    """What botbuilder's CloudAdapter would put in the HTTP response for this turn."""
    if context.activity.delivery_mode == DeliveryModes.expect_replies:
        replies = ExpectedReplies(activities=context.buffered_reply_activities)
        return InvokeResponse(status=HTTPStatus.OK, body=replies.serialize())
    if context.activity.type != ActivityTypes.invoke:
        return None
    captured = context.turn_state.get(BotAdapter._INVOKE_RESPONSE_KEY)
    if captured is None or captured.value is None:
        # An invoke the bot has nothing to say to: acknowledged, never a server error.
        return InvokeResponse(status=HTTPStatus.OK)
    response = captured.value
    if isinstance(response, InvokeResponse):
        return InvokeResponse(status=response.status, body=json_body(response.body))
    if isinstance(response, dict) and "status" in response:
        return InvokeResponse(status=response["status"], body=json_body(response.get("body")))
    return InvokeResponse(status=HTTPStatus.OK, body=json_body(response))


def json_body(body: object) -> object:
    """An invoke body as plain JSON data (botbuilder models are serialised)."""
    return to_wire(body)
