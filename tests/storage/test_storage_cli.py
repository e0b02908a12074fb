"""The `dsobot` command line, end to end against a real database."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main

EXAMPLE = Path(__file__).resolve().parents[2] / "config" / "organisations.example.toml"


@pytest.fixture
def dsobot(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys):
    """Run `dsobot ARGS` against the test database; returns (exit code, stdout, stderr)."""
    monkeypatch.chdir(tmp_path)  # no stray .env from the developer's checkout
    monkeypatch.setenv("DATABASE_URL", db_url)

    def run(*argv: str) -> tuple[int, str, str]:
        try:
            code = main(list(argv))
        except SystemExit as exit_:  # argparse usage errors
            code = exit_.code
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run


def test_org_and_role_commands(dsobot):
    assert dsobot("migrate")[0] == 0
    assert dsobot("org", "add", "bn", "Bildningsnämnden") == (
        0,
        "Added organisation bn: Bildningsnämnden\n",
        "",
    )
    code, out, _ = dsobot(
        "role",
        "grant",
        "--org",
        "bn",
        "--email",
        "Dora@Example.se",
        "--role",
        "dso",
        "--name",
        "Dora",
    )
    assert code == 0 and "granted dso in bn" in out
    assert (
        "already had dso"
        in dsobot("role", "grant", "--org", "bn", "--email", "dora@example.se", "--role", "dso")[1]
    )
    assert dsobot("role", "list", "--org", "bn")[1] == "bn\tdso\tDora <dora@example.se>\n"
    code, out, _ = dsobot(
        "role", "revoke", "--org", "bn", "--email", "dora@example.se", "--role", "dso"
    )
    assert code == 0 and "revoked dso in bn" in out
    assert dsobot("role", "list")[1] == "No roles assigned.\n"


def test_config_load_then_list(dsobot):
    code, out, _ = dsobot("config", "load", str(EXAMPLE))
    assert code == 0 and "2 organisation(s)" in out
    assert dsobot("org", "list")[1].splitlines() == [
        "bildningsnamnden\tBildningsnämnden",
        "socialnamnden\tSocialnämnden",
    ]
    assert "socialnamnden\tobject_owner\tOlle Objektägare" in dsobot("role", "list")[1]


@pytest.mark.parametrize(
    ("argv", "code", "message"),
    [
        (
            ["role", "grant", "--org", "nope", "--email", "a@b.se", "--role", "dso"],
            1,
            "unknown organisation 'nope'",
        ),
        (
            ["role", "grant", "--org", "bn", "--email", "a@b.se", "--role", "king"],
            2,
            "unknown role 'king'",
        ),
        (
            ["role", "grant", "--org", "bn", "--email", "not-an-address", "--role", "dso"],
            2,
            "not an e-mail address",
        ),
        (
            ["role", "revoke", "--org", "bn", "--email", "who@b.se", "--role", "dso"],
            1,
            "no person known as who@b.se",
        ),
        (["org", "add", "Bad Slug", "X"], 1, "invalid organisation slug"),
        (["config", "load", "missing.toml"], 1, "configuration file not found"),
    ],
)
def test_bad_input_fails_with_a_message_not_a_traceback(dsobot, argv, code, message):
    dsobot("org", "add", "bn", "Bildningsnämnden")
    result_code, out, err = dsobot(*argv)
    assert result_code == code
    assert message in err
    assert "Traceback" not in err and out == ""


def test_retention_schedule_purge_and_archive_from_the_command_line(dsobot, tmp_path):
    dsobot("org", "add", "bn", "Bildningsnämnden")

    code, out, _ = dsobot("retention", "set", "--org", "bn", "--closed-years", "10",
                          "--draft-days", "14", "--require-archive", "no")
    assert code == 0 and "closed incidents and other records: 10 years" in out
    assert "drafts (reports begun, cancelled or left): 14 days" in out
    assert "without waiting for an archive export" in out
    assert dsobot("retention", "show", "--org", "bn")[1] == out.replace(" set:", ":")

    code, out, _ = dsobot("purge", "--org", "bn", "--dry-run")
    assert code == 0 and out.startswith("bn: would go: 0 drafts, 0 people")

    code, out, _ = dsobot("archive", "--org", "bn", "-o", str(tmp_path / "a.jsonl"))
    assert (code, out.strip()) == (0, "Archived 0 incident(s), 0 rights request(s), "
                                      f"0 rights question(s), 0 footage request(s) to "
                                      f"{tmp_path / 'a.jsonl'}; "
                                      "they may now be purged on schedule.")
    assert (tmp_path / "a.jsonl").read_text() == ""

    assert dsobot("retention", "set", "--org", "bn", "--audit-years", "0")[0] == 2
    assert "unknown organisation" in dsobot("purge", "--org", "nope")[2]
