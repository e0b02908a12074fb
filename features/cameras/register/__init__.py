"""The camera register: every camera (or group of identical cameras) of an organisation.

    fields.py        every field of a camera, declared once: its id, the Swedish and
                     English header words an import reads and an export writes, its kind
    repo.py          queries, scoped to an organisation
    completeness.py  what a camera lacks (`missing(camera)`)
    spreadsheet.py   rows of a workbook → a plan per row → applied (`dsobot cameras import`)
    cells.py         one cell → one field's value (retention in words, dates, yes/no)
    export.py        the export table (`dsobot cameras export`, `export kameror`)
    cards.py         the list card and one camera in full
    handlers.py      `kameror` / `cameras` and opening one camera

The workbook file itself is read by `bot/cli_cameras.py`; this package gets its rows.
"""
