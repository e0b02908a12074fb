"""Saved guided-dialog instances: one active per person and conversation."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from storage.errors import ActiveFlowExists
from storage.models import FlowInstance, FlowStatus
from storage.repos.revision import compare_and_set, compare_and_set_revision


class FlowRepository:
    """Instances are looked up by id within an organisation, or by their owner.

    `active_for` and `paused_for` are scoped to the person rather than an
    organisation: they are that person's own drafts, and the one-active rule
    holds per person and conversation whatever the organisation.
    """

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, organisation_id: int, instance_id: uuid.UUID) -> FlowInstance | None:
        return await self.session.scalar(
            select(FlowInstance).where(
                FlowInstance.id == instance_id, FlowInstance.organisation_id == organisation_id
            )
        )

    async def active_for(self, person_id: int, conversation_id: str) -> FlowInstance | None:
        return await self.session.scalar(
            select(FlowInstance).where(
                FlowInstance.person_id == person_id,
                FlowInstance.conversation_id == conversation_id,
                FlowInstance.status == FlowStatus.ACTIVE.value,
            )
        )

    async def paused_for(self, person_id: int) -> list[FlowInstance]:
        return list(
            await self.session.scalars(
                select(FlowInstance)
                .where(
                    FlowInstance.person_id == person_id,
                    FlowInstance.status == FlowStatus.PAUSED.value,
                )
                .order_by(FlowInstance.updated_at.desc())
            )
        )

    async def start(
        self,
        *,
        organisation_id: int,
        person_id: int,
        conversation_id: str,
        flow_id: str,
        flow_version: int,
        state: dict[str, Any],
        step_id: str | None,
    ) -> FlowInstance:
        """Create an active instance; ActiveFlowExists if one is already active here."""
        instance = FlowInstance(
            organisation_id=organisation_id,
            person_id=person_id,
            conversation_id=conversation_id,
            flow_id=flow_id,
            flow_version=flow_version,
            state=state,
            step_id=step_id,
            status=FlowStatus.ACTIVE.value,
            revision=1,
        )
        await self._guard_one_active(instance)
        return instance

    async def save(
        self,
        organisation_id: int,
        instance_id: uuid.UUID,
        expected_revision: int,
        *,
        state: dict[str, Any],
        step_id: str | None,
    ) -> int:
        """Store the engine's new state; returns the new revision.

        StaleRevision if the card or turn was out of date.
        """
        return await compare_and_set_revision(
            self.session,
            FlowInstance,
            instance_id,
            organisation_id,
            expected_revision,
            {"state": state, "step_id": step_id},
        )

    async def set_status(
        self,
        organisation_id: int,
        instance_id: uuid.UUID,
        expected_revision: int,
        status: FlowStatus,
    ) -> FlowInstance:
        """Pause, resume (status ACTIVE), cancel or complete an instance."""
        try:
            async with self.session.begin_nested():
                return await compare_and_set(
                    self.session,
                    FlowInstance,
                    instance_id,
                    organisation_id,
                    expected_revision,
                    {"status": FlowStatus(status).value},
                )
        except IntegrityError as error:
            raise ActiveFlowExists("another flow is already active in this conversation") from error

    async def pause(
        self, organisation_id: int, instance_id: uuid.UUID, revision: int
    ) -> FlowInstance:
        return await self.set_status(organisation_id, instance_id, revision, FlowStatus.PAUSED)

    async def resume(
        self, organisation_id: int, instance_id: uuid.UUID, revision: int
    ) -> FlowInstance:
        return await self.set_status(organisation_id, instance_id, revision, FlowStatus.ACTIVE)

    async def cancel(
        self, organisation_id: int, instance_id: uuid.UUID, revision: int
    ) -> FlowInstance:
        return await self.set_status(organisation_id, instance_id, revision, FlowStatus.CANCELLED)

    async def complete(
        self, organisation_id: int, instance_id: uuid.UUID, revision: int
    ) -> FlowInstance:
        return await self.set_status(organisation_id, instance_id, revision, FlowStatus.COMPLETED)

    async def _guard_one_active(self, instance: FlowInstance) -> None:
        try:
            async with self.session.begin_nested():
                self.session.add(instance)
        except IntegrityError as error:
            raise ActiveFlowExists("another flow is already active in this conversation") from error
