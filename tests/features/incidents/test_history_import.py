"""`dsobot import incidents FILE --org ORG`: last year's incident log from a spreadsheet,
end to end through the command line on SQLite."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from compliance.localtime import to_local
from storage.models import AuditEntry, Incident, IncidentEvent
from tests.support.cli import (
    Dsobot,
    all_of,
    count_of,
    dsobot_on,
    rejections,
    sqlite_url,
    write_xlsx,
)

SWEDISH = ["Diarienummer", "Datum för upptäckt", "Beskrivning", "Typ av incident",
           "Hur upptäcktes", "Anmäld till IMY", "Registrerade informerade", "Status"]

# The 2024 report: 8 incidents documented, none notified to IMY, 6 discovered by staff.
LOG_2024 = [
    ["KS 2024/101", date(2024, 1, 15), "Mejl med elevlista till fel vårdnadshavare",
     "Fel mottagare", "Personal", "Nej", "Nej", "Avslutad"],
    ["KS 2024/117", "5 mars 2024", "Läsplatta borttappad på bussen", "Förlust",
     "Medarbetare", "Nej", "Nej", "Avslutad"],
    ["KS 2024/140", "2024-04-02", "Behörigheter för brett satta i elevsystemet",
     "Obehörig åtkomst", "Rutinkontroll", "Nej", "Nej", "Stängd"],
    ["KS 2024/188", "12/5 2024", "Brev med betyg till fel adress", "Felskickat brev",
     "Personal", "Nej", "Nej", "Avslutad"],
    ["KS 2024/203", "3 juni 2024", "Protokoll publicerat med namn", "Obehörigt röjande",
     "Egen personal", "Nej", "Ja", "Avslutad"],
    ["KS 2024/251", "2024-08-19", "Dator stulen ur bil", "Stöld", "Anställd", "Nej", "Nej",
     "Avslutad"],
    ["KS 2024/290", "2024-10-07", "Lista lämnad i kopiatorn", "Obehörigt röjande",
     "Medarbetare", "Nej", "Nej", "Avslutad"],
    ["KS 2024/305", "2 december 2024", "Leverantören rapporterade fel i export",
     "Ändring", "Personuppgiftsbiträde", "Nej", "Nej", "Avslutad"],
]


# --- helpers -------------------------------------------------------------------------------


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return sqlite_url(tmp_path)


@pytest.fixture
def dsobot(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> Dsobot:
    return dsobot_on(db_url, tmp_path, monkeypatch, capsys)


def xlsx(path: Path, headers: list[str], rows: list[list[Any]], *, title: str | None = None
         ) -> Path:
    return write_xlsx(path, headers, rows, sheet="Incidentlogg", title=title)


def csv_file(path: Path, headers: list[str], rows: list[list[Any]]) -> Path:
    lines = [";".join(headers), *(";".join(str(v) for v in row) for row in rows)]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-8-sig"))
    return path


def stored(db_url: str) -> list[Incident]:
    return sorted(all_of(db_url, Incident), key=lambda i: i.reference)


# --- the 2024 log ------------------------------------------------------------------------------


def test_the_2024_log_becomes_eight_incidents_none_notified_six_found_by_staff(
        dsobot, db_url, tmp_path):
    path = xlsx(tmp_path / "Incidentlogg 2024.xlsx", SWEDISH, LOG_2024,
                title="Personuppgiftsincidenter 2024")
    code, out, err = dsobot("import", "incidents", str(path), "--org", "bn")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == 'row 4: created "KS 2024/101" as PUI-2024-0001'
    assert lines[-1] == "8 rows: 8 created, 0 unchanged, 0 rejected."

    incidents = stored(db_url)
    assert len(incidents) == 8
    assert [i.reference for i in incidents] == [f"PUI-2024-{n:04d}" for n in range(1, 9)]
    assert {i.original_reference for i in incidents} == {row[0] for row in LOG_2024}
    assert all(i.diarienummer == i.original_reference for i in incidents)
    assert all(i.imported_at is not None for i in incidents)
    assert all(to_local(i.submitted_at).year == 2024 for i in incidents)
    assert all(i.aware_at == i.submitted_at == i.discovered_at for i in incidents)
    # Nothing notified: every one decided "not notifiable".
    assert not any(i.near_miss for i in incidents)
    assert {i.decision for i in incidents} == {"not_notifiable"}
    assert sum(1 for i in incidents if i.decision == "notified") == 0
    assert all(i.imy_notified_at is None for i in incidents)
    assert sum(1 for i in incidents if i.answers.get("discovery") == "employee") == 6
    assert sum(1 for i in incidents if i.subjects_informed) == 1
    assert {i.status for i in incidents} == {"closed"}
    assert all(i.closed_at is not None for i in incidents)
    first = incidents[0]
    assert to_local(first.aware_at).date() == date(2024, 1, 15)
    assert first.answers == {"event": "breach", "breach_type": "misdirected",
                             "description": "Mejl med elevlista till fel vårdnadshavare",
                             "discovery": "employee", "discovered_at": "2024-01-15",
                             "aware_at": "2024-01-15"}
    dates = {i.original_reference: to_local(i.aware_at).date() for i in incidents}
    assert dates["KS 2024/117"] == date(2024, 3, 5)  # "5 mars 2024"
    assert dates["KS 2024/188"] == date(2024, 5, 12)  # "12/5 2024": the day first
    assert dates["KS 2024/305"] == date(2024, 12, 2)
    assert count_of(db_url, IncidentEvent) == 8 + 8  # submitted and closed, each


def test_importing_the_same_file_again_changes_nothing(dsobot, db_url, tmp_path):
    path = xlsx(tmp_path / "logg.xlsx", SWEDISH, LOG_2024)
    assert dsobot("import", "incidents", str(path), "--org", "bn")[0] == 0
    before = [(i.id, i.reference, i.revision, i.updated_at) for i in stored(db_url)]
    code, out, _ = dsobot("import", "incidents", str(path), "--org", "bn")
    assert code == 0
    assert 'row 2: unchanged "KS 2024/101": already imported as PUI-2024-0001' in out
    assert out.splitlines()[-1] == "8 rows: 0 created, 8 unchanged, 0 rejected."
    assert [(i.id, i.reference, i.revision, i.updated_at) for i in stored(db_url)] == before
    # A new row in a longer copy of the log is the only one created.
    longer = xlsx(tmp_path / "logg2.xlsx", SWEDISH,
                  [*LOG_2024, ["KS 2024/330", "2024-12-20", "", "", "", "", "", ""]])
    code, out, _ = dsobot("import", "incidents", str(longer), "--org", "bn")
    assert out.splitlines()[-1] == "9 rows: 1 created, 8 unchanged, 0 rejected."
    assert stored(db_url)[-1].reference == "PUI-2024-0009"
    audits = [a for a in all_of(db_url, AuditEntry) if a.action == "incident.imported"]
    assert [a.detail for a in audits] == [  # counts only, never the file's contents
        {"created": 8, "unchanged": 0, "rejected": 0, "source": "cli"},
        {"created": 0, "unchanged": 8, "rejected": 0, "source": "cli"},
        {"created": 1, "unchanged": 8, "rejected": 0, "source": "cli"}]


def test_a_dry_run_prints_the_plan_and_writes_nothing(dsobot, db_url, tmp_path):
    path = xlsx(tmp_path / "logg.xlsx", SWEDISH, LOG_2024)
    code, out, err = dsobot("import", "incidents", str(path), "--org", "bn", "--dry-run")
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == 'row 2: create "KS 2024/101"'
    assert out.splitlines()[-1] == ("8 rows: 8 to create, 0 unchanged, 0 rejected. "
                                    "Dry run: nothing was written.")
    assert stored(db_url) == []
    # ... and the real import afterwards numbers from 1: the dry run took no numbers.
    dsobot("import", "incidents", str(path), "--org", "bn")
    assert stored(db_url)[0].reference == "PUI-2024-0001"


# --- tolerant reading --------------------------------------------------------------------------


def test_english_headers_with_typos_and_a_semicolon_csv_are_read(dsobot, db_url, tmp_path):
    headers = ["Case number", "Date discovered", "description", "Type of incident",
               "Hur upptäckes", "Anmäld till IMY", "Subjects informed", "STATUS"]
    rows = [["A-1", "5 mars 2024", "Lost phone", "Loss", "Staff", "Ja, 2024-03-07",
             "Ja 2024-03-08", ""],
            ["A-2", "06.03.2024", "", "Misdirected e-mail", "Data subject", "no", "", "Open"]]
    path = csv_file(tmp_path / "incidents.csv", headers, rows)
    code, out, err = dsobot("import", "incidents", str(path), "--org", "bn")
    assert (code, err) == (0, ""), out
    assert out.splitlines()[-1] == "2 rows: 2 created, 0 unchanged, 0 rejected."
    notified, open_one = stored(db_url)
    assert notified.decision == "notified" and notified.status == "notified_imy"
    assert to_local(notified.imy_notified_at) == datetime(2024, 3, 7, 12, 0,
                                                          tzinfo=to_local(
                                                              notified.imy_notified_at).tzinfo)
    assert notified.subjects_informed is True
    assert notified.subjects_informed_on == date(2024, 3, 8)
    assert notified.answers["discovery"] == "employee"
    assert to_local(open_one.aware_at).date() == date(2024, 3, 6)
    assert open_one.decision == "not_notifiable" and open_one.status == "not_notifiable"
    assert open_one.answers["discovery"] == "outsider"
    assert open_one.answers["breach_type"] == "misdirected"
    assert open_one.closed_at is None


def test_rows_that_cannot_be_mapped_are_rejected_with_why_and_the_rest_go_through(
        dsobot, db_url, tmp_path):
    rows = [
        ["B-1", "2024-02-01", "Ok", "Förlust", "Personal", "Nej", "Nej", "Avslutad"],
        ["B-2", "32 mars 2024", "x", "Förlust", "Grannens katt", "Kanske", "Nej", "Avslutad"],
        ["", "2024-02-03", "no reference", "Förlust", "Personal", "Nej", "Nej", "Avslutad"],
        ["B-1", "2024-02-04", "again", "Förlust", "Personal", "Nej", "Nej", "Avslutad"],
        ["B-5", "", "", "Tillbud", "Personal", "Ja", "", "Avslutad"],
        ["B-6", "2024-02-06", "", "Förlust", "Personal", "Nej", "Nej", "Vet inte"],
    ]
    path = xlsx(tmp_path / "logg.xlsx", SWEDISH, rows)
    code, out, _ = dsobot("import", "incidents", str(path), "--org", "bn")
    assert code == 0
    rejected = rejections(out)
    assert set(rejected) == {3, 4, 5, 6, 7}
    assert 'column "Datum för upptäckt" (B): "32 mars 2024" no such date' in rejected[3]
    assert 'column "Hur upptäcktes" (E): "Grannens katt" not a way of discovery' in rejected[3]
    assert 'column "Anmäld till IMY" (F): "Kanske" not yes or no' in rejected[3]
    assert 'column "Diarienummer" (A): empty' in rejected[4]
    assert "the same reference as row 2" in rejected[5]
    assert 'column "Datum för upptäckt" (B): empty' in rejected[6]
    assert "a near miss (tillbud) is never notified" in rejected[6]
    assert 'column "Status" (H): "Vet inte" not a status' in rejected[7]
    assert out.splitlines()[-1] == "6 rows: 1 created, 0 unchanged, 5 rejected."
    assert [i.original_reference for i in stored(db_url)] == ["B-1"]


def test_personal_data_in_a_description_is_masked_and_never_printed(dsobot, db_url, tmp_path):
    rows = [["C-1", "2024-05-05", "Brev om 811218-9876 skickat till fel adress",
             "Fel mottagare", "Personal", "Nej", "Nej", "Avslutad"]]
    path = xlsx(tmp_path / "logg.xlsx", SWEDISH, rows)
    for dry_run in (("--dry-run",), ()):
        code, out, _ = dsobot("import", "incidents", str(path), "--org", "bn", *dry_run)
        assert code == 0
        assert "811218" not in out and "Brev om" not in out
        assert ('row 2: create' in out or 'row 2: created' in out)
        assert 'column "Beskrivning" (C) held personal data (personnummer): masked' in out
    (incident,) = stored(db_url)
    assert "811218-9876" not in incident.answers["description"]
    assert "[personnummer]" in incident.answers["description"]


def test_a_file_that_cannot_be_read_ends_with_one_line_and_exit_code_1(dsobot, db_url,
                                                                       tmp_path):
    garbage = tmp_path / "logg.xlsx"
    garbage.write_bytes(b"this is not a workbook")
    no_date = xlsx(tmp_path / "utan-datum.xlsx", ["Diarienummer", "Beskrivning", "Status"],
                   [["D-1", "x", "Avslutad"]])
    for path, said in ((garbage, "not a spreadsheet"), (no_date, "no column for the Datum"),
                       (tmp_path / "saknas.xlsx", "no such file")):
        code, out, err = dsobot("import", "incidents", str(path), "--org", "bn")
        assert code == 1 and out == ""
        assert len(err.strip().splitlines()) == 1 and said in err, err
    assert stored(db_url) == []


def test_the_reference_year_is_the_swedish_calendar_year_of_the_date(dsobot, db_url,
                                                                     tmp_path):
    rows = [["E-1", "2025-01-01", "", "", "Personal", "", "", ""],
            ["E-2", "2024-12-31", "", "", "Personal", "", "", ""],
            ["E-3", "2024-12-30", "", "Tillbud", "Personal", "Nej", "", "Avslutad"]]
    dsobot("import", "incidents", str(xlsx(tmp_path / "l.xlsx", SWEDISH, rows)), "--org", "bn")
    by_original = {i.original_reference: i for i in stored(db_url)}
    assert by_original["E-1"].reference == "PUI-2025-0001"
    assert by_original["E-2"].reference == "PUI-2024-0001"
    # Undecided and not closed: in review, as a DSO would have it.
    assert by_original["E-1"].status == "in_review" and by_original["E-1"].decision is None
    assert by_original["E-1"].submitted_at < datetime(2025, 1, 1, tzinfo=UTC)
    # A near miss is counted apart and never decided on.
    near = by_original["E-3"]
    assert (near.near_miss, near.decision, near.status) == (True, None, "closed")
    assert near.answers["event"] == "near_miss" and "breach_type" not in near.answers
