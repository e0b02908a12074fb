"""Screening a new processing activity for a data protection impact assessment (Art. 35).

The EDPB's guidelines (WP248 rev.01) list nine criteria; a processing meeting two
or more is likely to need a DPIA. This is screening, not the assessment: the DSO
sees the result, and the controller decides.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class Criterion(StrEnum):
    EVALUATION = "evaluation"  # evaluation or scoring, profiling, predicting
    AUTOMATED_DECISIONS = "automated_decisions"  # with legal or similarly significant effect
    MONITORING = "monitoring"  # systematic monitoring (e.g. cameras in public places)
    SENSITIVE = "sensitive"  # special categories or data of a highly personal nature
    LARGE_SCALE = "large_scale"
    MATCHING = "matching"  # matching or combining data sets
    VULNERABLE = "vulnerable"  # children, patients, employees, ...
    INNOVATIVE = "innovative"  # new technology or organisational solutions
    PREVENTS_RIGHTS = "prevents_rights"  # stops people using a right, service or contract


LIKELY_AT = 2  # criteria met from which a DPIA is likely to be required


@dataclass(frozen=True)
class Screening:
    met: tuple[Criterion, ...]

    @property
    def likely_needed(self) -> bool:
        return len(self.met) >= LIKELY_AT

    def as_record(self) -> dict[str, object]:
        return {"met": [c.value for c in self.met], "likely_needed": self.likely_needed}


def screen(answers: Iterable[str]) -> Screening:
    """The criteria among `answers` (choice ids; unknown ones are ignored)."""
    known = {c.value for c in Criterion}
    return Screening(tuple(Criterion(a) for a in dict.fromkeys(answers) if a in known))
