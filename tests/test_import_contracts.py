"""The layout's import rules (pyproject.toml, `[tool.importlinter]`) hold, and each one
would catch the import it exists to stop."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("bot", "chat", "features", "dialogs", "cards", "i18n", "compliance", "sheets",
            "storage", "manifest", "devtools", "bench", "tests")
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")

# One planted import per contract: (file to add, its import, the contract it breaks).
PLANTED = (
    ("chat/_planted.py", "import botbuilder.core", "Only bot/ speaks Bot Framework and HTTP"),
    ("cards/_planted.py", "import bot.settings",
     "Nothing imports bot/ but the development tools, tests and benchmarks"),
    ("storage/_planted.py", "import features",
     "The conversation kernel and the shared layers do not know the capabilities"),
    ("dialogs/_planted.py", "import chat.turn",
     "The shared layers do not reach up into the conversation kernel"),
    ("features/planted/__init__.py", "import features.incidents.flow",
     "Capabilities do not import each other (the registry carries what they share)"),
    ("features/incidents/rules/_planted.py", "import storage.db",
     "A capability's rules are pure law: they import only compliance"),
)


def _lint(where: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(LINT_IMPORTS), "--no-cache"], cwd=where, capture_output=True,
                          text=True, timeout=120, env={"PYTHONPATH": str(where)}, check=False)


def test_the_import_rules_hold():
    done = _lint(ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout


@pytest.fixture
def planted_copy(tmp_path: Path) -> Path:
    for package in PACKAGES:
        shutil.copytree(ROOT / package, tmp_path / package,
                        ignore=shutil.ignore_patterns("__pycache__", "*.png", "node_modules"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    for path, line, _ in PLANTED:
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(line + "\n", encoding="utf-8")
    return tmp_path


def test_each_rule_catches_the_import_it_forbids(planted_copy: Path):
    done = _lint(planted_copy)
    assert done.returncode != 0
    for _, _, contract in PLANTED:
        assert f"{contract} BROKEN" in done.stdout, (contract, done.stdout)
