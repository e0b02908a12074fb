"""The promise that no message content is ever logged, checked over the whole test suite.

Every text a simulated person sends (a typed message, what they enter on a card)
is remembered here by the helpers that send it; every log line the suite
produces is captured, in this process and from the bots the tests run as
their own processes. At the end of the run, no remembered text may appear in
any log line (`tests/conftest.py` fails the run otherwise).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

# Shorter texts ("ja", "1", "hjälp"), and single lower-case words ("personal"), are
# words the bot's own log lines contain by themselves; a sentence, a name or an
# identity number is content.
MIN_LENGTH = 8
# Card data that routes an action (names, ids, revisions) is not what a person wrote.
ROUTING_KEYS = frozenset({"action", "verb", "instance", "rev", "step", "incident", "question",
                          "flow", "command", "draft", "type", "trigger", "id", "policy",
                          "record"})

SENT: set[str] = set()
LOG_FILES: set[Path] = set()


def remember(activity: Any) -> None:
    """What a person sent in this activity (or raw text)."""
    if isinstance(activity, str):
        _add(activity)
        return
    if not isinstance(activity, dict):
        return
    _add(activity.get("text"))
    _walk(activity.get("value"))


def remember_log_file(path: Path) -> None:
    LOG_FILES.add(Path(path))


# A case's reference (PUI-2026-0007) is an identifier the logs may name.
_REFERENCE = re.compile(r"^[A-Z]{2,5}-\d{4}-\d{3,}$", re.IGNORECASE)
# A bare date entered on a card is today's or yesterday's: every log line's time stamp.
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _add(text: Any) -> None:
    if not isinstance(text, str):
        return
    text = text.strip()
    if len(text) >= MIN_LENGTH and not (text.isalpha() and text.islower()) \
            and not _REFERENCE.match(text) and not _DATE.match(text):
        SENT.add(text)


def _walk(value: Any) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            if key not in ROUTING_KEYS:
                _walk(item)
    elif isinstance(value, list):
        for item in value:
            _walk(item)
    else:
        _add(value)


class LogLines(logging.Handler):
    """Keeps every formatted log line of this process."""

    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.lines: list[str] = []
        self.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.lines.append(self.format(record))
        except Exception:  # a record that cannot be formatted is not a line anyone reads
            self.lines.append(f"{record.name} {record.levelname} (unformattable)")


def leaks(sent: Iterable[str], lines: Iterable[str]) -> list[tuple[str, str]]:
    """(text, line) for every sent text found in a log line."""
    texts = sorted(set(sent), key=len)
    found = []
    for line in lines:
        for text in texts:
            if text in line:
                found.append((text, line))
                break
    return found


def all_lines(in_process: LogLines) -> list[str]:
    lines = list(in_process.lines)
    for path in sorted(LOG_FILES):
        if path.is_file():
            lines += path.read_text(encoding="utf-8", errors="replace").splitlines()
    return lines
