"""Test workbooks in the common Swedish layout, messy the way real ones are, with what
each row should import as.

`generate(n, seed)` plans a register of n rows: a title row above the headers,
blank cells, columns no field has, a header with a typo, trailing spaces, lists
split by ";" and by line breaks, legal bases and dates written every which way,
KLASSA levels as numbers and words, owners as e-mail addresses and as names (and
one object with two owners in a cell, one with an owner nobody knows). Into
that it plants rows to reject and cells that cannot be read, and records
where (`Book.rejected`, `Book.problems`). `to_xlsx` and `to_ods` write the same
cells as .xlsx (XlsxWriter) and as .ods (a minimal OpenDocument zip written
here: mimetype, manifest, content.xml with one table).
"""

from __future__ import annotations

import random
import zipfile
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import xlsxwriter

# Owners the tests make known (name, e-mail); the register names some by e-mail, some
# by name. An object owned by someone unknown, and one with two owners in a cell.
PEOPLE = (("Anna Ek", "anna.ek@kommun.se"), ("Per Holm", "per.holm@kommun.se"),
          ("Sara Lind", "sara.lind@kommun.se"), ("Olle Berg", "olle.berg@kommun.se"))
UNKNOWN_OWNER = "Gunnar Vik"
TWO_OWNERS = "Anna Ek; Per Holm"
OBJECTS = ("Skolplattformen", "Procapita", "Visma Lön", "Ciceron", "Lifecare", "Medvind",
           "Platina", "Kamerasystem Stadshuset", "Bygglov", "Office 365", "Hypergene",
           "Agresso")
ACTIVITIES = ("Elevdokumentation", "Lönehantering", "Diarieföring", "Försörjningsstöd",
              "Bygglovsansökningar", "Schemaläggning", "Kamerabevakning", "Rekrytering",
              "Synpunkter och klagomål", "Frånvarorapportering", "Politiska uppdrag")
PURPOSES = ("Myndighetsutövning", "Administration av anställning", "Dokumentation enligt lag",
            "Uppföljning", "Statistik", "Kommunikation med vårdnadshavare")
SUBJECTS = ("Elever", "Vårdnadshavare", "Anställda", "Sökande", "Medborgare", "Förtroendevalda")
DATA = ("Namn", "Personnummer", "Adress", "Telefonnummer", "Lön", "Frånvaro", "Betyg")
RECIPIENTS = ("Skatteverket", "Försäkringskassan", "SCB", "Arkivet", "Personuppgiftsbiträde")
SYSTEMS = ("Procapita", "Visma", "Microsoft 365", "Platina", "Skolplattformen")

# (cell, the ids it names)
LEGAL_BASES = (
    ("6.1 e", ["6.1e"]), ("6.1e", ["6.1e"]), ("art. 6.1 e", ["6.1e"]), ("e", ["6.1e"]),
    ("Myndighetsutövning", ["6.1e"]), ("Allmänt intresse", ["6.1e"]),
    ("Rättslig förpliktelse", ["6.1c"]), ("Avtal", ["6.1b"]), ("Samtycke", ["6.1a"]),
    ("Berättigat intresse", ["6.1f"]), ("6.1 c och e", ["6.1c", "6.1e"]),
    ("Art 6.1 c; 6.1 e", ["6.1c", "6.1e"]), ("Rättslig förpliktelse\nAvtal", ["6.1c", "6.1b"]),
    ("6(1)(e)", ["6.1e"]),
)
# (cell, classified, date)
CLASSIFIED = (("Ja, 2023-05-12", "yes", "2023-05-12"), ("Klassad 2023-05-12", "yes", "2023-05-12"),
              ("Klassad 12 maj 2023", "yes", "2023-05-12"), ("Ja", "yes", None),
              ("Nej", "no", None), ("Ej klassad", "no", None), ("", "no", None))
KLASSA = ((1, "1"), (2, "2"), ("3", "3"), ("4", "4"), ("Låg", "1"), ("Måttlig", "2"),
          ("Hög", "3"), ("Mycket hög", "4"), (2.0, "2"))
DPIA = (("Ja", "done", None), ("Genomförd 2023-05-12", "done", "2023-05-12"),
        ("Behövs inte", "not_needed", None), ("Ej aktuellt", "not_needed", None),
        ("", None, None), ("Behövs", "needed", None))
STATUS = (("Aktiv", "active"), ("Inaktiv", "inactive"), ("Avslutad", "retired"),
          ("", "active"), (" aktiv ", "active"))
AGREEMENT = (("Ja", "yes"), ("x", "yes"), ("Nej", "no"), ("Delvis", "partly"))
SPECIAL = (("", []), ("", []), ("Nej", []), ("Hälsa", ["health"]),
           ("Hälsa, etniskt ursprung", ["health", "ethnic"]))

HEADERS = (
    ("Behandling", "name"), ("Objekt", "object"), ("Objektägare", "owner"),
    ("Ändamål", "purposes"), ("Kategorier av registrerade", "subject_categories"),
    ("Personuppgifter", "data_categories"), ("Känsliga personuppgifter", "special_categories"),
    ("Mottagare", "recipients"), ("Lagringstd", "retention"),  # the typo is on purpose
    ("Rättslig grund", "legal_basis"), ("Säkerhetsåtgärder", "security_measures"),
    ("System", "systems"), ("Personuppgiftsbiträde", "processors"),
    ("PUB-avtal", "processor_agreement"), ("Informationsklassning", "classified"),
    ("K", "klassa_confidentiality"), ("R", "klassa_integrity"), ("T", "klassa_availability"),
    ("S", "klassa_traceability"), ("Konsekvensbedömning", "dpia"), ("Status", "status"),
    ("Dnr", "diarienummer"), ("Senast granskad", "reviewed_on"),
    ("Kommentar", None), ("Kontaktperson förvaltning", None),
)
COLUMN = {field_id: i for i, (_, field_id) in enumerate(HEADERS) if field_id}
HEADER_OF = {field_id: header for header, field_id in HEADERS if field_id}


@dataclass
class Book:
    title: list[list[Any]]  # rows above the header row
    header: list[str]
    rows: list[list[Any]]
    # Per data row number (as the sheet numbers rows): the entry it should become, field
    # id → value as stored (empty fields left out), with "extra" for the kept columns.
    expected: dict[int, dict[str, Any]] = field(default_factory=dict)
    rejected: dict[int, str] = field(default_factory=dict)  # row → why, as reported
    problems: dict[int, list[tuple[str, str]]] = field(default_factory=dict)  # (header, why)

    @property
    def header_row(self) -> int:
        return len(self.title) + 1

    def row_number(self, index: int) -> int:
        return self.header_row + 1 + index


def _split(rng: random.Random, items: list[str]) -> str:
    """A list as people write it in a cell: "; ", ";", line breaks or bullets."""
    joiner = rng.choice(("; ", ";", "\n", "\n- "))
    text = joiner.join(items)
    return f"- {text}" if joiner == "\n- " else text


def _date_cell(rng: random.Random, day: date) -> Any:
    """A date the ways Swedish workbooks hold one."""
    form = rng.randrange(6)
    if form == 0:
        return day  # a real date cell
    if form == 1:
        return (day - date(1899, 12, 30)).days  # an Excel serial number
    months = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
              "september", "oktober", "november", "december")
    return (day.isoformat(), f"{day.day}/{day.month} {day.year}",
            f"{day.day} {months[day.month - 1]} {day.year}", f"{day.day}.{day.month}.{day.year}"
            )[form - 2]


def _owner_cell(obj_index: int) -> tuple[str, str]:
    """(cell, the owner as the register then shows them) for an object."""
    if obj_index == 3:
        return TWO_OWNERS, TWO_OWNERS
    if obj_index == 5:
        return UNKNOWN_OWNER, UNKNOWN_OWNER
    name, email = PEOPLE[obj_index % len(PEOPLE)]
    return (email if obj_index % 2 == 0 else name), email


def generate(n: int = 125, seed: int = 7) -> Book:
    rng = random.Random(seed)
    book = Book(title=[["Registerförteckning – Bildningsnämnden"], ["Uppdaterad 2024-03-01"]],
                header=[h for h, _ in HEADERS], rows=[])
    first_owner_row: dict[int, int] = {}
    for index in range(n):
        cells, expected = _row(rng, index)
        book.rows.append(cells)
        number = book.row_number(index)
        book.expected[number] = expected
        obj_index = index % len(OBJECTS)
        if obj_index in (3, 5) and obj_index not in first_owner_row:
            first_owner_row[obj_index] = number
            book.problems.setdefault(number, []).append(
                ("Objektägare", "two owners" if obj_index == 3 else "not known yet"))
    _plant(rng, book, first_owner_row)
    return book


def _row(rng: random.Random, index: int) -> tuple[list[Any], dict[str, Any]]:
    cells: list[Any] = [""] * len(HEADERS)
    expected: dict[str, Any] = {}

    def put(field_id: str, cell: Any, value: Any = None) -> None:
        cells[COLUMN[field_id]] = cell
        if value not in (None, "", []):
            expected[field_id] = value

    obj_index = index % len(OBJECTS)
    name = f"{ACTIVITIES[index % len(ACTIVITIES)]} {index + 1}"
    put("name", name + rng.choice(("", " ", "  ")), name)
    put("object", OBJECTS[obj_index] + rng.choice(("", " ")), OBJECTS[obj_index])
    owner_cell, owner = _owner_cell(obj_index)
    put("owner", owner_cell, owner)
    for field_id, pool, most in (("purposes", PURPOSES, 3), ("subject_categories", SUBJECTS, 3),
                                 ("data_categories", DATA, 4), ("recipients", RECIPIENTS, 2),
                                 ("systems", SYSTEMS, 2)):
        items = rng.sample(pool, rng.randint(0 if field_id == "systems" else 1, most))
        put(field_id, _split(rng, items), items)
    cell, ids = rng.choice(SPECIAL)
    put("special_categories", cell, ids)
    retention = rng.choice(("Gallras efter 2 år", "Bevaras", "5 år efter avslut", ""))
    put("retention", retention, retention)
    cell, ids = rng.choice(LEGAL_BASES)
    put("legal_basis", cell, ids)
    measures = rng.choice(("Behörighetsstyrning\nLoggning", "Kryptering", ""))
    put("security_measures", measures, measures)
    if rng.random() < 0.5:
        processors = rng.sample(("Tieto", "CGI", "Microsoft"), rng.randint(1, 2))
        put("processors", _split(rng, processors), processors)
        cell, agreement = rng.choice(AGREEMENT)
        put("processor_agreement", cell, agreement)
    cell, classified, on = rng.choice(CLASSIFIED)
    put("classified", cell, classified)
    if on:
        expected["classified_on"] = on
    if classified == "yes":
        for field_id in ("klassa_confidentiality", "klassa_integrity", "klassa_availability",
                         "klassa_traceability"):
            cell, level = rng.choice(KLASSA)
            put(field_id, cell, level)
    cell, dpia, day = rng.choice(DPIA)
    put("dpia", cell, dpia)
    if day:
        expected["dpia_date"] = day
    cell, status = rng.choice(STATUS)
    put("status", cell, status)
    if rng.random() < 0.6:
        number = f"KS {rng.randint(2019, 2024)}/{rng.randint(1, 999)}"
        put("diarienummer", number, number)
    if rng.random() < 0.7:
        day = date(2022, 1, 1) + timedelta(days=rng.randrange(900))
        put("reviewed_on", _date_cell(rng, day), day.isoformat())
    extra = {}
    if rng.random() < 0.4:
        cells[COLUMN_EXTRA["Kommentar"]] = extra["Kommentar"] = rng.choice(
            ("Ses över 2025", "Fråga förvaltningen", "Nytt system upphandlas"))
    if rng.random() < 0.3:
        cells[COLUMN_EXTRA["Kontaktperson förvaltning"]] = extra["Kontaktperson förvaltning"] = (
            rng.choice(("Lisa Strand", "Nils Ahl")))
    if extra:
        expected["extra"] = extra
    return cells, expected


COLUMN_EXTRA = {header: i for i, (header, field_id) in enumerate(HEADERS) if field_id is None}


def _plant(rng: random.Random, book: Book, owner_rows: dict[int, int]) -> None:
    """Rows to reject and cells that cannot be read, each on its own row (not an owner's
    first row, whose problem is planted already)."""
    free = [i for i in range(len(book.rows))
            if book.row_number(i) not in owner_rows.values() and i > 0]
    chosen = rng.sample(free, 12)

    def problem(index: int, field_id: str, cell: Any, why: str) -> None:
        number = book.row_number(index)
        book.rows[index][COLUMN[field_id]] = cell
        book.expected[number].pop(field_id, None)
        book.problems.setdefault(number, []).append((HEADER_OF[field_id], why))

    def reject(index: int, why: str) -> None:
        book.rejected[book.row_number(index)] = why
        book.expected.pop(book.row_number(index))

    for index in chosen[0:2]:
        book.rows[index][COLUMN["name"]] = ""
        reject(index, "no name")
    book.rows[chosen[2]][COLUMN["object"]] = "   "
    reject(chosen[2], "no object")
    original = min(chosen[3], chosen[4])
    copy = max(chosen[3], chosen[4])
    for field_id in ("name", "object"):
        book.rows[copy][COLUMN[field_id]] = book.rows[original][COLUMN[field_id]]
    reject(copy, f"the same entry as row {book.row_number(original)}")
    for index, cell in zip(chosen[5:8], ("enligt lag", "GDPR", "Oklart"), strict=True):
        problem(index, "legal_basis", cell, "not a legal basis")
    problem(chosen[8], "reviewed_on", "snart", "not a date")
    problem(chosen[9], "reviewed_on", "31/2 2023", "no such date")
    problem(chosen[10], "dpia", "Kanske", "not a DPIA state")
    problem(chosen[11], "status", "Pausad", "not Aktiv, Inaktiv or Avslutad")
    book.expected[book.row_number(chosen[11])]["status"] = "active"  # a new entry's default


# --- writing ---------------------------------------------------------------------------


def to_xlsx(book: Book, path: Path) -> Path:
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet("Register")
    dated = workbook.add_format({"num_format": "yyyy-mm-dd"})
    for number, row in enumerate([*book.title, book.header, *book.rows]):
        for column, value in enumerate(row):
            if isinstance(value, date):
                sheet.write_datetime(number, column, value, dated)
            elif isinstance(value, bool):
                sheet.write_boolean(number, column, value)
            elif isinstance(value, int | float):
                sheet.write_number(number, column, value)
            elif value not in (None, ""):
                sheet.write_string(number, column, str(value))
    workbook.close()
    return path


_ODS_MIME = "application/vnd.oasis.opendocument.spreadsheet"
_MANIFEST = f"""<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" \
manifest:version="1.2">
 <manifest:file-entry manifest:full-path="/" manifest:media-type="{_ODS_MIME}"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>"""
_CONTENT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" \
xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" \
xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">
<office:body><office:spreadsheet><table:table table:name="{name}">{rows}</table:table>
</office:spreadsheet></office:body></office:document-content>"""


def _ods_cell(value: Any) -> str:
    if value in (None, ""):
        return "<table:table-cell/>"
    if isinstance(value, date):
        return (f'<table:table-cell office:value-type="date" office:date-value="'
                f'{value.isoformat()}"><text:p>{value.isoformat()}</text:p></table:table-cell>')
    if isinstance(value, bool):
        return (f'<table:table-cell office:value-type="boolean" office:boolean-value="'
                f'{str(value).lower()}"><text:p>{value}</text:p></table:table-cell>')
    if isinstance(value, int | float):
        return (f'<table:table-cell office:value-type="float" office:value="{value}">'
                f"<text:p>{value}</text:p></table:table-cell>")
    # One paragraph per line: how OpenDocument keeps line breaks in a cell.
    paragraphs = "".join(f"<text:p>{escape(line)}</text:p>" for line in str(value).split("\n"))
    return f'<table:table-cell office:value-type="string">{paragraphs}</table:table-cell>'


def to_ods(book: Book, path: Path) -> Path:
    rows = "".join("<table:table-row>" + "".join(_ods_cell(v) for v in row)
                   + "</table:table-row>" for row in [*book.title, book.header, *book.rows])
    with zipfile.ZipFile(path, "w") as archive:
        # The mimetype comes first and uncompressed: that is how readers know the format.
        archive.writestr(zipfile.ZipInfo("mimetype"), _ODS_MIME, compress_type=zipfile.ZIP_STORED)
        archive.writestr("META-INF/manifest.xml", _MANIFEST, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", _CONTENT.format(name="Register", rows=rows),
                         compress_type=zipfile.ZIP_DEFLATED)
    return path


def sheets_xlsx(path: Path, sheets: dict[str, list[list[Any]]], *,
                merged: tuple[str, str] | None = None,
                formula: tuple[str, str, str] | None = None) -> Path:
    """Small workbooks for the tests of bad files: sheets of plain cells, optionally one
    merged range (cells, text) on the first sheet and one formula (cell, formula, its
    saved value; "" for none, as a program writing the file leaves it)."""
    workbook = xlsxwriter.Workbook(str(path))
    for number, (name, rows) in enumerate(sheets.items()):
        sheet = workbook.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value not in (None, ""):
                    sheet.write(r, c, value)
        if number == 0 and merged:
            sheet.merge_range(merged[0], merged[1])
        if number == 0 and formula:
            cell, text, saved = formula
            sheet.write_formula(cell, text, None, saved if saved != "" else 0)
    workbook.close()
    if formula and formula[2] == "":
        _drop_saved_values(path)
    return path


def _drop_saved_values(path: Path) -> None:
    """XlsxWriter saves a formula's value as 0; a program that never calculates saves an
    empty one (openpyxl writes <v></v>)."""
    with zipfile.ZipFile(path) as source:
        members = [(info, source.read(info.filename)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in members:
            if info.filename.startswith("xl/worksheets/"):
                data = data.replace(b"</f><v>0</v>", b"</f><v></v>")
            target.writestr(info, data)
