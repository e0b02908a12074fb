"""Which right a question from staff is about, in Swedish or English, typos and all:
`match(question)`, and whether a chat message is a rights question at all,
`looks_like_rights_question(text)`.

The method is meant to be explained on a card: a table of the words people use
(`synonyms.py`), found in the question after folding both (lower case, no accents, no
punctuation), each word tolerating small typos (edit distance, rapidfuzz). Each topic
scores its best synonym, a little more for each further one, and a little more when the
question is plainly about someone's personal data. A topic wins only when it scores
above THRESHOLD and beats the next right by MARGIN; otherwise the answer is "not sure"
(None), which the bot turns into the topic menu or a question to the DSO. A wrong right
is worse than "not sure": a question that shows another matter (an incident, the
register, protected identity, public documents) is never given a right.

The request topic (how to handle and log any request) is a fallback, not a rival: a
request to erase is an erasure question, so REQUEST wins only when no right does.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA

from features.rights.rules import synonyms
from features.rights.rules.topics import RIGHTS, Topic

THRESHOLD = 0.8  # a strong synonym (1.0, or 0.9 with a typo); a weak one needs help
MARGIN = 0.2  # ahead of the next right by more than a bonus or two
STRONG, WEAK = 1.0, 0.7
BONUS = 0.1  # each further synonym of the same topic, at most MAX_BONUSES of them
MAX_BONUSES = 2
CONTEXT_BOOST = 0.15  # a weak hint with context, or two weak hints, reach THRESHOLD
MAX_GAP = 2  # other words allowed between two words of a phrase
GAP_COST = 0.03  # per such word: a tight phrase beats a loose one
TYPO_COST = 0.1  # per edit


# --- Folding -------------------------------------------------------------------------

_WORD = re.compile(r"[^\W_]+")
_APOSTROPHES = re.compile(r"['’`´]")
_FOLD_EXTRA = str.maketrans({"ø": "o", "æ": "ae", "đ": "d", "ł": "l"})


def _fold_word(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.translate(_FOLD_EXTRA))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words_of(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The words of a text twice, aligned: lower case with accents ("ändra"), and
    folded ("andra"). Apostrophes go ("don't" → "dont"), other punctuation separates."""
    plain = tuple(_WORD.findall(_APOSTROPHES.sub("", text.casefold())))
    return plain, tuple(_fold_word(w) for w in plain)


def fold(text: str) -> str:
    """Compare-form of what people type: "GDPR-begäran!" → "gdpr begaran"."""
    return " ".join(words_of(text)[1])


# --- The compiled synonym table --------------------------------------------------------


# Words are compared by identity (hashing a dataclass by value is slow), and made
# once per spelling, so "mina" in a hundred phrases is looked for once.
@dataclass(frozen=True, slots=True, eq=False)
class _Word:
    stem: str
    prefix: bool  # takes any word beginning with the stem
    plain: bool  # compared with accents kept
    typos: int  # edits tolerated
    in_phrase: bool  # the other words of the phrase vouch for it


@dataclass(frozen=True, slots=True)
class _Pattern:
    shown: tuple[str, ...]  # its words as written in the table, without the markers
    words: tuple[_Word, ...]
    weight: float


_WORDS: dict[tuple[str, bool, bool, int, bool], _Word] = {}


def _typos(stem: str) -> int:
    # Short words take none: "rätta" is one edit from "rätt", "fel" from "fil".
    return 0 if len(stem) < 6 else 1 if len(stem) < 10 else 2


def _make(stem: str, prefix: bool, plain: bool, typos: int, in_phrase: bool) -> _Word:
    key = (stem, prefix, plain, typos, in_phrase)
    if key not in _WORDS:
        _WORDS[key] = _Word(*key)
    return _WORDS[key]


def _word(spec: str, in_phrase: bool) -> _Word:
    exact, plain = spec.startswith("="), spec.startswith("!")
    spec = spec.lstrip("=!")
    prefix = spec.endswith("*")
    spec = spec.rstrip("*")
    stem = spec.casefold() if plain else _fold_word(spec.casefold())
    return _make(stem, prefix, plain, 0 if exact or plain else _typos(stem), in_phrase)


def _patterns(specs: tuple[str, ...], weight: float) -> list[_Pattern]:
    patterns = []
    for spec in specs:
        parts = spec.split()
        words = tuple(_word(p, len(parts) > 1) for p in parts)
        shown = tuple(p.lstrip("=!").rstrip("*") for p in parts)
        patterns.append(_Pattern(shown, words, weight))
        # A phrase also as one compound word: "gdpr begäran" takes "gdprbegäran". Without
        # typos: "invändning att" is no compound, and must not take "invändningar".
        joined = "".join(w.stem for w in words)
        if len(words) > 1 and len(joined) >= 8 and not any(w.plain for w in words):
            compound = _make(joined, words[-1].prefix, False, 0, False)
            patterns.append(_Pattern((" ".join(shown),), (compound,), weight))
    return patterns


_TOPIC_PATTERNS: dict[Topic, list[_Pattern]] = {
    topic: _patterns(synonyms.STRONG[topic].all(), STRONG)
    + _patterns(synonyms.WEAK[topic].all(), WEAK)
    for topic in Topic
}
_CONTEXT = _patterns(synonyms.CONTEXT.all(), 1.0)
_OFF_TOPIC = _patterns(synonyms.OFF_TOPIC.all(), 1.0)
_TALK = _patterns(synonyms.RIGHTS_TALK.all(), 1.0)
_TALK_ADDRESSED = _patterns(synonyms.RIGHTS_TALK_ADDRESSED.all(), 1.0)
_ADDRESSEE = _patterns(synonyms.ADDRESSEE.all(), 1.0)


def _index() -> tuple[dict, dict, dict, dict]:
    """Words by their exact form, by (length, beginning), and the typo-tolerant ones by
    the length of their stem (whole words and stems apart)."""
    exact: dict[tuple[bool, str], list[_Word]] = defaultdict(list)
    prefix: dict[tuple[bool, int, str], list[_Word]] = defaultdict(list)
    whole_by_length: dict[tuple[int, bool], list[_Word]] = defaultdict(list)
    stems_by_length: dict[tuple[int, bool], list[_Word]] = defaultdict(list)
    for w in _WORDS.values():
        if w.prefix:
            prefix[w.plain, len(w.stem), w.stem].append(w)
        else:
            exact[w.plain, w.stem].append(w)
        if w.typos:
            group = stems_by_length if w.prefix else whole_by_length
            group[len(w.stem), w.in_phrase].append(w)
    return dict(exact), dict(prefix), dict(whole_by_length), dict(stems_by_length)


_EXACT, _PREFIX, _WHOLE_BY_LENGTH, _STEMS_BY_LENGTH = _index()
_PREFIX_LENGTHS = sorted({length for _, length, _ in _PREFIX})


# --- Finding the words in a question -------------------------------------------------

# word → [(position, words taken, likeness 0–1)]
_Hits = dict[_Word, list[tuple[int, int, float]]]
_CACHED_WORDS = 4096  # words of recent messages: bounded, it is chat text


def _shortest(n: int, typos: int, in_phrase: bool) -> int:
    # No letter missing in a short word standing alone: "rader" (rows) is not a typo of
    # "radera". In a phrase the other words vouch for it: "subject acess request".
    return n if n < 8 and not in_phrase else n - typos


@lru_cache(maxsize=_CACHED_WORDS)
def _typo_hits(token: str) -> tuple[tuple[_Word, int], ...]:
    """The typo-tolerant words `token` is a typo of (or begins with a typo of), with the
    edits; rapidfuzz runs over each group of equally long stems at once."""
    found: dict[_Word, int] = {}
    size = len(token)
    for (n, in_phrase), words in _WHOLE_BY_LENGTH.items():  # the length differs by <= k
        k = _typos(words[0].stem)
        if abs(size - n) > k or size < _shortest(n, k, in_phrase):
            continue
        for _, edits, i in process.extract(token, [w.stem for w in words], scorer=OSA.distance,
                                           score_cutoff=k, limit=None):
            found[words[i]] = min(edits, found.get(words[i], edits))
    for (n, in_phrase), words in _STEMS_BY_LENGTH.items():  # stems: the token's beginning
        k = _typos(words[0].stem)
        if size < _shortest(n, k, in_phrase):
            continue
        for cut in {token[: n + j] for j in range(-k, k + 1) if n + j <= size}:
            for _, edits, i in process.extract(cut, [w.stem for w in words],
                                               scorer=OSA.distance, score_cutoff=k,
                                               limit=None):
                found[words[i]] = min(edits, found.get(words[i], edits))
    return tuple((w, e) for w, e in found.items() if e)


def _find(plain: tuple[str, ...], folded: tuple[str, ...]) -> _Hits:
    hits: _Hits = defaultdict(list)

    def look(pos: int, span: int, token: str, is_plain: bool, shortest: int = 0) -> None:
        for w in _EXACT.get((is_plain, token), ()):
            hits[w].append((pos, span, 1.0))
        for length in _PREFIX_LENGTHS:
            if length > len(token):
                break
            if length > shortest:
                for w in _PREFIX.get((is_plain, length, token[:length]), ()):
                    hits[w].append((pos, span, 1.0))

    for pos, (p, f) in enumerate(zip(plain, folded, strict=True)):
        look(pos, 1, f, False)
        if p != f:
            look(pos, 1, p, True)
        if pos + 1 < len(folded):  # "data portabilitet" is "dataportabilitet"; a stem
            # that ends inside the first word ("skicka" in "skickade") is no such compound
            look(pos, 2, f + folded[pos + 1], False, shortest=len(f))
        if len(f) >= 5:
            for w, edits in _typo_hits(f):
                hits[w].append((pos, 1, 1.0 - TYPO_COST * edits))
    return hits


@dataclass(frozen=True, slots=True)
class _Found:
    shown: str  # the synonym as found: "radera", "ut sina uppgifter"
    score: float
    positions: frozenset[int]


# A placing of a phrase's first words: (likeness sum, words between, positions, shown)
_Placing = tuple[float, int, frozenset[int], tuple[str, ...]]


def _align(pattern: _Pattern, hits: _Hits, plain: tuple[str, ...]) -> _Found | None:
    """The best placing of a phrase's words in order, with few words between them."""
    best: dict[int, _Placing] = {}  # by the end position of the last word placed
    for j, w in enumerate(pattern.words):
        found = hits.get(w)
        if not found:
            return None
        step: dict[int, _Placing] = {}
        for pos, span, like in found:
            end, taken = pos + span, frozenset(range(pos, pos + span))
            # A stem shows the word it began ("uppgift" found as "uppgifterna"); a typo
            # shows the table's spelling, not the typo.
            shown = plain[pos] if w.prefix and like == 1.0 and span == 1 else pattern.shown[j]
            if j == 0:
                options: list[_Placing] = [(like, 0, taken, (shown,))]
            else:
                options = [
                    (total + like, gaps + pos - last, used | taken, (*words, shown))
                    for last, (total, gaps, used, words) in best.items()
                    if last <= pos and pos - last <= MAX_GAP
                ]
            for option in options:
                if end not in step or _value(option) > _value(step[end]):
                    step[end] = option
        if not step:
            return None
        best = step
    total, gaps, used, words = max(best.values(), key=_value)
    score = pattern.weight * total / len(pattern.words) - GAP_COST * gaps
    return _Found(" ".join(words), score, used)


def _value(placing: _Placing) -> float:
    return placing[0] - GAP_COST * placing[1]


def _found(patterns: list[_Pattern], hits: _Hits, plain: tuple[str, ...]) -> list[_Found]:
    found = (_align(p, hits, plain) for p in patterns)
    return sorted((f for f in found if f), key=lambda f: -f.score)


# --- Scoring ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Match:
    """What `match` found. `topic` is the answer, None when not sure: then `best` and
    `runner_up` say what came closest (for the menu's order, or a "did you mean")."""

    topic: Topic | None
    score: float  # of `best`
    runner_up: Topic | None
    runner_up_score: float
    matched: tuple[str, ...]  # the synonyms found for `best` ("radera", "ut sina uppgifter")
    best: Topic | None = None
    off_topic: tuple[str, ...] = ()  # words that show another matter: never a right then


@dataclass(frozen=True, slots=True)
class _Scored:
    topic: Topic
    score: float
    matched: tuple[str, ...]


def _score(topic: Topic, found: list[_Found], context: list[_Found]) -> _Scored:
    kept: list[_Found] = []
    for f in found:  # best first; a synonym inside a better one adds nothing
        if all(not (f.positions & k.positions) for k in kept):
            kept.append(f)
    if not kept:
        return _Scored(topic, 0.0, ())
    score = kept[0].score + BONUS * min(MAX_BONUSES, len(kept) - 1)
    # Context is further evidence only where the topic's own words are not.
    used = frozenset().union(*(k.positions for k in kept))
    score += CONTEXT_BOOST if any(c.positions - used for c in context) else 0.0
    shown = tuple(dict.fromkeys(f.shown for f in kept))
    return _Scored(topic, round(score, 3), shown)


def _at_least(value: float, bound: float) -> bool:
    return value >= bound - 1e-9  # scores are sums of tenths: 1.0 - 0.8 must pass 0.2


def _decide(scored: dict[Topic, _Scored]) -> tuple[Topic | None, list[_Scored]]:
    """The winner or None, and the topics ranked the way the decision saw them."""
    rights = sorted((scored[t] for t in RIGHTS), key=lambda s: -s.score)
    request = scored[Topic.REQUEST]
    if _at_least(rights[0].score, THRESHOLD):
        ranked = [*rights, request]  # a request never outranks a right that was found
        win = _at_least(rights[0].score - rights[1].score, MARGIN)
        return (rights[0].topic if win else None), ranked
    ranked = sorted([*rights, request], key=lambda s: -s.score)
    win = _at_least(request.score, THRESHOLD) and _at_least(
        request.score - rights[0].score, MARGIN)
    return (Topic.REQUEST if win else None), ranked


def match(question: str) -> Match:
    """The topic of a question from staff, or None when not sure."""
    plain, folded = words_of(question)
    hits = _find(plain, folded)
    off_topic = tuple(dict.fromkeys(f.shown for f in _found(_OFF_TOPIC, hits, plain)))
    context = _found(_CONTEXT, hits, plain)
    scored = {t: _score(t, _found(_TOPIC_PATTERNS[t], hits, plain), context) for t in Topic}
    topic, ranked = _decide(scored)
    if off_topic:
        topic = None
    first = ranked[0] if ranked[0].score > 0 else None
    second = ranked[1] if ranked[1].score > 0 else None
    return Match(
        topic=topic,
        score=first.score if first else 0.0,
        runner_up=second.topic if second else None,
        runner_up_score=second.score if second else 0.0,
        matched=first.matched if first else (),
        best=first.topic if first else None,
        off_topic=off_topic,
    )


def looks_like_rights_question(text: str) -> bool:
    """Whether a free-text chat message should go to the rights explainer at all:
    only when a topic is sure, or the message plainly speaks of a person's rights or
    personal data, and never when it shows another matter (an incident, ...)."""
    found = match(text)
    if found.topic is not None:
        return True
    if found.off_topic:
        return False
    plain, folded = words_of(text)
    hits = _find(plain, folded)
    if _found(_TALK, hits, plain):
        return True
    return bool(_found(_TALK_ADDRESSED, hits, plain)) and bool(_found(_ADDRESSEE, hits, plain))
