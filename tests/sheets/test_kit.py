"""The spreadsheet kit the imports share (incident and request logs, the register, the
camera register): what a DSO's own workbook looks like must be read as they meant it."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from sheets.cells import choose, date_in, read_date, read_yes_no
from sheets.headers import HeaderNames, named
from sheets.plan import Action, Imported, RowPlan, RowReader, report_lines, settle
from sheets.text import Unreadable, text_of

NAMES = HeaderNames({
    "reference": ("Diarienummer", "Dnr"),
    "received": ("Inkom", "Datum inkom"),
    "retention": ("Lagringstid",),
    "note": ("Anteckning",),
    "notes": ("Anteckningar om ärendet",),
})


def fields(cells: list[object]) -> list[str | None]:
    return [c.field for c in NAMES.match(cells)]


def test_headers_are_matched_whatever_the_case_accents_and_spacing():
    assert fields(["  DIARIENUMMER ", "inkom", "Lagringstid"]) == [
        "reference", "received", "retention"]


def test_a_header_with_a_typo_is_matched_and_one_equally_like_two_fields_is_not():
    assert fields(["Diarienumer"]) == ["reference"]
    assert fields(["Anteckningen"]) == ["note"]
    two = HeaderNames({"first": ("Kontakt A",), "second": ("Kontakt B",)})
    assert [c.field for c in two.match(["Kontakt C"])] == [None]  # never a guess


def test_a_unit_in_brackets_does_not_hide_the_header():
    assert fields(["Lagringstid (dygn)", "Dnr [KS]"]) == ["retention", "reference"]


def test_each_field_takes_the_first_column_and_unknown_columns_are_kept_without_a_field():
    columns = NAMES.match(["Dnr", "Diarienummer", "Färg"])
    assert [(c.field, c.how) for c in columns] == [
        ("reference", "exact"), (None, "duplicate"), (None, "unknown")]
    assert columns[2].where() == 'column "Färg" (C)'


def test_the_header_row_is_found_below_title_rows():
    rows = [["Incidentlogg 2024"], [], ["Diarienummer", "Inkom"], ["KS 1", "2024-01-01"]]
    index, columns = NAMES.header_row(rows)
    assert (index, named(columns)) == (2, 2)


@pytest.mark.parametrize(("cell", "day"), [
    ("2024-03-05", date(2024, 3, 5)),
    ("5/3 2024", date(2024, 3, 5)),  # Swedes write the day first
    ("5 mars 2024", date(2024, 3, 5)),
    ("5:e mars 2024", date(2024, 3, 5)),
    ("Ja, 2024-03-07", date(2024, 3, 7)),
    (45356, date(2024, 3, 5)),  # an Excel serial number
    (datetime(2024, 3, 5, 14, 0), date(2024, 3, 5)),
    ("i januari", None),
    (2023, None),  # a year in a date column, not 1905
])
def test_dates_as_swedish_workbooks_write_them(cell, day):
    assert date_in(cell) == day


def test_a_date_that_does_not_exist_is_refused_not_moved():
    with pytest.raises(Unreadable, match="no such date"):
        date_in("2024-02-30")
    with pytest.raises(Unreadable, match="not a date"):
        read_date("snart")


def test_yes_no_with_its_date():
    yes, no = {"ja", "anmald"}, {"nej", "ej"}
    assert read_yes_no("Anmäld 7 mars 2024", yes, no) == (True, date(2024, 3, 7))
    assert read_yes_no("Ej anmäld", yes, no) == (False, None)
    assert read_yes_no("", yes, no) == (None, None)
    assert read_yes_no(date(2024, 3, 7), yes, no) == (True, date(2024, 3, 7))
    with pytest.raises(Unreadable):
        read_yes_no("kanske", yes, no)


def test_a_word_is_looked_up_by_the_beginning_of_its_words():
    table = (("loss", ("forlust", "stold")), ("misdirected", ("fel mottagare",)))
    assert choose("Stöld av dator", table) == "loss"
    assert choose("Mejl till FEL mottagare", table) == "misdirected"
    assert choose("Fika", table) is None


def test_a_rejected_value_is_quoted_with_personal_data_masked():
    columns = NAMES.match(["Diarienummer", "Inkom"])
    reader = RowReader(2, ["KS 1", "19811218-9876"], columns)
    reader.refuse("received", "not a date")
    assert reader.finish().action is Action.REJECT
    assert "19811218-9876" not in reader.plan.why[0]
    assert reader.plan.why[0].startswith('column "Inkom" (B): "')


def test_a_row_imported_before_is_unchanged_and_a_repeated_reference_is_rejected():
    planned = [RowPlan(2, Action.CREATE, "KS 1"), RowPlan(3, Action.CREATE, "KS 2"),
               RowPlan(4, Action.CREATE, "KS 2")]
    settle(planned, {"KS 1": "PUI-2024-0001"})
    assert [p.action for p in planned] == [Action.UNCHANGED, Action.CREATE, Action.REJECT]
    lines = report_lines(Imported(planned, applied=False))
    assert lines[0] == 'row 2: unchanged "KS 1": already imported as PUI-2024-0001'
    assert lines[2] == 'row 4: reject "KS 2": the same reference as row 3'
    assert lines[-1] == ("3 rows: 1 to create, 1 unchanged, 1 rejected. "
                         "Dry run: nothing was written.")


def test_cells_as_text():
    assert text_of(12.0) == "12"
    assert text_of(True) == "Ja"
    assert text_of(datetime(2024, 3, 5)) == "2024-03-05"
    assert text_of(" a\r\nb ") == "a\nb"
