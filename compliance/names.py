"""Likely names of people in free text, Swedish or English, found without any outside
service: word lists in `compliance/wordlists/` and a few rules about the words around them.

A name is reported when
- a first name from the list (or a double one: "Anna-Karin", "Per Olof") is followed by
  a capitalised surname, with particles allowed between ("van der", "af", "von");
- a title ("fru", "herr", "Mr", "Ms", "Dr") is followed by a surname, or by a first name
  and a surname;
- a role ("rektor", "kollegan", "familjen", "teacher") is followed by a word that looks
  like a surname: a typical ending (-son, -berg, -ström, -qvist, -gren, ...) or a common
  surname from the list;
- a capitalised word can only be a surname: it ends in -sson or -sdotter ("Svensson").
The surname after a first name may be any capitalised word except a month, a weekday, a
place, an organisation, a product or a word places and units are built from
(`not_names.txt`), a compound that names a unit or a place ("Lagerlöfskolan",
"Dahlbergsgatan", "Larsson-gården") or an acronym. After a first name that is also an
ordinary word or a month (Per, Hans, Bo, May, Will, Mark) the surname must look like one.
Streets, schools and churches named after people ("Olof Palmes gata", "Karl Johans torg",
"Gustav Vasa kyrka") are places, not people, and are left alone.

A first name alone ("Lisa i 7B") is not reported: too many first names are also words,
places or products to tell them apart without more context.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

# A word: letters, joined by hyphens or apostrophes ("Anna-Karin", "O'Brien").
_WORD_PATTERN = r"[^\W\d_]+(?:['’\-][^\W\d_]+)*"
# The word after a name, when only spaces come between.
_NEXT_WORD = re.compile(rf"[ \t\u00a0]+({_WORD_PATTERN})")
_SPACE = frozenset(" \t\u00a0")
# Capital letters of the Latin scripts (re has no Unicode categories).
_CAPITALS = "".join(ch for ch in map(chr, range(0x250)) if ch.isupper())
_ENGLISH_GENITIVE = ("'s", "’s")

# First names that are also ordinary words, months or weekdays: after them the next word
# must look like a surname ("Per Olof", "Hans mamma", "May Office 365", "Will Microsoft").
_WORDLIKE_FIRST = frozenset("""
    per hans bo dag liv stig sten tor sol love saga klara maj juni my dan jan nova iris
    viola ebbe axel bror ted tim kim sam
    may june april august will mark bill frank jack grace rose ruby holly daisy poppy
    amber joy hope faith sally ben dave nick matt mike chris andy steve
""".split())

_PARTICLES = frozenset("van von der den de af la le du da di del della dos das ten ter zu "
                       "bin ibn al el".split())

_TITLES = frozenset("fru herr fröken doktor dr professor prof mr mrs ms miss mx sir".split())

_ROLES = frozenset("""
    rektor rektorn biträdande lärare läraren förskollärare förskolläraren mentor mentorn
    handläggare handläggaren socialsekreterare socialsekreteraren biståndshandläggare
    biståndshandläggaren kurator kuratorn sjuksköterska sjuksköterskan skolsköterska
    skolsköterskan undersköterska undersköterskan läkare läkaren chef chefen enhetschef
    enhetschefen avdelningschef avdelningschefen förvaltningschef förvaltningschefen
    kollega kollegan medarbetare medarbetaren assistent assistenten sekreterare sekreteraren
    elev eleven patient patienten brukare brukaren klient klienten kund kunden
    vårdnadshavare vårdnadshavaren mamma mamman pappa pappan familjen advokat advokaten
    ordförande ordföranden kommunalråd kommunalrådet kontaktperson kontaktpersonen
    hyresgäst hyresgästen granne grannen anhörig sökande sökanden
    teacher nurse doctor colleague manager officer pupil student client councillor
    caseworker headteacher principal parent mother father tenant neighbour
""".split())

# Typical endings of surnames in Sweden (and a few that are common here from elsewhere).
# Asked for only where the word before is weak evidence; see the module docstring.
_SURNAME_ENDINGS = (
    "son", "sen", "dotter", "berg", "bergh", "ström", "qvist", "kvist", "quist", "gren",
    "lund", "holm", "dahl", "dal", "blad", "strand", "mark", "ling", "ander", "ius", "én",
    "ell", "man", "stam", "sjö", "fors", "löf", "löv", "vall", "wall", "stedt", "lind",
    "nen", "vić", "vic", "ić", "ski", "ska", "sky",
)
# Only a surname ends like this, so it is one even with nothing before it: Svensson,
# Eriksdotter (but not "Dotter" or "Dotterdotter" at the start of a sentence).
_SURE_SURNAME = re.compile(r"[^\W\d_]{2,}(?:sson|sdotter)")

# A capitalised word ending like this names a place or a unit, not a person
# ("Lagerlöfskolan", "Dahlbergsgatan", "Kommunstyrelsen").
_UNIT_ENDINGS = (
    "skola", "skolan", "gymnasium", "gymnasiet", "förskola", "förskolan", "gata", "gatan",
    "vägen", "gränd", "gränden", "torg", "torget", "platsen", "parken", "allé",
    "allén", "backen", "stigen", "kyrka", "kyrkan", "församling", "församlingen", "sjukhus",
    "sjukhuset", "kliniken", "mottagning", "mottagningen", "vårdcentral", "vårdcentralen",
    "förvaltning", "förvaltningen", "nämnd", "nämnden", "styrelsen", "kontor", "kontoret",
    "enhet", "enheten", "avdelning", "avdelningen", "sektionen", "huset", "gården", "boende",
    "boendet", "hemmet", "centralen", "terminalen", "stationen", "hallen", "badet",
    "biblioteket", "museet", "teatern", "arenan", "hamnen", "verket", "myndigheten",
    "bolaget", "förbundet", "institutet", "akademin", "universitetet", "högskolan",
    "kommun", "kommunen", "regionen", "tjänsten", "jouren", "center", "centrum",
)
# A lower-case word after a name that makes the whole a place named after someone
# ("Olof Palmes gata", "Astrid Lindgrens skola", "Adolf Fredriks församlingshem"): the word
# itself, or a compound ending in one of four letters or more ("kyrkogata", not "säng").
# Not "plats", "villa" or "hus": "Lisa Bergs plats i kön" is about her.
_PLACE_AFTER = (
    "skola", "skolan", "gymnasium", "gymnasiet", "förskola", "kyrka", "kyrkan", "kyrkogata",
    "församling", "församlingshem", "församlingsgård", "kapell", "gata", "gatan", "väg",
    "vägen", "gränd", "torg", "torget", "platsen", "park", "parken", "allé",
    "backe", "stig", "kaj", "kajen", "brygga", "bro", "bron", "terrass", "terrassen",
    "trappor", "udde", "äng", "hage", "lund", "trädgård", "trädgården", "gård", "gården",
    "slott", "sjukhus", "sjukhuset", "vårdcentral", "äldreboende", "minne",
    "museum", "museet", "bibliotek", "biblioteket", "teater", "teatern", "staty",
    "stiftelse", "stiftelsen", "fond", "institut", "institutet", "center", "centrum", "hall",
    "hallen", "sal", "salen", "aula",
    "school", "street", "road", "hospital", "church", "square", "station", "college",
    "university", "avenue", "lane", "bridge", "library", "museum", "garden", "gardens",
    "terrace", "memorial", "building", "foundation",
)


# The words that can matter: capitalised ones, and lower-case titles, roles and particles.
# The regex engine skips the rest of the text, so a long answer costs little.
_KEYWORDS = sorted(_TITLES | _ROLES | _PARTICLES, key=len, reverse=True)
_CANDIDATE = re.compile(
    rf"(?<![\w'’\-])(?:[{_CAPITALS}](?:['’\-]?[^\W\d_])*"
    rf"|(?:{'|'.join(_KEYWORDS)})(?![\w'’\-]))")
_ANY_CAPITAL = re.compile(f"[{_CAPITALS}]")

_PLACE_WORDS = frozenset(_PLACE_AFTER)
_PLACE_ENDINGS = tuple(word for word in _PLACE_AFTER if len(word) >= 4)


@dataclass(frozen=True)
class _Lists:
    first: frozenset[str]
    surnames: frozenset[str]
    not_names: frozenset[str]


def _read(filename: str) -> frozenset[str]:
    text = resources.files(__package__).joinpath("wordlists", filename).read_text("utf-8")
    words = (line.split("#", 1)[0].strip().casefold() for line in text.splitlines())
    return frozenset(word for word in words if word)


@cache
def _lists() -> _Lists:
    """The word lists, read from the package once."""
    return _Lists(_read("first_names.txt"), _read("surnames.txt"), _read("not_names.txt"))


@dataclass(frozen=True)
class _Token:
    start: int
    end: int
    word: str
    fold: str  # casefolded
    capital: bool  # starts with a capital and is not an acronym
    joined: bool  # only spaces between it and the token before


def _tokens(text: str) -> list[_Token]:
    """The capitalised words, titles, roles and particles; `joined` when only spaces lie
    between a token and the one before (so no other word either)."""
    tokens: list[_Token] = []
    last_end = -1
    for m in _CANDIDATE.finditer(text):
        word, start = m.group(), m.start()
        head = word.split("-", 1)[0]
        capital = word[0].isupper() and not (len(head) > 1 and head.isupper())
        gap = text[last_end:start] if last_end >= 0 else ""
        joined = gap.isspace() and "\n" not in gap and "\r" not in gap
        tokens.append(_Token(start, m.end(), word, word.casefold(), capital, joined))
        last_end = m.end()
    return tokens


def _bare(fold: str) -> str:
    """The word without an English genitive ('s)."""
    return fold[:-2] if fold.endswith(_ENGLISH_GENITIVE) else fold


def _is_first(token: _Token) -> bool:
    if not token.capital:
        return False
    first = _lists().first
    return token.fold in first or (
        "-" in token.fold and all(part in first for part in token.fold.split("-")))


def _looks_like_surname(fold: str) -> bool:
    lists = _lists()
    for part in _bare(fold).split("-"):
        for form in (part, part[:-1]) if part.endswith("s") else (part,):
            if form in lists.surnames or form.endswith(_SURNAME_ENDINGS):
                return True
    return False


def _can_be_surname(token: _Token, strict: bool) -> bool:
    """A capitalised word that is not a place, unit, product or acronym; `strict`: and
    it also looks like a surname."""
    if not token.capital or len(token.word) < 2:
        return False
    lists = _lists()
    for part in token.word.split("-"):
        if not part[:1].isupper():  # "Larsson-gården", "Teams-kanalen"
            return False
    fold = _bare(token.fold)
    for part in fold.split("-"):
        genitive = part[:-1] if part.endswith("s") else part
        if part in lists.not_names or genitive in lists.not_names:
            return False
        if part.endswith(_UNIT_ENDINGS):
            return False
    return _looks_like_surname(fold) if strict else True


def _end_of(token: _Token) -> int:
    """Where the name ends: before an English genitive 's, which stays in the text."""
    return token.end - 2 if token.fold.endswith(_ENGLISH_GENITIVE) else token.end


def _only_a_surname(token: _Token) -> bool:
    """A capitalised word that can only be a surname: "Svensson", "Eriksdotters"."""
    fold = _bare(token.fold)
    if fold.endswith("s") and not fold.endswith("sson"):
        fold = fold[:-1]
    return token.capital and _SURE_SURNAME.fullmatch(fold) is not None \
        and _can_be_surname(token, strict=True)


class _Scan:
    """One pass over the words of a text, left to right."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = _tokens(text)
        self.found: list[tuple[int, int]] = []

    def joined(self, i: int) -> _Token | None:
        """Token i when it follows the one before it with only spaces between."""
        if i < len(self.tokens) and self.tokens[i].joined:
            return self.tokens[i]
        return None

    def at(self, i: int, lead: bool) -> _Token | None:
        """Token i: any (`lead`), or only when joined to the one before."""
        if lead:
            return self.tokens[i] if i < len(self.tokens) else None
        return self.joined(i)

    def surname_at(self, i: int, strict: bool, lead: bool = False) -> int | None:
        """Particles then a surname, perhaps two ("Lind Svensson"), starting at token i:
        the index of the last surname, or None. `lead`: token i need not be joined (the
        caller checked what comes before it)."""
        while (t := self.at(i, lead)) is not None and not t.capital and t.fold in _PARTICLES:
            i, lead = i + 1, False
        token = self.at(i, lead)
        if token is None or not _can_be_surname(token, strict):
            return None
        if (second := self.joined(i + 1)) and not _is_first(second) \
                and _can_be_surname(second, True):
            i += 1
        return i

    def a_place(self, last: int) -> bool:
        """The name is part of a place named after someone ("Olof Palmes gata")."""
        m = _NEXT_WORD.match(self.text, self.tokens[last].end)
        if m is None or not m.group(1).islower():
            return False
        after = m.group(1).casefold()
        return after in _PLACE_WORDS or after.endswith(_PLACE_ENDINGS)

    def report(self, first: int, last: int | None) -> int | None:
        if last is None or self.a_place(last):
            return None
        self.found.append((self.tokens[first].start, _end_of(self.tokens[last])))
        return last + 1

    def from_first_names(self, i: int, titled: bool = False) -> int | None:
        """A first name (or several) at token i, then a surname."""
        last_first = i
        while (t := self.joined(last_first + 1)) and _is_first(t):
            last_first += 1
        names = self.tokens[i : last_first + 1]
        strict = not titled and all(t.fold in _WORDLIKE_FIRST for t in names)
        last = self.surname_at(last_first + 1, strict)
        if last is not None:
            return self.report(i, last)
        # "Lisa Martin": a double first name whose second half is a common surname.
        if last_first > i and not strict and names[-1].fold in _lists().surnames:
            return self.report(i, last_first)
        return None

    def after_title(self, i: int) -> int | None:
        """A title at token i ("fru", "Dr."), then a name; the title is not part of it."""
        nxt = i + 1
        if nxt >= len(self.tokens):
            return None
        gap = self.text[self.tokens[i].end : self.tokens[nxt].start]
        gap = gap[1:] if gap.startswith(".") else gap
        if not gap or any(ch not in _SPACE for ch in gap):
            return None
        if _is_first(self.tokens[nxt]):
            return self.from_first_names(nxt, titled=True)
        return self.report(nxt, self.surname_at(nxt, strict=False, lead=True))

    def after_role(self, i: int) -> int | None:
        """A role at token i ("rektor", "kollegan"), then a word that looks like a surname."""
        token = self.joined(i + 1)
        if token is None or _is_first(token):
            return None
        return self.report(i + 1, self.surname_at(i + 1, strict=True))

    def run(self) -> list[tuple[int, int]]:
        i, count = 0, len(self.tokens)
        while i < count:
            token = self.tokens[i]
            nxt: int | None = None
            if token.fold in _TITLES and (token.capital or token.word.islower()):
                nxt = self.after_title(i)
            elif token.fold in _ROLES:
                nxt = self.after_role(i)
            elif _is_first(token):
                nxt = self.from_first_names(i)
            elif _only_a_surname(token):
                nxt = self.report(i, i)
            i = nxt if nxt is not None else i + 1
        return self.found


def find_names(text: str) -> list[tuple[int, int]]:
    """(start, end) of each likely name of a person in `text`, in text order."""
    if _ANY_CAPITAL.search(text) is None:
        return []
    return _Scan(text).run()
