"""The annual report's content, composed from the figures and the DSO's judgements.

Pure: no database, no files but the wording. The figures (`chat.summaries.Figure`,
by key) come from the capabilities' summary sections; the judgements are what the
DSO answered in the guided flow (`flow.py`), stored by step id. A figure or a
judgement that is missing shows as such ("Uppgift saknas", "Ej bedömd"): the
draft is always complete enough to be read and finished by hand.

The structure is that of the real reports: 1 Bakgrund, 2 Sammanfattning,
3 Handlingsplan, 4 Obligatoriska rapporteringsområden (4.1–4.6, each with its
"Fråga/kontroll | Svar" table, the mark on the four-step scale and the advice)
and 4.7 Övrigt. The Markdown and DOCX writers only lay it out.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from chat.summaries import Figure
from features.reports.annual.areas import AREAS, MARKS, OTHER, SUMMARY, Answer3, Area

TEXTS = Path(__file__).with_name("texts")
# The chat catalog of the annual report: the reports capability's texts/sv/annual.toml.
SWEDISH_CATALOG = Path(__file__).parents[1] / "texts" / "sv" / "annual.toml"


@dataclass(frozen=True)
class Row:
    question: str
    answer: str


@dataclass(frozen=True)
class ScaleStep:
    """One step of the four-step scale, and whether it is the area's mark."""

    number: str
    text: str
    chosen: bool

    @property
    def box(self) -> str:
        return "☒" if self.chosen else "☐"


@dataclass(frozen=True)
class Section:
    number: str  # "1", "4.3"
    title: str
    level: int  # 1 for 1–4, 2 for 4.1–4.7
    key: str = ""  # the area's key for 4.1–4.6 ("register", ...), else the section's name
    paragraphs: tuple[str, ...] = ()
    headers: tuple[str, str] = ("", "")  # the table's column headings, when it has rows
    rows: tuple[Row, ...] = ()
    scale: tuple[ScaleStep, ...] = ()  # 4.1–4.6 only
    mark: str = ""  # the chosen step's text, or "Ej bedömd"; 4.1–4.6 only
    advice: str = ""

    @property
    def heading(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def is_area(self) -> bool:
        return bool(self.scale)


@dataclass(frozen=True)
class Report:
    organisation: str
    year: int
    title: str
    sections: tuple[Section, ...] = field(default_factory=tuple)

    def section(self, number: str) -> Section:
        return next(s for s in self.sections if s.number == number)

    @property
    def areas(self) -> tuple[Section, ...]:
        """4.1–4.6, the six mandatory areas."""
        return tuple(s for s in self.sections if s.is_area)


# -- wording ---------------------------------------------------------------------------


@cache
def _wording() -> tuple[dict[str, str], dict[str, str]]:
    """The report's own wording (report.toml) and the Swedish catalog (annual.toml), flat."""

    def flat(path: Path) -> dict[str, str]:
        found: dict[str, str] = {}

        def walk(prefix: str, table: Mapping[str, Any]) -> None:
            for key, value in table.items():
                full = f"{prefix}{key}"
                if isinstance(value, dict):
                    walk(f"{full}.", value)
                else:
                    found[full] = str(value)

        with path.open("rb") as f:
            walk("", tomllib.load(f))
        return found

    return flat(TEXTS / "report.toml"), flat(SWEDISH_CATALOG)


def w(key: str, **params: Any) -> str:
    """The report's wording for `key`, filled in."""
    return _wording()[0][key].format(**params)


def sv(key: str) -> str:
    """A text of the Swedish chat catalog (the DSO's questions, the scale)."""
    return _wording()[1][f"annual_report.{key}"]


# -- answers from figures --------------------------------------------------------------


def count(value: int) -> str:
    """A number as the real reports write it: digits, and "Inga" for none."""
    return w("answers.none") if value == 0 else str(value)


def ratio(value: int, of: int | None) -> str:
    return str(value) if of is None else w("answers.of", value=value, of=of)


FigureAnswer = Callable[[Mapping[str, Figure]], str]


def _figure(key: str, how: Callable[[Figure], str] | None = None) -> FigureAnswer:
    """A figure's answer: a count ("8", "Inga") unless `how` says otherwise (e.g. `_ratio`),
    since the questions say "of these" themselves."""

    def answer(figures: Mapping[str, Figure]) -> str:
        figure = figures.get(key)
        if figure is None:
            return w("answers.missing")
        return how(figure) if how is not None else count(figure.value)

    return answer


def _ratio(figure: Figure) -> str:
    """ "60 av 125", as the real reports write what part of a whole is concerned."""
    return ratio(figure.value, figure.of)


def _handled_in_time(figures: Mapping[str, Figure]) -> str:
    received, late = figures.get("rights.received"), figures.get("rights.answered_late")
    overdue = figures.get("rights.overdue_now")
    if received is None or late is None:
        return w("answers.missing")
    if received.value == 0:
        return w("answers.not_applicable")
    overdue_now = overdue.value if overdue is not None else 0
    if late.value == 0 and overdue_now == 0:
        return w("answers.yes")
    return w("answers.late", late=late.value, overdue=overdue_now)


def _discovered(figures: Mapping[str, Figure]) -> str:
    by_staff = figures.get("incidents.discovered_by_staff")
    documented = figures.get("incidents.documented")
    if by_staff is None or documented is None:
        return w("answers.missing")
    of = by_staff.of if by_staff.of is not None else documented.value
    if of == 0:
        return w("answers.no_incidents")
    key = "answers.mainly_staff" if by_staff.value * 2 > of else "answers.staff_part"
    return w(key, value=by_staff.value, of=of)


def _within_72h(figure: Figure) -> str:
    if not figure.of:  # none were notified
        return w("answers.not_applicable")
    return ratio(figure.value, figure.of)


# Each area's rows from the figures, in the order of the real reports: (wording key, answer).
FIGURE_ROWS: Mapping[str, tuple[tuple[str, FigureAnswer], ...]] = {
    "register": (
        ("figures.register.registered", _figure("register.registered")),
        ("figures.register.incomplete", _figure("register.incomplete")),
        ("figures.register.reviewed_12m", _figure("register.reviewed_12m", _ratio)),
    ),
    "documents": (),
    "measures": (
        ("figures.measures.classified", _figure("register.classified", _ratio)),
    ),
    "dpia": (
        ("figures.dpia.dpia_needed", _figure("register.dpia_needed")),
        ("figures.dpia.dpia_done", _figure("register.dpia_done")),
        ("figures.dpia.dpia_followup_due", _figure("register.dpia_followup_due")),
    ),
    "rights": (
        ("figures.rights.received", _figure("rights.received")),
        ("figures.rights.in_time", _handled_in_time),
        ("figures.rights.extended", _figure("rights.extended")),
        ("figures.rights.open_now", _figure("rights.open_now")),
        ("figures.rights.overdue_now", _figure("rights.overdue_now")),
    ),
    "incidents": (
        ("figures.incidents.discovered", _discovered),
        ("figures.incidents.documented", _figure("incidents.documented")),
        ("figures.incidents.notified_imy", _figure("incidents.notified_imy")),
        ("figures.incidents.notified_within_72h",
         _figure("incidents.notified_within_72h", _within_72h)),
        ("figures.incidents.subjects_informed", _figure("incidents.subjects_informed")),
        ("figures.incidents.near_misses", _figure("incidents.near_misses")),
        ("figures.incidents.open_now", _figure("incidents.open_now")),
        ("figures.incidents.overdue_now", _figure("incidents.overdue_now")),
    ),
}


# 4.7 Övrigt: the camera register and the requests for recorded material, when the
# cameras capability counted them (rows only for the figures present).


def _camera_requests(figures: Mapping[str, Figure]) -> str:
    received = figures["cameras.requests"].value
    if received == 0:
        return count(0)
    parts = {key: figures[f"cameras.{key}"].value for key in
             ("disclosed", "disclosed_in_part", "refused", "too_late")
             if f"cameras.{key}" in figures}
    if not parts:
        return str(received)
    shown = [w(f"answers.cameras.{key}", value=value) for key, value in parts.items()
             if key != "too_late" or value]
    return w("answers.cameras.requests", value=received, parts=", ".join(shown))


CAMERA_ROWS: tuple[tuple[str, str, FigureAnswer], ...] = (
    ("figures.cameras.registered", "cameras.registered", _figure("cameras.registered")),
    ("figures.cameras.incomplete", "cameras.incomplete", _figure("cameras.incomplete")),
    ("figures.cameras.requests", "cameras.requests", _camera_requests),
)


def _camera_rows(figures: Mapping[str, Figure]) -> tuple[Row, ...]:
    return tuple(Row(w(key), answer(figures)) for key, needed, answer in CAMERA_ROWS
                 if needed in figures)


# -- answers from judgements -----------------------------------------------------------


def _judged(value: Any) -> str:
    if value in (Answer3.YES.value, Answer3.PARTLY.value, Answer3.NO.value):
        return w(f"answers.{value}")
    return w("answers.not_judged")


def _text(value: Any) -> str:
    return str(value).strip() if isinstance(value, str) else ""


def _mark(judgements: Mapping[str, Any], area: Area) -> str | None:
    value = judgements.get(area.mark_id)
    return str(value) if str(value) in MARKS else None


def _scale(mark: str | None) -> tuple[ScaleStep, ...]:
    return tuple(ScaleStep(m, sv(f"scale.{m}"), m == mark) for m in MARKS)


def _area(area: Area, figures: Mapping[str, Figure], judgements: Mapping[str, Any]) -> Section:
    rows = [Row(w(key), answer(figures)) for key, answer in FIGURE_ROWS[area.key]]
    rows += [Row(sv(f"q.{j.id}"), _judged(judgements.get(j.id))) for j in area.judged]
    mark = _mark(judgements, area)
    return Section(
        number=area.number, title=w(f"areas.{area.key}"), level=2, key=area.key,
        headers=(w("table.question"), w("table.answer")), rows=tuple(rows),
        scale=_scale(mark), mark=sv(f"scale.{mark}") if mark else w("answers.not_judged"),
        advice=_text(judgements.get(area.advice_id)) or w("text.no_advice"))


# -- the report ------------------------------------------------------------------------


def compose(organisation: str, year: int, figures: Mapping[str, Figure],
            judgements: Mapping[str, Any] | None = None) -> Report:
    """The report for `organisation`'s `year`: the figures by key, the DSO's answers by id."""
    judgements = judgements or {}
    areas = [_area(area, figures, judgements) for area in AREAS]
    by_key = dict(zip((a.key for a in AREAS), areas, strict=True))

    background = Section("1", w("headings.background"), 1, "background", paragraphs=(
        w("text.background_1", organisation=organisation),
        w("text.background_2", year=year)))

    own_summary = _text(judgements.get(SUMMARY))
    summary = Section(
        "2", w("headings.summary"), 1, "summary",
        paragraphs=(*([own_summary] if own_summary else []), w("text.summary_intro")),
        headers=(w("table.area"), w("table.mark")),
        rows=tuple(Row(a.heading, a.mark) for a in areas))

    # The areas that need action, the most serious first (then in the report's order).
    needing = sorted((a for a in AREAS if (_mark(judgements, a) or "4") != "4"),
                     key=lambda a: _mark(judgements, a) or "4")
    plan_rows = tuple(Row(by_key[a.key].heading, by_key[a.key].advice) for a in needing)
    plan = Section("3", w("headings.plan"), 1, "plan",
                   paragraphs=(w("text.plan_intro") if plan_rows else w("text.plan_none"),),
                   headers=(w("table.area"), w("table.action")), rows=plan_rows)

    scale_text = w("text.scale_intro", **{f"s{m}": sv(f"scale.{m}") for m in MARKS})
    mandatory = Section("4", w("headings.mandatory"), 1, "mandatory",
                        paragraphs=(w("text.mandatory_intro"), scale_text))

    other = Section(
        "4.7", w("headings.other"), 2, "other", paragraphs=(w("text.other_intro"),),
        headers=(w("table.question"), w("table.answer")),
        rows=tuple(row for key in OTHER for row in (
            Row(w(f"other.{key}"), _text(judgements.get(key))
                or w("answers.nothing_to_report")),
            *(_camera_rows(figures) if key == "other_cameras" else ()))))

    return Report(organisation=organisation, year=year, title=w("title", year=year),
                  sections=(background, summary, plan, mandatory, *areas, other))
