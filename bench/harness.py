"""A small benchmark harness: a registry, a concurrent load generator, stats and a table.

A benchmark is an async function registered with `@benchmark(name, about)` that
returns a list of `Stats` rows (one per contender, measured side by side in the
same run) and names the row the others are compared with.
"""

from __future__ import annotations

import asyncio
import math
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field


@dataclass
class Stats:
    name: str
    turns: int
    seconds: float
    latencies: list[float] = field(repr=False)
    errors: int = 0

    @property
    def per_second(self) -> float:
        return self.turns / self.seconds if self.seconds else 0.0

    def percentile_ms(self, q: float) -> float:
        return percentile(self.latencies, q) * 1000


@dataclass
class Outcome:
    rows: list[Stats]
    baseline: str  # the row every other row's throughput is divided by


@dataclass(frozen=True)
class Benchmark:
    name: str
    about: str
    run: Callable[[LoadShape], Awaitable[Outcome]]


@dataclass(frozen=True)
class LoadShape:
    concurrency: int = 8
    turns: int = 2000
    warmup: int = 200


REGISTRY: dict[str, Benchmark] = {}


def benchmark(name: str, about: str):
    def register(run: Callable[[LoadShape], Awaitable[Outcome]]):
        REGISTRY[name] = Benchmark(name, about, run)
        return run

    return register


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of unsorted values."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


async def run_load(
    name: str, one_turn: Callable[[int], Awaitable[None]], shape: LoadShape
) -> Stats:
    """Warm up, then run `shape.turns` calls of `one_turn(n)` from `concurrency` workers."""
    await _drive(one_turn, shape.warmup, shape.concurrency, offset=0)
    started = time.perf_counter()
    latencies, errors = await _drive(one_turn, shape.turns, shape.concurrency, offset=shape.warmup)
    return Stats(name, shape.turns, time.perf_counter() - started, latencies, errors)


async def run_interleaved(
    contenders: dict[str, Callable[[int], Awaitable[None]]], shape: LoadShape, rounds: int = 10
) -> list[Stats]:
    """Measure contenders in alternating rounds, so background load on the machine
    falls on all of them alike instead of on whichever happened to run during it."""
    for one_turn in contenders.values():
        await _drive(one_turn, shape.warmup, shape.concurrency, offset=0)
    totals = {name: Stats(name, 0, 0.0, []) for name in contenders}
    per_round = max(1, shape.turns // rounds)
    for round_number in range(rounds):
        for name, one_turn in contenders.items():
            offset = shape.warmup + round_number * per_round
            started = time.perf_counter()
            latencies, errors = await _drive(one_turn, per_round, shape.concurrency, offset=offset)
            stats = totals[name]
            stats.seconds += time.perf_counter() - started
            stats.turns += per_round
            stats.latencies += latencies
            stats.errors += errors
    return list(totals.values())


@asynccontextmanager
async def served_process(module: str, *args: str, env: dict[str, str] | None = None,
                         cwd: str | None = None) -> AsyncIterator[str]:
    """Run `python -m module args...`, which prints "listening URL"; yields the URL.

    Each contender runs in its own process, apart from the load generator, so
    none shares an interpreter lock or event loop with the measuring side.
    `cwd` (with PYTHONPATH in `env`) runs the module from another checkout.
    """
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", module, *args, stdout=asyncio.subprocess.PIPE, env=env, cwd=cwd
    )
    try:
        assert process.stdout is not None
        line = (await asyncio.wait_for(process.stdout.readline(), timeout=120)).decode()
        if not line.startswith("listening "):
            raise RuntimeError(f"{module} {' '.join(args)} did not start: {line!r}")
        yield line.split()[1]
    finally:
        process.terminate()
        await process.wait()


async def _drive(one_turn, total: int, concurrency: int, *, offset: int):
    numbers = iter(range(offset, offset + total))
    latencies: list[float] = []
    errors = 0

    async def worker() -> None:
        nonlocal errors
        for n in numbers:  # workers share one iterator, so each number runs once
            began = time.perf_counter()
            try:
                await one_turn(n)
            except Exception:
                errors += 1
                continue
            latencies.append(time.perf_counter() - began)

    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return latencies, errors


def format_table(title: str, outcome: Outcome) -> str:
    base = next(row for row in outcome.rows if row.name == outcome.baseline)
    header = ("", "turns/s", "p50 ms", "p99 ms", "errors", f"× {outcome.baseline}")
    lines = [header]
    for row in outcome.rows:
        ratio = row.per_second / base.per_second if base.per_second else math.nan
        lines.append(
            (
                row.name,
                f"{row.per_second:,.0f}",
                f"{row.percentile_ms(50):.2f}",
                f"{row.percentile_ms(99):.2f}",
                str(row.errors),
                f"{ratio:.1f}",
            )
        )
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    rendered = [
        "  ".join(
            cell.ljust(width) if i == 0 else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(line, widths, strict=True))
        )
        for line in lines
    ]
    rule = "-" * len(rendered[0])
    return "\n".join([title, rule, rendered[0], rule, *rendered[1:], rule])
