"""The DSO's desk for rights: open requests, the most urgent first, and the questions
still waiting for an answer."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from cards import elements as el
from cards.safe import inert
from features.rights.cards.request import rights_text
from i18n import Lang, t
from i18n.dates import long_date

MAX_ROWS = 25
# Requests per page of the DSO's list: a row measures about 1.8 KB as Teams counts
# (UTF-16), so 25 would pass Teams' 40 KB; 15 leave room for the questions below them
# (measured in tests/features/rights/test_list_filters.py).
PAGE_SIZE = 15


@dataclass(frozen=True)
class RequestRow:
    id: str
    reference: str
    rights: tuple[str, ...]
    status: str
    due: date
    days_left: int
    handler: str | None


@dataclass(frozen=True)
class QuestionRow:
    id: str
    asker: str | None
    excerpt: str  # masked, short


def _left(lang: Lang, days: int) -> str:
    key = ("rights.clock.overdue" if days < 0 else "rights.clock.today" if days == 0
           else "rights.clock.left")
    return t(lang, key, days=abs(days))


def _request_row(lang: Lang, row: RequestRow) -> el.Element:
    line = t(lang, "rights.list.row", reference=row.reference, rights=rights_text(lang, row.rights))
    due = t(lang, "rights.list.due", due=long_date(row.due, lang), left=_left(lang, row.days_left))
    facts = [(t(lang, "rights.card.status"), t(lang, f"rights.status.{row.status}")),
             (t(lang, "rights.card.handler"),
              inert(row.handler, 120) if row.handler else t(lang, "rights.card.handler_dso"))]
    return el.container([
        el.text(line, trusted=True, weight="Bolder"),
        # Three days or less: the line stands out (in words too, not only in weight).
        el.text(due, trusted=True, **({"weight": "Bolder"} if row.days_left <= 3 else {})),
        el.facts(facts, trusted_values=True),
        el.action_set([el.action_execute(t(lang, "rights.action.open"), "rights.open_below",
                                         {"rights_request": row.id})]),
    ], separator=True, spacing="Medium")


def _question_row(lang: Lang, row: QuestionRow) -> el.Element:
    return el.container([
        el.text(t(lang, "rights.list.question", asker=inert(row.asker, 120) or "?"),
                trusted=True, weight="Bolder"),
        el.text(inert(row.excerpt, 160), trusted=True, isSubtle=True),
        el.action_set([el.action_execute(t(lang, "rights.action.open"),
                                         "rights.question_open",
                                         {"rights_question": row.id})]),
    ], separator=True)


def desk_card(lang: Lang, requests: Sequence[RequestRow], questions: Sequence[QuestionRow],
              *, which: str = "open", year: int | None = None, page: int = 1,
              total: int | None = None, filter_words: str = "") -> dict:
    """One page of requests (`total` of them in all; without it, `requests` is all of
    them) and the questions; "show more" carries the filter and the next page."""
    heading = (t(lang, "rights.list.title") if which == "open"
               else t(lang, f"rights.lists.{which}_title"))
    if year is not None:
        heading = t(lang, "rights.lists.year_title", title=heading, year=year)
    body: list[el.Element] = [el.heading(heading, size="Medium")]
    if not requests:
        body.append(el.text(t(lang, "rights.list.empty") if which == "open" and year is None
                            else t(lang, "rights.lists.empty_filtered"), trusted=True))
    actions = []
    if total is None:
        body += [_request_row(lang, row) for row in requests[:MAX_ROWS]]
        if len(requests) > MAX_ROWS:
            body.append(el.text(t(lang, "rights.list.more", shown=MAX_ROWS,
                                  total=len(requests)), trusted=True, isSubtle=True))
    elif requests:
        first = (page - 1) * PAGE_SIZE + 1
        shown = list(requests[:PAGE_SIZE])
        body.append(el.text(t(lang, "rights.lists.count", first=first,
                              last=first + len(shown) - 1, total=total),
                            trusted=True, weight="Bolder"))
        body += [_request_row(lang, row) for row in shown]
        left = total - (first - 1) - len(shown)
        if left > 0:
            rest = " ".join(w for w in (filter_words, t(lang, "rights.lists.page_word"),
                                        str(page + 1)) if w)
            actions.append(el.action_submit(t(lang, "rights.lists.more", count=left),
                                            "command", {"command": "rights_desk",
                                                        "rest": rest}))
    if questions:
        body.append(el.text(t(lang, "rights.list.questions_title", count=len(questions)),
                            trusted=True, weight="Bolder", size="Medium", spacing="Large"))
        body += [_question_row(lang, row) for row in questions[:MAX_ROWS]]
    actions.append(el.action_submit(t(lang, "rights.action.log"), "flow.start",
                                    {"flow": "rights_log"}))
    return el.card(body, actions, lang=lang, fallback_text=heading)
