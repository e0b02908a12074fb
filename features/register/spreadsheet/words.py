"""What people write in a workbook for the register's fixed choices.

Each choice has the word the export writes (Swedish, so a DSO reads the sheet as
their own) and the phrases that name it in cells people typed: Swedish first,
English second, compared after `fold` (no case, accents or punctuation) as
whole words. The chat's labels are texts (`register.choice.*`); these are the
spreadsheet's own vocabulary, wider than any label, and kept here so an
export reads back as exactly what was exported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from features.register.fields import FIELDS
from sheets.text import Unreadable, fold


@dataclass(frozen=True)
class Word:
    id: str
    written: str  # what the export writes; also recognised
    phrases: tuple[str, ...] = ()


def _w(choice_id: str, written: str, *phrases: str) -> Word:
    return Word(choice_id, written, phrases)


# Keyed by the field's choice group (`EntryField.choice_group or EntryField.id`).
VOCABULARY: dict[str, tuple[Word, ...]] = {
    "legal_basis": (
        _w("6.1a", "6.1 a Samtycke", "samtycke", "consent"),
        _w("6.1b", "6.1 b Avtal", "avtal", "contract"),
        _w("6.1c", "6.1 c Rättslig förpliktelse", "rattslig forpliktelse",
           "rattslig skyldighet", "legal obligation"),
        _w("6.1d", "6.1 d Grundläggande intresse", "grundlaggande intresse", "vitalt intresse",
           "vitala intressen", "vital interests", "vital interest"),
        _w("6.1e", "6.1 e Allmänt intresse eller myndighetsutövning", "allmant intresse",
           "myndighetsutovning", "public interest", "public task", "official authority"),
        _w("6.1f", "6.1 f Berättigat intresse", "berattigat intresse", "berattigade intressen",
           "legitimate interest", "legitimate interests"),
    ),
    "art9": (
        _w("9.2a", "9.2 a Uttryckligt samtycke", "uttryckligt samtycke", "explicit consent"),
        _w("9.2b", "9.2 b Arbetsrätt", "arbetsratt", "arbetsrattsliga", "social trygghet",
           "socialt skydd", "employment"),
        _w("9.2c", "9.2 c Grundläggande intresse", "grundlaggande intresse", "vital interests"),
        _w("9.2d", "9.2 d Ideell organisation", "ideell organisation", "ideella",
           "not for profit"),
        _w("9.2e", "9.2 e Offentliggjorda uppgifter", "offentliggjorda", "offentliggjort",
           "made public"),
        _w("9.2f", "9.2 f Rättsliga anspråk", "rattsliga ansprak", "legal claims"),
        _w("9.2g", "9.2 g Viktigt allmänt intresse", "viktigt allmant intresse",
           "substantial public interest"),
        _w("9.2h", "9.2 h Hälso- och sjukvård", "halso", "sjukvard", "halso och sjukvard",
           "social omsorg", "socialtjanst", "health or social care"),
        _w("9.2i", "9.2 i Folkhälsa", "folkhalsa", "public health"),
        _w("9.2j", "9.2 j Arkiv och forskning", "arkiv", "arkivandamal", "forskning",
           "statistik", "archiving", "research"),
    ),
    "special": (
        _w("ethnic", "Etniskt ursprung", "etniskt", "etnicitet", "ethnic", "racial"),
        _w("political", "Politiska åsikter", "politiska", "politisk", "political"),
        _w("religious", "Religiös eller filosofisk övertygelse", "religios", "religiosa",
           "religion", "filosofisk", "filosofisk overtygelse", "religious", "philosophical"),
        _w("union", "Medlemskap i fackförening", "fackforening", "fackligt medlemskap",
           "facklig", "fackforeningsmedlemskap", "trade union"),
        _w("health", "Hälsa", "halsa", "halsouppgifter", "uppgifter om halsa", "halsodata",
           "health"),
        _w("sex_life", "Sexualliv eller sexuell läggning", "sexualliv", "sexuell laggning",
           "sex life", "sexual orientation"),
        _w("genetic", "Genetiska uppgifter", "genetiska", "genetisk", "genetic"),
        _w("biometric", "Biometriska uppgifter", "biometriska", "biometrisk", "biometric"),
    ),
    "extra": (
        _w("identity_numbers", "Personnummer", "personnummer", "samordningsnummer",
           "personnr", "identity numbers", "personal identity numbers"),
        _w("financial", "Ekonomiska förhållanden", "ekonomiska forhallanden", "ekonomi",
           "ekonomiska", "skulder", "financial"),
        _w("criminal", "Lagöverträdelser", "lagovertradelser", "lagovertradelse", "brott",
           "criminal"),
        _w("profiling", "Profilering", "profilering", "profiling"),
        _w("protected_identity", "Skyddade personuppgifter", "skyddade personuppgifter",
           "skyddad identitet", "sekretessmarkering", "protected identity"),
    ),
    "safeguard": (
        _w("adequacy", "Adekvat skyddsnivå", "adekvat", "adequacy", "dpf",
           "data privacy framework"),
        _w("scc", "Standardavtalsklausuler", "standardavtalsklausul", "scc",
           "standard contractual clauses"),
        _w("bcr", "Bindande företagsbestämmelser", "bcr", "binding corporate rules"),
        _w("derogation", "Undantag art. 49", "undantag", "art 49", "derogation"),
        _w("none", "Ingen", "ingen", "inga", "saknas", "none"),
    ),
    "agreement": (
        _w("yes", "Ja", "ja", "finns", "x", "yes", "tecknat", "tecknade"),
        _w("partly", "Delvis", "ja delvis", "vissa", "partly", "partially"),
        _w("no", "Nej", "nej", "saknas", "finns inte", "ej tecknat", "no"),
    ),
    "yes_no": (
        _w("yes", "Ja", "ja", "j", "x", "yes", "y", "true", "sant"),
        _w("no", "Nej", "nej", "n", "no", "false", "falskt", "ej", "inte"),
    ),
    "klassa": (
        _w("1", "1 Låg", "1", "lag", "low"),
        _w("2", "2 Måttlig", "2", "mattlig", "medel", "medium", "moderate"),
        _w("3", "3 Hög", "3", "hog", "high"),
        _w("4", "4 Mycket hög", "4", "mycket hog", "very high"),
    ),
    "dpia": (
        _w("needed", "Behövs", "behovs", "kravs", "ska goras", "planerad", "planeras",
           "needed", "required"),
        _w("not_needed", "Behövs inte", "behovs inte", "behovs ej", "kravs inte", "kravs ej",
           "ej aktuellt", "ej aktuell", "inte aktuellt", "inte aktuell", "ej nodvandig",
           "nej", "no", "not needed", "not required"),
        _w("done", "Genomförd", "genomford", "gjord", "klar", "utford", "ja", "x", "done",
           "yes"),
        _w("follow_up", "Genomförd, följs upp", "foljs upp", "uppfoljning", "folj upp",
           "folja upp", "follow up"),
    ),
    "criterion": (  # the WP248 criteria of a DPIA screening
        _w("evaluation", "Utvärdering eller poängsättning", "utvardering", "poangsattning",
           "evaluation", "scoring"),
        _w("automated_decisions", "Automatiserade beslut", "automatiserade beslut",
           "automatiserat beslutsfattande", "automated decisions"),
        _w("monitoring", "Systematisk övervakning", "overvakning", "monitoring"),
        _w("sensitive", "Känsliga eller mycket personliga uppgifter", "kansliga",
           "mycket personliga uppgifter", "sensitive"),
        _w("large_scale", "Storskalig behandling", "storskalig", "stor skala", "large scale"),
        _w("matching", "Samkörning av register", "samkorning", "kombinering", "matching"),
        _w("vulnerable", "Sårbara registrerade", "sarbara", "barn", "vulnerable"),
        _w("innovative", "Ny teknik", "ny teknik", "innovativ", "innovative"),
        _w("prevents_rights", "Hindrar rättigheter", "hindrar", "prevents rights"),
    ),
    # The classification column: "Ja, 2023-05-12", "Klassad 2023-05-12", "Ej klassad".
    "classified": (
        _w("yes", "Ja", "ja", "x", "yes", "klassad", "klassat", "genomford", "gjord", "klar",
           "classified"),
        _w("no", "Nej", "nej", "no", "ej", "inte", "ej klassad", "ej klassat", "inte klassad",
           "ej genomford", "inte genomford", "saknas", "pagar", "not classified"),
    ),
    "status": (
        _w("active", "Aktiv", "aktiv", "i drift", "i bruk", "pagaende", "ja", "active"),
        _w("inactive", "Inaktiv", "inaktiv", "ej i bruk", "ej i drift", "inte i bruk",
           "vilande", "nej", "inactive"),
        _w("retired", "Avslutad", "avslutad", "avslutat", "avvecklad", "avvecklat", "upphord",
           "upphort", "retired", "ended"),
    ),
}

# What a cell of each group should be, for the report of one that is not.
NOUNS = {
    "legal_basis": "a legal basis (Art. 6.1 a–f)", "art9": "an Art. 9.2 exception (a–j)",
    "special": "a special category of personal data", "extra": "an extra protected kind",
    "safeguard": "a transfer safeguard", "agreement": "yes, partly or no",
    "yes_no": "yes or no", "classified": "yes or no (with the date)",
    "klassa": "a KLASSA level 1–4", "criterion": "a DPIA screening criterion",
    "dpia": "a DPIA state", "status": "Aktiv, Inaktiv or Avslutad",
}

# Cells saying "none" in a several-choices column: the same as a blank cell.
NONE_WORDS = frozenset({"nej", "inga", "ingen", "no", "none", "saknas", "ej aktuellt",
                        "inte aktuellt", "ej tillampligt", "n a", "0"})

# Art. 6(1)(e), "6.1 e", "6.1e", "art. 6.1 c och e" (folded: "6 1 e"); Art. 9(2) likewise.
_ARTICLES = {
    "legal_basis": ("6.1", re.compile(r"(?<![0-9])6 ?1 ?([a-f])(?![a-z0-9])"), "abcdef"),
    "art9": ("9.2", re.compile(r"(?<![0-9])9 ?2 ?([a-j])(?![a-z0-9])"), "abcdefghij"),
}
_MORE_LETTERS = re.compile(r" ?(?:och|and|samt|eller)? ?([a-j])(?![a-z0-9])")
_PIECES = re.compile(r"[;\n\r]+")
_PARTS = re.compile(r"[,/&+]|\s(?:och|samt|eller|and|or)\s", re.IGNORECASE)


def vocabulary(group: str) -> tuple[Word, ...]:
    """A group's words; a group declared in fields.py after this table was written gets
    its choice ids as words, so it still exports and reads back."""
    if group in VOCABULARY:
        return VOCABULARY[group]
    ids = next((f.choices for f in FIELDS if (f.choice_group or f.id) == group), ())
    return tuple(Word(i, i) for i in ids)


def written(group: str, choice_id: str) -> str:
    """The word the export writes for a choice (its id, for a choice no word names)."""
    return next((w.written for w in vocabulary(group) if w.id == choice_id), choice_id)


@cache
def _matcher(group: str) -> tuple[re.Pattern[str], dict[str, str]]:
    """One regex of every phrase of a group, longest first, and phrase → choice id."""
    owner: dict[str, str] = {}
    for word in vocabulary(group):
        for phrase in (fold(word.written), *word.phrases):
            owner.setdefault(phrase, word.id)
    ordered = sorted(owner, key=len, reverse=True)
    pattern = "|".join(re.escape(p) for p in ordered)
    return re.compile(rf"(?<![a-z0-9])(?:{pattern})(?![a-z0-9])"), owner


def phrase_ids(group: str, folded: str) -> list[str]:
    """The choices a (folded) text names, in the order written; longest phrases win."""
    pattern, owner = _matcher(group)
    found: list[str] = []
    for match in pattern.finditer(folded):
        if owner[match.group(0)] not in found:
            found.append(owner[match.group(0)])
    return found


def read_choice(group: str, text: str) -> str | None:
    """One choice from a cell; None when blank. Raises Unreadable (none or two named)."""
    folded = fold(text)
    if not folded:
        return None
    articles = _article_ids(group, folded)
    found = articles or phrase_ids(group, folded)
    if len(found) == 1:
        return found[0]
    if not found:
        raise Unreadable(f"not {NOUNS.get(group, 'one of the choices')}")
    names = " and ".join(written(group, i) for i in found)
    raise Unreadable(f"names several choices ({names})")


def read_choices(group: str, text: str) -> tuple[list[str], list[str]]:
    """Several choices from a cell ("6.1 c; e", "Hälsa, etniskt ursprung"): the ids in the
    order written, and the parts that named none (reported, never guessed)."""
    ids: list[str] = []
    unread: list[str] = []
    for piece in _PIECES.split(text):
        folded = fold(piece)
        if not folded or folded in NONE_WORDS:
            continue
        named = _article_ids(group, folded)
        if not named:
            for raw in _PARTS.split(piece):
                part = fold(raw)
                if not part or part in NONE_WORDS:
                    continue
                found = _letter_id(group, part) or phrase_ids(group, part)
                if not found:
                    unread.append(raw.strip())
                named += found
        ids.extend(i for i in dict.fromkeys(named) if i not in ids)
    return ids, unread


def _article_ids(group: str, folded: str) -> list[str]:
    """Choices named by article ("6 1 c och e" → 6.1c, 6.1e)."""
    if group not in _ARTICLES:
        return []
    prefix, pattern, letters = _ARTICLES[group]
    found: list[str] = []
    for match in pattern.finditer(folded):
        found.append(prefix + match.group(1))
        position = match.end()
        while (more := _MORE_LETTERS.match(folded, position)) and more.group(1) in letters:
            found.append(prefix + more.group(1))
            position = more.end()
    return list(dict.fromkeys(found))


def _letter_id(group: str, part: str) -> list[str]:
    """A lone letter in a legal-basis column ("e") names Art. 6(1)(e)."""
    if group in _ARTICLES and len(part) == 1 and part in _ARTICLES[group][2]:
        return [_ARTICLES[group][0] + part]
    return []
