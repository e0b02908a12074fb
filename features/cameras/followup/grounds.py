"""The legal grounds a disclosure decision may rest on: data with validity dates.

Rows without an organisation are offered to every organisation (seeded by the
migration); an organisation adds its own, e.g. a new rule in force from a date
when the law changes, without a release. A ground is valid on a day when its
`valid_from` is empty or on or before it, and its `valid_to` is empty or on or
after it. An organisation's own ground with the same code as a shared one stands
in its place (the shared one is not offered to that organisation at all, so an
organisation can also end a shared ground for itself by adding its own with an
end date).
"""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.errors import InvalidInput
from storage.models import CameraLegalGround

CODE = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,47}$")
LABEL_LIMIT = 300


def _valid_on(ground: CameraLegalGround, day: date) -> bool:
    return (ground.valid_from is None or ground.valid_from <= day) and \
        (ground.valid_to is None or ground.valid_to >= day)


async def grounds_of(session: AsyncSession, organisation_id: int) -> list[CameraLegalGround]:
    """Every ground the organisation has (its own in place of a shared one with the same
    code), whatever their dates, by code."""
    rows = await session.scalars(select(CameraLegalGround).where(or_(
        CameraLegalGround.organisation_id.is_(None),
        CameraLegalGround.organisation_id == organisation_id)))
    by_code: dict[str, CameraLegalGround] = {}
    for row in rows:
        if row.code not in by_code or row.organisation_id is not None:
            by_code[row.code] = row
    return [by_code[code] for code in sorted(by_code)]


async def grounds_valid_on(session: AsyncSession, organisation_id: int, day: date
                           ) -> list[CameraLegalGround]:
    """The grounds the organisation may rely on for a decision made on `day`: its own and
    the shared ones (its own overriding a shared one with the same code) that are valid
    that day, by code."""
    return [g for g in await grounds_of(session, organisation_id) if _valid_on(g, day)]


async def ground_valid_on(session: AsyncSession, organisation_id: int, code: str, day: date
                          ) -> CameraLegalGround | None:
    """The ground `code` if the organisation may rely on it on `day` (to check what a
    card sent back), else None."""
    return next((g for g in await grounds_valid_on(session, organisation_id, day)
                 if g.code == code), None)


def _label(value: str, what: str) -> str:
    text = " ".join((value or "").split())
    if not text:
        raise InvalidInput(f"the {what} text is empty")
    if len(text) > LABEL_LIMIT:
        raise InvalidInput(f"the {what} text is longer than {LABEL_LIMIT} characters")
    return text


async def add_ground(session: AsyncSession, organisation_id: int, code: str, label_sv: str,
                     label_en: str, valid_from: date | None = None,
                     valid_to: date | None = None) -> CameraLegalGround:
    """Add the organisation's own ground (or replace its own with the same code)."""
    code = (code or "").strip().lower()
    if not CODE.match(code):
        raise InvalidInput(f"bad code {code!r}: lower-case letters, digits, '_', '.', '-', "
                           "at most 48")
    if valid_from and valid_to and valid_to < valid_from:
        raise InvalidInput("the ground would end before it starts")
    row = await session.scalar(select(CameraLegalGround).where(
        CameraLegalGround.organisation_id == organisation_id, CameraLegalGround.code == code))
    if row is None:
        row = CameraLegalGround(organisation_id=organisation_id, code=code)
        session.add(row)
    row.label_sv, row.label_en = _label(label_sv, "Swedish"), _label(label_en, "English")
    row.valid_from, row.valid_to = valid_from, valid_to
    await session.flush()
    return row


async def end_ground(session: AsyncSession, organisation_id: int, code: str, last_day: date
                     ) -> CameraLegalGround:
    """The ground is not offered after `last_day`. For a shared ground, the organisation
    gets its own copy that ends that day (the shared row is every organisation's)."""
    code = (code or "").strip().lower()
    current = {g.code: g for g in await grounds_of(session, organisation_id)}.get(code)
    if current is None:
        raise InvalidInput(f"unknown ground {code!r}")
    if current.valid_from and last_day < current.valid_from:
        raise InvalidInput("the ground would end before it starts")
    if current.organisation_id is None:
        return await add_ground(session, organisation_id, code, current.label_sv,
                                current.label_en, current.valid_from, last_day)
    current.valid_to = last_day
    await session.flush()
    return current
