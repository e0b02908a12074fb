"""`export incidenter|begäranden|registret [ÅR] [xlsx|csv]`: a spreadsheet given as a file.

The workbook is read back as a person's spreadsheet program would (calamine), and
its rows are checked against the records.
"""

from __future__ import annotations

import csv
from datetime import date

import pytest
import python_calamine as calamine

from i18n import t
from storage.models import RightsRequest
from tests.features.incidents.steps import report_at_the_desk
from tests.support.handler import Desk


@pytest.fixture
async def desk(sqlite_db, registry, tmp_path, monkeypatch) -> Desk:
    desk = await Desk.open(sqlite_db, registry)
    monkeypatch.chdir(tmp_path)  # the data directory ("data") lands in the test's folder
    return desk


def rows_of(path) -> list[list]:
    if path.suffix == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as f:
            return list(csv.reader(f, delimiter=";"))
    book = calamine.CalamineWorkbook.from_path(str(path))
    return book.get_sheet_by_index(0).to_python()


async def _requests(desk: Desk, *received: date) -> None:
    async with desk.db.session() as session:
        for n, day in enumerate(received, start=1):
            session.add(RightsRequest(
                organisation_id=desk.organisation_id, reference=f"REG-{day.year}-{n:04d}",
                rights=["access"], received_on=day, channel="email", status="received",
                due_on=day.replace(month=min(day.month + 1, 12))))


async def test_the_dso_exports_the_incidents_as_a_workbook_with_the_reports_columns(desk):
    dana = await desk.person("Dana Dataskyddsombud", "dso")
    stina = await desk.person("Stina Skola")
    await report_at_the_desk(desk, stina)
    await report_at_the_desk(desk, stina, description="En surfplatta glömdes på bussen.")

    answer = await desk.say(dana, "export incidenter")
    [offer] = answer.files
    assert answer.messages == [t("sv", "reports.export.done",
                                 what=t("sv", "reports.export.what.incidents"), count=2)]
    head, *rows = rows_of(offer.path)
    assert head[0] == t("sv", "incident.export.reference")
    assert t("sv", "incident.export.description") in head
    descriptions = {row[head.index(t("sv", "incident.export.description"))] for row in rows}
    assert "En surfplatta glömdes på bussen." in descriptions and len(rows) == 2


async def test_a_year_and_csv_and_english(desk):
    emma = await desk.person("Emma Carter", "dso", locale="en")
    await _requests(desk, date(2025, 3, 4), date(2026, 2, 2), date(2026, 5, 6))
    answer = await desk.say(emma, "export requests 2026 csv")
    [offer] = answer.files
    assert offer.path.suffix == ".csv"
    head, *rows = rows_of(offer.path)
    assert head[0] == t("en", "rights.export.reference")
    assert sorted(row[0] for row in rows) == ["REG-2026-0002", "REG-2026-0003"]


async def test_the_register_is_exported_whole(desk):
    dana = await desk.person("Dana Dataskyddsombud", "dso")
    [offer] = (await desk.say(dana, "export registret xlsx")).files
    assert offer.path.suffix == ".xlsx" and rows_of(offer.path)  # the header at least


async def test_staff_may_not_export(desk):
    stina = await desk.person("Stina Skola")
    answer = await desk.say(stina, "export incidenter")
    assert answer.files == []
    assert answer.messages == [t("sv", "bot.not_allowed")]


async def test_a_typo_gets_the_word_it_was_close_to_and_what_can_be_exported(desk):
    dana = await desk.person("Dana Dataskyddsombud", "dso")
    answer = await desk.say(dana, "export incidentr 2025")
    assert answer.files == []
    [text] = answer.messages
    assert t("sv", "reports.export.did_you_mean", word="incidenter") in text
    assert "`begäranden`" in text and "`registret`" in text
