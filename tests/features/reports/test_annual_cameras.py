"""The annual report's "4.7 Övrigt" states the camera figures under "Kamerabevakning"
when the cameras capability counted them: the cameras in the register, those
without an assessment of interests or retention time, and the requests for
recorded material with how they were decided."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from chat.summaries import Figure
from features.reports.annual.content import compose
from features.reports.annual.markdown import to_markdown
from features.reports.summary import figures_for
from storage.models import Camera, FootageRequest
from tests.support.handler import Desk

STOCKHOLM = ZoneInfo("Europe/Stockholm")
NOW = datetime(2027, 2, 10, 9, 0, tzinfo=STOCKHOLM)

Q_CAMERAS = "Antal kameror i kameraregistret?"
Q_INCOMPLETE = "Kameror utan dokumenterad intresseavvägning eller lagringstid?"
Q_REQUESTS = "Begäranden om inspelat material under året?"
JUDGED = "Kamerabevakning"


def _figures(**values: int) -> dict[str, Figure]:
    return {f"cameras.{k}": Figure(f"cameras.{k}", f"cameras.followup.summary.{k}", v)
            for k, v in values.items()}


def _rows(report) -> list[tuple[str, str]]:
    return [(r.question, r.answer) for r in report.section("4.7").rows]


def test_the_camera_rows_follow_the_camera_judgement_in_4_7():
    figures = _figures(registered=42, incomplete=5, requests=9, disclosed=4,
                       disclosed_in_part=3, refused=1, too_late=1, handed_over=7)
    rows = _rows(compose("Tekniska nämnden", 2026, figures,
                         {"other_cameras": "Kameraregistret är nytt i år."}))
    questions = [q for q, _ in rows]
    at = questions.index(JUDGED)
    assert rows[at] == (JUDGED, "Kameraregistret är nytt i år.")
    assert rows[at + 1:at + 4] == [
        (Q_CAMERAS, "42"),
        (Q_INCOMPLETE, "5"),
        (Q_REQUESTS, "9 (lämnades ut: 4, delvis: 3, avslag: 1, redan raderat: 1)"),
    ]
    assert questions[0] == "Överföring av personuppgifter till tredje land"
    assert questions[-1] == "Särskilda projekt och övrigt"


def test_none_is_written_inga_and_no_figures_means_no_rows():
    figures = _figures(registered=3, incomplete=0, requests=0, disclosed=0,
                       disclosed_in_part=0, refused=0, too_late=0, handed_over=0)
    rows = dict(_rows(compose("Tekniska nämnden", 2026, figures)))
    assert (rows[Q_CAMERAS], rows[Q_INCOMPLETE], rows[Q_REQUESTS]) == ("3", "Inga", "Inga")
    two = _figures(registered=3, incomplete=0, requests=2, disclosed=2, disclosed_in_part=0,
                   refused=0, too_late=0)
    assert dict(_rows(compose("T", 2026, two)))[Q_REQUESTS] == \
        "2 (lämnades ut: 2, delvis: 0, avslag: 0)"

    without = _rows(compose("Tekniska nämnden", 2026, {}))
    assert [q for q, _ in without] == ["Överföring av personuppgifter till tredje land",
                                       JUDGED, "Särskilda projekt och övrigt"]


async def test_the_report_states_what_the_summary_counted(sqlite_db, registry):
    desk = await Desk.open(sqlite_db, registry, slug="tn", name="Tekniska nämnden")
    async with desk.db.session() as session:
        cameras = [Camera(organisation_id=desk.organisation_id, reference="K-1",
                          name="Resecentrum", count=6, retention_hours=168,
                          assessment_on=date(2026, 1, 15)),
                   Camera(organisation_id=desk.organisation_id, reference="K-2",
                          name="Torget", retention_hours=72)]
        session.add_all(cameras)
        await session.flush()
        for number, decision in enumerate(("disclose", "partial", "partial", None), 1):
            received = datetime(2026, number, 10, 9, 0, tzinfo=STOCKHOLM)
            session.add(FootageRequest(
                organisation_id=desk.organisation_id, reference=f"KAM-2026-{number:04d}",
                requester_kind="police", camera_ids=[str(cameras[0].id)],
                window_start=received, window_end=received, received_at=received,
                status="decided" if decision else "received", decision=decision))

    figures = await figures_for(desk.db, registry, [desk.organisation_id], 2026, NOW)
    report = compose("Tekniska nämnden", 2026, figures)
    rows = dict(_rows(report))
    assert rows[Q_CAMERAS] == "7"
    assert rows[Q_INCOMPLETE] == "1"
    assert rows[Q_REQUESTS] == "4 (lämnades ut: 1, delvis: 2, avslag: 0)"
    assert f"| {Q_REQUESTS} | 4 (lämnades ut: 1, delvis: 2, avslag: 0) |" in \
        to_markdown(report)
