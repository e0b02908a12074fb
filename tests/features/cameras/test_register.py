"""The camera register: `dsobot cameras import | export` end to end through the command
line on SQLite (tolerant headers, Swedish retention words, linking to the register of
processing activities, incomplete cameras named, idempotent, --dry-run, the export
importing back to the same data), and `kameror` in chat for the DSO, a responsible
person and a member of staff."""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from cards.reminder_kit import CARD_BUDGET, size_of
from features.cameras.register import completeness
from features.cameras.register.cards import OPEN_ACTION, PAGE_SIZE
from features.cameras.register.cells import read_hours
from sheets.text import Unreadable
from storage.models import AuditEntry, Camera, ProcessingActivity, RegisterObject
from storage.repos import OrganisationRepository
from tests.support.cards import actions_of, texts_of_card
from tests.support.cli import Dsobot, dsobot_on, in_database, sqlite_url, write_xlsx
from tests.support.handler import Desk

# Odd headers: a title row above, case and spacing, a unit in brackets, a typo, English
# mixed in, an "Adress" for the place, a column the import does not know.
HEADERS = ["kamera-id", "Namn", "Adress", "Koordinater", "Allmän plats?", "Ändamål",
           "Ansvarig enhet", "Ansvarig", "VIDEOSYSTEM", "Personuppgiftsbiträde", "Inspelning",
           "Ljud", "Lagringstid", "Åtkomst", "Skyltning", "Intresseavvägning", "Diarienummer",
           "Riskanalys", "Tillstånd", "Samverkan", "Antal", "Behandling", "Anteckning"]
ROWS = [
    ["K-001", "Resecentrum entré", "Stationsgatan 1", "59.3293, 18.0686", "Ja",
     "Förebygga brott och skadegörelse", "Samhällsbyggnad", "Säkerhetschefen", "Milestone",
     "Securitas AB", "Ja", "Nej", "7 dagar", "Säkerhetsenheten", "Skyltat vid entréerna",
     date(2025, 3, 12), "KS 2025/114", "2025-03-01", "", "Polisen: kommunen lagrar",
     2, "BEH-0001", "ny 2025"],
    ["K-002", "Torget norr", "Stora torget", "", "ja", "Trygghet", "Samhällsbyggnad", "",
     "Milestone", "", "Inspelning", "", "72 timmar", "", "", "", "", "", "", "", 1,
     "Kamerabevakning av offentlig plats", ""],
    ["K-003", "Simhallen kassa", "Badhusgatan 4", "", "Nej", "Rånskydd", "Fritid", "",
     "Axis", "", "Ja", "Nej", "", "", "", "5 mars 2024", "FN 2024/9", "", "", "", 1, "", ""],
    ["K-004", "Skolgården", "Norrskolan", "", "Nej", "Skadegörelse nattetid", "Skola", "",
     "Axis", "", "Ja", "Nej", "48 h", "Rektor, ring 070-123 45 67", "", "2024-11-02", "", "",
     "", "", 3, "BEH-0099", ""],
    ["K-005", "Stadshuset foajé", "Stadshuset", "", "Nej", "Trygghet", "Kansli", "", "Axis",
     "", "Endast live", "Nej", "", "", "", "2024-01-10", "", "", "", "", 1, "", ""],
    ["K-006", "Hamnen", "Hamnplan", "", "Ja", "Trygghet", "Hamn", "", "Axis", "", "Ja",
     "Nej", "1 vecka", "", "", "2024-02-30", "", "", "", "", 1, "", ""],
    ["K-007", "Parkeringshuset", "P-huset", "", "Ja", "Trygghet", "Teknik", "", "Axis", "",
     "Ja", "Nej", "7", "", "", "2024-02-03", "", "", "", "", 1, "", ""],
]


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return sqlite_url(tmp_path)


@pytest.fixture
def dsobot(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> Dsobot:
    return dsobot_on(db_url, tmp_path, monkeypatch, capsys)


def xlsx(path: Path, headers: list[str], rows: list[list[Any]]) -> Path:
    return write_xlsx(path, headers, rows, sheet="Kameror", title="Kameraförteckning 2025")


def _run(db_url: str, work):
    return in_database(db_url, work, readonly=False)


def seed_activity(db_url: str) -> dict[str, uuid.UUID]:
    async def work(session):
        org = await OrganisationRepository(session).by_slug("bn")
        obj = RegisterObject(organisation_id=org.id, name="Säkerhet")
        session.add(obj)
        await session.flush()
        made = {}
        for reference, name in (("BEH-0001", "Kamerabevakning av resecentrum"),
                                ("BEH-0002", "Kamerabevakning av offentlig plats")):
            activity = ProcessingActivity(organisation_id=org.id, reference=reference,
                                          object_id=obj.id, name=name, status="active")
            session.add(activity)
            await session.flush()
            made[reference] = activity.id
        return made

    return _run(db_url, work)


def cameras(db_url: str) -> dict[str, Camera]:
    async def work(session):
        return {c.reference: c for c in await session.scalars(select(Camera))}

    return _run(db_url, work)


def data_of(db_url: str) -> dict[str, dict[str, Any]]:
    skip = {"id", "created_at", "updated_at", "revision", "organisation_id", "extra"}
    return {ref: {k: v for k, v in vars(c).items() if not k.startswith("_") and k not in skip}
            for ref, c in cameras(db_url).items()}


def line_of(output: str, reference: str) -> str:
    return next(line for line in output.splitlines() if f'"{reference}"' in line
                and line.startswith("row "))


# --- the import ----------------------------------------------------------------------------


def test_retention_words_become_hours():
    assert read_hours("7 dagar") == 168
    assert read_hours("72 timmar") == 72
    assert read_hours("48 h") == 48
    assert read_hours("1 vecka") == 168
    assert read_hours("en vecka") == 168
    assert read_hours("14 dygn") == 336
    assert read_hours("36 tim") == 36
    assert read_hours("7 days") == 168
    assert read_hours(7, 24) == 168  # under "Lagringstid (dygn)"
    assert read_hours("") is None and read_hours("Ingen") is None
    for unclear in ("7", "1 månad", "snart", 5):
        with pytest.raises(Unreadable):
            read_hours(unclear)


def test_import_reads_odd_headers_links_activities_and_names_incomplete_cameras(
        dsobot, db_url, tmp_path):
    made = seed_activity(db_url)
    path = xlsx(tmp_path / "kameror.xlsx", HEADERS, ROWS)

    code, out, err = dsobot("cameras", "import", str(path), "--org", "bn")
    assert code == 0, err
    stored = cameras(db_url)
    assert set(stored) == {"K-001", "K-002", "K-003", "K-004", "K-005"}
    first = stored["K-001"]
    assert (first.name, first.location, first.coordinates) == (
        "Resecentrum entré", "Stationsgatan 1", "59.3293, 18.0686")
    assert first.public_place is True and first.recording is True and first.sound is False
    assert first.retention_hours == 168 and first.count == 2
    assert first.assessment_on == date(2025, 3, 12) and first.assessment_ref == "KS 2025/114"
    assert first.risk_analysis_on == date(2025, 3, 1)
    assert (first.unit, first.video_system, first.processor) == (
        "Samhällsbyggnad", "Milestone", "Securitas AB")
    assert first.processing_activity_id == made["BEH-0001"]  # by reference
    assert stored["K-002"].processing_activity_id == made["BEH-0002"]  # by its name
    assert stored["K-002"].retention_hours == 72
    assert stored["K-004"].retention_hours == 48 and stored["K-004"].count == 3
    assert stored["K-004"].processing_activity_id is None
    assert stored["K-005"].recording is False  # live view only: no retention needed
    # The personal-data guard masked the phone number before storing, and said so.
    assert "070" not in (stored["K-004"].access or "")
    assert "phone" in line_of(out, "K-004") and "masked" in line_of(out, "K-004")
    assert 'no processing activity in the register named "BEH-0099"' in line_of(out, "K-004")

    # Rejected rows say which column and why; the others went through.
    assert "rejected" in line_of(out, "K-006") and "Intresseavvägning" in line_of(out, "K-006")
    assert "no such date" in line_of(out, "K-006")
    assert "rejected" in line_of(out, "K-007") and "without a unit" in line_of(out, "K-007")
    assert '"Anteckning"' in out  # the column not read is named

    # Incomplete cameras are named: no assessment (K-002), no retention (K-003).
    incomplete = out.split("camera(s) incomplete:")[1]
    assert '"K-002": no assessment of interests\n' in incomplete
    assert '"K-003": no retention set' in incomplete
    for complete in ("K-001", "K-004", "K-005"):
        assert f'"{complete}"' not in incomplete
    assert completeness.missing(stored["K-003"]) == [completeness.RETENTION]
    assert completeness.missing(stored["K-005"]) == []
    assert out.strip().splitlines()[-1] == (
        "7 rows: 5 created, 0 updated, 0 unchanged, 2 rejected, 2 incomplete.")

    # Audited by counts, never the contents.
    async def audit(session):
        return list(await session.scalars(select(AuditEntry).where(
            AuditEntry.action == "camera.imported")))

    entries = _run(db_url, audit)
    assert len(entries) == 1
    assert entries[0].detail["created"] == 5 and entries[0].detail["rejected"] == 2
    assert "Resecentrum" not in str(entries[0].detail)


def test_reimport_is_idempotent_updates_say_what_changed_and_dry_run_writes_nothing(
        dsobot, db_url, tmp_path):
    seed_activity(db_url)
    path = xlsx(tmp_path / "kameror.xlsx", HEADERS, ROWS[:5])

    code, out, _ = dsobot("cameras", "import", str(path), "--org", "bn", "--dry-run")
    assert code == 0 and "Dry run: nothing was written." in out
    assert 'row 4: create "K-001"' in out
    assert cameras(db_url) == {}

    assert dsobot("cameras", "import", str(path), "--org", "bn")[0] == 0
    before = data_of(db_url)
    code, out, _ = dsobot("cameras", "import", str(path), "--org", "bn")
    assert code == 0
    assert out.strip().splitlines()[-1].startswith(
        "5 rows: 0 created, 0 updated, 5 unchanged, 0 rejected")
    assert data_of(db_url) == before

    changed = [list(row) for row in ROWS[:5]]
    changed[2][12] = "14 dygn"  # K-003 gets a retention: complete now
    changed[1][14] = "Skyltat"  # K-002 signage
    path = xlsx(tmp_path / "kameror2.xlsx", HEADERS, changed)
    code, out, _ = dsobot("cameras", "import", str(path), "--org", "bn", "--dry-run")
    assert 'row 6: update "K-003": Lagringstid' in out
    assert 'row 5: update "K-002": Skyltning' in out
    assert data_of(db_url) == before  # a dry run wrote nothing
    code, out, _ = dsobot("cameras", "import", str(path), "--org", "bn")
    assert 'row 6: updated "K-003": Lagringstid' in out
    assert '"K-003"' not in out.split("incomplete:")[1]
    after = cameras(db_url)
    assert after["K-003"].retention_hours == 336 and after["K-003"].revision == 2
    assert after["K-001"].revision == 1


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_export_imports_back_to_the_same_data(dsobot, db_url, tmp_path, fmt):
    seed_activity(db_url)
    path = xlsx(tmp_path / "kameror.xlsx", HEADERS, ROWS[:5])
    assert dsobot("cameras", "import", str(path), "--org", "bn")[0] == 0
    before = data_of(db_url)

    exported = tmp_path / f"ut.{fmt}"
    code, out, err = dsobot("cameras", "export", "--org", "bn", "--format", fmt,
                            "-o", str(exported))
    assert code == 0, err
    assert "Exported 5 cameras" in out

    code, out, _ = dsobot("cameras", "import", str(exported), "--org", "bn")
    assert code == 0
    assert "columns not read" not in out  # the export writes what the import reads
    assert out.strip().splitlines()[-1].startswith(
        "5 rows: 0 created, 0 updated, 5 unchanged, 0 rejected")

    # Into an empty organisation, the same cameras come out.
    assert dsobot("org", "add", "sn", "Socialnämnden")[0] == 0
    code, out, _ = dsobot("cameras", "import", str(exported), "--org", "sn")
    assert "5 created" in out

    async def work(session):
        org = await OrganisationRepository(session).by_slug("sn")
        return {c.reference: c for c in await session.scalars(
            select(Camera).where(Camera.organisation_id == org.id))}

    copied = _run(db_url, work)
    skip = {"id", "created_at", "updated_at", "revision", "organisation_id", "extra",
            "processing_activity_id"}  # the register of "sn" has no such activities
    for reference, values in before.items():
        mine = {k: v for k, v in vars(copied[reference]).items()
                if not k.startswith("_") and k not in skip}
        assert mine == {k: v for k, v in values.items() if k not in skip}, reference


def test_a_file_without_camera_headers_is_refused_in_one_line(dsobot, tmp_path):
    path = xlsx(tmp_path / "fel.xlsx", ["Datum", "Beskrivning av något"], [["x", "y"]])
    code, _, err = dsobot("cameras", "import", str(path), "--org", "bn")
    assert code == 1 and "no header row" in err and "Traceback" not in err


# --- chat ------------------------------------------------------------------------------------


def cards_of(answer) -> list[dict]:
    return [m for m in answer.messages if isinstance(m, dict)]


def card_of(answer) -> dict:
    return cards_of(answer)[0]


def text_of(answer) -> str:
    return next(m for m in answer.messages if isinstance(m, str))


async def _seed_chat(desk: Desk, responsible_person: int, count: int = 40) -> None:
    async with desk.db.session() as session:
        other, _ = await OrganisationRepository(session).upsert("sn", "Socialnämnden")
        for n in range(count):
            session.add(Camera(
                organisation_id=desk.organisation_id, reference=f"K-{n:03d}",
                name=f"Kamera {n} " + "vid en mycket lång entré " * 6,
                location="Storgatan " + "mycket lång adress " * 10,
                retention_hours=168 if n % 2 else None, recording=True,
                assessment_on=date(2025, 1, 1) if n % 3 else None,
                responsible_person_id=responsible_person if n < 2 else None))
        session.add(Camera(organisation_id=other.id, reference="X-1", name="Annans kamera",
                           retention_hours=24))


async def test_the_dso_lists_searches_and_opens_cameras_staff_are_refused(sqlite_db, registry):
    desk = await Desk.open(sqlite_db, registry)
    dso = await desk.person("Dora Dso", "dso")
    ansvarig = await desk.person("Rolf Ansvarig")
    staff = await desk.person("Stina Staff")
    await _seed_chat(desk, ansvarig.who.person_id)

    answer = await desk.say(dso, "kameror")
    card = card_of(answer)
    text = texts_of_card(card)
    assert f"Kamera 1–{PAGE_SIZE} av 40" in text and "7 dagar" in text
    assert "intresseavvägning" in text
    assert "Annans kamera" not in text
    assert size_of(card) < CARD_BUDGET
    more = [a for a in actions_of(card) if a.get("data", {}).get("action") == "command"]
    assert more and more[0]["data"]["rest"] == "sida 2"

    last = await desk.say(dso, f"kameror sida {40 // PAGE_SIZE}")
    assert f"Kamera {41 - PAGE_SIZE}–40 av 40" in texts_of_card(card_of(last))

    incomplete = await desk.say(dso, "kameror ofullständiga")
    shown = texts_of_card(card_of(incomplete))
    assert "Kameror som saknar uppgifter" in shown and "K-001 " not in shown  # K-001 complete

    english = await desk.person("Dora Dso", "dso", locale="en")
    found = await desk.say(english, "cameras K-007")
    found_text = texts_of_card(card_of(found))
    assert "Camera 1–1 of 1" in found_text and "7 days" in found_text

    opens = list({a["data"]["camera"]: a for a in actions_of(card)
                  if a.get("data", {}).get("action") == OPEN_ACTION}.values())
    assert len(opens) == PAGE_SIZE
    full = await desk.press(dso, opens[0]["data"])
    full_text = texts_of_card(card_of(full))
    assert "Kamera: Kamera 0" in full_text and "Lagringstid" in full_text
    assert "Intresseavvägning" in full_text and "Saknas:" in full_text

    # Staff with no cameras of their own are refused, politely; a forged open too.
    refusal = await desk.say(staff, "kameror")
    assert not cards_of(refusal) and "dataskyddsombudet" in text_of(refusal)
    forged = await desk.press(staff, opens[0]["data"])
    assert "finns inte" in text_of(forged)

    # A responsible person sees the cameras they answer for, and only those.
    theirs = await desk.say(ansvarig, "kameror")
    assert "Kamera 1–2 av 2" in texts_of_card(card_of(theirs))


async def test_another_organisations_camera_cannot_be_opened(sqlite_db, registry):
    desk = await Desk.open(sqlite_db, registry)
    dso = await desk.person("Dora Dso", "dso")
    await _seed_chat(desk, dso.who.person_id, count=1)
    async with desk.db.session() as session:
        foreign = await session.scalar(select(Camera.id).where(Camera.reference == "X-1"))
    answer = await desk.press(dso, {"action": OPEN_ACTION, "camera": str(foreign)})
    assert not cards_of(answer) and "finns inte" in text_of(answer)


async def test_cameras_are_offered_to_pick_from(sqlite_db, registry):
    desk = await Desk.open(sqlite_db, registry)
    dso = await desk.person("Dora Dso", "dso")
    await _seed_chat(desk, dso.who.person_id, count=3)
    choices = await registry.choices("cameras.camera")(dso)
    assert len(choices) == 3 and choices[0][1].startswith("K-000 · Kamera 0")
