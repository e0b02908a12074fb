"""`dsobot` run in-process as a DSO runs it, against a fresh SQLite database with the
organisation "bn", and workbooks written the way a DSO's own are (a title row above
the headers, an instructions sheet before the table, real date cells)."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
import xlsxwriter
from sqlalchemy import func, select

from bot.cli import main
from storage.db import Database

Dsobot = Callable[..., tuple[int, str, str]]


def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite+aiosqlite:///{tmp_path / 'dsobot.db'}"


def dsobot_on(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
              capsys: pytest.CaptureFixture[str]) -> Dsobot:
    """`dsobot ARGS` → (exit code, stdout, stderr), with organisation "bn" added."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", db_url)

    def run(*argv: str) -> tuple[int, str, str]:
        try:
            code = main(list(argv))
        except SystemExit as exit_:
            code = exit_.code
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    assert run("org", "add", "bn", "Bildningsnämnden")[0] == 0
    return run


def write_xlsx(path: Path, headers: Sequence[str], rows: Sequence[Sequence[Any]], *,
               sheet: str = "Blad1", title: str | None = None,
               instructions: str | None = None) -> Path:
    """One sheet of headers and rows (dates as date cells); a title row and a blank row
    above the headers when `title` is given; an instructions sheet first when asked."""
    book = xlsxwriter.Workbook(str(path))
    if instructions:
        book.add_worksheet("Instruktioner").write(0, 0, instructions)
    table = book.add_worksheet(sheet)
    dates = book.add_format({"num_format": "yyyy-mm-dd"})
    start = 0
    if title:
        table.write(0, 0, title)
        start = 2
    table.write_row(start, 0, headers)
    for r, row in enumerate(rows, start=start + 1):
        for c, value in enumerate(row):
            if isinstance(value, date):
                table.write_datetime(r, c, datetime.combine(value, datetime.min.time()), dates)
            else:
                table.write(r, c, value)
    book.close()
    return path


def in_database(db_url: str, work: Callable[[Any], Any], *, readonly: bool = True) -> Any:
    """`await work(session)` in a session on `db_url` (committed unless read-only), from
    a plain test."""
    async def run() -> Any:
        db = Database(db_url)
        try:
            async with db.session(readonly=readonly) as session:
                return await work(session)
        finally:
            await db.dispose()

    return asyncio.run(run())


def all_of(db_url: str, model: Any) -> list[Any]:
    """Every row of a model, in the order they were stored."""
    async def work(session: Any) -> list[Any]:
        return list(await session.scalars(select(model).order_by(model.id)))

    return in_database(db_url, work)


def count_of(db_url: str, model: Any) -> int:
    async def work(session: Any) -> int:
        return int(await session.scalar(select(func.count()).select_from(model)))

    return in_database(db_url, work)


def rejections(output: str) -> dict[int, str]:
    """An import report's rejected rows: row number → what follows "reject"."""
    return {int(m[1]): m[2] for m in re.finditer(r"^row (\d+): reject (.*)$", output, re.M)}
