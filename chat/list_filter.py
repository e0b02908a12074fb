"""The words that narrow a DSO's list of cases, typed after the command word in any
order: `öppna`, `försenade`, `stängda` (those the list offers), a year, `sida N`.

- öppna / open (the default): not closed;
- försenade / overdue: open and past its deadline ("öppna försenade" is the same:
  overdue ones are open anyway);
- stängda / closed: closed;
- ÅR / YEAR: of that calendar year, closed ones included; combined with one of the
  others, both apply ("incidenter 2025 öppna").

A word it does not know gets a polite answer with a "did you mean" for a typo
(rapidfuzz), in the capability's own words: each list names its command and
example in its texts (`<texts>.unknown`, `.did_you_mean`, `.contradiction`,
`.two_years`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import process

from chat.turn import Answer
from dialogs.parsing import normalise
from i18n import t

OPEN, OVERDUE, CLOSED, ALL = "open", "overdue", "closed", "all"
_WORDS = {
    OPEN: frozenset({"oppna", "oppen", "open"}),
    OVERDUE: frozenset({"forsenade", "forsenad", "sena", "overdue", "late"}),
    CLOSED: frozenset({"stangda", "stangd", "avslutade", "closed"}),
}
_SHOWN = {"sv": {OPEN: "öppna", OVERDUE: "försenade", CLOSED: "stängda"},
          "en": {OPEN: "open", OVERDUE: "overdue", CLOSED: "closed"}}
PAGE_WORDS = frozenset({"sida", "page"})
YEAR = re.compile(r"^(19|20|21)\d\d$")
MAX_PAGE = 100_000
QUOTED = 40  # a word it does not know is repeated this far


@dataclass(frozen=True)
class ListFilter:
    which: str = OPEN  # open | overdue | closed | all (a year alone)
    year: int | None = None
    page: int = 1

    def words(self, lang: str) -> str:
        """The filter as typed again (for the "show more" button), without the page."""
        parts = [str(self.year)] if self.year is not None else []
        if self.which in _SHOWN["sv"]:
            parts.append(_SHOWN.get(lang, _SHOWN["sv"])[self.which])
        return " ".join(parts)


class UnknownWord(Exception):
    def __init__(self, word: str, reason: str = "unknown") -> None:
        super().__init__(word)
        self.word, self.reason = word, reason  # reason: unknown | contradiction | two_years


@dataclass(frozen=True)
class ListWords:
    """The filter words one list offers, and the catalog section that explains them."""

    kinds: tuple[str, ...]  # of OPEN, OVERDUE, CLOSED
    texts: str  # e.g. "incident.lists"

    def accepted(self, lang: str) -> list[str]:
        shown = _SHOWN.get(lang, _SHOWN["sv"])
        return [shown[kind] for kind in self.kinds]

    def parse(self, rest: str) -> ListFilter:
        """The filter in what follows the command word; UnknownWord for a word it does
        not know, two years, or two selections that contradict each other."""
        typed = [word for word in rest.split() if normalise(word)]
        tokens = ["".join(normalise(word).split()) for word in typed]
        which: str | None = None
        year: int | None = None
        page = 1
        i = 0
        while i < len(tokens):
            word = tokens[i]
            if word in PAGE_WORDS and i + 1 < len(tokens) and tokens[i + 1].isdigit():
                page = max(1, min(int(tokens[i + 1]), MAX_PAGE))
                i += 2
                continue
            if YEAR.match(word):
                if year is not None and int(word) != year:
                    raise UnknownWord(typed[i], "two_years")
                year = int(word)
            else:
                found = next((k for k in self.kinds if word in _WORDS[k]), None)
                if found is None:
                    raise UnknownWord(typed[i])
                if which is not None and which != found and {which, found} != {OPEN, OVERDUE}:
                    raise UnknownWord(typed[i], "contradiction")
                which = OVERDUE if OVERDUE in (which, found) else found
            i += 1
        return ListFilter(which or (ALL if year is not None else OPEN), year, page)

    def typo_answer(self, lang: str, error: UnknownWord) -> Answer:
        """What to say about a word the list does not know: a typo's likely meaning, or
        the words it takes."""
        word = error.word[:QUOTED]
        if error.reason != "unknown":
            return Answer.text(t(lang, f"{self.texts}.{error.reason}", word=word))
        accepted = self.accepted(lang)
        guess = process.extractOne(normalise(error.word), [normalise(w) for w in accepted],
                                   score_cutoff=70)
        key = "did_you_mean" if guess else "unknown"
        return Answer.text(t(lang, f"{self.texts}.{key}", word=word,
                             guess=accepted[guess[2]] if guess else "",
                             accepted=", ".join(accepted)))
