"""Typed answers from what people type.

Every failure raises `ParseError` with a catalog key (`dialog.error.*`) so the
engine can explain politely, in the user's language, and ask again.
Dates and times are in `dialogs.dateparse`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from dialogs.model import UNKNOWN


@dataclass
class ParseError(ValueError):
    key: str
    params: dict[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        return self.key


@dataclass(frozen=True)
class Option:
    """A choice as the parser sees it: its id and its labels in every language."""

    id: str
    labels: tuple[str, ...]


def normalise(text: str) -> str:
    """Case-, accent- and punctuation-insensitive form: "Förlust!" → "forlust"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(re.sub(r"[^\w]+", " ", bare).split())


UNKNOWN_WORDS = frozenset(
    normalise(w) for w in (
        "vet inte", "vet ej", "okänt", "okänd", "oklart", "ingen aning", "inte känt",
        "unknown", "don't know", "dont know", "do not know", "not known", "not sure",
    )
)


def is_unknown(text: str) -> bool:
    return normalise(text) in UNKNOWN_WORDS or text.strip() == "?"


def parse_text(text: str, max_length: int) -> str:
    value = text.strip()
    if len(value) > max_length:
        raise ParseError("dialog.error.too_long", {"max": max_length, "length": len(value)})
    return value


# One e-mail address, name@domain.tld and nothing around it. The same pattern is the
# card input's regex, which the host runs as a JavaScript regex.
EMAIL_PATTERN = r"^\s*[^@\s<>,;]+@[^@\s<>,;]+\.[^@\s<>,;.]{2,}\s*$"
_EMAIL = re.compile(EMAIL_PATTERN)


def parse_email(text: str, max_length: int) -> str:
    """The address as addresses compare (lower case), or ParseError."""
    if len(text) > max_length or not _EMAIL.match(text):
        raise ParseError("dialog.form.email")
    return text.strip().lower()


# Choices ---------------------------------------------------------------------

_SEPARATORS = re.compile(r"\s*(?:,|;|&|\+|/|\boch\b|\bsamt\b|\band\b)\s*", re.IGNORECASE)


_YES_NO_WORDS = frozenset({"ja", "nej", "yes", "no"})


def _matches(candidate: str, options: Sequence[Option]) -> list[str]:
    """Ids whose label fits `candidate`: exactly, then by prefix, then word by word."""
    wanted = normalise(candidate)
    if not wanted:
        return []
    if wanted.isdigit():
        index = int(wanted)
        return [options[index - 1].id] if 1 <= index <= len(options) else []
    labelled = [(o.id, [normalise(label) for label in (*o.labels, o.id)]) for o in options]
    tests = (
        lambda label: label == wanted,
        # "ja" for "Ja, och det är bekräftat": a yes or no that starts a label.
        lambda label: wanted in _YES_NO_WORDS and label.split()[:1] == [wanted],
        lambda label: len(wanted) >= 3 and label.startswith(wanted),
        lambda label: len(wanted) >= 3 and all(
            any(lw.startswith(w) for lw in label.split()) for w in wanted.split()),
    )
    for test in tests:
        hits = [oid for oid, labels in labelled if any(test(label) for label in labels)]
        if hits:
            return list(dict.fromkeys(hits))
    return []


def _one(candidate: str, options: Sequence[Option]) -> str | None:
    hits = _matches(candidate, options)
    if len(hits) > 1:
        raise ParseError("dialog.error.choice_ambiguous", {"text": candidate.strip()})
    return hits[0] if hits else None


def parse_single(text: str, options: Sequence[Option]) -> str:
    """One choice by its number or (part of) its label."""
    found = _one(text, options)
    if found is None:
        raise ParseError("dialog.error.choice", {"count": len(options)})
    return found


def parse_multi(text: str, options: Sequence[Option]) -> list[str]:
    """Several choices: "1, 3", "personal och elever", "staff and pupils".

    Labels may themselves contain a separator ("Obehörigt röjande, annat"), so
    the longest run of parts that names a choice wins.
    """
    whole = _one(text, options)
    if whole is not None:
        return [whole]
    parts = [p for p in _SEPARATORS.split(text) if p.strip()]
    # "1 3" is two numbers, not a label.
    if all(re.fullmatch(r"\d+(\s+\d+)*", p.strip()) for p in parts):
        parts = " ".join(parts).split()
    chosen: list[str] = []
    i = 0
    while i < len(parts):
        for j in range(len(parts), i, -1):
            found = _one(" ".join(parts[i:j]), options)
            if found is not None:
                chosen.append(found)
                i = j
                break
        else:
            raise ParseError("dialog.error.choice_part", {"text": parts[i].strip(),
                                                          "count": len(options)})
    if not chosen:
        raise ParseError("dialog.error.choice", {"count": len(options)})
    return list(dict.fromkeys(chosen))


# Yes / no --------------------------------------------------------------------

_YES = frozenset({"ja", "j", "jo", "japp", "absolut", "yes", "y", "yep", "sure", "1"})
_NO = frozenset({"nej", "n", "nä", "no", "nope", "2"})


def parse_yes_no(text: str, allow_unknown: bool = False) -> str:
    word = text.strip().casefold().rstrip(".!")
    if word in _YES:
        return "yes"
    if word in _NO:
        return "no"
    if allow_unknown and (is_unknown(text) or word == "3"):
        return UNKNOWN
    raise ParseError("dialog.error.yes_no_unknown" if allow_unknown else "dialog.error.yes_no")


# Numbers and ranges ----------------------------------------------------------

# Small numbers as words, as `normalise` folds them ("två" → "tva"). Not "a"/"an":
# "än" folds to "an" ("mer än tio").
NUMBER_WORDS = {
    **dict.fromkeys(("en", "ett", "one"), 1),
    **dict.fromkeys(("tva", "two"), 2), **dict.fromkeys(("tre", "three"), 3),
    **dict.fromkeys(("fyra", "four"), 4), **dict.fromkeys(("fem", "five"), 5),
    **dict.fromkeys(("sex", "six"), 6), **dict.fromkeys(("sju", "seven"), 7),
    **dict.fromkeys(("atta", "eight"), 8), **dict.fromkeys(("nio", "nine"), 9),
    **dict.fromkeys(("tio", "ten"), 10), **dict.fromkeys(("elva", "eleven"), 11),
    **dict.fromkeys(("tolv", "twelve"), 12), **dict.fromkeys(("tretton", "thirteen"), 13),
    **dict.fromkeys(("fjorton", "fourteen"), 14), **dict.fromkeys(("femton", "fifteen"), 15),
    **dict.fromkeys(("sexton", "sixteen"), 16), **dict.fromkeys(("sjutton", "seventeen"), 17),
    **dict.fromkeys(("arton", "aderton", "eighteen"), 18),
    **dict.fromkeys(("nitton", "nineteen"), 19), **dict.fromkeys(("tjugo", "twenty"), 20),
}

_APPROX = r"(?:ca\.?|c:a|cirka|circa|ungefär|ungefar|omkring|runt|about|around|approx\.?|approximately|roughly|~)"  # noqa: E501
_OVER = r"(?:över|over|mer än|mer an|fler än|fler an|more than|above|minst|at least|>=?)"
_UNDER = r"(?:under|färre än|farre an|mindre än|mindre an|less than|fewer than|below|högst|hogst|at most|max|<=?)"  # noqa: E501
_NUM = r"(\d+)"
_TAIL = r"(?:\s+[^\d\s]+)*"  # "50 personer", "about 200 records"
_RANGE = re.compile(rf"^(?:mellan|between)?\s*{_NUM}\s*(?:-|–|—|till|to|och|and)\s*{_NUM}{_TAIL}$")
_PLUS = re.compile(rf"^{_NUM}\s*\+{_TAIL}$")
# "ett 100-tal", "100-tal": about a hundred.
_TAL = re.compile(rf"^(?:ett\s+)?{_NUM}\s*-?\s*tal{_TAIL}$")
# "1,5" or "2.5": a count is a whole number (thousands separators are gone by then).
_FRACTION = re.compile(r"\d[.,]\d")


def _plain_digits(text: str) -> str:
    """Drop thousands separators: "1 000", "1 000" (no-break space), "1.000", "1,000" → "1000"."""
    return re.sub(r"(?<=\d)[\s\u00a0\u202f.,](?=\d{3}(?!\d))", "", text)


def _digits_for_words(text: str) -> str:
    """"tre personer" → "3 personer", only when no digit is typed at all (so "50
    elever och en lärare" stays as it is)."""
    if re.search(r"\d", text):
        return text
    return " ".join(str(NUMBER_WORDS.get(normalise(word), word)) if normalise(word) else word
                    for word in text.split())


def parse_number(text: str, allow_unknown: bool = True) -> dict[str, Any] | str:
    """An approximate count: `{"min", "max", "approx"}`, or UNKNOWN.

    Swedish and English as typed: "1 000" (a space or no-break space between
    thousands), "ca 1 200", "25–30", "fler än 100", "minst 20", "100+", "ett
    100-tal", "tre". A count is whole: "1,5" is refused with its own message
    rather than read as 15.
    """
    if is_unknown(text):
        if allow_unknown:
            return UNKNOWN
        raise ParseError("dialog.error.number")
    value = _digits_for_words(_plain_digits(text.strip().casefold()))
    approx = bool(re.match(_APPROX, value))
    if approx:
        value = re.sub(rf"^{_APPROX}\s*", "", value)
    if m := _RANGE.match(value):
        low, high = int(m.group(1)), int(m.group(2))
        if low > high:
            raise ParseError("dialog.error.range_order", {"low": low, "high": high})
        return {"min": low, "max": high, "approx": approx}
    if (m := re.match(rf"^{_OVER}\s*{_NUM}{_TAIL}$", value)) or (m := _PLUS.match(value)):
        return {"min": int(m.group(1)), "max": None, "approx": approx}
    if m := re.match(rf"^{_UNDER}\s*{_NUM}{_TAIL}$", value):
        return {"min": None, "max": int(m.group(1)), "approx": approx}
    if m := _TAL.match(value):
        return {"min": int(m.group(1)), "max": int(m.group(1)), "approx": True}
    if m := re.match(rf"^{_NUM}{_TAIL}$", value):
        return {"min": int(m.group(1)), "max": int(m.group(1)), "approx": approx}
    if _FRACTION.search(value):
        raise ParseError("dialog.error.number_whole")
    raise ParseError("dialog.error.number")
