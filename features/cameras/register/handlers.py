"""`kameror [sökord|ofullständiga]` / `cameras [words|incomplete]`, and opening one camera.

The DSO, the deputy, admins and object owners see every camera of their organisation;
a member of staff who is responsible for cameras sees theirs; anyone else is refused
politely. Opening a camera checks all of that again on the server: the card is never
trusted, and another organisation's camera is as unknown as one that does not exist.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

from cards.safe import inert
from chat.ctx import Ctx
from chat.turn import Answer
from features.cameras.register.cards import (
    PAGE_SIZE,
    CameraRow,
    camera_card,
    list_card,
)
from features.cameras.register.completeness import missing
from features.cameras.register.repo import ACTIVE, CameraRepository
from i18n import t
from sheets.text import fold
from storage.models import Camera
from storage.roles import DSO_ROLES, Role

KEEPERS: frozenset[Role] = frozenset(DSO_ROLES | {Role.ADMIN, Role.OBJECT_OWNER})
INCOMPLETE_WORDS = {"ofullstandiga", "ofullstandig", "incomplete", "saknas", "brister"}
PAGE = re.compile(r"\s+(sida|page)\s+(\d{1,6})\s*$", re.IGNORECASE)


def split_page(rest: str) -> tuple[str, int]:
    found = PAGE.search(" " + rest)
    if not found:
        return rest.strip(), 1
    return (" " + rest)[:found.start()].strip(), max(1, int(found.group(2)))


async def _scope(ctx: Ctx, repo: CameraRepository, org: int) -> str | None:
    """"all" for the keepers, "own" for a responsible person, None for anyone else."""
    if ctx.who.holds(KEEPERS, org):
        return "all"
    if await repo.responsible_for(org, ctx.who.person_id):
        return "own"
    return None


def _matches(camera: Camera, words: list[str]) -> bool:
    haystack = fold(" ".join(str(v) for v in (camera.reference, camera.name, camera.location,
                                              camera.unit, camera.responsible_name,
                                              camera.video_system) if v))
    return all(word in haystack for word in words)


def row_of(camera: Camera) -> CameraRow:
    return CameraRow(str(camera.id), camera.reference, camera.name, camera.location,
                     camera.recording, camera.retention_hours, tuple(missing(camera)),
                     camera.status)


async def list_cameras(ctx: Ctx, rest: str) -> Answer:
    assert ctx.who.organisation is not None
    org = ctx.who.organisation.id
    query, page = split_page(rest)
    words = fold(query).split()
    incomplete = bool(words) and set(words) <= INCOMPLETE_WORDS
    async with ctx.db.session() as session:
        repo = CameraRepository(session)
        scope = await _scope(ctx, repo, org)
        if scope is None:
            return Answer.text(t(ctx.lang, "cameras.register.refused"))
        cameras = await repo.all(org, active_only=True)
        if scope == "own":
            cameras = [c for c in cameras if c.responsible_person_id == ctx.who.person_id]
        if incomplete:
            cameras = [c for c in cameras if missing(c)]
        elif words:
            cameras = [c for c in cameras if _matches(c, words)]
        total = len(cameras)
        page = min(page, max(1, -(-total // PAGE_SIZE)))
        shown = cameras[(page - 1) * PAGE_SIZE: page * PAGE_SIZE]
        await ctx.audit(session, "camera.listed", "camera", None, organisation_id=org,
                        page=page, total=total, scope=scope)
    if incomplete:
        title = t(ctx.lang, "cameras.register.list.title_incomplete")
        empty = "cameras.register.list.empty_incomplete"
    elif words:
        title = t(ctx.lang, "cameras.register.list.title_search", words=inert(query, 80))
        empty = "cameras.register.list.empty_search"
    else:
        title = t(ctx.lang, "cameras.register.list.title_all")
        empty = "cameras.register.list.empty"
    more = {"command": "cameras",
            "rest": f"{query} {t(ctx.lang, 'cameras.register.list.page_word')} {page + 1}"
            .strip()}
    return Answer.card(list_card(ctx.lang, title, [row_of(c) for c in shown], page=page,
                                 total=total, empty_key=empty, more=more))


async def open_camera(ctx: Ctx, data: dict[str, Any]) -> Answer:
    organisation = ctx.who.organisation
    try:
        camera_id = uuid.UUID(str(data.get("camera", "")))
    except ValueError:
        camera_id = None
    async with ctx.db.session() as session:
        repo = CameraRepository(session)
        camera = (await repo.get(organisation.id, camera_id)
                  if organisation is not None and camera_id is not None else None)
        allowed = camera is not None and organisation is not None and (
            ctx.who.holds(KEEPERS, organisation.id)
            or camera.responsible_person_id == ctx.who.person_id)
        if camera is None or not allowed:
            await ctx.audit(session, "camera.open_refused", "camera", str(data.get("camera"))[:64],
                            organisation_id=organisation.id if organisation else None)
            return Answer.text(t(ctx.lang, "cameras.register.camera.not_found"))
        activities = await repo.activity_references(organisation.id)
        names = await repo.activity_names(organisation.id)
        activity = None
        if camera.processing_activity_id in activities:
            key = camera.processing_activity_id
            activity = f"{activities[key]} · {names.get(key, '')}".strip(" ·")
        responsible = camera.responsible_name
        if camera.responsible_person_id is not None and not responsible:
            responsible = (await repo.names_of([camera.responsible_person_id])).get(
                camera.responsible_person_id)
        await ctx.audit(session, "camera.opened", "camera", str(camera.id),
                        organisation_id=organisation.id)
        values = {column: getattr(camera, column) for column in (
            "reference", "name", "count", "location", "coordinates", "public_place",
            "coverage", "purpose", "unit", "video_system", "processor", "recording", "sound",
            "retention_hours", "access", "signage", "assessment_on", "assessment_ref",
            "risk_analysis_on", "permit", "cooperation", "status")}
        lacks = missing(camera)
    return Answer.card(camera_card(ctx.lang, values, missing=lacks, activity=activity,
                                   responsible=responsible))


async def camera_choices(ctx: Ctx) -> list[tuple[str, str]]:
    """The organisation's active cameras, for a flow that picks cameras (a footage
    request): (camera id, "K-014 · Resecentrum entré")."""
    if ctx.who.organisation is None:
        return []
    async with ctx.db.session(readonly=True) as session:
        cameras = await CameraRepository(session).all(ctx.who.organisation.id,
                                                      active_only=True)
    return [(str(c.id), c.name if c.name == c.reference else f"{c.reference} · {c.name}")
            for c in cameras if c.status == ACTIVE]
