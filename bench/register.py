"""The register's workbook import and export at 5,000 rows, on SQLite and PostgreSQL.

A DSO's register is about 125 entries; 5,000 is a large municipality's register
with room to spare. Each step runs as `dsobot register ...` runs it (the command
line's own `main`, its output thrown away) in a process of its own, so the peak
memory reported is the whole process's (`ru_maxrss`: interpreter, libraries, the
workbook, the database driver), not only what Python allocated:

    import        a generated workbook (`tests/features/register/workbooks.py`) into
                  an empty register: every row created, versioned, audited
    import again  the same file: every row compared, nothing written
    export        the register to .xlsx (drop-down lists) and to .csv

Targets: under 20 s and 400 MB each. `python -m bench register`; the rows with
BENCH_REGISTER_ROWS=N.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.dialog_turn import _postgres_database
from bench.harness import LoadShape, Outcome, Stats, benchmark
from storage.db import Database
from storage.migrate import upgrade_async
from storage.repos import OrganisationRepository, PeopleRepository
from tests.features.register.workbooks import PEOPLE, generate, to_xlsx

ROWS = int(os.environ.get("BENCH_REGISTER_ROWS", "5000"))
TARGET_SECONDS = 20.0
TARGET_MB = 400.0
STEPS = (
    ("import", ("register", "import", "{book}", "--org", "bench")),
    ("import again", ("register", "import", "{book}", "--org", "bench")),
    ("export xlsx", ("register", "export", "--org", "bench", "-o", "{out}.xlsx")),
    ("export csv", ("register", "export", "--org", "bench", "--format", "csv", "-o",
                    "{out}.csv")),
)


async def _prepare(url: str) -> None:
    """The organisation and the owners its workbook names (not measured)."""
    await upgrade_async(url)
    db = Database(url)
    try:
        async with db.session() as session:
            await OrganisationRepository(session).upsert("bench", "Benchmark organisation")
            for name, email in PEOPLE:
                await PeopleRepository(session).ensure(email=email, name=name)
    finally:
        await db.dispose()


def _step(url: str, argv: list[str]) -> dict[str, float]:
    """One command in a fresh process: its seconds and the process's peak memory."""
    env = {**os.environ, "DATABASE_URL": url}
    done = subprocess.run([sys.executable, "-m", "bench.register", *argv], env=env,
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} failed: {done.stderr.strip()[-500:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


async def _contender(backend: str, url: str, book: Path, workdir: Path) -> list[tuple]:
    await _prepare(url)
    found = []
    for name, template in STEPS:
        argv = [a.format(book=book, out=workdir / f"export-{backend}") for a in template]
        measured = _step(url, argv)
        found.append((f"{name}, {backend}", measured["seconds"], measured["peak_mb"]))
    return found


def _table(rows: list[tuple]) -> str:
    lines = [("", "rows", "seconds", "rows/s", "peak MB", "× 20 s", "× 400 MB")]
    for name, seconds, peak in rows:
        lines.append((name, f"{ROWS:,}", f"{seconds:.2f}", f"{ROWS / seconds:,.0f}",
                      f"{peak:.0f}", f"{seconds / TARGET_SECONDS:.2f}",
                      f"{peak / TARGET_MB:.2f}"))
    widths = [max(len(line[i]) for line in lines) for i in range(len(lines[0]))]
    rendered = ["  ".join(c.ljust(w) if i == 0 else c.rjust(w)
                          for i, (c, w) in enumerate(zip(line, widths, strict=True)))
                for line in lines]
    rule = "-" * len(rendered[0])
    return "\n".join([rule, rendered[0], rule, *rendered[1:], rule])


@benchmark("register", f"register workbook import and export, {ROWS:,} rows, "
                       "each step a process of its own")
async def run(shape: LoadShape) -> Outcome:
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        book = to_xlsx(generate(ROWS), workdir / "Registerförteckning.xlsx")
        rows = await _contender("SQLite", f"sqlite+aiosqlite:///{workdir / 'bench.db'}", book,
                                workdir)
        async with _postgres_database() as postgres_url:
            rows += await _contender("PostgreSQL", postgres_url, book, workdir)
    print()
    print(f"Register workbook, {ROWS:,} rows: time and peak memory of each step's process "
          f"(targets {TARGET_SECONDS:.0f} s, {TARGET_MB:.0f} MB)")
    print(_table(rows))
    # The harness's table: rows per second as "turns/s", against the SQLite import.
    stats = [Stats(name, ROWS, seconds, [seconds]) for name, seconds, _ in rows]
    return Outcome(stats, baseline="import, SQLite")


def _measure(argv: list[str]) -> None:
    """In the step's own process: run the command, then print seconds and peak memory."""
    from bot.cli import main

    began = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()):
        code = main(argv)
    seconds = time.perf_counter() - began
    if code != 0:
        raise SystemExit(code)
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    print(json.dumps({"seconds": seconds, "peak_mb": peak_kb / 1024}))


if __name__ == "__main__":
    if not sys.argv[1:]:
        raise SystemExit("usage: python -m bench register  (this module runs one step)")
    _measure(sys.argv[1:])
