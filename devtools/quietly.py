"""Run a setup step quietly: its output goes to a log file and is shown only if it fails.

    python3 devtools/quietly.py LOG COMMAND [ARG...]

The Makefile sets up `.venv/` and `node_modules/` through this (pip, npm), so a
newcomer's `make run` shows one "setting up..." line instead of pages of pip,
and a failure still shows what went wrong. Standard library only: it runs
before `.venv/` exists, on the Python that creates it.
"""

from __future__ import annotations

import shlex
import subprocess
import sys
from pathlib import Path
from typing import TextIO

SHOWN_LINES = 80  # of a failed step's output; the whole of it is in the log


def run_quietly(argv: list[str], log_path: Path, report: TextIO | None = None) -> int:
    """Run `argv` with its output appended to `log_path`; its exit code.

    On failure the end of its output, the command and the log's path go to `report`
    (standard error by default); on success nothing is written there.
    """
    report = report or sys.stderr
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("ab") as log:
        log.write(f"$ {shlex.join(argv)}\n".encode())
        log.flush()
        start = log.tell()
        try:
            process = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT,
                                       stdin=subprocess.DEVNULL)
        except OSError as error:  # no such program
            log.write(f"{error}\n".encode())
            code = 127
        else:
            try:
                code = process.wait()
            except KeyboardInterrupt:  # Ctrl-C reached the step as well; let it finish
                process.wait()
                return 130
    if code != 0:
        with log_path.open("rb") as log:
            log.seek(start)
            lines = log.read().decode(errors="replace").splitlines()
        if len(lines) > SHOWN_LINES:
            print(f"[... {len(lines) - SHOWN_LINES} lines before these in {log_path}]",
                  file=report)
        print("\n".join(lines[-SHOWN_LINES:]), file=report)
        print(f"setup failed: `{shlex.join(argv)}` exited with code {code}; "
              f"its output is above and in {log_path}", file=report, flush=True)
    return code


def main(args: list[str]) -> int:
    if len(args) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    return run_quietly(args[1:], Path(args[0]))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
