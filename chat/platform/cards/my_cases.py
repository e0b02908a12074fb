"""`mina ärenden` / `my cases`: what the person has reported or handles, and its status.

The rows come from every installed capability (`Feature.my_cases`), the
drafts from the dialog runner: reports begun and not sent.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from cards import elements as el
from cards.safe import inert
from chat.platform.cards.starts import start_buttons
from chat.registry import CaseSummary, StartAction
from i18n import Lang, t

STOCKHOLM = ZoneInfo("Europe/Stockholm")
MAX_SHOWN = 20  # keeps the card far below Teams' message size limit


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
                    (t(lang, "cases.status_label"), case.status_text),
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
    title_key: str  # the flow's title (a catalog key)
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
    lang: Lang, cases: Sequence[CaseSummary], drafts: Sequence[Draft] = (),
    starts: Sequence[StartAction] = (),
) -> el.Element:
    """Reports begun and not sent first, then cases newest first; an empty list
    gets a friendly nudge to report."""
    report = start_buttons(lang, starts)
    body: list[el.Element] = [el.heading(t(lang, "cases.title"))]
    if drafts:
        body.append(el.text(t(lang, "cases.drafts"), trusted=True, weight="Bolder"))
        body += [_draft(lang, d) for d in drafts[:MAX_SHOWN]]
    if not cases and drafts:
        return el.card(body, report, lang=lang, fallback_text=t(lang, "cases.title"))
    if not cases:
        body.append(el.text(t(lang, "cases.empty"), trusted=True))
        return el.card(body, report, lang=lang, fallback_text=t(lang, "cases.title"))
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
    return el.card(body, report, lang=lang, fallback_text=t(lang, "cases.title"))
