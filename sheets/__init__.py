"""The spreadsheet kit the capabilities' imports share: a workbook file read as sheets
of cells (`workbook`), cells as text and compare-forms (`text`), dates as Swedish
workbooks write them (`dates`), the header row found and its columns matched to
fields by names and likeness (`headers`), and the row-by-row plan of a log import
(`plan`).

What a column means, which values it takes and what a row becomes stay with the
capability that imports it; this package knows no capability.
"""
