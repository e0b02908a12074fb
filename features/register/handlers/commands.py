"""`registret` / `register` [words | ofullständiga | export] and `mina behandlingar` /
`my processing`: the register at a glance, searching it, what needs work, the export.

Staff see an entry's name, purposes and owner; the owner, those who act for them,
the DSOs and the admins see everything.
"""

from __future__ import annotations

import re
from typing import Any

from chat.ctx import Ctx
from chat.turn import Answer, FileOffer
from compliance import pii
from dialogs.parsing import normalise
from features.register.access import KEEPERS, RequestStatus, keeps
from features.register.cards.lists import PAGE_SIZE, EntryRow, entry_list_card, overview_card
from features.register.completeness import of_entries, of_entry
from features.register.fields import BY_ID
from features.register.repo import (
    RegisterRepository,
    entry_values,
    link_waiting_owners,
    shown_values,
)
from features.register.rules.vocabulary import Status
from features.register.spreadsheet.export import export_to_data_dir
from features.register.views import value_text
from i18n import t
from storage.models import ChangeRequest, Person, ProcessingActivity, RegisterObject

INCOMPLETE = frozenset({"ofullstandiga", "ofullstandig", "incomplete"})
EXPORT = frozenset({"export", "exportera"})
PAGING = re.compile(r"(sida|page) (\d{1,6})")


def _row(lang: str, activity: ProcessingActivity, obj: RegisterObject, owner: Person | None
         ) -> tuple[EntryRow, dict[str, Any]]:
    values = shown_values(activity, obj, owner)
    c = of_entry(values)
    return EntryRow(
        id=str(activity.id), reference=activity.reference, name=activity.name,
        object_name=obj.name, owner=values.get("owner"),
        purposes=value_text(BY_ID["purposes"], values.get("purposes"), lang, 150),
        percent=c.percent, missing=c.required - c.filled, status=activity.status), values


def _words(rest: str) -> list[str]:
    return [w for w in normalise(rest).split() if w]


def _matches(values: dict[str, Any], words: list[str]) -> bool:
    haystack = normalise(" ".join(
        str(v) if not isinstance(v, list) else " ".join(map(str, v))
        for k, v in values.items() if k in ("name", "object", "purposes", "systems", "owner",
                                             "data_categories", "subject_categories")))
    return all(w in haystack for w in words)


async def register(ctx: Ctx, rest: str) -> Answer:
    assert ctx.who.organisation is not None
    org = ctx.who.organisation.id
    word = normalise(rest)
    if word in EXPORT:
        return await export(ctx)
    async with ctx.db.session() as session:
        await link_waiting_owners(session, org)
        rows = await RegisterRepository(session).entries(org)
        open_requests = len([r for r in await _open_requests(session, org)])
        await ctx.audit(session, "register.viewed", "register", None, organisation_id=org,
                        search=bool(rest.strip()))
    keeper_everywhere = ctx.who.holds(KEEPERS, org)
    if not word:
        mine = [entry_values(a, o, p) for a, o, p in rows if _own(ctx, o)]
        return Answer.card(overview_card(
            ctx.lang, organisation=ctx.who.organisation.name,
            total=of_entries(entry_values(a, o, p) for a, o, p in rows),
            entries=len([a for a, _, _ in rows if a.status != Status.RETIRED]),
            mine=of_entries(mine) if mine or keeper_everywhere else None,
            can_export=keeper_everywhere, open_requests=open_requests))
    first, _, paging = word.partition(" ")
    if first in INCOMPLETE and (not paging or PAGING.fullmatch(paging)):
        # Completeness is measured field by field from the declaration (not a column), so
        # the incomplete ones are found here and paged.
        page = int(PAGING.fullmatch(paging).group(2)) if paging else 1  # type: ignore[union-attr]
        found = [_row(ctx.lang, a, o, p) for a, o, p in rows
                 if (keeper_everywhere or _own(ctx, o)) and a.status != Status.RETIRED]
        incomplete = [row for row, values in found if row.missing]
        last = max(1, -(-len(incomplete) // PAGE_SIZE))
        page = min(max(page, 1), last)
        more = {"command": "register",
                "rest": f"{first} {t(ctx.lang, 'register.lists.page_word')} {page + 1}"}
        return Answer.card(entry_list_card(
            ctx.lang, "register.list.incomplete_title",
            incomplete[(page - 1) * PAGE_SIZE:page * PAGE_SIZE], full=True,
            empty_key="register.list.incomplete_empty", page=page, total=len(incomplete),
            more=more))
    words = _words(rest)
    hits = []
    for activity, obj, owner in rows:
        row, values = _row(ctx.lang, activity, obj, owner)
        if _matches(values, words):
            hits.append((row, keeps(ctx.who, obj)))
    full = bool(hits) and all(sees for _, sees in hits)
    return Answer.card(entry_list_card(ctx.lang, "register.list.search_title",
                                       [row for row, _ in hits], full=full,
                                       empty_key="register.list.search_empty",
                                       # as typed (1:1 only), numbers masked
                                       words=pii.mask(" ".join(rest.split()), ctx.lang)[:60]))


def _own(ctx: Ctx, obj: RegisterObject) -> bool:
    return ctx.who.person_id is not None and (
        obj.owner_person_id == ctx.who.person_id or ctx.who.person_id in (obj.deputies or []))


async def _open_requests(session: Any, organisation_id: int) -> list[ChangeRequest]:
    from sqlalchemy import select

    return list(await session.scalars(select(ChangeRequest).where(
        ChangeRequest.organisation_id == organisation_id,
        ChangeRequest.status == RequestStatus.IN_REVIEW)))


async def my_processing(ctx: Ctx, rest: str) -> Answer:
    """An owner's own entries (and those of objects they act for), least complete first."""
    assert ctx.who.organisation is not None
    org = ctx.who.organisation.id
    async with ctx.db.session() as session:
        await link_waiting_owners(session, org)
        rows = await RegisterRepository(session).entries(org)
    mine = sorted((_row(ctx.lang, a, o, p)[0] for a, o, p in rows
                   if _own(ctx, o) and a.status != Status.RETIRED),
                  key=lambda r: (r.percent, r.reference))
    return Answer.card(entry_list_card(ctx.lang, "register.list.mine_title", mine, full=True,
                                       empty_key="register.list.mine_empty"))


async def export(ctx: Ctx) -> Answer:
    """The register as a workbook, given to the person in the 1:1 chat (Teams' file
    consent card, or a short-lived link)."""
    assert ctx.who.organisation is not None
    org = ctx.who.organisation
    if not ctx.who.holds(KEEPERS, org.id):
        return Answer.text(t(ctx.lang, "register.not_allowed"))
    path, count = await export_to_data_dir(ctx.db, org.id, org.slug, ctx.now(),
                                           data_dir=ctx.settings.data_dir)
    async with ctx.db.session() as session:
        await ctx.audit(session, "register.exported", "register", None, organisation_id=org.id,
                        entries=count, source="chat")
    offer = FileOffer(path, path.name, t(ctx.lang, "register.export_file",
                                         organisation=org.name, count=count))
    return Answer(messages=[t(ctx.lang, "register.exported", count=count)], files=[offer])
