"""`sammanfattning [år] [organisation]` / `summary [year] [organisation]`: the DSO's figures.

The DSO sees the organisations they serve (DSO or deputy), an admin every
organisation; several are shown each apart, with the total first. A year is
typed as "2025", or "i fjol" / "last year"; by default the current year in
Stockholm. Other words pick organisations by name ("sammanfattning 2025 bildning").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from chat.ctx import Ctx
from chat.directory import list_organisations
from chat.turn import Answer
from compliance.localtime import to_local
from dialogs.parsing import normalise
from features.reports.cards.summary import (
    ButtonData,
    ShownOrganisation,
    ShownSection,
    summary_card,
)
from features.reports.summary import SectionFigures, sections_for, total_of
from i18n import t
from storage.roles import DSO_ROLES, Role

ROLES = frozenset(DSO_ROLES | {Role.ADMIN})
LAST_YEAR = ("i fjol", "ifjol", "fjol", "forra aret", "last year")
THIS_YEAR = ("i ar", "iar", "this year")
EARLIEST = 2000
# Organisations shown each apart on one card; more are only in the total (Teams takes
# about 28 KB of card), and the DSO asks for one by name.
MAX_APART = 5


@dataclass(frozen=True)
class Asked:
    year: int
    words: str  # what is left: an organisation's name, perhaps
    bad_year: bool = False


def parse(rest: str, this_year: int) -> Asked:
    """The year and the organisation words of what followed the command."""
    text = f" {normalise(rest)} "
    year = this_year
    for words, value in ((LAST_YEAR, this_year - 1), (THIS_YEAR, this_year)):
        for phrase in words:
            if f" {phrase} " in text:
                year, text = value, text.replace(f" {phrase} ", " ")
    bad = False
    found = re.search(r"(?<!\w)(\d{4})(?!\w)", text)
    if found:
        year = int(found.group(1))
        text = text.replace(found.group(1), " ")
        bad = not EARLIEST <= year <= this_year + 1
    elif text.split() and all(w.isdigit() for w in text.split()):
        bad = True  # a number alone that is no year ("25"); with words, part of a name
    return Asked(year, " ".join(text.split()), bad)


async def _organisations(ctx: Ctx) -> list[tuple[int, str]]:
    """(id, name) of every organisation this person may see the figures of."""
    every = await list_organisations(ctx.db)
    if ctx.who.organisations_with(frozenset({Role.ADMIN})):
        allowed = {o.id for o in every}
    else:
        allowed = set(ctx.who.dso_organisations)
    return sorted(((o.id, o.name) for o in every if o.id in allowed), key=lambda o: o[1])


def _buttons(ctx: Ctx, sections: list[SectionFigures]) -> dict[str, ButtonData]:
    """Each figure's list command, as the generic command button sends it; a command
    that is not installed gets no button."""
    found: dict[str, ButtonData] = {}
    for section in sections:
        for figure in section.figures:
            matched = ctx.registry.match(figure.command) if figure.command else None
            if matched is not None:
                command, rest = matched
                found[figure.key] = {"command": command.name, "rest": rest}
    return found


def _shown(name: str | None, sections: list[SectionFigures]) -> ShownOrganisation:
    return ShownOrganisation(name, tuple(ShownSection(s.title_key, s.figures)
                                         for s in sections))


async def summary(ctx: Ctx, rest: str) -> Answer:
    now = ctx.now()
    this_year = to_local(now).year
    asked = parse(rest, this_year)
    if asked.bad_year:
        return Answer.text(t(ctx.lang, "reports.summary.bad_year", latest=this_year))
    organisations = await _organisations(ctx)
    if not organisations:  # the command's roles are held, but nowhere to be seen
        return Answer.text(t(ctx.lang, "reports.summary.not_allowed"))
    if asked.words:
        chosen = [o for o in organisations if asked.words in normalise(o[1])]
        if not chosen:
            return Answer.text(t(ctx.lang, "reports.summary.no_organisation",
                                 names=", ".join(name for _, name in organisations)))
        organisations = chosen
    parts = [await sections_for(ctx.db, ctx.registry, [org], asked.year, now)
             for org, _ in organisations]
    not_apart: list[str] = []
    if len(parts) == 1:
        shown = [_shown(organisations[0][1], parts[0])]
        buttons = _buttons(ctx, parts[0])
    else:
        total = total_of(parts)
        apart = list(zip(organisations, parts, strict=True))
        if len(apart) > MAX_APART:
            not_apart, apart = [name for (_, name), _ in apart], []
        shown = [_shown(None, total), *(_shown(name, part) for (_, name), part in apart)]
        buttons = _buttons(ctx, total)
    async with ctx.db.session() as session:
        for org, _ in organisations:
            await ctx.audit(session, "reports.summary_viewed", "organisation", org,
                            organisation_id=org, year=asked.year)
    return Answer.card(summary_card(ctx.lang, asked.year, shown, buttons, not_apart))
