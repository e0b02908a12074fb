""""Skicka igen" / "Resend" on the DSO's list of messages that did not arrive: the
message goes back in the queue, due now, with its attempts counted afresh. Only the
organisation's DSO or admin may, only for a message of that organisation that is
undeliverable or failed; a second click finds it queued already and says so."""

from __future__ import annotations

from typing import Any

from sqlalchemy import update

from cards.safe import inert
from chat.ctx import Ctx
from chat.turn import Answer
from features.reminders.handlers.settings import may_manage, overview, refuse
from features.reminders.queue import LOST
from features.reminders.views import person_name
from i18n import t
from storage.models import OutboxMessage, OutboxState, Person


async def resend(ctx: Ctx, data: dict[str, Any]) -> Answer:
    if not may_manage(ctx):
        return await refuse(ctx, "reminders.resend", message=str(data.get("message"))[:20])
    assert ctx.who.organisation is not None
    org = ctx.who.organisation.id
    try:
        message_id = int(str(data.get("message")))
    except ValueError:
        return Answer.text(t(ctx.lang, "reminders.queue.not_found"))
    async with ctx.db.session() as session:
        message = await session.get(OutboxMessage, message_id)
        if message is None or message.organisation_id != org:
            # Another organisation's message, or none: the same answer, and the trail.
            await ctx.audit(session, "reminders.resend_refused", "outbox", message_id,
                            reason="not_found")
            return Answer.text(t(ctx.lang, "reminders.queue.not_found"))
        person = await session.get(Person, message.person_id)
        name = inert(person_name(ctx.lang, person.display_name if person else None), 120)
        before, error = message.state, message.last_error
        requeued = (await session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == message_id, OutboxMessage.state.in_(LOST))
            .values(state=OutboxState.QUEUED.value, due_at=ctx.now(), attempts=0,
                    leased_by=None, lease_until=None, last_error=None)
            .returning(OutboxMessage.id)
            .execution_options(synchronize_session=False))).first()
        if requeued is not None:
            await ctx.audit(session, "reminders.resent", "outbox", message_id,
                            kind=message.kind, was=before, reason=error)
    if requeued is None:
        key = ("reminders.queue.already_sent" if before == OutboxState.SENT.value
               else "reminders.queue.already")
        notice = t(ctx.lang, key, person=name)
        return Answer(replace_card=await overview(ctx, notice))
    return Answer(replace_card=await overview(ctx, t(ctx.lang, "reminders.queue.resent",
                                                     person=name)))
