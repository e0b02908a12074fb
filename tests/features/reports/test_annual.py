"""The DSO's annual report: composed from figures equivalent to the real 2024 report,
written as Markdown and DOCX (ours or the organisation's own template), reproduced
from the command line, and the DSO's judgements taken in a guided flow."""

from __future__ import annotations

import asyncio
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import docx
import pytest
from sqlalchemy import select

from bot import cli
from chat.ctx import ChatSettings
from chat.summaries import Figure
from features.reports.annual import service as annual_service
from features.reports.annual.areas import AREAS
from features.reports.annual.content import compose, sv
from features.reports.annual.docx import check_template, template_for, write_docx
from features.reports.annual.flow import FLOW
from features.reports.annual.markdown import cell, to_markdown
from i18n import t
from storage.db import Database
from storage.models import AnnualReport
from tests.support.cards import texts_of_card
from tests.support.handler import Desk, fixed_clock

STOCKHOLM = ZoneInfo("Europe/Stockholm")
NOW = datetime(2025, 2, 10, 9, 0, tzinfo=STOCKHOLM)

Q_REGISTERED = "Antal behandlingar som är registrerade?"
Q_CLASSIFIED = ("Hur många personuppgiftsbehandlingar har ingått i en diarieförd "
                "informationsklassning?")
Q_DOCUMENTED = "Hur många personuppgiftsincidenter har dokumenterats?"
Q_NOTIFIED = "Hur många av dessa har ansetts behöva rapporteras till IMY?"
Q_DISCOVERED = "Hur upptäcks personuppgiftsincidenter?"
Q_RECEIVED = "Hur många begäranden från registrerade har inkommit?"
Q_IN_TIME = "Har samtliga hanterats inom föreskriven tid (en månad)?"

# (area number, question, answer) as the real 2024 report has them.
EXPECTED_2024 = (
    ("4.1", Q_REGISTERED, "125"),
    ("4.3", Q_CLASSIFIED, "60 av 125"),
    ("4.5", Q_RECEIVED, "1"),
    ("4.5", Q_IN_TIME, "Ja"),
    ("4.6", Q_DOCUMENTED, "8"),
    ("4.6", Q_NOTIFIED, "Inga"),
    ("4.6", Q_DISCOVERED, "Främst av medarbetare (6 av 8)"),
)


def _figures(**values: int | tuple[int, int]) -> dict[str, Figure]:
    found = {}
    for name, value in values.items():
        key = name.replace("__", ".")
        number, of = value if isinstance(value, tuple) else (value, None)
        found[key] = Figure(key, f"reports.figure.{key}", number, of)
    return found


# Figures equivalent to the 2024 report: 125 entries, 60 classified; 8 incidents, none
# notifiable, 6 discovered by staff; 1 request answered in time.
FIGURES_2024 = _figures(
    register__registered=125, register__incomplete=(0, 125), register__reviewed_12m=(125, 125),
    register__classified=(60, 125), register__dpia_needed=0, register__dpia_done=(0, 0),
    register__dpia_followup_due=0,
    rights__received=1, rights__answered_in_time=(1, 1), rights__answered_late=(0, 1),
    rights__extended=(0, 1), rights__open_now=0, rights__overdue_now=0,
    incidents__documented=8, incidents__discovered_by_staff=(6, 8),
    incidents__notified_imy=(0, 8), incidents__notified_within_72h=(0, 0),
    incidents__subjects_informed=(0, 8), incidents__near_misses=0, incidents__open_now=0,
    incidents__overdue_now=0,
)

JUDGEMENTS = {
    "register_updated": "partly", "register_mark": "3",
    "register_advice": "Gå igenom behandlingarna | särskilt skolans & elevhälsans.",
    "documents_in_place": "yes", "documents_owners": "no", "documents_mark": "2",
    "incidents_mark": "4", "other_cameras": "Kamerabevakning vid två skolor.",
}


def _rows(section: Any) -> dict[str, str]:
    return {row.question: row.answer for row in section.rows}


# -- the composer --------------------------------------------------------------------------


def test_the_2024_figures_give_the_answers_of_the_real_report_in_the_right_rows():
    report = compose("Bildningsnämnden", 2024, FIGURES_2024)
    assert [s.number for s in report.sections] == [
        "1", "2", "3", "4", "4.1", "4.2", "4.3", "4.4", "4.5", "4.6", "4.7"]
    assert [s.title for s in report.areas] == [
        "Registerförteckning", "Styrdokument", "Tekniska och organisatoriska åtgärder",
        "Konsekvensbedömningar", "De registrerades rättigheter", "Personuppgiftsincidenter"]
    for number, question, answer in EXPECTED_2024:
        assert _rows(report.section(number))[question] == answer, (number, question)
    # Each question stands in one area only.
    for number, question, _ in EXPECTED_2024:
        others = [s.number for s in report.areas if question in _rows(s) and s.number != number]
        assert not others, question
    # Without judgements, every mark reads "Ej bedömd" and nothing is ticked.
    assert {s.mark for s in report.areas} == {"Ej bedömd"}
    assert not any(step.chosen for s in report.areas for step in s.scale)


def test_the_judgements_give_the_marks_advice_answers_and_the_action_plan():
    report = compose("Bildningsnämnden", 2024, FIGURES_2024, JUDGEMENTS)
    register, documents = report.section("4.1"), report.section("4.2")
    assert register.mark == sv("scale.3") == \
        "Brister som bör åtgärdas men ej brådskande, omfattande eller allvarliga"
    assert [step.chosen for step in register.scale] == [False, False, True, False]
    assert register.advice == JUDGEMENTS["register_advice"]
    assert _rows(register)[sv("q.register_updated")] == "Delvis"
    assert _rows(register)[sv("q.register_complete")] == "Ej bedömd"
    assert _rows(documents)[sv("q.documents_in_place")] == "Ja"
    assert _rows(documents)[sv("q.documents_owners")] == "Nej"
    assert report.section("4.6").mark == "Inga brister av nämnvärd betydelse"
    # The plan: the areas with deficiencies, the most serious first.
    assert [row.question for row in report.section("3").rows] == [
        "4.2 Styrdokument", "4.1 Registerförteckning"]
    assert _rows(report.section("2"))["4.1 Registerförteckning"] == register.mark
    assert _rows(report.section("4.7"))["Kamerabevakning"] == JUDGEMENTS["other_cameras"]
    assert _rows(report.section("4.7"))["Överföring av personuppgifter till tredje land"] == \
        "Inget att rapportera"


def test_answers_when_there_were_late_requests_notifications_and_no_figures():
    figures = {**FIGURES_2024, **_figures(
        rights__received=4, rights__answered_late=(1, 4), rights__overdue_now=1,
        incidents__notified_imy=(2, 8), incidents__notified_within_72h=(1, 2),
        incidents__discovered_by_staff=(2, 8))}
    report = compose("Bildningsnämnden", 2024, figures)
    rights, incidents = _rows(report.section("4.5")), _rows(report.section("4.6"))
    assert rights[Q_IN_TIME].startswith("Nej")
    assert incidents[Q_NOTIFIED] == "2"
    assert incidents["Hur många av dessa rapporterades inom 72 timmar?"] == "1 av 2"
    assert incidents[Q_DISCOVERED] == "2 av 8 av medarbetare, övriga på annat sätt"
    empty = compose("Bildningsnämnden", 2024, {})
    assert _rows(empty.section("4.1"))[Q_REGISTERED] == "Uppgift saknas"


# -- Markdown --------------------------------------------------------------------------------


def test_the_markdown_has_numbered_headings_and_one_row_per_question():
    text = to_markdown(compose("Bildningsnämnden", 2024, FIGURES_2024, JUDGEMENTS))
    lines = text.splitlines()
    assert lines[0] == "# Dataskyddsombudets årsrapport 2024"
    for heading in ("## 1 Bakgrund", "## 2 Sammanfattning", "## 3 Handlingsplan",
                    "## 4 Obligatoriska rapporteringsområden", "### 4.1 Registerförteckning",
                    "### 4.2 Styrdokument", "### 4.3 Tekniska och organisatoriska åtgärder",
                    "### 4.4 Konsekvensbedömningar", "### 4.5 De registrerades rättigheter",
                    "### 4.6 Personuppgiftsincidenter", "### 4.7 Övrigt"):
        assert heading in lines
    assert lines.count("| Fråga/kontroll | Svar |") == 7  # the six areas and 4.7
    for _, question, answer in EXPECTED_2024:
        assert f"| {question} | {answer} |" in lines
    # A "|" in the DSO's text cannot break the table.
    advice = cell(JUDGEMENTS["register_advice"])
    assert "\\|" in advice and f"| 4.1 Registerförteckning | {advice} |" in lines
    assert "- ☒ (3) Brister som bör åtgärdas men ej brådskande, omfattande eller allvarliga" \
        in lines


# -- DOCX ------------------------------------------------------------------------------------


def _tables(path: Path) -> list[dict[str, str]]:
    document = docx.Document(str(path))
    return [{row.cells[0].text: row.cells[1].text for row in table.rows}
            for table in document.tables]


def _area_tables(path: Path) -> list[dict[str, str]]:
    return [table for table in _tables(path) if "Fråga/kontroll" in table]


def test_the_docx_opens_and_holds_the_six_areas_tables_with_the_answers(tmp_path):
    report = compose("Bildningsnämnden", 2024, FIGURES_2024, JUDGEMENTS)
    path = write_docx(report, tmp_path / "arsrapport.docx")
    document = docx.Document(str(path))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "Dataskyddsombudets årsrapport 2024"
    assert "4.6 Personuppgiftsincidenter" in texts
    assert not any("{{" in text or "{%" in text for text in texts)
    areas = _area_tables(path)
    assert len(areas) == 7  # 4.1–4.6 and 4.7
    by_number = dict(zip(["4.1", "4.2", "4.3", "4.4", "4.5", "4.6", "4.7"], areas, strict=True))
    for number, question, answer in EXPECTED_2024:
        assert by_number[number][question] == answer
    # The DSO's text is escaped, not taken for markup.
    plan = next(table for table in _tables(path) if "Åtgärd" in table.values())
    assert plan["4.1 Registerförteckning"] == JUDGEMENTS["register_advice"]
    assert any(text.startswith("☒ (3)") for text in texts)


def _house_template(path: Path, marker: str) -> Path:
    """An organisation's own Word template: our fields in its house style."""
    document = docx.Document()
    document.add_paragraph(marker)
    document.add_paragraph("{{ title }} – {{ organisation }}")
    document.add_paragraph("{%p for s in areas %}")
    document.add_paragraph("{{ s.heading }}: {{ s.mark }}")
    table = document.add_table(rows=3, cols=2)
    table.rows[0].cells[0].text = "{%tr for row in s.rows %}"
    table.rows[1].cells[0].text = "{{ row.question }}"
    table.rows[1].cells[1].text = "{{ row.answer }}"
    table.rows[2].cells[0].text = "{%tr endfor %}"
    document.add_paragraph("{%p endfor %}")
    document.save(str(path))
    return path


def test_an_organisations_own_template_is_used_when_stored(tmp_path):
    assert template_for(tmp_path, "bn") is None
    own = _house_template(tmp_path / "hus.docx", "Bildningsnämndens husstil")
    assert "areas" in check_template(own)
    stored = tmp_path / "templates" / "bn" / "arsrapport.docx"
    stored.parent.mkdir(parents=True)
    stored.write_bytes(own.read_bytes())
    assert template_for(tmp_path, "bn") == stored
    report = compose("Bildningsnämnden", 2024, FIGURES_2024)
    path = write_docx(report, tmp_path / "out.docx", template_for(tmp_path, "bn"))
    texts = [p.text for p in docx.Document(str(path)).paragraphs]
    assert texts[0] == "Bildningsnämndens husstil"
    tables = _tables(path)
    assert len(tables) == 6
    assert tables[0][Q_REGISTERED] == "125" and tables[5][Q_NOTIFIED] == "Inga"


# -- the command line ------------------------------------------------------------------------


@pytest.fixture
def cli_env(tmp_path, monkeypatch) -> Path:
    data = tmp_path / "data"
    data.mkdir()
    monkeypatch.setenv("DSOBOT_DATA_DIR", str(data))
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}")

    async def figures(db, registry, organisation_ids, year, now):
        return FIGURES_2024 if year == 2024 else {}

    monkeypatch.setattr(annual_service, "count_figures", figures)
    assert cli.main(["org", "add", "bn", "Bildningsnämnden"]) == 0
    return data


def _store(url: str, judgements: dict[str, Any]) -> None:
    async def run() -> None:
        db = Database(url)
        try:
            async with db.session() as session:
                await annual_service.store_judgements(session, 1, 2024, judgements, None)
        finally:
            await db.dispose()

    asyncio.run(run())


def test_the_cli_writes_both_formats_with_the_stored_judgements(cli_env, tmp_path, capsys):
    md, word = tmp_path / "rapport.md", tmp_path / "rapport.docx"
    assert cli.main(["report", "--org", "bn", "--year", "2024", "--format", "md",
                     "-o", str(md)]) == 0
    lines = md.read_text(encoding="utf-8").splitlines()
    for _, question, answer in EXPECTED_2024:
        assert f"| {question} | {answer} |" in lines
    assert "**Bedömning:** Ej bedömd" in lines  # no judgements stored yet

    import os

    _store(os.environ["DATABASE_URL"], {**JUDGEMENTS, "unknown_step": "ignored"})
    assert cli.main(["report", "--org", "bn", "--year", "2024", "-o", str(word)]) == 0
    tables = _area_tables(word)
    assert len(tables) == 7
    assert tables[0][Q_REGISTERED] == "125" and tables[5][Q_DOCUMENTED] == "8"
    assert tables[0][sv("q.register_updated")] == "Delvis"
    assert "Wrote the annual report 2024 of bn (docx)" in capsys.readouterr().out


def test_the_cli_stores_a_template_that_has_the_fields_and_refuses_others(
        cli_env, tmp_path, capsys):
    own = _house_template(tmp_path / "hus.docx", "Husstil")
    assert cli.main(["report", "template", "--org", "bn", str(own)]) == 0
    assert template_for(cli_env, "bn") == cli_env / "templates" / "bn" / "arsrapport.docx"
    word = tmp_path / "r.docx"
    assert cli.main(["report", "--org", "bn", "--year", "2024", "--format", "docx",
                     "-o", str(word)]) == 0
    assert docx.Document(str(word)).paragraphs[0].text == "Husstil"

    plain = tmp_path / "plain.docx"
    document = docx.Document()
    document.add_paragraph("{{ title }} {{ nonsense }}")
    document.save(str(plain))
    assert cli.main(["report", "template", "--org", "bn", str(plain)]) == 1
    assert "nonsense" in capsys.readouterr().err
    (tmp_path / "not.docx").write_text("not a word file")
    assert cli.main(["report", "template", "--org", "bn", str(tmp_path / "not.docx")]) == 1
    assert cli.main(["report", "--org", "nosuch", "--year", "2024", "-o",
                     str(tmp_path / "x.md")]) == 1
    assert cli.main(["report", "--org", "bn"]) == 1


def test_the_cli_counts_with_the_installed_summary_sections(tmp_path, monkeypatch):
    monkeypatch.setenv("DSOBOT_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'empty.db'}")
    assert cli.main(["org", "add", "bn", "Bildningsnämnden"]) == 0
    md = tmp_path / "r.md"
    assert cli.main(["report", "--org", "bn", "--year", "2024", "-o", str(md)]) == 0
    lines = md.read_text(encoding="utf-8").splitlines()
    assert f"| {Q_REGISTERED} | Inga |" in lines and f"| {Q_DOCUMENTED} | Inga |" in lines
    assert f"| {Q_IN_TIME} | Ej aktuellt |" in lines


# -- the guided flow -------------------------------------------------------------------------


@pytest.fixture
async def desk(sqlite_db, registry) -> Desk:
    desk = await Desk.open(sqlite_db, registry)
    desk.clock = fixed_clock(NOW)
    return desk


# Typed answers, step by step: (register) partly, yes, yes, mark 3, advice; (documents)
# five yes/no, mark 2, skip; (measures) no, mark 3, skip; (dpia) yes, yes, partly, mark 4,
# skip; (rights) mark 4, skip; (incidents) mark 4, advice; other matters; summary.
TYPED = ("2", "1", "1", "3", "Uppdatera elevhälsans behandlingar.",
         "ja", "ja", "nej", "ja", "nej", "2", "hoppa över",
         "3", "3", "hoppa över",
         "1", "1", "2", "4", "hoppa över",
         "4", "hoppa över",
         "4", "Fortsätt utbilda medarbetarna.",
         "Inga överföringar.", "hoppa över", "hoppa över", "Ett gott år.")


async def test_the_dso_judges_each_area_and_gets_the_report_files(desk, tmp_path):
    dana = await desk.person("Dana Dataskyddsombud", "dso")
    dana.settings = ChatSettings(data_dir=tmp_path)
    started = await desk.say(dana, "årsrapport 2024")
    assert started.messages
    for typed in TYPED:
        await desk.say(dana, typed)
    done = await desk.say(dana, "skicka")
    card = done.messages[-1]
    shown = texts_of_card(card)
    assert t("sv", "annual_report.stored", year=2024, organisation="Bildningsnämnden") in shown
    async with desk.db.session(readonly=True) as session:
        [row] = (await session.scalars(select(AnnualReport))).all()
    assert (row.organisation_id, row.year) == (desk.organisation_id, 2024)
    assert row.judgements["register_updated"] == "partly"
    assert row.judgements["register_mark"] == "3"
    assert row.judgements["documents_pedagogical"] == "no"
    assert row.judgements["incidents_advice"] == "Fortsätt utbilda medarbetarna."
    assert row.judgements["other_transfers"] == "Inga överföringar."
    assert row.created_by_person_id == dana.who.person_id
    folder = tmp_path / "reports" / "bn"
    md = (folder / "arsrapport-bn-2024.md").read_text(encoding="utf-8")
    assert "| Har nödvändiga uppdateringar av registerförteckningen gjorts? | Delvis |" in md
    assert "**Dataskyddsombudets råd:** Uppdatera elevhälsans behandlingar." in md
    assert (folder / "arsrapport-bn-2024.docx").is_file()
    # The download buttons write the file afresh; a forged format is refused.
    buttons = [a["data"] for a in card["actions"]]
    assert {b["format"] for b in buttons} == {"md", "docx"}
    ready = await desk.press(dana, next(b for b in buttons if b["format"] == "docx"))
    assert "arsrapport-bn-2024.docx" in ready.messages[0]
    forged = await desk.press(dana, {**buttons[0], "format": "exe"})
    assert "arsrapport" not in str(forged.messages)


async def test_staff_are_refused_politely(desk):
    sara = await desk.person("Sara Svensson")
    answer = await desk.say(sara, "årsrapport 2024")
    assert answer.messages and "Registerförteckning" not in str(answer.messages)
    pressed = await desk.press(sara, {"action": "annual_report.file", "year": 2024,
                                      "format": "md"})
    assert pressed.messages == [t("sv", "annual_report.not_allowed")]


def test_every_area_has_its_mark_and_advice_in_the_flow():
    flow = FLOW
    for area in AREAS:
        assert flow.has_step(area.mark_id) and flow.has_step(area.advice_id)
        assert len(flow.step(area.mark_id).choices) == 4


def test_the_report_card_passes_the_official_renderer():
    from features.reports.annual import SAMPLES
    from tests.cards.test_official_renderer import check_with_node

    cards = [{"name": f"{name}.{lang}", "card": build(lang)}
             for name, build in SAMPLES.items() for lang in ("sv", "en")]
    report = check_with_node(cards)
    assert not {name: r["errors"] for name, r in report.items() if r["errors"]}
