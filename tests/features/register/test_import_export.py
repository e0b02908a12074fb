"""The register's workbook import and export (`dsobot register import | export`), end to
end on SQLite and PostgreSQL, and what a cell is read as."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from python_calamine import CalamineWorkbook
from sqlalchemy import func, select

from features.register.fields import FIELDS, Kind, field
from features.register.repo import RegisterRepository, entry_values
from features.register.spreadsheet import cells, words
from features.register.spreadsheet.headers import NAMES, match_columns
from storage.db import Database
from storage.models import ActivityVersion, AuditEntry, RegisterObject
from storage.repos import OrganisationRepository
from tests.features.register.workbooks import (
    PEOPLE,
    UNKNOWN_OWNER,
    Book,
    generate,
    sheets_xlsx,
    to_ods,
    to_xlsx,
)
from tests.storage.test_storage_cli import dsobot  # noqa: F401  (a fixture)

HEADERS = ["Behandling", "Objekt", "Rättslig grund", "Ändamål"]


# --- helpers -----------------------------------------------------------------------------


def _read(db_url: str, work) -> Any:
    async def run() -> Any:
        db = Database(db_url)
        try:
            async with db.session(readonly=True) as session:
                return await work(session)
        finally:
            await db.dispose()

    return asyncio.run(run())


def register_of(db_url: str, slug: str = "bn") -> dict[tuple[str, str], dict[str, Any]]:
    """(object, name) → the entry as stored: its fields (empty ones left out), its kept
    columns ("extra"), reference and version."""

    async def work(session) -> dict[tuple[str, str], dict[str, Any]]:
        organisation = await OrganisationRepository(session).by_slug(slug)
        entries = await RegisterRepository(session).entries(organisation.id)
        found = {}
        for activity, obj, owner in entries:
            values = {k: v for k, v in entry_values(activity, obj, owner).items()
                      if v not in (None, "", [])}
            found[(obj.name, activity.name)] = {**values, "extra": activity.extra,
                                                "reference": activity.reference,
                                                "version": activity.version}
        return found

    return _read(db_url, work)


def versions_of(db_url: str) -> list[ActivityVersion]:
    async def work(session) -> list[ActivityVersion]:
        return list(await session.scalars(select(ActivityVersion).order_by(ActivityVersion.id)))

    return _read(db_url, work)


def audit_of(db_url: str, action: str) -> list[AuditEntry]:
    async def work(session) -> list[AuditEntry]:
        return list(await session.scalars(select(AuditEntry).where(AuditEntry.action == action)))

    return _read(db_url, work)


def count_objects(db_url: str) -> int:
    return _read(db_url, lambda s: s.scalar(select(func.count()).select_from(RegisterObject)))


def problems_in(output: str) -> set[tuple[int, str]]:
    """(row, column header) of every problem line the import printed."""
    return {(int(m[1]), m[2]) for m in re.finditer(r'^  row (\d+), column "([^"]+)"', output,
                                                   re.M)}


def rejections_in(output: str) -> dict[int, str]:
    return {int(m[1]): m[2] for m in re.finditer(r"^row (\d+): reject: (.*)$", output, re.M)}


@pytest.fixture
def bn(dsobot):  # noqa: F811
    """An organisation whose object owners are known people."""
    assert dsobot("org", "add", "bn", "Bildningsnämnden")[0] == 0
    for name, email in PEOPLE:
        assert dsobot("role", "grant", "--org", "bn", "--email", email, "--name", name,
                      "--role", "object_owner")[0] == 0
    return dsobot


@pytest.fixture(scope="module")
def book() -> Book:
    return generate(125)


@pytest.fixture
def xlsx(book: Book, tmp_path: Path) -> Path:
    return to_xlsx(book, tmp_path / "Registerförteckning 2024.xlsx")


def _import(dsobot, path: Path, *argv: str) -> tuple[int, str, str]:  # noqa: F811
    return dsobot("register", "import", str(path), "--org", "bn", *argv)


def _without_bookkeeping(entry: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in entry.items() if k not in ("reference", "version")}


# --- importing the DSO's workbook ----------------------------------------------------------


def test_a_workbook_with_a_title_row_above_the_headers_imports(bn, db_url, book, xlsx):
    # How long it takes is measured in bench/ (BENCH_REGISTER_ROWS=125 python -m bench
    # register), not here.
    code, out, err = _import(bn, xlsx)
    assert (code, err) == (0, "")

    lines = out.splitlines()
    assert lines[0] == 'Sheet "Register", headers on row 3, 125 rows.'
    assert '  column "Lagringstd" (I) read as retention (the nearest header)' in lines
    assert ('  kept with the entries as they are (no field): "Kommentar", '
            '"Kontaktperson förvaltning"') in lines
    assert lines[-1] == ("125 rows: 121 created, 0 updated, 0 unchanged, 4 rejected; "
                         "9 problem(s) in cells.")
    # Row by row: every row is reported, the planted rejections and problems where planted.
    reported = [int(m[1]) for m in re.finditer(r"^row (\d+): ", out, re.M)]
    assert reported == [book.row_number(i) for i in range(125)]
    assert rejections_in(out) == book.rejected
    assert problems_in(out) == {(row, header) for row, found in book.problems.items()
                                for header, _ in found}
    for row, found in book.problems.items():
        for header, why in found:
            line = next(x for x in lines if x.startswith(f'  row {row}, column "{header}"'))
            assert why in line, line

    stored = register_of(db_url)
    assert len(stored) == 121
    for row, expected in book.expected.items():
        entry = _without_bookkeeping(stored[(expected["object"], expected["name"])])
        assert entry == {"extra": {}, **expected}, f"row {row}"


def test_people_named_in_the_workbook_become_the_objects_owners(bn, db_url, xlsx):
    out = _import(bn, xlsx)[1]
    owners = {obj: e["owner"] for (obj, _), e in register_of(db_url).items()}
    assert owners["Skolplattformen"] == "anna.ek@kommun.se"  # written as an address
    assert owners["Procapita"] == "per.holm@kommun.se"  # written as a name
    assert owners["Ciceron"] == "Anna Ek; Per Holm"  # two owners: kept as text, reported
    assert owners["Medvind"] == UNKNOWN_OWNER  # not known yet: kept as text, reported
    assert 'two owners in one cell' in out and 'not known yet' in out

    # Gunnar Vik starts using the bot; the next import links him to his object.
    bn("role", "grant", "--org", "bn", "--email", "gunnar.vik@kommun.se", "--name",
       UNKNOWN_OWNER, "--role", "object_owner")
    out = _import(bn, xlsx)[1]
    assert "1 object owner(s) named earlier are now linked to their person." in out
    owners = {obj: e["owner"] for (obj, _), e in register_of(db_url).items()}
    assert owners["Medvind"] == "gunnar.vik@kommun.se"
    assert "0 updated, 121 unchanged" in out


def test_owners_written_as_outlook_copies_them_are_matched(bn, db_url, tmp_path):
    path = sheets_xlsx(tmp_path / "ägare.xlsx", {"Register": [
        ["Behandling", "Objekt", "Objektägare"],
        ["Löner", "Visma Lön", "Anna Ek <anna.ek@kommun.se>"],
        ["Ärenden", "Platina", "Ny Person <ny.person@kommun.se>"],
        ["Bygglovsansökningar", "Bygglov", "anna.ek@ kommun.se"],
    ]})
    code, out, _ = _import(bn, path)
    assert code == 0
    owners = {obj: e.get("owner") for (obj, _), e in register_of(db_url).items()}
    # Someone not known yet is kept by address alone, so they are linked when they appear.
    assert owners == {"Visma Lön": "anna.ek@kommun.se", "Platina": "ny.person@kommun.se",
                      "Bygglov": None}
    assert ('  row 4, column "Objektägare" (C): "anna.ek@ kommun.se" not an e-mail address: '
            "the owner is left as it was") in out.splitlines()


def test_importing_the_same_workbook_again_changes_nothing(bn, db_url, xlsx):
    assert _import(bn, xlsx)[0] == 0
    before, versions = register_of(db_url), versions_of(db_url)
    assert {v.source for v in versions} == {"import"}
    assert {v.reason for v in versions} == {"Import Registerförteckning 2024.xlsx"}

    code, out, _ = _import(bn, xlsx)
    assert code == 0
    assert out.splitlines()[-1] == ("125 rows: 0 created, 0 updated, 121 unchanged, "
                                    "4 rejected; 7 problem(s) in cells.")
    assert not re.search(r"^row \d+: (create|update)", out, re.M)
    assert register_of(db_url) == before
    assert len(versions_of(db_url)) == len(versions) == 121


def test_the_ods_copy_imports_the_same_entries_as_the_xlsx(bn, db_url, book, xlsx, tmp_path):
    bn("org", "add", "sn", "Socialnämnden")
    ods = to_ods(book, tmp_path / "Registerförteckning 2024.ods")
    assert _import(bn, xlsx)[0] == 0
    code, out, err = bn("register", "import", str(ods), "--org", "sn")
    assert (code, err) == (0, "")
    assert out.splitlines()[-1].startswith("125 rows: 121 created, 0 updated, 0 unchanged, "
                                           "4 rejected")
    from_xlsx = {k: _without_bookkeeping(v) for k, v in register_of(db_url, "bn").items()}
    from_ods = {k: _without_bookkeeping(v) for k, v in register_of(db_url, "sn").items()}
    assert from_ods == from_xlsx


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_an_export_imports_back_as_the_same_register(bn, db_url, xlsx, tmp_path, fmt):
    _import(bn, xlsx)
    before, versions = register_of(db_url), len(versions_of(db_url))
    exported = tmp_path / f"export.{fmt}"
    code, out, err = bn("register", "export", "--org", "bn", "--format", fmt, "-o",
                        str(exported))
    assert (code, err) == (0, "")
    assert out == f"Exported 121 entries of bn to {exported}\n"

    code, out, _ = _import(bn, exported)
    assert code == 0
    assert out.splitlines()[-1] == ("121 rows: 0 created, 0 updated, 121 unchanged, "
                                    "0 rejected.")
    assert register_of(db_url) == before
    assert len(versions_of(db_url)) == versions


def test_the_exported_workbook_has_swedish_headers_drop_downs_and_a_frozen_header(
        bn, xlsx, tmp_path):
    _import(bn, xlsx)
    exported = tmp_path / "export.xlsx"
    bn("register", "export", "--org", "bn", "-o", str(exported))
    book = CalamineWorkbook.from_path(str(exported))
    assert book.sheet_names == ["Registerförteckning", "Val"]  # the lists' sheet is hidden
    rows = book.get_sheet_by_name("Registerförteckning").to_python()
    fields = len(FIELDS) + 1
    assert rows[0][:fields] == ["ID", *(f.headers[0] for f in FIELDS)]
    assert set(rows[0][fields:]) == {"Kommentar", "Kontaktperson förvaltning"}
    assert rows[1][0] == "BEH-0001"
    sheet_xml = _member(exported, "xl/worksheets/sheet1.xml")
    assert '<pane xSplit="2" ySplit="1"' in sheet_xml  # the header row and ID, name frozen
    choice_columns = [f for f in FIELDS if f.kind in (Kind.CHOICE, Kind.CHOICES)]
    assert sheet_xml.count('<dataValidation type="list"') == len(choice_columns)
    assert "<formula1>Val!$" in sheet_xml


def _member(path: Path, name: str) -> str:
    import zipfile

    with zipfile.ZipFile(path) as archive:
        return archive.read(name).decode()


def test_the_csv_export_opens_in_swedish_excel(bn, xlsx, tmp_path):
    _import(bn, xlsx)
    exported = tmp_path / "export.csv"
    bn("register", "export", "--org", "bn", "--format", "csv", "-o", str(exported))
    raw = exported.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with a byte-order mark
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert rows[0][:3] == ["ID", "Behandling", "Objekt"]
    assert all(len(row) == len(rows[0]) for row in rows[1:])


def test_an_edited_export_updates_only_what_was_changed(bn, db_url, xlsx, tmp_path):
    _import(bn, xlsx)
    exported = tmp_path / "export.csv"
    bn("register", "export", "--org", "bn", "--format", "csv", "-o", str(exported))
    with exported.open(encoding="utf-8-sig", newline="") as source:
        rows = list(csv.reader(source, delimiter=";"))
    head = rows[0]
    rows[1][head.index("Rättslig grund")] = "6.1 a Samtycke; 6.1 f Berättigat intresse"
    rows[1][head.index("Lagringstid")] = "Gallras efter 3 år"
    rows[2][head.index("Diarienummer")] = "KS 2099/1"
    edited = tmp_path / "edited.csv"
    with edited.open("w", encoding="utf-8-sig", newline="") as out:
        csv.writer(out, delimiter=";").writerows(rows)

    code, out, _ = _import(bn, edited)
    assert code == 0
    assert re.search(r'^row 2: update BEH-0001 ".*": legal_basis, retention$', out, re.M)
    assert re.search(r'^row 3: update BEH-0002 ".*": diarienummer$', out, re.M)
    assert out.splitlines()[-1] == ("121 rows: 0 created, 2 updated, 119 unchanged, "
                                    "0 rejected.")
    changed = [v for v in versions_of(db_url) if v.number == 2]
    assert [(v.source, v.reason, sorted(v.changes)) for v in changed] == [
        ("import", "Import edited.csv", ["legal_basis", "retention"]),
        ("import", "Import edited.csv", ["diarienummer"])]
    assert changed[0].changes["legal_basis"]["new"] == ["6.1a", "6.1f"]


def test_a_dry_run_prints_the_plan_and_writes_nothing(bn, db_url, xlsx):
    code, out, _ = _import(bn, xlsx, "--dry-run")
    assert code == 0
    assert out.splitlines()[-1] == ("125 rows: 121 to create, 0 to update, 0 unchanged, "
                                    "4 rejected; 9 problem(s) in cells. Dry run: nothing "
                                    "was written.")
    assert len(re.findall(r"^row \d+: create ", out, re.M)) == 121
    assert register_of(db_url) == {}
    assert count_objects(db_url) == 0
    assert versions_of(db_url) == [] and audit_of(db_url, "register.imported") == []


def test_the_import_is_audited_with_counts_only(bn, db_url, xlsx):
    _import(bn, xlsx)
    [entry] = audit_of(db_url, "register.imported")
    assert entry.actor_person_id is None and entry.record_type == "organisation"
    assert entry.detail == {"rows": 125, "create": 121, "update": 0, "unchanged": 0,
                            "reject": 4, "problems": 9, "owners_set": 12, "owners_linked": 0,
                            "source": "cli"}
    assert "Elevdokumentation" not in json.dumps(entry.detail)


def test_map_names_the_columns_the_import_does_not_know(bn, db_url, tmp_path):
    path = sheets_xlsx(tmp_path / "egen.xlsx", {"Blad1": [
        ["Behandling", "Objekt", "Verksamhetssystem", "Grund", "Anteckning"],
        ["Lönehantering", "Visma Lön", "Visma; Agda", "6.1 c", "Klar"],
    ]})
    out = _import(bn, path)[1]
    assert ('kept with the entries as they are (no field): "Verksamhetssystem", "Grund", '
            '"Anteckning"') in out

    path = sheets_xlsx(tmp_path / "egen2.xlsx", {"Blad1": [
        ["Behandling", "Objekt", "Verksamhetssystem", "Grund", "Anteckning"],
        ["Semesterplanering", "Visma Lön", "Visma; Agda", "6.1 c", "Klar"],
    ]})
    code, out, err = _import(bn, path, "--map", "Verksamhetssystem=systems",
                             "--map", "grund=Rättslig grund", "--map", "Anteckning=")
    assert (code, err) == (0, "")
    entry = register_of(db_url)[("Visma Lön", "Semesterplanering")]
    assert entry["systems"] == ["Visma", "Agda"]
    assert entry["legal_basis"] == ["6.1c"]
    assert entry["extra"] == {"Anteckning": "Klar"}


def test_english_headers_and_an_id_column_of_the_dsos_own_numbering_import(bn, db_url,
                                                                              tmp_path):
    path = sheets_xlsx(tmp_path / "english.xlsx", {"Sheet1": [
        ["ID", "Processing activity", "Object", "Legal basis", "Purposes", "Status"],
        [1, "Payroll", "Visma", "Legal obligation", "Salaries\nTaxes", "Active"],
        [2, "Recruitment", "Visma", "6.1 b", "Hiring", "Inactive"],
    ]})
    code, out, _ = _import(bn, path)
    assert code == 0
    assert "the ID column holds no register references" in out
    stored = register_of(db_url)
    assert stored[("Visma", "Payroll")]["purposes"] == ["Salaries", "Taxes"]
    assert stored[("Visma", "Payroll")]["extra"] == {"ID": "1"}
    assert stored[("Visma", "Recruitment")]["status"] == "inactive"


def test_a_formula_with_a_saved_value_is_read_as_that_value(bn, db_url, tmp_path):
    path = sheets_xlsx(tmp_path / "formel.xlsx", {"Register": [
        HEADERS, ["Lönehantering", "Visma", "", "Löner"]]},
        formula=("C2", '="6.1 "&"c"', "6.1 c"))
    assert _import(bn, path)[0] == 0
    assert register_of(db_url)[("Visma", "Lönehantering")]["legal_basis"] == ["6.1c"]


def _bad(tmp_path: Path, kind: str) -> tuple[Path, list[str]]:
    """A file the import must refuse, and the extra command-line arguments."""
    rows = [["Registerförteckning"], [], HEADERS, ["Lönehantering", "Visma", "6.1 c", "Löner"]]
    if kind == "not a spreadsheet":
        path = tmp_path / "register.xlsx"
        path.write_text("Det här är inget kalkylark.\n", encoding="utf-8")
        return path, []
    if kind == "no header row":
        return sheets_xlsx(tmp_path / "x.xlsx", {"Register": [["Hej"], ["Lista", "över"]]}), []
    if kind == "empty sheet":
        return sheets_xlsx(tmp_path / "x.xlsx", {"Register": []}), []
    if kind == "merged header":
        return sheets_xlsx(tmp_path / "x.xlsx", {"Register": rows},
                           merged=("C3:D3", "Rättslig grund")), []
    if kind == "formula without value":
        return sheets_xlsx(tmp_path / "x.xlsx", {"Register": rows},
                           formula=("D4", "=A1", "")), []
    if kind == "unknown sheet":
        return sheets_xlsx(tmp_path / "x.xlsx", {"Register": rows, "Instruktioner": []}), [
            "--sheet", "Blad9"]
    if kind == "unknown map field":
        return sheets_xlsx(tmp_path / "x.xlsx", {"Register": rows}), ["--map", "Ändamål=syfte2"]
    if kind == "map of a missing column":
        return sheets_xlsx(tmp_path / "x.xlsx", {"Register": rows}), ["--map", "Dnr=diarienummer"]
    if kind == "no object column":
        return sheets_xlsx(tmp_path / "x.xlsx", {"Register": [
            ["Behandling", "Ändamål"], ["Löner", "Lön"]]}), []
    return tmp_path / "saknas.xlsx", []


@pytest.mark.parametrize(("kind", "message"), [
    ("not a spreadsheet", "register.xlsx: not a spreadsheet this import reads (.xlsx, .xlsm, "
                          ".xls, .ods, .csv), or a damaged one"),
    ("no header row", "x.xlsx: no header row in the first 20 rows of sheet 'Register'"),
    ("empty sheet", "x.xlsx: sheet 'Register' is empty"),
    ("merged header", "x.xlsx: row 3: merged header cells C3:D3; unmerge them so each column "
                      "has a header of its own"),
    ("formula without value", 'x.xlsx: row 4, column "Ändamål" (D): a formula with no saved '
                              "value; open the workbook in Excel or LibreOffice, save it and "
                              "import it again"),
    ("unknown sheet", "x.xlsx: no sheet 'Blad9' (sheets: 'Register', 'Instruktioner')"),
    ("unknown map field", "no field 'syfte2' (fields: id, name, object,"),
    ("map of a missing column", "--map 'Dnr=diarienummer': no column 'Dnr' in the header row "
                                "(row 3)"),
    ("no object column", "row 1: no column for the object (a header such as Objekt); name it "
                         'with --map "Kolumn=object"'),
    ("missing file", "saknas.xlsx: no such file"),
])
def test_a_bad_file_is_refused_with_one_line_and_nothing_is_written(bn, db_url, tmp_path,
                                                                    kind, message):
    path, argv = _bad(tmp_path, kind)
    code, out, err = _import(bn, path, *argv)
    assert (code, out) == (1, "")
    assert err.startswith("dsobot: error: ") and message in err, err
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    assert register_of(db_url) == {} and audit_of(db_url, "register.imported") == []


def test_an_unknown_organisation_is_named(bn, xlsx):
    code, _, err = bn("register", "import", str(xlsx), "--org", "nope")
    assert code == 1 and "unknown organisation 'nope' (known: bn)" in err
    code, _, err = bn("register", "export", "--org", "nope")
    assert code == 1 and "unknown organisation 'nope' (known: bn)" in err


# --- what a cell is read as (no database) --------------------------------------------------


@pytest.mark.parametrize(("text", "ids"), [
    ("6.1 e", ["6.1e"]), ("6.1e", ["6.1e"]), ("art. 6.1 e", ["6.1e"]), ("e", ["6.1e"]),
    ("Art. 6(1)(e)", ["6.1e"]), ("Myndighetsutövning", ["6.1e"]),
    ("Allmänt intresse", ["6.1e"]), ("Uppgift av allmänt intresse", ["6.1e"]),
    ("Rättslig förpliktelse", ["6.1c"]), ("Avtal", ["6.1b"]), ("Samtycke", ["6.1a"]),
    ("Berättigat intresse", ["6.1f"]), ("6.1 c och e", ["6.1c", "6.1e"]),
    ("c, e", ["6.1c", "6.1e"]), ("6.1 c; 6.1 e", ["6.1c", "6.1e"]),
    ("Rättslig förpliktelse\nMyndighetsutövning", ["6.1c", "6.1e"]),
    ("Allmänt intresse/myndighetsutövning", ["6.1e"]), ("legal obligation", ["6.1c"]),
    ("6.1 e Allmänt intresse eller myndighetsutövning", ["6.1e"]), ("", []),
])
def test_legal_bases_are_read_however_they_are_written(text, ids):
    assert cells.read(field("legal_basis"), text).values == {"legal_basis": ids}


@pytest.mark.parametrize(("field_id", "cell", "values"), [
    ("classified", "Ja, 2023-05-12", {"classified": "yes", "classified_on": "2023-05-12"}),
    ("classified", "Klassad 2023-05-12", {"classified": "yes", "classified_on": "2023-05-12"}),
    ("classified", "Klassad 12 maj 2023", {"classified": "yes",
                                           "classified_on": "2023-05-12"}),
    ("classified", "Ja", {"classified": "yes"}), ("classified", "Nej", {"classified": "no"}),
    ("classified", "Ej klassad", {"classified": "no"}), ("classified", "", {"classified": "no"}),
    ("dpia", "Ja", {"dpia": "done"}),
    ("dpia", "Genomförd 2023-05-12", {"dpia": "done", "dpia_date": "2023-05-12"}),
    ("dpia", "Genomförd 2023-05-12, uppföljning 2024-05-12",
     {"dpia": "follow_up", "dpia_date": "2023-05-12", "dpia_follow_up": "2024-05-12"}),
    ("dpia", "Behövs inte", {"dpia": "not_needed"}), ("dpia", "Ej aktuellt",
                                                      {"dpia": "not_needed"}),
    ("dpia", "Behövs", {"dpia": "needed"}),
    ("status", "Aktiv", {"status": "active"}), ("status", "Inaktiv", {"status": "inactive"}),
    ("status", "Avslutad", {"status": "retired"}), ("status", "", {}),
    ("camera", "Ja", {"camera": "yes"}), ("camera", "x", {"camera": "yes"}),
    ("camera", "Yes", {"camera": "yes"}), ("camera", "No", {"camera": "no"}),
    ("camera", True, {"camera": "yes"}),
    ("processor_agreement", "Delvis", {"processor_agreement": "partly"}),
    ("klassa_integrity", 3.0, {"klassa_integrity": "3"}),
    ("klassa_integrity", "Mycket hög", {"klassa_integrity": "4"}),
    ("klassa_integrity", "Låg", {"klassa_integrity": "1"}),
    ("klassa_integrity", "Måttlig", {"klassa_integrity": "2"}),
    ("klassa_integrity", "Hög", {"klassa_integrity": "3"}),
    ("reviewed_on", "2023-05-12", {"reviewed_on": "2023-05-12"}),
    ("reviewed_on", "12/5 2023", {"reviewed_on": "2023-05-12"}),
    ("reviewed_on", "12 maj 2023", {"reviewed_on": "2023-05-12"}),
    ("reviewed_on", "12.5.2023", {"reviewed_on": "2023-05-12"}),
    ("reviewed_on", 45058.0, {"reviewed_on": "2023-05-12"}),  # Excel's serial number
    ("purposes", " Lön ;\n- Skatt\n\n", {"purposes": ["Lön", "Skatt"]}),
    ("special_categories", "Hälsa, etniskt ursprung", {"special_categories":
                                                       ["health", "ethnic"]}),
    ("special_categories", "Nej", {"special_categories": []}),
    ("diarienummer", 2023.0, {"diarienummer": "2023"}),
])
def test_cells_are_read_as_people_write_them(field_id, cell, values):
    reading = cells.read(field(field_id), cell)
    assert (reading.values, reading.problem) == (values, None)


@pytest.mark.parametrize(("field_id", "cell", "why"), [
    ("legal_basis", "enligt lag", "not a legal basis (Art. 6.1 a–f)"),
    ("legal_basis", "6.1 e; enligt lag",
     "cannot read 'enligt lag' as a legal basis (Art. 6.1 a–f)"),
    ("reviewed_on", "snart", "not a date"), ("reviewed_on", "31/2 2023", "no such date"),
    ("reviewed_on", 2023.0, "a number, not a date"),
    ("klassa_integrity", "5", "not a KLASSA level 1–4"),
    ("klassa_integrity", "2.5", "not a KLASSA level 1–4"),
    ("dpia", "Kanske", "not a DPIA state"), ("classified", "Ja och nej", "says both yes and no"),
    ("status", "Pausad", "not Aktiv, Inaktiv or Avslutad"),
    ("name", "x" * 301, "longer than 300 characters"),
])
def test_a_cell_that_cannot_be_read_says_why_and_gives_no_value(field_id, cell, why):
    reading = cells.read(field(field_id), cell)
    assert (reading.values, reading.problem) == ({}, why)


def test_every_choice_the_export_writes_reads_back_as_itself():
    for entry_field in FIELDS:
        if entry_field.kind not in (Kind.CHOICE, Kind.CHOICES):
            continue
        group = entry_field.choice_group or entry_field.id
        for choice in entry_field.choices:
            word = words.written(group, choice)
            reading = cells.read(entry_field, word)
            wanted = [choice] if entry_field.kind == Kind.CHOICES else choice
            assert reading.values.get(entry_field.id) == wanted, (entry_field.id, word)


def test_no_header_names_two_fields():
    seen: dict[str, str] = {}
    for entry_field in FIELDS:
        for header in entry_field.headers:
            from sheets.text import fold

            owner = seen.setdefault(fold(header), entry_field.id)
            assert owner == entry_field.id, f"{header!r}: {owner} and {entry_field.id}"
    assert len(NAMES.exact) >= len(FIELDS)


@pytest.mark.parametrize(("header", "field_id"), [
    ("Rättslig grund (art. 6)", "legal_basis"), ("RÄTTSLIG GRUND", "legal_basis"),
    ("Rättslig gurnd", "legal_basis"), ("Kategorier av registerade", "subject_categories"),
    ("Lagringstd", "retention"), ("Ändamål ", "purposes"), ("Object owner", "owner"),
    ("Personuppgiftsbitrade", "processors"), ("Kommentar", None), ("K", "klassa_confidentiality"),
    ("Kx", None),
])
def test_headers_are_matched_exactly_then_by_likeness(header, field_id):
    [column] = match_columns([header], {})
    assert column.field == field_id


def test_two_columns_never_take_one_field():
    columns = match_columns(["Behandling", "Name", "Rättslig grund", "Rättslig gurnd"], {})
    assert [(c.field, c.how) for c in columns] == [
        ("name", "exact"), (None, "duplicate"), ("legal_basis", "exact"), (None, "unknown")]


# --- the export, called directly (as the chat command does) --------------------------------


def _every_field(variant: int) -> dict[str, Any]:
    """An entry with every field filled, choices in an order no form would give them."""
    values: dict[str, Any] = {}
    for entry_field in FIELDS:
        if entry_field.kind == Kind.LIST:
            values[entry_field.id] = [f"{entry_field.id} ett", f"{entry_field.id} två"]
        elif entry_field.kind == Kind.CHOICE:
            values[entry_field.id] = entry_field.choices[variant % len(entry_field.choices)]
        elif entry_field.kind == Kind.CHOICES:
            values[entry_field.id] = list(reversed(entry_field.choices))[variant:]
        elif entry_field.kind == Kind.DATE:
            values[entry_field.id] = f"2024-02-{28 + variant}"
        else:
            values[entry_field.id] = f"{entry_field.id} {variant}\nrad två"
    # Text a spreadsheet program would take for a formula stays text.
    values["legal_basis_note"] = "=HYPERLÄNK(\"https://example.se\")"
    values["name"], values["status"] = f"Behandling {variant}", "active"
    return values


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
async def test_every_field_survives_an_export_and_an_import(db, tmp_path, fmt):
    from features.register.spreadsheet.export import export_register
    from features.register.spreadsheet.importer import import_table
    from features.register.spreadsheet.table import read_table
    from storage.repos import PeopleRepository

    async with db.session() as session:
        organisation, _ = await OrganisationRepository(session).upsert("bn", "Bildningsnämnden")
        person, _ = await PeopleRepository(session).ensure(email="anna.ek@kommun.se",
                                                           name="Anna Ek")
        repo = RegisterRepository(session)
        known = await repo.ensure_object(organisation.id, "Visma Lön")
        known.owner_person_id = person.id
        waiting = await repo.ensure_object(organisation.id, "Procapita")
        waiting.owner_text = "Gunnar Vik"
        for variant, obj in enumerate((known, waiting, known)):
            values = _every_field(variant)
            if variant == 2:  # as a chat request leaves an entry: much not yet known
                values = {"name": values["name"], "purposes": ["Lön"], "status": "inactive"}
            await repo.create(organisation.id, obj, values, actor=None, source="request",
                              extra={"Kommentar": "Från förra året"} if variant else None)
    path = tmp_path / f"register.{fmt}"
    async with db.session() as session:
        assert await export_register(session, organisation.id, path, fmt) == 3

    def stored() -> Any:
        async def work(session) -> Any:
            entries = await RegisterRepository(session).entries(organisation.id)
            return [(entry_values(a, o, p), a.extra, a.version) for a, o, p in entries]
        return work

    async with db.session(readonly=True) as session:
        before = await stored()(session)
    async with db.session() as session:
        imported = await import_table(session, organisation.id, read_table(path))
    assert imported.plan.counts() == {"rows": 3, "create": 0, "update": 0, "unchanged": 3,
                                      "reject": 0, "problems": 0}
    async with db.session(readonly=True) as session:
        assert await stored()(session) == before


async def test_the_chat_command_gets_an_export_file_in_the_data_directory(db, tmp_path):
    from datetime import UTC, datetime

    from features.register.spreadsheet.export import export_to_data_dir
    from features.register.spreadsheet.rows import parse_rows
    from features.register.spreadsheet.table import read_table

    async with db.session() as session:
        organisation, _ = await OrganisationRepository(session).upsert("bn", "Bildningsnämnden")
        repo = RegisterRepository(session)
        obj = await repo.ensure_object(organisation.id, "Visma Lön")
        await repo.create(organisation.id, obj, {"name": "Lönehantering",
                                                 "legal_basis": ["6.1c"]},
                          actor=None, source="request")
    path, count = await export_to_data_dir(db, organisation.id, "bn",
                                           datetime(2026, 12, 1, 9, 30, tzinfo=UTC),
                                           data_dir=tmp_path)
    # Named in Swedish time, as the DSO reads it (10.30 in Stockholm in December).
    assert path == tmp_path / "exports" / "registerforteckning-bn-20261201-103000.xlsx"
    assert count == 1
    assert path.stat().st_mode & 0o777 == 0o600  # it names people: the bot's user only
    [row] = parse_rows(read_table(path))
    assert (row.reference, row.values["name"], row.values["legal_basis"]) == (
        "BEH-0001", "Lönehantering", ["6.1c"])
