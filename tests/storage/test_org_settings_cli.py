"""`dsobot org show | set`: an organisation's settings from the command line, end to end."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from storage.db import Database
from storage.models import AuditEntry
from storage.repos import AuditRepository, OrganisationRepository
from tests.storage.test_storage_cli import dsobot  # noqa: F401  (a fixture)

ADDRESS = "Box 123, 123 45 Storstad"


def _show(dsobot) -> list[str]:  # noqa: F811
    code, out, err = dsobot("org", "show", "--org", "bn")
    assert (code, err) == (0, "")
    return out.splitlines()


def _settings_audit(db_url: str) -> list[AuditEntry]:
    """The organisation's settings changes in the audit log, oldest first."""

    async def read() -> list[AuditEntry]:
        db = Database(db_url)
        try:
            async with db.session(readonly=True) as session:
                bn = await OrganisationRepository(session).by_slug("bn")
                assert bn is not None
                trail = await AuditRepository(session).for_record(bn.id, "organisation", bn.id)
                return [e for e in trail if e.action == "organisation.settings_set"]
        finally:
            await db.dispose()

    return asyncio.run(read())


@pytest.fixture
def bn(dsobot):  # noqa: F811
    assert dsobot("org", "add", "bn", "Bildningsnämnden")[0] == 0
    return dsobot


def test_a_new_organisation_shows_the_defaults(bn):
    assert _show(bn) == [
        "Settings of bn:",
        "  organisation number: not set",
        "  postal address: not set",
        "  decision whether to notify IMY: recorded by the DSO, on the controller's behalf "
        "(delegated)",
        "  register changes approved by the object owner (the DSO need not)",
        "  alerted of a new incident besides the DSOs and deputies:",
        "    information security coordinator (security_coordinator): no",
        "    registrar: no",
    ]


def test_set_then_show_round_trip_and_the_change_is_audited_without_the_address(bn, db_url):
    code, out, err = bn("org", "set", "--org", "bn", "--org-number", "2120001355",
                        "--address", ADDRESS, "--dso-records-decisions", "no",
                        "--register-dso-approval", "yes",
                        "--alert", "security_coordinator=full", "--alert", "registrar=summary")
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == (
        "Settings of bn changed (address, alert_scopes, dso_records_decisions, org_number, "
        "register_dso_approval):")
    shown = _show(bn)
    assert shown == [
        "Settings of bn:",
        "  organisation number: 212000-1355",  # stored with its hyphen
        f"  postal address: {ADDRESS}",
        "  decision whether to notify IMY: recorded by an admin of the organisation; "
        "the DSO advises",
        "  register changes approved by the object owner and then the DSO",
        "  alerted of a new incident besides the DSOs and deputies:",
        "    information security coordinator (security_coordinator): yes, sees the whole case",
        "    registrar: yes, sees a summary (no free text, no names)",
    ]
    assert out.splitlines()[1:] == shown[1:]

    [entry] = _settings_audit(db_url)
    assert entry.actor_person_id is None
    assert entry.detail == {"changed": ["address", "alert_scopes", "dso_records_decisions",
                                        "org_number", "register_dso_approval"],
                            "source": "cli"}
    assert "Storstad" not in json.dumps(entry.detail)

    # The same values again change nothing, and nothing more is audited.
    code, out, _ = bn("org", "set", "--org", "bn", "--org-number", "212000-1355")
    assert code == 0 and out.startswith("Settings of bn unchanged:")
    assert len(_settings_audit(db_url)) == 1


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("212000-1356", "organisation number 212000-1356 has a wrong check digit"),
        ("21200-01355", "not an organisation number"),
        ("212000135", "not an organisation number"),
        ("212000-13555", "not an organisation number"),
        ("811218-9876", "looks like a personal identity number"),  # Luhn-valid, month 12
    ],
)
def test_a_wrong_organisation_number_is_refused_and_nothing_is_stored(bn, db_url, number,
                                                                      message):
    code, out, err = bn("org", "set", "--org", "bn", "--org-number", number,
                        "--address", ADDRESS)
    assert (code, out) == (1, "")
    assert message in err and len(err.splitlines()) == 1 and "Traceback" not in err
    assert "  organisation number: not set" in _show(bn)
    assert "  postal address: not set" in _show(bn)  # the valid address went with it
    assert _settings_audit(db_url) == []


def test_a_personal_identity_number_is_not_echoed(bn):
    err = bn("org", "set", "--org", "bn", "--org-number", "811218-9876")[2]
    assert "811218" not in err


def test_alert_scopes_are_added_changed_and_removed_one_role_at_a_time(bn, db_url):
    bn("org", "set", "--org", "bn", "--alert", "registrar=summary")
    bn("org", "set", "--org", "bn", "--alert", "security-coordinator=summary")
    assert _show(bn)[-2:] == [
        "    information security coordinator (security_coordinator): "
        "yes, sees a summary (no free text, no names)",
        "    registrar: yes, sees a summary (no free text, no names)",
    ]
    code, out, _ = bn("org", "set", "--org", "bn", "--alert", "registrar=none",
                      "--alert", "security_coordinator=full")
    assert code == 0 and out.startswith("Settings of bn changed (alert_scopes):")
    assert _show(bn)[-2:] == [
        "    information security coordinator (security_coordinator): yes, sees the whole case",
        "    registrar: no",
    ]
    assert [e.detail["changed"] for e in _settings_audit(db_url)] == [["alert_scopes"]] * 3


@pytest.mark.parametrize(
    ("argv", "code", "message"),
    [
        (["--alert", "dso=full"], 1,
         "cannot add 'dso' to the incident alert (choose from security_coordinator, registrar"),
        (["--alert", "king=full"], 1, "choose from security_coordinator, registrar"),
        (["--alert", "registrar=everything"], 1, "the scope is full, summary or none"),
        (["--alert", "registrar"], 1, "write ROLE=full, ROLE=summary or ROLE=none"),
        ([], 1, "nothing to set"),
        (["--dso-records-decisions", "maybe"], 2, "answer yes or no"),
    ],
)
def test_bad_settings_fail_with_a_message_not_a_traceback(bn, argv, code, message):
    result_code, out, err = bn("org", "set", "--org", "bn", *argv)
    assert (result_code, out) == (code, "")
    assert message in err and "Traceback" not in err


def test_an_unknown_organisation_is_named(bn):
    for argv in (["show", "--org", "nope"], ["set", "--org", "nope", "--address", "x"]):
        code, out, err = bn("org", *argv)
        assert (code, out) == (1, "")
        assert "unknown organisation 'nope' (known: bn)" in err


def test_empty_values_clear_the_number_and_the_address(bn):
    bn("org", "set", "--org", "bn", "--org-number", "212000-1355", "--address", ADDRESS)
    code, out, _ = bn("org", "set", "--org", "bn", "--org-number", "", "--address", "")
    assert code == 0 and "(address, org_number)" in out.splitlines()[0]
    assert _show(bn)[1:3] == ["  organisation number: not set", "  postal address: not set"]


def test_config_load_sets_what_the_file_gives_and_the_command_line_shows_it(bn, tmp_path: Path):
    path = tmp_path / "orgs.toml"
    path.write_text(
        '[[organisations]]\nslug = "bn"\nname = "Bildningsnämnden"\n'
        'org_number = "2120001355"\naddress = "Box 123\\n123 45 Storstad"\n'
        'dso_records_decisions = false\nregister_dso_approval = true\n'
        'alert_scopes = { registrar = "summary" }\n',
        encoding="utf-8",
    )
    code, out, _ = bn("config", "load", str(path))
    assert code == 0 and "settings of 1 organisation(s) changed" in out
    assert _show(bn)[1:] == [
        "  organisation number: 212000-1355",
        f"  postal address: {ADDRESS}",  # the file's two lines, shown on one
        "  decision whether to notify IMY: recorded by an admin of the organisation; "
        "the DSO advises",
        "  register changes approved by the object owner and then the DSO",
        "  alerted of a new incident besides the DSOs and deputies:",
        "    information security coordinator (security_coordinator): no",
        "    registrar: yes, sees a summary (no free text, no names)",
    ]
    # Loaded again (as at every start with DSOBOT_ORG_CONFIG), nothing changes.
    assert "settings of" not in bn("config", "load", str(path))[1]


def test_config_load_refuses_a_wrong_organisation_number_before_writing(dsobot, tmp_path):  # noqa: F811
    path = tmp_path / "orgs.toml"
    path.write_text('[[organisations]]\nslug = "bn"\nname = "B"\norg_number = "212000-1356"\n',
                    encoding="utf-8")
    code, out, err = dsobot("config", "load", str(path))
    assert (code, out) == (1, "")
    assert "organisations[0] (bn): organisation number 212000-1356 has a wrong check digit" in err
    assert dsobot("org", "list")[1].startswith("No organisations yet.")
