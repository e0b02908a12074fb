"""`mina ärenden` / `my cases`: what the person has reported and its status."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from cards import elements as el
from cards.gallery import HOSTILE_LONG, HOSTILE_TEXT, register
from cards.safe import inert
from i18n import Lang, t

STOCKHOLM = ZoneInfo("Europe/Stockholm")
MAX_SHOWN = 20  # keeps the card far below Teams' message size limit


@dataclass(frozen=True)
class CaseSummary:
    reference: str  # e.g. "PUI-2026-0007"
    title: str  # user text
    status: str  # a key under `cases.status`, e.g. "submitted"
    submitted_at: datetime  # timezone-aware; naive values are taken as UTC


def local_time(when: datetime, lang: Lang) -> str:
    """`2026-03-29 kl. 14:05` / `2026-03-29 at 14:05`, Stockholm time."""
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    local = when.astimezone(STOCKHOLM)
    return t(lang, "common.datetime", date=local.strftime("%Y-%m-%d"), time=local.strftime("%H:%M"))


def _case(lang: Lang, case: CaseSummary) -> el.Element:
    return el.container(
        [
            el.text(f"**{inert(case.reference, 40)}** · {inert(case.title, 150)}", trusted=True),
            el.facts(
                [
                    (t(lang, "cases.status_label"), t(lang, f"cases.status.{case.status}")),
                    (t(lang, "cases.submitted_at"), local_time(case.submitted_at, lang)),
                ],
                trusted_values=True,
            ),
        ],
        separator=True,
        spacing="Medium",
    )


@dataclass(frozen=True)
class Draft:
    """A report begun and not yet sent, which can be continued."""

    instance: str
    title_key: str  # the flow's title, e.g. "incident.title"
    progress: str  # e.g. "Fråga 5 av 18", already in the person's language
    updated_at: datetime


def _draft(lang: Lang, draft: Draft) -> el.Element:
    return el.container(
        [
            el.columns(
                [
                    el.column(
                        [
                            el.text(t(lang, draft.title_key), trusted=True, weight="Bolder"),
                            el.text(
                                t(lang, "cases.draft_line", progress=draft.progress,
                                  when=local_time(draft.updated_at, lang)),
                                trusted=True, isSubtle=True, size="Small",
                            ),
                        ]
                    ),
                    el.column(
                        [el.action_set([el.action_submit(
                            t(lang, "cases.continue"), "flow.resume_draft",
                            {"instance": draft.instance},
                        )])],
                        width="auto",
                    ),
                ]
            )
        ],
        separator=True,
    )


def my_cases_card(
    lang: Lang, cases: Sequence[CaseSummary], drafts: Sequence[Draft] = ()
) -> el.Element:
    """Reports begun and not sent first, then cases newest first; an empty list
    gets a friendly nudge to report."""
    report = el.action_submit(
        t(lang, "cases.report"), "flow.start", {"flow": "incident"}, style="positive"
    )
    body: list[el.Element] = [el.heading(t(lang, "cases.title"))]
    if drafts:
        body.append(el.text(t(lang, "cases.drafts"), trusted=True, weight="Bolder"))
        body += [_draft(lang, d) for d in drafts[:MAX_SHOWN]]
    if not cases and drafts:
        return el.card(body, [report], lang=lang, fallback_text=t(lang, "cases.title"))
    if not cases:
        body.append(el.text(t(lang, "cases.empty"), trusted=True))
        return el.card(body, [report], lang=lang, fallback_text=t(lang, "cases.title"))
    newest = sorted(cases, key=lambda c: c.submitted_at.timestamp(), reverse=True)
    body.append(el.text(t(lang, "cases.intro"), trusted=True, isSubtle=True))
    body += [_case(lang, c) for c in newest[:MAX_SHOWN]]
    if len(newest) > MAX_SHOWN:
        body.append(
            el.text(
                t(lang, "cases.more", shown=MAX_SHOWN, total=len(newest)),
                trusted=True,
                isSubtle=True,
            )
        )
    return el.card(body, [report], lang=lang, fallback_text=t(lang, "cases.title"))


@register("my_cases")
def _sample(lang: Lang) -> el.Element:
    cases = [
        CaseSummary(
            "PUI-2026-0007", HOSTILE_TEXT, "in_review", datetime(2026, 3, 29, 0, 30, tzinfo=UTC)
        ),
        CaseSummary(
            "PUI-2026-0003", "Borttappad mobil", "closed", datetime(2026, 1, 12, 8, 5, tzinfo=UTC)
        ),
        CaseSummary(
            "PUI-2026-0011",
            HOSTILE_LONG,
            "awaiting_reporter",
            datetime(2026, 10, 25, 1, 15, tzinfo=UTC),
        ),
    ]
    return my_cases_card(lang, cases)


@register("my_cases_many")
def _sample_many(lang: Lang) -> el.Element:
    cases = [
        CaseSummary(
            f"PUI-2026-{n:04d}",
            HOSTILE_LONG,
            "submitted",
            datetime(2026, 1, 1 + n % 28, tzinfo=UTC),
        )
        for n in range(1, 41)
    ]
    return my_cases_card(lang, cases)


@register("my_cases_with_drafts")
def _sample_drafts(lang: Lang) -> el.Element:
    drafts = [
        Draft("0" * 32, "incident.title", t(lang, "dialog.progress", position=5, total=18),
              datetime(2026, 11, 20, 13, 5, tzinfo=UTC)),
    ]
    cases = [CaseSummary("PUI-2026-0002", HOSTILE_TEXT, "closed",
                         datetime(2026, 2, 1, 9, 0, tzinfo=UTC))]
    return my_cases_card(lang, cases, drafts)


@register("my_cases_empty")
def _sample_empty(lang: Lang) -> el.Element:
    return my_cases_card(lang, [])
