"""The annual report's storage and files: the DSO's judgements by organisation and
year, the figures from the capabilities' summary sections, and the report written
as Markdown or DOCX."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from chat.summaries import Figure
from features.reports.annual.content import Report, compose
from features.reports.annual.docx import template_for, write_docx
from features.reports.annual.flow import JUDGEMENT_IDS
from features.reports.annual.markdown import to_markdown
from storage.db import Database
from storage.models import AnnualReport, Organisation

FORMATS = ("md", "docx")


async def judgements_of(session: AsyncSession, organisation_id: int,
                        year: int) -> AnnualReport | None:
    return await session.scalar(select(AnnualReport).where(
        AnnualReport.organisation_id == organisation_id, AnnualReport.year == year))


async def store_judgements(session: AsyncSession, organisation_id: int, year: int,
                           answers: Mapping[str, Any], person_id: int | None) -> AnnualReport:
    """Create or replace the year's judgements (only the flow's own answers are kept)."""
    kept = {key: value for key, value in answers.items() if key in JUDGEMENT_IDS}
    row = await judgements_of(session, organisation_id, year)
    if row is None:
        row = AnnualReport(organisation_id=organisation_id, year=year, judgements=kept,
                           created_by_person_id=person_id)
        session.add(row)
    else:
        row.judgements = kept
    await session.flush()
    return row


async def count_figures(db: Database, registry: Any, organisation_ids: Sequence[int],
                        year: int, now: datetime) -> Mapping[str, Figure]:
    """The figures of the capabilities' summary sections, by key (none before they exist)."""
    try:
        from features.reports.summary import figures_for
    except ImportError:  # the summary is not installed in this build
        return {}
    return await figures_for(db, registry, list(organisation_ids), year, now)


async def report_for(db: Database, registry: Any, organisation_id: int, year: int,
                     now: datetime) -> tuple[Report, Organisation]:
    """The report from the stored judgements (none: every mark "Ej bedömd")."""
    async with db.session(readonly=True) as session:
        organisation = await session.get(Organisation, organisation_id)
        if organisation is None:
            raise LookupError(f"no organisation {organisation_id}")
        row = await judgements_of(session, organisation_id, year)
        judgements = dict(row.judgements) if row is not None else {}
    figures = await count_figures(db, registry, [organisation_id], year, now)
    return compose(organisation.name, year, figures, judgements), organisation


async def write_report(db: Database, registry: Any, org_id: int, year: int, now: datetime,
                       fmt: str, out_path: Path, *, data_dir: Path | None = None) -> Path:
    """Write the organisation's annual report for `year` as `fmt` ("md" or "docx") to
    `out_path`. A DOCX uses the organisation's own template when one is stored under
    `data_dir` (the deployment's data directory), else ours."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
    report, organisation = await report_for(db, registry, org_id, year, now)
    template = template_for(data_dir, organisation.slug) if data_dir is not None else None
    return await asyncio.to_thread(_write, report, fmt, Path(out_path), template)


def _write(report: Report, fmt: str, out_path: Path, template: Path | None) -> Path:
    if fmt == "docx":
        return write_docx(report, out_path, template)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    out_path.write_text(to_markdown(report), encoding="utf-8")
    return out_path


def file_name(slug: str, year: int, fmt: str) -> str:
    return f"arsrapport-{slug}-{year}.{fmt}"
