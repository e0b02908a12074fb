"""`export incidenter|begäranden|registret [ÅR] [xlsx|csv]`: records as a spreadsheet,
given in the 1:1 chat as a file (Teams' file consent card, or a short-lived link).

Each capability contributes what it exports (`chat.exports.Export`, with the
columns of its own declarations); this handler only resolves the words, checks
who may, writes the file into the data directory and audits the export by counts.
"""

from __future__ import annotations

import re
from pathlib import Path

from rapidfuzz import fuzz, process

from chat.ctx import Ctx
from chat.exports import FORMATS, Export, write_table
from chat.turn import Answer, FileOffer
from compliance.localtime import to_local
from i18n import t

YEAR = re.compile(r"^(19|20)\d{2}$")


def exports_of(ctx: Ctx) -> list[Export]:
    return ctx.registry.contributions("exports")


async def export(ctx: Ctx, rest: str) -> Answer:
    assert ctx.who.organisation is not None
    org = ctx.who.organisation
    words = rest.lower().split()
    known = {word: e for e in exports_of(ctx) for lang_words in e.words.values()
             for word in lang_words}
    what = [w for w in words if w in known]
    years = [int(w) for w in words if YEAR.match(w)]
    formats = [w for w in words if w in FORMATS]
    unknown = [w for w in words if w not in known and not YEAR.match(w) and w not in FORMATS]
    if len(what) != 1 or unknown or len(years) > 1 or len(formats) > 1:
        return _how(ctx, known, unknown[0] if unknown else None)
    chosen = known[what[0]]
    if not ctx.who.holds(chosen.roles, org.id):
        async with ctx.db.session() as session:
            await ctx.audit(session, "export.refused", chosen.name, None,
                            organisation_id=org.id)
        return Answer.text(t(ctx.lang, "reports.export.not_allowed"))
    year = years[0] if years else None
    fmt = formats[0] if formats else "xlsx"
    async with ctx.db.session(readonly=True) as session:
        head, rows = await chosen.table(session, org.id, year, ctx.lang)
    path = _path(ctx, chosen, org.slug, year, fmt)
    write_table(path, fmt, head, rows, sheet=chosen.file_stem.get(ctx.lang, chosen.name))
    async with ctx.db.session() as session:
        await ctx.audit(session, "export.created", chosen.name, None, organisation_id=org.id,
                        rows=len(rows), year=year, format=fmt)
    what_text = t(ctx.lang, f"reports.export.what.{chosen.name}")
    offer = FileOffer(path, path.name, t(ctx.lang, "reports.export.file", what=what_text,
                                         organisation=org.name, count=len(rows)))
    return Answer(messages=[t(ctx.lang, "reports.export.done", what=what_text,
                              count=len(rows))], files=[offer])


def _path(ctx: Ctx, chosen: Export, slug: str, year: int | None, fmt: str) -> Path:
    folder = ctx.settings.data_dir / "exports" / slug
    folder.mkdir(parents=True, exist_ok=True)
    stamp = to_local(ctx.now()).strftime("%Y%m%d-%H%M%S")
    stem = chosen.file_stem.get(ctx.lang, chosen.name)
    return folder / f"{stem}-{year or t(ctx.lang, 'reports.export.all')}-{stamp}.{fmt}"


def _how(ctx: Ctx, known: dict[str, Export], typo: str | None) -> Answer:
    """What can be exported, and the word meant by a typo if it is close to one."""
    choices = sorted(w for w in known if w in {x for e in exports_of(ctx)
                                                for x in e.words.get(ctx.lang, ())})
    guess = process.extractOne(typo, list(known), scorer=fuzz.WRatio, score_cutoff=80) \
        if typo else None
    text = t(ctx.lang, "reports.export.how", words=", ".join(f"`{w}`" for w in choices))
    if guess is not None:
        text = t(ctx.lang, "reports.export.did_you_mean", word=guess[0]) + " " + text
    return Answer.text(text)
