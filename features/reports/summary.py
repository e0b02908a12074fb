"""The figures of the DSO's summary, composed from what each capability contributes.

Each installed capability declares a `chat.summaries.SummarySection`; this asks
each for its figures over the organisations given and a calendar year, in one
read-only session. `figures_for` is what the annual report uses (by figure key);
`sections_for` keeps the sections apart for the summary card.

Figures never mix organisations by accident: the caller names the organisations,
and the summary card asks once per organisation and shows the total apart.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from chat.registry import Registry
from chat.summaries import Figure, SummarySection, period_of
from storage.db import Database


@dataclass(frozen=True)
class SectionFigures:
    """One section's figures, in its order."""

    name: str
    title_key: str
    figures: tuple[Figure, ...]


def sections_of(registry: Registry) -> list[SummarySection]:
    return sorted(registry.contributions("summary_sections"), key=lambda s: (s.order, s.name))


async def sections_for(db: Database, registry: Registry, org_ids: Sequence[int], year: int,
                       now: datetime) -> list[SectionFigures]:
    """Every section's figures summed over `org_ids` (none: every figure is 0)."""
    period = period_of(year, now)
    orgs = sorted(set(org_ids))
    found: list[SectionFigures] = []
    async with db.session(readonly=True) as session:
        for section in sections_of(registry):
            figures = await section.figures(session, orgs, period)
            found.append(SectionFigures(section.name, section.title_key, tuple(figures)))
    return found


async def figures_for(db: Database, registry: Registry, org_ids: Sequence[int], year: int,
                      now: datetime) -> dict[str, Figure]:
    """Every figure of every section, summed over `org_ids`, by figure key
    (e.g. "register.classified")."""
    return {f.key: f for s in await sections_for(db, registry, org_ids, year, now)
            for f in s.figures}


def total_of(parts: Sequence[Sequence[SectionFigures]]) -> list[SectionFigures]:
    """The sections of several organisations added up, figure by figure (the counts
    are of disjoint records, so the sum is the count over all of them)."""
    if not parts:
        return []
    total: list[SectionFigures] = []
    for index, first in enumerate(parts[0]):
        figures = []
        for n, figure in enumerate(first.figures):
            same = [part[index].figures[n] for part in parts]
            of = None if figure.of is None else sum(f.of or 0 for f in same)
            figures.append(replace(figure, value=sum(f.value for f in same), of=of))
        total.append(replace(first, figures=tuple(figures)))
    return total
