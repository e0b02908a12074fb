"""The Teams activity handler: who is speaking, then a command, a dialog or a card action.

Kept thin: it translates Bot Framework activities into `Who` + text or card
data for the router, and the router's `Answer` back into activities.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import datetime
from http import HTTPStatus
from typing import Any

import aiohttp
from botbuilder.core import InvokeResponse, TurnContext
from botbuilder.core.teams import TeamsActivityHandler
from botbuilder.schema import ActivityTypes

from bot.channel.connector import ConnectorForbidden, ConnectorNotFound, ServiceUrlRefused
from bot.channel.dedupe import delivery_key_of
from bot.channel.files import (
    DOWNLOAD_INFO,
    LINK_SECONDS,
    MAX_UPLOAD_BYTES,
    FileDesk,
    UploadTooLarge,
    fetch_sent_file,
)
from bot.channel.inbound import tenant_of
from bot.channel.outgoing import (
    ADAPTIVE_CARD,
    attachment_activity,
    card_attachment_activity,
    to_activity,
)
from bot.channel.wire import to_wire
from bot.settings import Settings
from chat import router
from chat.ctx import Ctx
from chat.directory import Identified, Sender, identify, mark_welcomed
from chat.platform.welcome import welcome_for
from chat.registry import Registry
from chat.turn import Answer, Upload
from i18n import language_of, t
from storage.db import Database

log = logging.getLogger(__name__)

IDENTIFIED = "dsobot.identified"
MESSAGE = "application/vnd.microsoft.activity.message"
# Typing, reactions, message edits...: nothing to do, nobody to identify.
HANDLED = frozenset(
    {
        ActivityTypes.message,
        ActivityTypes.invoke,
        ActivityTypes.conversation_update,
        ActivityTypes.installation_update,
    }
)


class DsoBot(TeamsActivityHandler):
    def __init__(
        self,
        db: Database,
        settings: Settings,
        registry: Registry,
        clock: Callable[[], datetime] | None = None,
        wake: Callable[[], None] = lambda: None,
        files: FileDesk | None = None,
    ) -> None:
        self.db = db
        self.settings = settings
        self.registry = registry
        self.clock = clock
        self.files = files
        # Tells the outbox's dispatcher that a turn may have queued messages.
        self.wake = wake

    # -- every turn --------------------------------------------------------------

    async def on_turn(self, turn_context: TurnContext) -> None:
        activity = turn_context.activity
        if activity.from_property is None or activity.conversation is None:
            return
        if activity.type not in HANDLED:
            return
        identified = await identify(self.db, sender_of(turn_context))
        turn_context.turn_state[IDENTIFIED] = identified
        try:
            await super().on_turn(turn_context)
        except Exception:
            log.exception("turn failed")
            if activity.type == ActivityTypes.message:
                await _deliver(turn_context.send_activity(
                    t(identified.who.lang, "common.error_generic")))
            else:
                raise
        finally:
            self.wake()

    def _ctx(self, turn_context: TurnContext) -> Ctx:
        identified: Identified = turn_context.turn_state[IDENTIFIED]
        activity = turn_context.activity
        ctx = Ctx(self.db, self.settings.chat, identified.who, self.registry,
                  activity_key=delivery_key_of(activity.channel_id, activity.conversation.id,
                                               activity.id))
        if self.clock is not None:
            ctx.clock = self.clock
        return ctx

    # -- greeting once -----------------------------------------------------------

    async def on_installation_update_add(self, turn_context: TurnContext) -> None:
        await self._welcome_once(turn_context)

    async def on_conversation_update_activity(self, turn_context: TurnContext) -> None:
        # Only whether the bot or the sender joined matters here. The stock Teams
        # dispatch reads channelData's team and looks every member up through the
        # SDK's own connector; a conversationUpdate without channelData broke it.
        activity = turn_context.activity
        ids = {m.id for m in activity.members_added or []}
        recipient, sender = activity.recipient, activity.from_property
        if (recipient and recipient.id in ids) or (sender and sender.id in ids):
            await self._welcome_once(turn_context)

    async def _welcome_once(self, turn_context: TurnContext) -> bool:
        identified: Identified = turn_context.turn_state[IDENTIFIED]
        if identified.welcomed or not await mark_welcomed(self.db, identified.conversation_ref_id):
            return False
        card = await welcome_for(self.db, self.registry, identified.who)
        await _deliver(turn_context.send_activity(to_activity(card)))
        return True

    # -- messages and card actions -----------------------------------------------

    async def on_message_activity(self, turn_context: TurnContext) -> None:
        activity = turn_context.activity
        ctx = self._ctx(turn_context)
        sent_file = _sent_file(activity) if ctx.who.is_personal else None
        if sent_file is not None:
            await self._send(turn_context, await self._take_file(ctx, sent_file))
            return
        data = activity.value if isinstance(activity.value, dict) else None
        if data is not None and "action" in data:  # Action.Submit
            answer = await router.route_action(ctx, data)
            await self._send(turn_context, answer, replace_id=activity.reply_to_id)
            return
        if not ctx.who.is_personal:
            mention = _bot_mention(turn_context)
            if mention is None:
                return  # in shared chats we speak only when spoken to
            activity.text = (activity.text or "").replace(mention, " ", 1)
        # A person who writes before installing is greeted first; a group only on install.
        first_contact = ctx.who.is_personal and await self._welcome_once(turn_context)
        text = (activity.text or "").strip()
        if not text:
            if not first_contact:
                await self._send(turn_context, await router.route_text(ctx, "hjälp"))
            return
        await self._send(turn_context, await router.route_text(ctx, text))

    async def on_invoke_activity(self, turn_context: TurnContext) -> InvokeResponse:
        if turn_context.activity.name == "fileConsent/invoke":
            return await self._file_consent(turn_context)
        if turn_context.activity.name != "adaptiveCard/action":
            # Nothing else is declared in the manifest; whatever else arrives is
            # acknowledged and ignored (never a server error).
            return InvokeResponse(status=int(HTTPStatus.OK))
        # Answered here rather than through on_adaptive_card_invoke: the SDK's
        # serializer cannot carry the plain-text "message" response, and the
        # card is already a plain dict.
        value = turn_context.activity.value if isinstance(turn_context.activity.value, dict) else {}
        action = value.get("action") if isinstance(value.get("action"), dict) else None
        if action is None or action.get("type") != "Action.Execute":
            return InvokeResponse(status=int(HTTPStatus.BAD_REQUEST), body=_invoke_error(
                "BadRequest", "value.action must be an Action.Execute"))
        data = action.get("data") if isinstance(action.get("data"), dict) else {}
        data = {**data, "action": data.get("action") or action.get("verb")}
        ctx = self._ctx(turn_context)
        answer = await router.route_action(ctx, data)
        texts = [m for m in answer.messages if isinstance(m, str)]
        for message in answer.messages:
            if answer.replace_card is not None or not isinstance(message, str):
                await _deliver(turn_context.send_activity(to_activity(message)))
        await self._send_files(turn_context, ctx, answer)
        if answer.replace_card is not None:
            return _invoke_ok(ADAPTIVE_CARD, answer.replace_card)
        # No new card: the clicked card stays, and Teams shows this text with it.
        return _invoke_ok(MESSAGE, "\n\n".join(texts) or t(ctx.lang, "common.ok"))

    async def _send(
        self, turn_context: TurnContext, answer: Answer, *, replace_id: str | None = None
    ) -> None:
        if answer.replace_card is not None:
            if replace_id:
                await _deliver(turn_context.update_activity(
                    card_attachment_activity(answer.replace_card, replace_id)
                ))
            else:
                answer.messages.insert(0, answer.replace_card)
        for message in answer.messages:
            await _deliver(turn_context.send_activity(to_activity(message)))
        await self._send_files(turn_context, self._ctx(turn_context), answer)

    # -- files -------------------------------------------------------------------------

    async def _send_files(self, turn_context: TurnContext, ctx: Ctx, answer: Answer) -> None:
        """Each file offered: Teams' consent card, or a short-lived link where there is
        none (development mode, the Agents Playground). Only in the 1:1 chat."""
        if not answer.files or self.files is None or ctx.who.person_id is None \
                or not ctx.who.is_personal:
            return
        for offer in answer.files:
            if self.files.consent:
                attachment = self.files.consent_card(offer.path, offer.name,
                                                     offer.description, ctx.who.person_id)
                activity = attachment_activity(attachment)
            else:
                activity = to_activity(t(ctx.lang, "common.file_link", name=offer.name,
                                         url=self.files.link(offer.path, ctx.who.person_id),
                                         minutes=LINK_SECONDS // 60))
            await _deliver(turn_context.send_activity(activity))
        async with ctx.db.session() as session:
            await ctx.audit(session, "file.offered", "file", None,
                            files=[offer.name for offer in answer.files],
                            consent=self.files.consent)

    async def _take_file(self, ctx: Ctx, attachment: dict) -> Answer:
        """A file the person sent: fetched (size-limited, only from OneDrive) into the
        data directory, then offered to the capabilities."""
        if self.files is None:
            return Answer.text(t(ctx.lang, "bot.upload_failed"))
        try:
            fetched = await fetch_sent_file(
                attachment, self.settings.data_dir / "uploads",
                loopback=self.files.loopback_uploads, session=self.files.session())
        except UploadTooLarge:
            return Answer.text(t(ctx.lang, "bot.upload_too_large",
                                 mb=MAX_UPLOAD_BYTES // (1024 * 1024)))
        except aiohttp.ClientError:
            fetched = None
        if fetched is None:
            return Answer.text(t(ctx.lang, "bot.upload_failed"))
        path, name, file_type = fetched
        return await router.route_upload(ctx, Upload(path, name, file_type))

    async def _file_consent(self, turn_context: TurnContext) -> InvokeResponse:
        value = turn_context.activity.value if isinstance(turn_context.activity.value, dict) else {}
        ctx = self._ctx(turn_context)
        if value.get("action") == "accept" and self.files is not None:
            info = await self.files.accept(value, ctx.who.person_id)
            if info is None:
                await _deliver(turn_context.send_activity(t(ctx.lang, "common.file_failed")))
            else:
                await _deliver(turn_context.send_activity(attachment_activity(info)))
        else:
            await _deliver(turn_context.send_activity(t(ctx.lang, "common.file_declined")))
        return InvokeResponse(status=int(HTTPStatus.OK))


async def _deliver(sending: Awaitable[Any]) -> None:
    """Send an answer; one the Bot Connector refuses for good is logged, not retried.

    403 (blocked), 404 (no such conversation) and an address that is not a Bot
    Connector will not change on a redelivery: the turn's work is stored, so the
    turn ends normally. A connector still failing after its retries raises, the
    turn fails, and Teams delivers the activity again.
    """
    try:
        await sending
    except (ConnectorForbidden, ConnectorNotFound, ServiceUrlRefused) as error:
        log.warning("an answer could not be delivered: %s", error.status or "refused")


def _sent_file(activity: Any) -> dict | None:
    """Teams' download info of a file the person attached, if any."""
    for attachment in activity.attachments or []:
        if attachment.content_type == DOWNLOAD_INFO:
            return {"name": attachment.name, "content": attachment.content
                    if isinstance(attachment.content, dict) else {}}
    return None


def _invoke_ok(kind: str, value: object) -> InvokeResponse:
    return InvokeResponse(
        status=int(HTTPStatus.OK), body={"statusCode": 200, "type": kind, "value": value}
    )


def _invoke_error(code: str, message: str) -> dict[str, Any]:
    return {"statusCode": 400, "type": "application/vnd.microsoft.error",
            "value": {"code": code, "message": message}}


def _bot_mention(turn_context: TurnContext) -> str | None:
    """The text of the bot's @mention in this message (e.g. "<at>Dataskyddsboten</at>"),
    or None when the bot is not mentioned."""
    recipient = turn_context.activity.recipient
    for entity in turn_context.activity.entities or []:
        if str(entity.type).lower() != "mention":
            continue
        properties = entity.additional_properties or {}
        mentioned = properties.get("mentioned")
        if recipient is None or not isinstance(mentioned, dict) \
                or mentioned.get("id") != recipient.id:
            continue
        text = properties.get("text")
        return text if isinstance(text, str) and text else "<at></at>"
    return None


def sender_of(turn_context: TurnContext) -> Sender:
    activity = turn_context.activity
    channel_data = activity.channel_data if isinstance(activity.channel_data, dict) else {}
    # botbuilder maps the conversation's "tenantId" to an attribute it never fills, so
    # the raw field is handed over; one function reads the tenant for the edge and here.
    tenant = tenant_of({"channelData": channel_data, "conversation": {
        "tenantId": (activity.conversation.additional_properties or {}).get("tenantId")}})

    def reference_of() -> dict[str, Any]:
        return to_wire(TurnContext.get_conversation_reference(activity))

    return Sender(
        tenant_id=tenant,
        aad_object_id=activity.from_property.aad_object_id,
        teams_user_id=activity.from_property.id,
        name=activity.from_property.name,
        lang=language_of(activity.locale),
        channel_id=activity.channel_id or "msteams",
        conversation_id=activity.conversation.id,
        conversation_type=activity.conversation.conversation_type or "personal",
        service_url=activity.service_url,
        bot_id=activity.recipient.id if activity.recipient else None,
        reference_of=reference_of,
    )
