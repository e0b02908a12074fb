"""Logging a request for recorded material, declared once: who asks and their reference,
which cameras (from the register), the time window, the stated purpose and whether
imprisonment is prescribed, how it arrived and by when it is needed.

The engine picks one record per step, so up to three cameras are asked one after
the other (the second and third may be skipped).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from compliance.localtime import start_of_day, to_utc
from dialogs.format import parse_stored_moment
from dialogs.model import Choice, Flow, Kind, Step, if_answer
from features.cameras.requests.rules.workflow import Channel, Requester

CAMERA_STEPS = ("camera", "camera_2", "camera_3")


def _choices(group: str, ids: list[str]) -> tuple[Choice, ...]:
    return tuple(Choice(i, f"cameras.requests.choice.{group}.{i}") for i in ids)


def _registered(value: Any, answers: Any) -> str | None:
    """A camera is picked from the register (its retention decides the clock)."""
    if isinstance(value, dict) and value.get("id") is None:
        return "cameras.requests.error.camera_unknown"
    return None


def moment(value: Any, *, end: bool = False) -> datetime | None:
    """A stored datetime answer as a UTC instant; a day alone is its start (or its end)."""
    if not value or value == "unknown":
        return None
    found = parse_stored_moment(str(value))
    if isinstance(found, datetime):
        return to_utc(found)
    return to_utc(start_of_day(found + timedelta(days=1) if end else found))


def _after_start(value: Any, answers: Any) -> str | None:
    start, finish = moment(answers.get("window_start")), moment(value, end=True)
    if start is not None and finish is not None and finish <= start:
        return "cameras.requests.error.window_order"
    return None


def _camera(step_id: str, *, required: bool) -> Step:
    return Step(step_id, f"cameras.requests.q.{step_id}", Kind.RECORD_PICK,
                "cameras.requests.help.camera", required=required,
                choices_from="cameras.camera", validators=(_registered,), max_length=200,
                column=step_id)


STEPS = (
    Step("requester", "cameras.requests.q.requester", Kind.SINGLE_CHOICE,
         choices=_choices("requester", [r.value for r in Requester]), column="requester",
         next=if_answer("requester", Requester.AUTHORITY.value, "requester_name",
                        "requester_ref")),
    Step("requester_name", "cameras.requests.q.requester_name", Kind.SHORT_TEXT,
         max_length=200, column="requester_name"),
    Step("requester_ref", "cameras.requests.q.requester_ref", Kind.SHORT_TEXT,
         "cameras.requests.help.requester_ref", required=False, max_length=100,
         column="requester_ref"),
    _camera("camera", required=True),
    _camera("camera_2", required=False),
    _camera("camera_3", required=False),
    Step("window_start", "cameras.requests.q.window_start", Kind.DATETIME,
         "cameras.requests.help.window", column="window_start"),
    Step("window_end", "cameras.requests.q.window_end", Kind.DATETIME,
         validators=(_after_start,), column="window_end"),
    Step("purpose", "cameras.requests.q.purpose", Kind.LONG_TEXT,
         "cameras.requests.help.purpose", max_length=1000, column="purpose"),
    Step("imprisonment", "cameras.requests.q.imprisonment", Kind.YES_NO,
         "cameras.requests.help.imprisonment", allow_unknown=True, column="imprisonment"),
    Step("channel", "cameras.requests.q.channel", Kind.SINGLE_CHOICE,
         choices=_choices("channel", [c.value for c in Channel]), column="channel"),
    Step("needed_by", "cameras.requests.q.needed_by", Kind.DATETIME, required=False,
         allow_future=True, column="needed_by"),
)

FLOW = Flow(id="cameras_request", version=1, title_key="cameras.requests.flow.title",
            steps=STEPS)


def picked_cameras(answers: dict[str, Any]) -> list[str]:
    """The cameras picked, each once, in order."""
    ids = [str(v["id"]) for step in CAMERA_STEPS
           if isinstance(v := answers.get(step), dict) and v.get("id")]
    return list(dict.fromkeys(ids))


def needed_on(answers: dict[str, Any]) -> date | None:
    value = answers.get("needed_by")
    if not value or value == "unknown":
        return None
    found = parse_stored_moment(str(value))
    return found.date() if isinstance(found, datetime) else found


def imprisonment(answers: dict[str, Any]) -> bool | None:
    return {"yes": True, "no": False}.get(str(answers.get("imprisonment")))
