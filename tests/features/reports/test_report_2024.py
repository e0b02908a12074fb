"""The 2024 report, from spreadsheets: what a committee's DSO had, and what the report says.

A real committee report (2024) answered: 125 processing activities registered, 60 of
them information-classified; 8 incidents documented, none found to need reporting to
IMY, 6 discovered by staff; 1 request from a data subject, handled in time. The same
data comes in as a new DSO has it (the register workbook, the incident log and the
request log), through `dsobot register import`, `dsobot import incidents|requests`,
and `dsobot report --format md` must state exactly those answers in the right rows.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
import xlsxwriter

from bot.cli import main
from tests.features.incidents.test_history_import import LOG_2024 as INCIDENTS
from tests.features.incidents.test_history_import import SWEDISH as INCIDENT_HEADERS
from tests.features.incidents.test_history_import import xlsx
from tests.features.rights.test_history_import import LOG_2024 as REQUESTS
from tests.features.rights.test_history_import import SWEDISH as REQUEST_HEADERS

REPORT_TEXTS = Path(__file__).parents[3] / "features" / "reports" / "annual" / "texts"


def question(key: str) -> str:
    """A question of the report's tables, in the report's own wording (report.toml)."""
    with (REPORT_TEXTS / "report.toml").open("rb") as f:
        return dict(_flat(tomllib.load(f)))[f"figures.{key}"]


def _flat(table: dict, prefix: str = ""):
    for k, v in table.items():
        if isinstance(v, dict):
            yield from _flat(v, f"{prefix}{k}.")
        else:
            yield (f"{prefix}{k}", v)


def register_workbook(path: Path) -> Path:
    """125 processing activities, the first 60 information-classified."""
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Registerförteckning")
    sheet.write_row(0, 0, ["Behandling", "Objekt", "Ändamål", "Rättslig grund",
                           "Informationsklassning", "Status"])
    for n in range(125):
        sheet.write_row(n + 1, 0, [f"Behandling {n + 1:03d}", f"Objekt {n % 12 + 1}",
                                   "Handläggning", "6.1e", "Ja" if n < 60 else "Nej",
                                   "Aktiv"])
    book.close()
    return path


@pytest.fixture
def dsobot(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'dsobot.db'}")
    monkeypatch.setenv("DSOBOT_DATA_DIR", str(tmp_path / "data"))

    def run(*argv: str) -> str:
        code = main(list(argv))
        out = capsys.readouterr()
        assert code == 0, (argv, out.out[-2000:], out.err[-2000:])
        return out.out

    run("org", "add", "bn", "Bildningsnämnden")
    return run


def test_the_2024_report_from_spreadsheets_states_the_real_answers(dsobot, tmp_path: Path):
    dsobot("register", "import", str(register_workbook(tmp_path / "register.xlsx")),
           "--org", "bn")
    dsobot("import", "incidents", str(xlsx(tmp_path / "incidenter.xlsx", INCIDENT_HEADERS,
                                           INCIDENTS)), "--org", "bn")
    dsobot("import", "requests", str(xlsx(tmp_path / "begaranden.xlsx", REQUEST_HEADERS,
                                          REQUESTS)), "--org", "bn")
    out = tmp_path / "arsrapport.md"
    dsobot("report", "--org", "bn", "--year", "2024", "--format", "md", "-o", str(out))
    rows = {line.split("|")[1].strip(): line.split("|")[2].strip()
            for line in out.read_text(encoding="utf-8").splitlines()
            if line.startswith("| ") and line.count("|") >= 3}

    assert rows[question("register.registered")] == "125"
    assert rows[question("measures.classified")] == "60 av 125"
    assert rows[question("incidents.documented")] == "8"
    assert rows[question("incidents.notified_imy")] == "Inga"
    assert rows[question("rights.received")] == "1"
    assert rows[question("rights.in_time")] == "Ja"
    assert "6 av 8" in rows[question("incidents.discovered")]  # mainly by staff
