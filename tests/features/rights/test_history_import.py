"""`dsobot import requests FILE --org ORG`: last year's log of data subjects' requests
from a spreadsheet, end to end through the command line on SQLite."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from storage.models import RightsRequest, RightsRequestEvent
from tests.support.cli import Dsobot, all_of, dsobot_on, rejections, sqlite_url, write_xlsx

SWEDISH = ["Ärendenummer", "Inkom", "Typ av begäran", "Besvarad", "Utfall"]

# The 2024 report: one request came in, and it was answered within the time limit.
LOG_2024 = [["KS 2024/77", "5 mars 2024", "Registerutdrag", date(2024, 3, 26), "Bifall"]]


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return sqlite_url(tmp_path)


@pytest.fixture
def dsobot(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> Dsobot:
    return dsobot_on(db_url, tmp_path, monkeypatch, capsys)


def xlsx(path: Path, headers: list[str], rows: list[list[Any]]) -> Path:
    return write_xlsx(path, headers, rows, sheet="Begäranden",
                      instructions="Fyll i en rad per begäran.")


def csv_file(path: Path, headers: list[str], rows: list[list[Any]]) -> Path:
    lines = [",".join(headers), *(",".join(str(v) for v in row) for row in rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def stored(db_url: str) -> list[RightsRequest]:
    return sorted(all_of(db_url, RightsRequest), key=lambda r: r.reference)


def test_the_2024_log_is_one_request_answered_in_time(dsobot, db_url, tmp_path):
    path = xlsx(tmp_path / "Begäranden 2024.xlsx", SWEDISH, LOG_2024)
    code, out, err = dsobot("import", "requests", str(path), "--org", "bn")
    assert (code, err) == (0, "")
    assert out.splitlines() == ['row 2: created "KS 2024/77" as REG-2024-0001',
                                "1 rows: 1 created, 0 unchanged, 0 rejected."]
    (request,) = stored(db_url)
    assert request.original_reference == "KS 2024/77"
    assert request.imported_at is not None
    assert request.received_on == date(2024, 3, 5)
    assert request.rights == ["access"]
    assert request.status == "answered"
    assert request.answered_on == date(2024, 3, 26)
    assert request.outcome == "granted"
    assert request.due_on == date(2024, 4, 5)  # one month, as for a request logged in chat
    assert request.answered_on <= request.due_on
    assert request.closed_at is not None
    assert [e.kind for e in all_of(db_url, RightsRequestEvent)] == ["logged", "answered"]


def test_importing_the_same_file_again_changes_nothing(dsobot, db_url, tmp_path):
    path = xlsx(tmp_path / "logg.xlsx", SWEDISH, LOG_2024)
    assert dsobot("import", "requests", str(path), "--org", "bn")[0] == 0
    before = [(r.id, r.reference, r.revision, r.updated_at) for r in stored(db_url)]
    code, out, _ = dsobot("import", "requests", str(path), "--org", "bn")
    assert code == 0
    assert out.splitlines() == [
        'row 2: unchanged "KS 2024/77": already imported as REG-2024-0001',
        "1 rows: 0 created, 1 unchanged, 0 rejected."]
    assert [(r.id, r.reference, r.revision, r.updated_at) for r in stored(db_url)] == before


def test_a_dry_run_prints_the_plan_and_writes_nothing(dsobot, db_url, tmp_path):
    path = xlsx(tmp_path / "logg.xlsx", SWEDISH, LOG_2024)
    code, out, _ = dsobot("import", "requests", str(path), "--org", "bn", "--dry-run")
    assert code == 0
    assert out.splitlines() == ['row 2: create "KS 2024/77"',
                                "1 rows: 1 to create, 0 unchanged, 0 rejected. "
                                "Dry run: nothing was written."]
    assert stored(db_url) == []


def test_english_headers_with_typos_swedish_dates_and_a_comma_csv(dsobot, db_url, tmp_path):
    headers = ["Case number", "received", "Type of request", "Answerd", "Outcome", "Kanal"]
    rows = [["R-1", "2 maj 2024", "Rättelse och radering", "2024-05-20", "Delvis bifall",
             "E-post"],
            ["R-2", "15/6 2024", "Dataportabilitet", "", "", "E-tjänst"],
            ["R-3", "2024-07-01", "Invändning", "", "Återkallad", ""]]
    code, out, err = dsobot("import", "requests", str(csv_file(tmp_path / "r.csv", headers,
                                                                 rows)), "--org", "bn")
    assert (code, err) == (0, ""), out
    one, two, three = stored(db_url)
    assert (one.rights, one.received_on, one.answered_on, one.outcome, one.channel,
            one.status) == (["rectification", "erasure"], date(2024, 5, 2), date(2024, 5, 20),
                            "partly_granted", "email", "answered")
    assert (two.rights, two.received_on, two.status, two.answered_on, two.channel) == (
        ["portability"], date(2024, 6, 15), "received", None, "eservice")
    assert (three.status, three.outcome, three.channel) == ("withdrawn", None, "letter")


def test_rows_that_cannot_be_mapped_are_rejected_with_why_and_the_rest_go_through(
        dsobot, db_url, tmp_path):
    rows = [["S-1", "2024-01-10", "Registerutdrag", "2024-01-20", "Bifall"],
            ["S-2", "2024-01-11", "Fika", "", ""],
            ["S-3", "2024-01-12", "Registerutdrag", "Ja", "Bifall"],
            ["S-4", "2024-01-13", "Radering", "2024-01-01", "Avslag"],
            ["S-5", "i januari", "Radering", "", ""],
            ["S-6", "2024-01-15", "Radering", "", "Kanske"]]
    code, out, _ = dsobot("import", "requests", str(xlsx(tmp_path / "l.xlsx", SWEDISH, rows)),
                          "--org", "bn")
    assert code == 0
    rejected = rejections(out)
    assert set(rejected) == {3, 4, 5, 6, 7}
    assert 'column "Typ av begäran" (C): "Fika" not a right' in rejected[3]
    assert 'column "Besvarad" (D): "Ja" says answered but not when' in rejected[4]
    assert "a day before the request came in" in rejected[5]
    assert 'column "Inkom" (B): "i januari" not a date' in rejected[6]
    assert 'column "Utfall" (E): "Kanske" not an outcome' in rejected[7]
    assert out.splitlines()[-1] == "6 rows: 1 created, 0 unchanged, 5 rejected."
    assert [r.original_reference for r in stored(db_url)] == ["S-1"]


def test_a_file_without_the_received_column_ends_with_one_line_and_exit_code_1(
        dsobot, db_url, tmp_path):
    path = xlsx(tmp_path / "l.xlsx", ["Ärendenummer", "Typ av begäran"], [["X", "Radering"]])
    code, out, err = dsobot("import", "requests", str(path), "--org", "bn")
    assert (code, out) == (1, "")
    assert err.strip() == ("dsobot: error: l.xlsx: row 1: no column for the Inkom (a header "
                           "such as Inkom, Inkommen, Inkom datum)")
    assert stored(db_url) == []


def test_a_sheet_without_a_header_row_names_the_columns_of_a_request_log(
        dsobot, db_url, tmp_path):
    path = xlsx(tmp_path / "l.xlsx", ["Anteckningar", "Övrigt"], [["X", "Y"]])
    code, out, err = dsobot("import", "requests", str(path), "--org", "bn")
    assert (code, out) == (1, "")
    assert "no row names columns such as Ärendenummer, Inkom" in err
    assert "Diarienummer" not in err  # the incident log's headers are not a request log's
