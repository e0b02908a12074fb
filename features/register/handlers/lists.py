"""The DSO's register lists: `ägare NAMN` / `owner NAME` (the entries of one object
owner, paged) and `behandling NAMN` / `activity NAME` (one entry in full).

Names are matched loosely (rapidfuzz, accents and case ignored): one clear match is
shown; several are offered to pick from; none is said politely. Only the person's
current organisation is searched, and the entries themselves are filtered and paged
in SQL (the matching reads names only).
"""

from __future__ import annotations

import re
from typing import Any

from rapidfuzz import fuzz, process
from sqlalchemy import func, select

from chat.ctx import Ctx
from chat.turn import Answer
from dialogs.parsing import normalise
from features.register.cards.lists import PAGE_SIZE, entry_list_card, pick_card
from features.register.handlers.commands import _row
from features.register.handlers.entries import open_entry
from features.register.repo import link_waiting_owners
from features.register.rules.vocabulary import Status
from i18n import t
from storage.models import Person, ProcessingActivity, RegisterObject

CUTOFF = 75  # rapidfuzz WRatio (0–100) of the folded names: "ana ek" finds "Anna Ek"
CLEAR = 90  # a match this good, and well ahead of the next one, is taken
MAX_PICK = 8
PAGE = re.compile(r"\s+(sida|page)\s+(\d{1,6})\s*$", re.IGNORECASE)
PERSON_KEY = re.compile(r"^#(\d{1,12})$")
REFERENCE = re.compile(r"^[A-ZÅÄÖ]{2,5}-\d{1,6}$", re.IGNORECASE)


def split_page(rest: str) -> tuple[str, int]:
    found = PAGE.search(" " + rest)
    if not found:
        return rest.strip(), 1
    return (" " + rest)[:found.start()].strip(), max(1, int(found.group(2)))


def best(query: str, choices: dict[Any, str]) -> list[tuple[Any, str]]:
    """The choices that match `query`, best first: an exact (folded) match alone, or one
    clear winner alone, else every one over the cutoff."""
    folded = normalise(query)
    exact = [(k, v) for k, v in choices.items() if normalise(v) == folded]
    if exact:
        return exact
    found = process.extract(folded, {k: normalise(v) for k, v in choices.items()},
                            scorer=fuzz.WRatio, score_cutoff=CUTOFF, limit=None)
    ranked = [(key, choices[key], score) for _, score, key in found]
    if ranked and ranked[0][2] >= CLEAR and (len(ranked) == 1 or ranked[1][2] < ranked[0][2] - 8):
        return [(ranked[0][0], ranked[0][1])]
    return [(k, v) for k, v, _ in ranked]


async def owner_entries(ctx: Ctx, rest: str) -> Answer:
    assert ctx.who.organisation is not None
    org = ctx.who.organisation.id
    query, page = split_page(rest)
    if not normalise(query):
        return Answer.text(t(ctx.lang, "register.lists.owner_usage"))
    async with ctx.db.session() as session:
        await link_waiting_owners(session, org)
        people = dict((await session.execute(
            select(Person.id, Person.display_name).join(
                RegisterObject, RegisterObject.owner_person_id == Person.id)
            .where(RegisterObject.organisation_id == org, Person.display_name.is_not(None))
            .distinct())).all())
        unlinked = list(await session.scalars(
            select(RegisterObject.owner_text).where(
                RegisterObject.organisation_id == org, RegisterObject.owner_person_id.is_(None),
                RegisterObject.owner_text.is_not(None)).distinct()))
        choices: dict[Any, str] = {("p", pid): name for pid, name in people.items()}
        choices |= {("t", text): text for text in unlinked}
        keyed = PERSON_KEY.match(query.strip())
        matches = ([(("p", int(keyed.group(1))), people[int(keyed.group(1))])]
                   if keyed and int(keyed.group(1)) in people else best(query, choices))
        if not matches:
            return Answer.text(t(ctx.lang, "register.lists.owner_none",
                                 name=query.strip()[:60]))
        if len(matches) > 1:
            options = [(name, {"command": "owner",
                               "rest": f"#{key[1]}" if key[0] == "p" else name})
                       for key, name in matches[:MAX_PICK]]
            return Answer.card(pick_card(ctx.lang, t(ctx.lang, "register.lists.owner_pick"),
                                         options, command=True))
        (kind, value), name = matches[0]
        where = [ProcessingActivity.organisation_id == org,
                 ProcessingActivity.status != str(Status.RETIRED),
                 (RegisterObject.owner_person_id == value) if kind == "p"
                 else (RegisterObject.owner_text == value)]
        joined = select(ProcessingActivity, RegisterObject).join(
            RegisterObject, RegisterObject.id == ProcessingActivity.object_id).where(*where)
        total = int(await session.scalar(
            select(func.count()).select_from(ProcessingActivity).join(
                RegisterObject, RegisterObject.id == ProcessingActivity.object_id)
            .where(*where)) or 0)
        page = min(page, max(1, -(-total // PAGE_SIZE)))
        rows = (await session.execute(joined.order_by(
            ProcessingActivity.reference, ProcessingActivity.id)
            .offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE))).all()
        owner = await session.get(Person, value) if kind == "p" else None
        await ctx.audit(session, "register.owner_listed", "register", None,
                        organisation_id=org, page=page, total=total)
    found = [_row(ctx.lang, a, o, owner)[0] for a, o in rows]
    more = {"command": "owner",
            "rest": f"{'#' + str(value) if kind == 'p' else name} "
                    f"{t(ctx.lang, 'register.lists.page_word')} {page + 1}"}
    return Answer.card(entry_list_card(ctx.lang, "register.lists.owner_title", found, full=True,
                                       empty_key="register.lists.owner_empty", page=page,
                                       total=total, more=more, name=name))


async def activity(ctx: Ctx, rest: str) -> Answer:
    """One entry in full, by its reference or (loosely) by its name."""
    assert ctx.who.organisation is not None
    org = ctx.who.organisation.id
    query = rest.strip()
    if not normalise(query):
        return Answer.text(t(ctx.lang, "register.lists.activity_usage"))
    found = None
    async with ctx.db.session(readonly=True) as session:
        if REFERENCE.match(query):
            found = await session.scalar(select(ProcessingActivity.id).where(
                ProcessingActivity.organisation_id == org,
                func.upper(ProcessingActivity.reference) == query.upper()))
        rows = [] if found is not None else (await session.execute(
            select(ProcessingActivity.id, ProcessingActivity.reference,
                   ProcessingActivity.name).where(
                ProcessingActivity.organisation_id == org,
                ProcessingActivity.status != str(Status.RETIRED)))).all()
    if found is not None:
        return await open_entry(ctx, {"register_entry": str(found), "from": "list"})
    names = {key: name for key, _, name in rows}
    references = {key: reference for key, reference, _ in rows}
    matches = best(query, names)
    if not matches:
        return Answer.text(t(ctx.lang, "register.lists.activity_none", name=query[:60]))
    if len(matches) == 1:
        return await open_entry(ctx, {"register_entry": str(matches[0][0]), "from": "list"})
    options = [(f"{references.get(key, '')} · {name}",
                {"action": "register.open", "register_entry": str(key), "from": "list"})
               for key, name in matches[:MAX_PICK]]
    return Answer.card(pick_card(ctx.lang, t(ctx.lang, "register.lists.activity_pick"),
                                 options, command=False))
