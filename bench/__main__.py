"""`python -m bench [name ...] [--turns N] [--concurrency N]`: run benchmarks, print tables."""

from __future__ import annotations

import argparse
import asyncio
import platform

import bench.dialog_turn
import bench.echo
import bench.names
import bench.register
import bench.reminders
import bench.summary  # noqa: F401
from bench.harness import REGISTRY, LoadShape, format_table


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("names", nargs="*", help=f"benchmarks to run: {', '.join(REGISTRY)}")
    parser.add_argument("--turns", type=int, default=LoadShape.turns)
    parser.add_argument("--concurrency", type=int, default=LoadShape.concurrency)
    parser.add_argument("--warmup", type=int, default=LoadShape.warmup)
    options = parser.parse_args()
    unknown = set(options.names) - set(REGISTRY)
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(sorted(unknown))}")
    shape = LoadShape(options.concurrency, options.turns, options.warmup)
    print(
        f"Python {platform.python_version()} on {platform.machine()}; "
        f"{shape.concurrency} concurrent clients, {shape.turns} turns after {shape.warmup} warm-up"
    )
    for name in options.names or list(REGISTRY):
        chosen = REGISTRY[name]
        outcome = asyncio.run(chosen.run(shape))
        print()
        print(format_table(f"{chosen.name}: {chosen.about}", outcome))


if __name__ == "__main__":
    main()
