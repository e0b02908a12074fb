"""The annual report's areas and what only the DSO can judge in each, declared once.

The guided flow (`flow.py`) asks these questions, the stored judgements keep the
answers under these ids, and the composer (`content.py`) puts them in each area's
"Fråga/kontroll | Svar" table. The wording is in `texts/` (the questions in
`features/reports/texts/<lang>/annual.toml`, the report's own Swedish in
`texts/report.toml`).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Answer3(StrEnum):
    """An answer on "JA / DELVIS / NEJ", as the real reports have it."""

    YES = "yes"
    PARTLY = "partly"
    NO = "no"


# The four-step scale of the real reports, most serious first.
MARKS: tuple[str, ...] = ("1", "2", "3", "4")
NOT_JUDGED = "not_judged"


@dataclass(frozen=True)
class Judged:
    """A question only the DSO can answer: "ypn" (yes/partly/no) or "yn" (yes/no)."""

    id: str
    scale: str = "ypn"


@dataclass(frozen=True)
class Area:
    key: str  # "register", ...; its figures are under "<figures>.<name>"
    number: str  # "4.1"
    judged: tuple[Judged, ...] = ()

    @property
    def mark_id(self) -> str:
        return f"{self.key}_mark"

    @property
    def advice_id(self) -> str:
        return f"{self.key}_advice"


AREAS: tuple[Area, ...] = (
    Area("register", "4.1", (Judged("register_updated"), Judged("register_complete"),
                             Judged("register_routines"))),
    Area("documents", "4.2", tuple(Judged(f"documents_{name}", "yn") for name in (
        "in_place", "quality", "pedagogical", "current", "owners"))),
    Area("measures", "4.3", (Judged("measures_current"),)),
    Area("dpia", "4.4", (Judged("dpia_identified"), Judged("dpia_high_risk_assessed"),
                         Judged("dpia_current"))),
    Area("rights", "4.5"),
    Area("incidents", "4.6"),
)

# 4.7 Övrigt: free text for each of these, and the DSO's summary for section 2.
OTHER: tuple[str, ...] = ("other_transfers", "other_cameras", "other_projects")
SUMMARY = "summary"
