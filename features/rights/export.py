"""Data subjects' requests as one table for `export begäranden [ÅR]`: each request's
clock and handling, in the words of the request card."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from chat.exports import Export
from features.rights.cards.request import rights_text
from i18n import Lang, t
from storage.models import RightsRequest

OWN = ("reference", "received_on", "rights", "channel")
# The columns the request's history names (`rights.history.field.*`).
HANDLING = ("status", "identity_method", "identity_verified_on", "due_on", "further_months",
            "extension_told_on", "secrecy_on", "secrecy_result", "answered_on", "outcome")


async def request_table(session: AsyncSession, organisation_id: int, year: int | None,
                        lang: Lang) -> tuple[list[str], list[list[Any]]]:
    query = select(RightsRequest).where(RightsRequest.organisation_id == organisation_id)
    if year is not None:
        query = query.where(RightsRequest.received_on >= _first(year),
                            RightsRequest.received_on < _first(year + 1))
    head = [*(t(lang, f"rights.export.{c}") for c in OWN),
            *(t(lang, f"rights.history.field.{c}") for c in HANDLING)]
    rows = [[request.reference, request.received_on, rights_text(lang, request.rights),
             request.channel, *(getattr(request, c) for c in HANDLING)]
            for request in await session.scalars(
                query.order_by(RightsRequest.received_on, RightsRequest.reference))]
    return head, rows


def _first(year: int) -> date:
    return date(year, 1, 1)


EXPORT = Export(name="requests", words={"sv": ("begäranden",), "en": ("requests",)},
                file_stem={"sv": "begaranden", "en": "requests"}, table=request_table)
