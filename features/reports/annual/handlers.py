"""`årsrapport ÅR` / `annual report YEAR`: the DSO's judgements in a guided flow, stored
with the closed dialog in one transaction, then a card offering the draft report as
Markdown and DOCX (written to `<data dir>/reports/`).

Only a DSO, deputy or administrator of the organisation may; the card's data is
checked again on the server (organisation, role, year, format).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from cards.elements import action_submit, card, facts, heading, text
from chat.ctx import Ctx
from chat.dialog_runner import Submission, complete, start_flow
from chat.turn import Answer, FileOffer
from compliance.localtime import to_local
from features.reports.annual.areas import AREAS
from features.reports.annual.content import compose
from features.reports.annual.flow import FLOW, YEAR
from features.reports.annual.service import FORMATS, file_name, store_judgements, write_report
from i18n import t
from storage.repos import FlowRepository
from storage.roles import DSO_ROLES, Role

log = logging.getLogger(__name__)
ROLES = DSO_ROLES | {Role.ADMIN}
FILE_ACTION = "annual_report.file"
FIRST_YEAR = 2018  # the GDPR applies from 25 May 2018


def _allowed(ctx: Ctx, organisation_id: int | None = None) -> bool:
    organisation = ctx.who.organisation
    if organisation is None:
        return False
    return ctx.who.holds(ROLES, organisation_id if organisation_id is not None
                         else organisation.id)


def _refusal(ctx: Ctx) -> Answer:
    return Answer.text(t(ctx.lang, "annual_report.not_allowed"))


def parse_year(rest: str, now_year: int) -> int | None:
    """The year typed after the command; none typed: last year (the usual report)."""
    words = rest.split()
    if not words:
        return now_year - 1
    if len(words) == 1 and words[0].isdigit() and FIRST_YEAR <= int(words[0]) <= now_year:
        return int(words[0])
    return None


async def annual_report(ctx: Ctx, rest: str) -> Answer:
    if not _allowed(ctx):
        return _refusal(ctx)
    this_year = to_local(ctx.now()).year
    year = parse_year(rest, this_year)
    if year is None:
        return Answer.text(t(ctx.lang, "annual_report.bad_year", example=this_year - 1))
    answer = await start_flow(ctx, FLOW.id)
    async with ctx.db.session() as session:  # the year goes with the dialog it started
        flows = FlowRepository(session)
        current = await flows.active_for(ctx.who.person_id, ctx.who.conversation_id)
        if current is not None and current.flow_id == FLOW.id and YEAR not in current.state:
            await flows.save(current.organisation_id, current.id, current.revision,
                             state={**current.state, YEAR: year}, step_id=current.step_id)
    return answer


def reports_dir(ctx: Ctx, slug: str) -> Path:
    return Path(ctx.settings.data_dir) / "reports" / slug


def _year_of(state: dict[str, Any], ctx: Ctx) -> int:
    year = state.get(YEAR)
    return int(year) if isinstance(year, int) else to_local(ctx.now()).year - 1


def report_card(lang: str, organisation: str, year: int, judgements: dict[str, Any],
                notice: str | None = None) -> dict:
    """The DSO's marks per area, with the draft report offered as Markdown and DOCX."""
    report = compose(organisation, year, {}, judgements)
    marks = [(t(lang, f"annual_report.area.{area.key}"), section.mark)
             for area, section in zip(AREAS, report.areas, strict=True)]
    body = [heading(t(lang, "annual_report.card_title", year=year, organisation=organisation)),
            *([text(notice, trusted=True)] if notice else []),
            text(t(lang, "annual_report.card_marks"), trusted=True, weight="Bolder"),
            facts(marks, trusted_values=True)]
    actions = [action_submit(t(lang, f"annual_report.download_{fmt}"), FILE_ACTION,
                             {"year": year, "format": fmt}) for fmt in FORMATS]
    return card(body, actions, lang=lang)


def _card(ctx: Ctx, year: int, judgements: dict[str, Any], notice: str | None = None) -> dict:
    assert ctx.who.organisation is not None
    return report_card(ctx.lang, ctx.who.organisation.name, year, judgements, notice)


def sample(lang: str) -> dict:
    """The card for the gallery and the renderer's check."""
    return report_card(lang, "Bildningsnämnden", 2025,
                       {"register_mark": "3", "documents_mark": "2", "incidents_mark": "4"},
                       t(lang, "annual_report.stored", year=2025,
                         organisation="Bildningsnämnden"))


async def judged(ctx: Ctx, submitted: Submission) -> Answer:
    """The flow is done: store the judgements with the closed dialog, write the files."""
    organisation = ctx.who.organisation
    if organisation is None or organisation.id != submitted.organisation_id or \
            not _allowed(ctx, submitted.organisation_id):
        return _refusal(ctx)
    answers = dict(submitted.state.get("answers") or {})
    year = _year_of(submitted.state, ctx)
    async with ctx.db.session() as session:
        row = await store_judgements(session, submitted.organisation_id, year, answers,
                                     ctx.who.person_id)
        submitted.state["record"] = row.id
        await complete(session, submitted)
        await ctx.audit(session, "annual_report.judged", "annual_report", row.id,
                        organisation_id=submitted.organisation_id, year=year)
    for fmt in FORMATS:  # the judgements are stored: a file can be written again later
        try:
            await _write(ctx, year, fmt)
        except OSError as error:
            log.warning("the annual report file could not be written (%s)",
                        error.__class__.__name__)
    notice = t(ctx.lang, "annual_report.stored", year=year, organisation=organisation.name)
    return Answer(replace_card=_card(ctx, year, answers, notice))


async def receipt_again(ctx: Ctx, state: dict[str, Any]) -> Answer | None:
    """Submitted twice (a double click): the same card, from the stored final state."""
    if ctx.who.organisation is None or not _allowed(ctx):
        return None
    return Answer(replace_card=_card(ctx, _year_of(state, ctx),
                                     dict(state.get("answers") or {})))


async def _write(ctx: Ctx, year: int, fmt: str) -> Path:
    organisation = ctx.who.organisation
    assert organisation is not None
    out = reports_dir(ctx, organisation.slug) / file_name(organisation.slug, year, fmt)
    return await write_report(ctx.db, ctx.registry, organisation.id, year, ctx.now(), fmt, out,
                              data_dir=Path(ctx.settings.data_dir))


async def report_file(ctx: Ctx, data: dict[str, Any]) -> Answer:
    """The card's download buttons: the report written afresh, and given as a file in the
    1:1 chat (Teams' file consent card, or a short-lived link)."""
    if not _allowed(ctx):
        return _refusal(ctx)
    fmt, year = data.get("format"), data.get("year")
    this_year = to_local(ctx.now()).year
    if fmt not in FORMATS or not isinstance(year, int) or not FIRST_YEAR <= year <= this_year:
        return Answer.text(t(ctx.lang, "bot.unknown_action"))
    path = await _write(ctx, year, str(fmt))
    assert ctx.who.organisation is not None
    offer = FileOffer(path, path.name, t(ctx.lang, "annual_report.file", year=year,
                                         organisation=ctx.who.organisation.name))
    return Answer(messages=[t(ctx.lang, "annual_report.ready", year=year,
                              format=str(fmt).upper(), file=path.name)], files=[offer])
