"""The cameras' reminders on cards (cards/reminder_kit.py): the erasure coming with the
material not secured (urgent), a request waiting for its decision, and a person's
cameras whose assessment of interests is missing or due for review. Each carries
the snooze control; what a person typed or imported is shown inert."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from cards import elements as el
from cards import reminder_kit as kit
from cards.safe import inert
from compliance.localtime import format_datetime, to_local
from features.cameras.followup.rules import ERASURE, NO_DECISION, REVIEW
from i18n import Lang, t
from i18n.dates import long_date

PAGE = 15  # cameras listed on one review card; the rest are counted


def _moment(lang: Lang, moment: datetime) -> str:
    local = to_local(moment)
    return t(lang, "cameras.followup.at", day=long_date(local.date(), lang),
             time=local.strftime("%H:%M"))


def _cameras(names: Sequence[str]) -> str:
    return ", ".join(inert(n, 80) for n in names[:8]) + (" …" if len(names) > 8 else "")


@dataclass(frozen=True)
class RequestView:
    request_id: str
    reference: str
    requester: str  # who asks, as logged
    cameras: Sequence[str]  # the requested cameras' names
    window_start: datetime
    window_end: datetime
    received_at: datetime
    erasure_at: datetime | None
    now: datetime


def _request_facts(lang: Lang, view: RequestView) -> list[tuple[str, str]]:
    pairs = [
        (t(lang, "cameras.followup.request"), inert(view.reference, 40)),
        (t(lang, "cameras.followup.requester"), inert(view.requester, 120)),
        (t(lang, "cameras.followup.cameras"), _cameras(view.cameras) or "–"),
        (t(lang, "cameras.followup.window"),
         f"{format_datetime(view.window_start)} – {format_datetime(view.window_end)}"),
        (t(lang, "cameras.followup.received"), format_datetime(view.received_at)),
    ]
    if view.erasure_at is not None:
        pairs.append((t(lang, "cameras.followup.erasure"), _moment(lang, view.erasure_at)))
    return pairs


def erasure_card(lang: Lang, view: RequestView, hours_left: int) -> dict:
    step = t(lang, "cameras.followup.erasure_step.hours", hours=hours_left) if hours_left > 1 \
        else t(lang, "cameras.followup.erasure_step.now")
    body: list[el.Element] = [
        el.facts(_request_facts(lang, view), trusted_values=True),
        el.text(t(lang, "cameras.followup.erasure_what"), trusted=True, size="Small", wrap=True),
    ]
    return kit.reminder_card(
        lang, title=t(lang, "cameras.followup.erasure_title",
                      reference=inert(view.reference, 40)),
        step=step, body=body, urgent=True, actions=[_open(lang, view)],
        snoozer=kit.snooze(lang, policy=ERASURE, record=view.request_id))


def decision_card(lang: Lang, view: RequestView, working_days: int) -> dict:
    body: list[el.Element] = [
        el.facts(_request_facts(lang, view), trusted_values=True),
        el.text(t(lang, "cameras.followup.decision_what"), trusted=True, size="Small",
                wrap=True),
    ]
    return kit.reminder_card(
        lang, title=t(lang, "cameras.followup.decision_title",
                      reference=inert(view.reference, 40)),
        step=t(lang, "cameras.followup.decision_step", days=working_days), body=body,
        actions=[_open(lang, view)],
        snoozer=kit.snooze(lang, policy=NO_DECISION, record=view.request_id))


def _open(lang: Lang, view: RequestView) -> el.Element:
    """The request opens under the reminder, with its actions (secure, decide…)."""
    return el.action_execute(t(lang, "cameras.requests.action.open"),
                             "cameras.requests.open_below",
                             {"footage_request": view.request_id}, style="positive")


@dataclass(frozen=True)
class ReviewRow:
    reference: str
    name: str
    location: str | None
    assessment_on: date | None


@dataclass(frozen=True)
class ReviewView:
    record: str  # "<organisation id>:<person id>": whose card it is
    months: int
    rows: Sequence[ReviewRow] = field(default_factory=tuple)
    as_dso: bool = False  # the cameras have no responsible person: the DSO gets them


def review_card(lang: Lang, view: ReviewView) -> dict:
    count = len(view.rows)
    step = t(lang, "cameras.followup.review_step_one" if count == 1
             else "cameras.followup.review_step", count=count, months=view.months)
    intro = "cameras.followup.review_intro_dso" if view.as_dso else "cameras.followup.review_intro"
    body: list[el.Element] = [el.text(t(lang, intro, months=view.months), trusted=True,
                                      size="Small", wrap=True)]
    pairs = []
    for row in view.rows[:PAGE]:
        title = f"{inert(row.reference, 40)} {inert(row.name, 80)}"
        if row.location:
            title += f" ({inert(row.location, 80)})"
        pairs.append((title, long_date(row.assessment_on, lang, weekday=False)
                      if row.assessment_on else t(lang, "cameras.followup.review_none")))
    body.append(el.facts(pairs, trusted_titles=True, trusted_values=True))
    if count > PAGE:
        body.append(el.text(t(lang, "cameras.followup.review_more", count=count - PAGE),
                            trusted=True, size="Small"))
    return kit.reminder_card(
        lang, title=t(lang, "cameras.followup.review_title"), step=step, body=body,
        snoozer=kit.snooze(lang, policy=REVIEW, record=view.record))


# -- gallery samples ----------------------------------------------------------------------

def _samples() -> dict:
    from datetime import UTC

    from cards.gallery import HOSTILE_NAME

    request = RequestView(
        request_id="5d9f0c1e-2a3b-4c5d-8e9f-0a1b2c3d4e5f", reference="KAM-2026-0004",
        requester=HOSTILE_NAME, cameras=("Resecentrum entré", HOSTILE_NAME),
        window_start=datetime(2026, 3, 27, 21, 0, tzinfo=UTC),
        window_end=datetime(2026, 3, 27, 22, 0, tzinfo=UTC),
        received_at=datetime(2026, 4, 2, 8, 0, tzinfo=UTC),
        erasure_at=datetime(2026, 4, 3, 20, 0, tzinfo=UTC),
        now=datetime(2026, 4, 2, 8, 0, tzinfo=UTC))
    rows = tuple(ReviewRow(f"K-{n:03d}", HOSTILE_NAME if n == 1 else f"Kamera {n}",
                           "Stora torget" if n % 2 else None,
                           None if n % 3 == 0 else date(2024, 1, n))
                 for n in range(1, PAGE + 4))
    return {
        "reminder_camera_erasure": lambda lang: erasure_card(lang, request, 36),
        "reminder_camera_no_decision": lambda lang: decision_card(lang, request, 3),
        "reminder_camera_review": lambda lang: review_card(
            lang, ReviewView("1:2", 12, rows, as_dso=True)),
    }


SAMPLES = _samples()
