"""What people see of the camera register: a list of cameras (paged, each row with its
name, place, retention in words and what it lacks, and a button that opens it) and one
camera in full, every field in words."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from cards import elements as el
from cards.safe import inert
from features.cameras.register.completeness import in_words
from features.cameras.register.fields import (
    BY_ID,
    FIELDS,
    Kind,
    hours_in_words,
    status_word,
    yes_no,
)
from i18n import Lang, t
from i18n.dates import long_date

OPEN_ACTION = "cameras.register.open"
# Rows per page: 10 rows of the longest names and places measure about 20 KB as Teams
# counts (UTF-16), well under its 40 KB (tests/features/cameras/test_register.py).
PAGE_SIZE = 10


@dataclass(frozen=True)
class CameraRow:
    id: str
    reference: str
    name: str
    location: str | None
    recording: bool
    retention_hours: int | None
    missing: tuple[str, ...]
    status: str = "active"


def retention_text(lang: Lang, recording: bool, hours: int | None) -> str:
    if not recording:
        return t(lang, "cameras.register.retention.live")
    return hours_in_words(hours, lang) or t(lang, "cameras.register.retention.none")


def _title(row: CameraRow) -> str:
    name = inert(row.name, 150)
    if row.reference and row.reference != row.name:
        return f"**{inert(row.reference, 64)}** · {name}"
    return f"**{name}**"


def _row(lang: Lang, row: CameraRow) -> el.Element:
    facts = [(t(lang, "cameras.register.label.location"), inert(row.location, 150) or "—"),
             (t(lang, "cameras.register.label.retention"),
              retention_text(lang, row.recording, row.retention_hours))]
    if row.missing:
        facts.append((t(lang, "cameras.register.label.missing"),
                      ", ".join(in_words(list(row.missing), lang))))
    items: list[el.Element] = [el.text(_title(row), trusted=True),
                               el.facts(facts, trusted_values=True)]
    items.append(el.action_set([el.action_execute(t(lang, "cameras.register.action.open"),
                                                  OPEN_ACTION, {"camera": row.id})]))
    return el.container(items, separator=True, spacing="Medium",
                        style="warning" if row.missing else None)


def list_card(lang: Lang, title: str, rows: Sequence[CameraRow], *, page: int, total: int,
              empty_key: str, more: Mapping[str, str] | None = None) -> dict:
    """A page of cameras; `more` (a command and its rest, carrying the filter and the next
    page) is the "show more" button while some are left. `title` is our text, with any
    search words already made inert."""
    body: list[el.Element] = [el.heading(title, size="Medium")]
    shown = list(rows[:PAGE_SIZE])
    first = (page - 1) * PAGE_SIZE + 1
    if not shown:
        body.append(el.text(t(lang, empty_key), trusted=True))
    else:
        body.append(el.text(t(lang, "cameras.register.list.count", first=first,
                              last=first + len(shown) - 1, total=total),
                            trusted=True, weight="Bolder"))
    body += [_row(lang, row) for row in shown]
    left = total - (first - 1) - len(shown)
    actions = []
    if left > 0 and more:
        actions.append(el.action_submit(t(lang, "cameras.register.list.more", count=left),
                                        "command", dict(more)))
    return el.card(body, actions, lang=lang, fallback_text=title)


def _shown(lang: Lang, kind: Kind, value: object) -> str:
    if value is None or value == "":
        return "—"
    if kind == Kind.YES_NO:
        return yes_no(bool(value), lang)
    if kind == Kind.DATE and isinstance(value, date):
        return long_date(value, lang, weekday=False)
    if kind == Kind.STATUS:
        return status_word(str(value), lang)
    return inert(value, 600)


def camera_card(lang: Lang, values: Mapping[str, object], *, missing: Sequence[str],
                activity: str | None, responsible: str | None) -> dict:
    """One camera in full: every field of the declaration, in words."""
    name = str(values.get("name") or values.get("reference") or "")
    title = t(lang, "cameras.register.camera.title", name=inert(name, 150))
    facts: list[tuple[str, str]] = []
    for spec in FIELDS:
        if spec.id == "activity":
            shown = inert(activity, 300) if activity else "—"
        elif spec.id == "responsible":
            shown = inert(responsible, 200) if responsible else "—"
        elif spec.kind == Kind.HOURS:
            shown = retention_text(lang, bool(values.get("recording", True)),
                                   values.get("retention_hours"))  # type: ignore[arg-type]
        else:
            shown = _shown(lang, spec.kind, values.get(spec.id))
        facts.append((inert(spec.header(lang), 80), shown))
    body: list[el.Element] = [el.heading(title, size="Medium")]
    if missing:
        body.append(el.container([el.text(
            t(lang, "cameras.register.camera.incomplete",
              missing=", ".join(in_words(list(missing), lang))), trusted=True,
            weight="Bolder")], style="warning"))
    body.append(el.facts(facts, trusted_values=True))
    return el.card(body, lang=lang, fallback_text=title)


def sample_rows() -> list[CameraRow]:
    return [CameraRow("00000000-0000-0000-0000-000000000001", "K-001", "Resecentrum entré",
                      "Stationsgatan 1", True, 168, ()),
            CameraRow("00000000-0000-0000-0000-000000000002", "K-002", "Torget norr",
                      "Stora torget", True, None, ("assessment", "retention")),
            CameraRow("00000000-0000-0000-0000-000000000003", "K-003", "Simhallen kassa",
                      None, False, None, ("assessment",))]


def _sample_list(lang: Lang) -> dict:
    return list_card(lang, t(lang, "cameras.register.list.title_all"), sample_rows(), page=1,
                     total=18, empty_key="cameras.register.list.empty",
                     more={"command": "cameras", "rest": "sida 2"})


def _sample_camera(lang: Lang) -> dict:
    values = {"reference": "K-001", "name": "Resecentrum entré", "count": 2,
              "location": "Stationsgatan 1", "coordinates": "59.3293, 18.0686",
              "public_place": True, "purpose": "Förebygga brott och skadegörelse",
              "unit": "Samhällsbyggnad", "recording": True, "sound": False,
              "retention_hours": 168, "access": "Säkerhetsenheten",
              "signage": "Skyltat vid entréerna", "assessment_on": None,
              "status": "active"}
    return camera_card(lang, values, missing=("assessment",), activity="BEH-0012 Kamerabevakning",
                       responsible="Säkerhetschefen")


SAMPLES = {"cameras.register.list": _sample_list, "cameras.register.camera": _sample_camera}
__all__ = ["BY_ID", "OPEN_ACTION", "PAGE_SIZE", "SAMPLES", "CameraRow", "camera_card",
           "list_card"]
