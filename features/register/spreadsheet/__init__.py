"""The register as a workbook: import what a DSO already keeps in Excel, export it back.

The field declaration (`features.register.fields`) names the columns: each
field's `headers` are what a workbook may call it, the first being the Swedish
header the export writes. Reading the file, finding the header row, matching
headers and reading dates are the shared kit's (`sheets`). The modules, in the
order an import runs them:

    headers.py    the register's headers, and `--map "Kolumn=field"`
    table.py      the sheet, header row and columns of the register in a file, or one
                  line saying why the file cannot be used, naming row and column
    cells.py      one cell → one field's value (with words.py: what people write
                  for the fixed choices)
    rows.py       each data row → its fields' values and the problems in its cells
    plan.py       each row → create / update / unchanged / reject, against the register
    importer.py   the plan applied in one transaction, versioned and audited
    report.py     the plan as lines a person reads
    export.py     the register → .xlsx (drop-down lists) or .csv, re-importable as is
"""
