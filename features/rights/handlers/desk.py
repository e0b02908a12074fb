"""`begäranden [öppna|försenade|ÅR] [sida N]` / `requests [open|overdue|YEAR] [page N]` for
the DSO (open requests, the most urgent first, and the questions waiting for an answer;
overdue ones: not answered and past their due day; a year: received that year, answered
ones included), and what rights add to everyone's "my cases"."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from rapidfuzz import process
from sqlalchemy import func, select

from chat.ctx import Ctx
from chat.registry import CaseSummary
from chat.turn import Answer
from compliance import pii
from compliance.localtime import to_local
from dialogs.parsing import normalise
from features.rights.cards.lists import PAGE_SIZE, QuestionRow, RequestRow, desk_card
from features.rights.cards.request import rights_text
from features.rights.repo import names_of, questions_of, requests_of
from features.rights.rules.workflow import OPEN
from i18n import t
from i18n.dates import long_date
from storage.models import RightsQuestion, RightsRequest
from storage.roles import DSO_ROLES

EXCERPT = 120


OPEN_WORDS = frozenset({"oppna", "oppen", "open"})
OVERDUE_WORDS = frozenset({"forsenade", "forsenad", "sena", "overdue", "late"})
PAGE_WORDS = frozenset({"sida", "page"})
ACCEPTED = {"sv": ("öppna", "försenade"), "en": ("open", "overdue")}
YEAR = re.compile(r"^(19|20|21)\d\d$")


@dataclass(frozen=True)
class Filter:
    which: str = "open"  # open | overdue | all (a year alone)
    year: int | None = None
    page: int = 1

    def words(self, lang: str) -> str:
        """The filter as typed again (for the "show more" button), without the page."""
        parts = [str(self.year)] if self.year is not None else []
        if self.which != "all" and (self.which == "overdue" or self.year is not None):
            parts.append(ACCEPTED[lang][0 if self.which == "open" else 1])
        return " ".join(parts)


class Unknown(Exception):
    def __init__(self, word: str, reason: str = "unknown") -> None:
        super().__init__(word)
        self.word, self.reason = word, reason


def parse(rest: str) -> Filter:
    """`[öppna|försenade] [ÅR] [sida N]` in any order; `Unknown` for a word it does not know."""
    typed = [word for word in rest.split() if normalise(word)]
    tokens = ["".join(normalise(word).split()) for word in typed]
    which: str | None = None
    year: int | None = None
    page = 1
    i = 0
    while i < len(tokens):
        word = tokens[i]
        if word in PAGE_WORDS and i + 1 < len(tokens) and tokens[i + 1].isdigit():
            page = max(1, min(int(tokens[i + 1]), 100_000))
            i += 2
            continue
        if YEAR.match(word):
            if year is not None and int(word) != year:
                raise Unknown(typed[i], "two_years")
            year = int(word)
        elif word in OPEN_WORDS:
            which = which or "open"
        elif word in OVERDUE_WORDS:
            which = "overdue"  # overdue ones are open anyway
        else:
            raise Unknown(typed[i])
        i += 1
    return Filter(which or ("all" if year is not None else "open"), year, page)


def conditions(f: Filter, organisation_id: int, today: date) -> list:
    where = [RightsRequest.organisation_id == organisation_id]
    if f.which in ("open", "overdue"):
        where.append(RightsRequest.status.in_([str(s) for s in OPEN]))
    if f.which == "overdue":  # not answered and past the day it was due
        where += [RightsRequest.answered_on.is_(None), RightsRequest.due_on < today]
    if f.year is not None:
        where += [RightsRequest.received_on >= date(f.year, 1, 1),
                  RightsRequest.received_on < date(f.year + 1, 1, 1)]
    return where


def typo_answer(lang: str, error: Unknown) -> Answer:
    accepted = ACCEPTED[lang]
    if error.reason != "unknown":
        return Answer.text(t(lang, f"rights.lists.{error.reason}", word=error.word[:40]))
    guess = process.extractOne(normalise(error.word), [normalise(w) for w in accepted],
                               score_cutoff=70)
    key = "rights.lists.did_you_mean" if guess else "rights.lists.unknown"
    return Answer.text(t(lang, key, word=error.word[:40],
                         guess=accepted[guess[2]] if guess else "",
                         accepted=", ".join(accepted)))


async def desk(ctx: Ctx, rest: str) -> Answer:
    """The requests of the person's current organisation, filtered and paged in SQL; the
    open ones (the default) also show the questions waiting for an answer."""
    assert ctx.who.organisation is not None
    org = ctx.who.organisation.id
    if not ctx.who.holds(DSO_ROLES, org):
        return Answer.text(t(ctx.lang, "rights.not_allowed"))
    try:
        wanted = parse(rest)
    except Unknown as error:
        return typo_answer(ctx.lang, error)
    today = to_local(ctx.now()).date()
    where = conditions(wanted, org, today)
    with_questions = wanted.which == "open" and wanted.year is None and wanted.page == 1
    async with ctx.db.session() as session:
        total = int(await session.scalar(
            select(func.count()).select_from(RightsRequest).where(*where)) or 0)
        page = min(wanted.page, max(1, -(-total // PAGE_SIZE)))
        requests = list(await session.scalars(
            select(RightsRequest).where(*where)
            .order_by(RightsRequest.due_on, RightsRequest.reference, RightsRequest.id)
            .offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE)))
        questions = list(await session.scalars(select(RightsQuestion).where(
            RightsQuestion.organisation_id == org, RightsQuestion.status == "open")
            .order_by(RightsQuestion.created_at))) if with_questions else []
        names = await names_of(session, [*(r.handler_person_id for r in requests),
                                         *(q.asker_person_id for q in questions)])
        await ctx.audit(session, "rights.desk_viewed", "organisation", org,
                        organisation_id=org, requests=len(requests), questions=len(questions),
                        which=wanted.which, year=wanted.year, page=page, total=total)
    rows = [RequestRow(str(r.id), r.reference, tuple(r.rights), r.status, r.due_on,
                       (r.due_on - today).days, names.get(r.handler_person_id or -1))
            for r in requests]
    asked = [QuestionRow(str(q.id), names.get(q.asker_person_id or -1),
                         pii.mask(q.question, ctx.lang)[:EXCERPT]) for q in questions]
    return Answer.card(desk_card(ctx.lang, rows, asked, which=wanted.which, year=wanted.year,
                                 page=page, total=total, filter_words=wanted.words(ctx.lang)))


async def my_cases(ctx: Ctx) -> list[CaseSummary]:
    """The requests the person handles or logged, and the questions they asked."""
    if ctx.who.person_id is None:
        return []
    async with ctx.db.session(readonly=True) as session:
        requests = await requests_of(session, ctx.who.person_id)
        questions = await questions_of(session, ctx.who.person_id)
    found = [CaseSummary(
        reference=r.reference, title=rights_text(ctx.lang, r.rights),
        status_text=t(ctx.lang, "rights.mine.open" if r.status in OPEN else "rights.mine.closed",
                      status=t(ctx.lang, f"rights.status.{r.status}"),
                      due=long_date(r.due_on, ctx.lang, weekday=False)),
        submitted_at=r.created_at) for r in requests]
    found += [CaseSummary(
        reference=t(ctx.lang, "rights.mine.question_reference"),
        title=pii.mask(q.question, ctx.lang)[:60],
        status_text=t(ctx.lang, f"rights.mine.question_{q.status}"),
        submitted_at=q.created_at) for q in questions]
    return found
