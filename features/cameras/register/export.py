"""The camera register as a table (`dsobot cameras export`, `export kameror` in chat):
the same headers the import reads, so an exported file imports back to the same
cameras."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from features.cameras.register.fields import (
    ATTRIBUTE,
    FIELDS,
    Kind,
    hours_in_words,
    status_word,
    yes_no,
)
from features.cameras.register.repo import CameraRepository
from i18n import Lang
from storage.models import Camera, Person


def head(lang: Lang) -> list[str]:
    return [f.header(lang) for f in FIELDS]


def camera_row(camera: Camera, lang: Lang, activities: dict[uuid.UUID, str],
               emails: dict[int, str] | None = None) -> list[Any]:
    """One camera as the import reads it back (the responsible person by e-mail when
    linked, so that the link survives the round trip)."""
    cells: list[Any] = []
    for spec in FIELDS:
        attribute = ATTRIBUTE.get(spec.id, spec.id)
        if spec.id == "activity":
            value = camera.processing_activity_id
            cells.append(activities.get(value, "") if value else "")
            continue
        if spec.kind == Kind.PERSON and camera.responsible_person_id in (emails or {}):
            cells.append((emails or {})[camera.responsible_person_id])
            continue
        value = getattr(camera, attribute)
        if spec.kind == Kind.HOURS:
            cells.append(hours_in_words(value, lang))
        elif spec.kind == Kind.YES_NO:
            cells.append(yes_no(value, lang))
        elif spec.kind == Kind.STATUS:
            cells.append(status_word(value, lang))
        elif spec.kind == Kind.NUMBER:
            cells.append(str(value) if value is not None else "")
        else:
            cells.append(value if value is not None else "")
    return cells


async def export_table(session: AsyncSession, organisation_id: int, year: int | None,
                       lang: Lang) -> tuple[list[str], list[list[Any]]]:
    """Every camera of the organisation, retired ones too (their status says so). The
    register is a standing list: `year` does not narrow it."""
    repo = CameraRepository(session)
    activities = await repo.activity_references(organisation_id)
    cameras = await repo.all(organisation_id)
    linked = {c.responsible_person_id for c in cameras if c.responsible_person_id}
    emails = {pid: email for pid, email in await session.execute(
        select(Person.id, Person.email).where(Person.id.in_(linked))) if email} \
        if linked else {}
    return head(lang), [camera_row(c, lang, activities, emails) for c in cameras]
