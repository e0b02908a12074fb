"""The register's reminders on cards: entries to confirm, entries to complete, a change
waiting for approval, a DPIA to follow up.

An owner's review card lists their entries that are due (a page at a time, so
the card stays far below Teams' size limit), each with a button to confirm it is
still correct; the card is updated in place after a click, the row then saying
who confirmed it and when. Every value a person typed (names of entries and
objects) is shown inert.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from typing import Any

from cards import elements as el
from cards import reminder_kit as kit
from cards.safe import inert
from compliance.localtime import to_local
from i18n import Lang, t
from i18n.dates import long_date

REVIEW = "register_review"
INCOMPLETE = "register_incomplete"
APPROVALS = "register_approvals"
DPIA = "dpia_followup"
PAGE = 8  # rows per page of a list card
CONFIRM = "register.review_confirm"
PAGE_ACTION = "register.review_page"


def _row_title(reference: str, name: str) -> el.Element:
    return el.text(f"**{inert(reference, 20)}** · {inert(name, 120)}", trusted=True)


def _subtle(text: str, **props: object) -> el.Element:
    return el.text(text, trusted=True, isSubtle=True, size="Small", spacing="None", **props)


def _open_entry(lang: Lang, entry_id: str) -> el.Element:
    # The entry comes as its own card under the reminder, which stays.
    return el.action_execute(t(lang, "register.reminder.open_entry"), "register.open",
                             {"register_entry": entry_id, "from": "list"})


def pages(total: int) -> int:
    return max(1, -(-total // PAGE))


def page_of(page: object, total: int) -> int:
    """A page number from a card, kept within the list."""
    try:
        number = int(str(page))
    except ValueError:
        number = 1
    return min(max(number, 1), pages(total))


def _pager(lang: Lang, page: int, total: int, data: dict[str, object]) -> list[el.Element]:
    if total <= PAGE:
        return []
    first, last = (page - 1) * PAGE + 1, min(page * PAGE, total)
    items: list[el.Element] = [_subtle(t(lang, "register.reminder.shown", first=first,
                                         last=last, total=total))]
    buttons = []
    if page > 1:
        buttons.append(el.action_execute(t(lang, "register.reminder.previous"), PAGE_ACTION,
                                         {**data, "page": page - 1}))
    if last < total:
        buttons.append(el.action_execute(
            t(lang, "register.reminder.more", count=total - last), PAGE_ACTION,
            {**data, "page": page + 1}))
    if buttons:
        items.append(el.action_set(buttons))
    return [el.container(items, separator=True, spacing="Medium")]


# -- review -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReviewRow:
    id: str
    revision: int
    reference: str
    name: str
    object_name: str
    reviewed_on: date | None  # None: never confirmed
    registered_on: date
    confirmed_by: str | None = None  # confirmed since the reminder: by whom, and when
    confirmed_on: date | None = None

    @property
    def confirmed(self) -> bool:
        return self.confirmed_on is not None


@dataclass(frozen=True)
class ReviewView:
    owner_id: int
    rows: Sequence[ReviewRow]
    months: int
    since: date  # the day of the reminder: rows confirmed from then on stay on the card
    page: int = 1
    may_confirm: bool = True

    @property
    def waiting(self) -> int:
        return sum(1 for row in self.rows if not row.confirmed)


def _review_row(lang: Lang, view: ReviewView, row: ReviewRow) -> el.Element:
    if row.reviewed_on:
        last = t(lang, "register.reminder.review.last",
                 day=long_date(row.reviewed_on, lang, weekday=False))
    else:
        last = t(lang, "register.reminder.review.never",
                 day=long_date(row.registered_on, lang, weekday=False))
    items = [_row_title(row.reference, row.name),
             _subtle(t(lang, "register.reminder.review.row", object=inert(row.object_name, 80),
                       last=last))]
    if row.confirmed:
        who = inert(row.confirmed_by, 80) if row.confirmed_by else \
            t(lang, "register.reminder.someone")
        items.append(el.text(t(lang, "register.reminder.review.confirmed", name=who,
                               day=long_date(row.confirmed_on, lang, weekday=False)),
                             trusted=True, color="Good", weight="Bolder"))
    else:
        buttons = [_open_entry(lang, row.id)]
        if view.may_confirm:
            buttons.insert(0, el.action_execute(
                t(lang, "register.reminder.review.confirm"), CONFIRM,
                {"register_entry": row.id, "rev": row.revision,
                 "since": view.since.isoformat(), "page": view.page}, style="positive"))
        items.append(el.action_set(buttons))
    return el.container(items, separator=True, spacing="Medium")


def review_card(lang: Lang, view: ReviewView, *, notice: str | None = None) -> dict:
    total = len(view.rows)
    page = page_of(view.page, total)
    shown = view.rows[(page - 1) * PAGE: page * PAGE]
    if view.waiting:
        step = t(lang, "register.reminder.review.step" if view.waiting > 1
                 else "register.reminder.review.step_one", count=view.waiting,
                 months=view.months)
    else:
        step = t(lang, "register.reminder.review.all_done")
    body: list[el.Element] = [el.text(t(lang, "register.reminder.review.intro"),
                                      trusted=True, size="Small")]
    body += [_review_row(lang, view, row) for row in shown]
    body += _pager(lang, page, total, {"since": view.since.isoformat()})
    return kit.reminder_card(lang, title=t(lang, "register.reminder.review.title"), step=step,
                             body=body, notice=notice,
                             snoozer=kit.snooze(lang, policy=REVIEW,
                                                record=view.owner_id)
                             if view.waiting else None)


# -- incomplete ---------------------------------------------------------------------------


@dataclass(frozen=True)
class IncompleteRow:
    id: str
    revision: int
    reference: str
    name: str
    object_name: str
    missing: Sequence[str] = field(default_factory=tuple)  # field ids, declaration order


def incomplete_card(lang: Lang, owner_id: int, rows: Sequence[IncompleteRow]) -> dict:
    body: list[el.Element] = [el.text(t(lang, "register.reminder.incomplete.intro"),
                                      trusted=True, size="Small")]
    for row in rows[:PAGE]:
        names = ", ".join(t(lang, f"register.field.{f}") for f in row.missing)
        body.append(el.container([
            _row_title(row.reference, row.name),
            _subtle(t(lang, "register.reminder.incomplete.row",
                      object=inert(row.object_name, 80))),
            el.text(t(lang, "register.entry.missing", fields=names), trusted=True,
                    size="Small", spacing="Small"),
            el.action_set([el.action_execute(
                t(lang, "register.action.complete"), "register.complete_start",
                {"register_entry": row.id, "rev": row.revision}, style="positive"),
                _open_entry(lang, row.id)]),
        ], separator=True, spacing="Medium"))
    if len(rows) > PAGE:
        body.append(el.container([
            _subtle(t(lang, "register.reminder.and_more", count=len(rows) - PAGE)),
            el.action_set([el.action_submit(t(lang, "register.reminder.incomplete.all"),
                                            "command", {"command": "register",
                                                        "rest": "ofullständiga"})]),
        ], separator=True, spacing="Medium"))
    step = t(lang, "register.reminder.incomplete.step" if len(rows) > 1
             else "register.reminder.incomplete.step_one", count=len(rows),
             fields=sum(len(r.missing) for r in rows))
    return kit.reminder_card(lang, title=t(lang, "register.reminder.incomplete.title"),
                             step=step, body=body,
                             snoozer=kit.snooze(lang, policy=INCOMPLETE, record=owner_id))


# -- approvals ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ApprovalReminder:
    request_id: str
    reference: str
    kind: str  # "new" | "change" | "retire"
    entry_name: str
    object_name: str | None
    requester: str | None
    waiting_since: datetime
    working_days: int
    stage: str  # "owner" | "dso"


def approval_card(lang: Lang, view: ApprovalReminder) -> dict:
    pairs = [
        (t(lang, "register.reminder.approval.request"), inert(view.reference, 40)),
        (t(lang, "register.reminder.approval.kind"),
         t(lang, f"register.reminder.approval.kinds.{view.kind}")),
        (t(lang, "register.reminder.approval.entry"), inert(view.entry_name, 150) or "—"),
        (t(lang, "register.field.object"), inert(view.object_name, 120)
         if view.object_name else "—"),
        (t(lang, "register.reminder.approval.requester"), inert(view.requester, 80)
         if view.requester else t(lang, "register.reminder.someone")),
        (t(lang, "register.reminder.approval.since"),
         long_date(to_local(view.waiting_since).date(), lang)),
    ]
    body = [el.facts(pairs, trusted_values=True),
            el.text(t(lang, f"register.reminder.approval.what.{view.stage}"), trusted=True,
                    size="Small")]
    open_request = el.action_execute(t(lang, "register.reminder.approval.open"),
                                     "register.request_open",
                                     {"register_request": view.request_id}, style="positive")
    return kit.reminder_card(
        lang, title=t(lang, "register.reminder.approval.title",
                      reference=inert(view.reference, 40)),
        step=t(lang, "register.reminder.approval.step" if view.working_days != 1
               else "register.reminder.approval.step_one", days=view.working_days),
        body=body, actions=[open_request],
        snoozer=kit.snooze(lang, policy=APPROVALS, record=view.request_id))


# -- DPIA follow-up -----------------------------------------------------------------------


@dataclass(frozen=True)
class DpiaReminder:
    entry_id: str
    reference: str
    name: str
    object_name: str
    follow_up: date
    dpia_date: date | None
    today: date


def dpia_card(lang: Lang, view: DpiaReminder) -> dict:
    pairs = [(t(lang, "register.reminder.dpia.entry"),
              f"{inert(view.reference, 20)} · {inert(view.name, 150)}"),
             (t(lang, "register.field.object"), inert(view.object_name, 120)),
             (t(lang, "register.field.dpia_follow_up"), long_date(view.follow_up, lang))]
    if view.dpia_date:
        pairs.append((t(lang, "register.field.dpia_date"), long_date(view.dpia_date, lang)))
    step_key = ("register.reminder.dpia.step_today" if view.follow_up == view.today
                else "register.reminder.dpia.step")
    body = [el.facts(pairs, trusted_values=True),
            el.text(t(lang, "register.reminder.dpia.what"), trusted=True, size="Small")]
    return kit.reminder_card(
        lang, title=t(lang, "register.reminder.dpia.title", reference=inert(view.reference,
                                                                             20)),
        step=t(lang, step_key, day=long_date(view.follow_up, lang, weekday=False)),
        body=body, actions=[_open_entry(lang, view.entry_id)],
        snoozer=kit.snooze(lang, policy=DPIA, record=view.entry_id))


# -- gallery samples (hostile text where people type) --------------------------------------

def _samples() -> dict[str, Any]:
    from cards.gallery import HOSTILE_LONG, HOSTILE_NAME, HOSTILE_TEXT

    def row(number: int, **given: Any) -> ReviewRow:
        return ReviewRow(**{
            "id": f"00000000-0000-4000-8000-{number:012d}", "revision": 3,
            "reference": f"BEH-{number:04d}", "name": HOSTILE_NAME + HOSTILE_LONG,
            "object_name": HOSTILE_TEXT, "reviewed_on": date(2025, 10, 1),
            "registered_on": date(2021, 5, 4), **given})

    rows = [row(1, confirmed_by=HOSTILE_NAME, confirmed_on=date(2026, 11, 23)),
            row(2, reviewed_on=None), *(row(n) for n in range(3, 31))]
    review = ReviewView(owner_id=7, rows=rows, months=12, since=date(2026, 11, 23))
    incomplete = [IncompleteRow(r.id, r.revision, r.reference, r.name, r.object_name,
                                ("purposes", "retention", "legal_basis")) for r in rows[:12]]
    approval = ApprovalReminder(
        request_id="9d1e0c2a-3b4f-4a5e-8c6d-7e8f9a0b1c2d", reference="RA-2026-0004",
        kind="change", entry_name=HOSTILE_NAME, object_name=HOSTILE_TEXT,
        requester=HOSTILE_NAME, waiting_since=datetime(2026, 11, 23, 9, 0, tzinfo=UTC),
        working_days=2, stage="owner")
    dpia = DpiaReminder(entry_id=rows[0].id, reference="BEH-0001", name=HOSTILE_NAME,
                        object_name=HOSTILE_TEXT, follow_up=date(2026, 11, 20),
                        dpia_date=date(2025, 11, 20), today=date(2026, 11, 23))
    return {
        "reminder_register_review": lambda lang: review_card(lang, review),
        "reminder_register_review_page_2": lambda lang: review_card(
            lang, replace(review, page=2), notice=HOSTILE_TEXT),
        "reminder_register_incomplete": lambda lang: incomplete_card(lang, 7, incomplete),
        "reminder_register_approval": lambda lang: approval_card(lang, approval),
        "reminder_register_approval_dso": lambda lang: approval_card(
            lang, replace(approval, stage="dso", kind="new", working_days=1)),
        "reminder_dpia_followup": lambda lang: dpia_card(lang, dpia),
    }


SAMPLES = _samples()
