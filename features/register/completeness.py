"""Which required fields an entry lacks, and how complete the register is.

A field is required when its declaration says so for the entry's values (e.g.
the Art. 9 basis only when special categories are processed, the KLASSA levels
only once the entry is classified). Completeness is filled required fields
over required fields: per entry, and summed over an object, an owner or an
organisation, so a large entry weighs more than a small one. Retired entries
are not counted: nobody needs to complete them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from features.register.fields import FIELDS, Values
from features.register.rules.vocabulary import Status


def missing(values: Values) -> list[str]:
    """The ids of the required fields this entry lacks, in declaration order."""
    return [f.id for f in FIELDS
            if f.required is not None and f.required(values) and f.is_missing(values)]


def required(values: Values) -> list[str]:
    return [f.id for f in FIELDS if f.required is not None and f.required(values)]


@dataclass(frozen=True)
class Completeness:
    filled: int
    required: int
    entries: int = 1
    complete_entries: int = 0

    @property
    def share(self) -> float:
        return 1.0 if self.required == 0 else self.filled / self.required

    @property
    def percent(self) -> int:
        """Rounded down, so 99.6 % is not shown as complete."""
        return int(self.share * 100)

    def __add__(self, other: Completeness) -> Completeness:
        return Completeness(self.filled + other.filled, self.required + other.required,
                            self.entries + other.entries,
                            self.complete_entries + other.complete_entries)


def of_entry(values: Values) -> Completeness:
    needed, lacking = required(values), missing(values)
    return Completeness(len(needed) - len(lacking), len(needed), 1, int(not lacking))


NOTHING = Completeness(0, 0, 0, 0)


def of_entries(entries: Iterable[Values]) -> Completeness:
    """Summed over the entries that are not retired."""
    total = NOTHING
    for values in entries:
        if values.get("status") != Status.RETIRED:
            total = total + of_entry(values)
    return total
