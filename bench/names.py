"""The name guard: precision, recall and false alarms on the labelled set, and what it
costs `pii.find()`, which runs on every typed answer.

The labelled set is `tests/compliance/names_set.py`: sentences as staff write them, half
naming people (spans marked), half without any name but full of places, units, products,
streets and sentence-initial words. Its held-out part was written after the rules and
never tuned on. `python -m bench names`; `python -m bench.names` prints the misses too.
"""

from __future__ import annotations

import sys
import time

from bench.harness import LoadShape, Outcome, Stats, benchmark
from compliance.names import find_names
from compliance.pii import find
from tests.compliance.names_set import ALL, DEVELOPMENT, HELD_OUT, score


def accuracy(verbose: bool = False) -> str:
    lines = [score(sample, find_names).summary(title)
             for title, sample in (("development", DEVELOPMENT), ("held out", HELD_OUT),
                                   ("all", ALL))]
    if verbose:
        overall = score(ALL, find_names)
        lines += [f"  missed: {line}" for line in overall.missed]
        lines += [f"  wrongly reported: {line}" for line in overall.wrong]
    return "\n".join(lines)


def _timed(name: str, call, texts: list[str], shape: LoadShape) -> Stats:
    for n in range(shape.warmup):
        call(texts[n % len(texts)])
    latencies = []
    started = time.perf_counter()
    for n in range(shape.turns):
        begun = time.perf_counter()
        call(texts[n % len(texts)])
        latencies.append(time.perf_counter() - begun)
    return Stats(name, shape.turns, time.perf_counter() - started, latencies)


@benchmark("names", "the name guard on the labelled set; find() per sentence, with and "
                    "without names")
async def run(shape: LoadShape) -> Outcome:
    print()
    print(accuracy())
    texts = [sentence.text for sentence in ALL]
    rows = [_timed("find, names=False", lambda text: find(text, names=False), texts, shape),
            _timed("find (with names)", find, texts, shape)]
    return Outcome(rows, baseline="find, names=False")


if __name__ == "__main__":
    print(accuracy(verbose="-q" not in sys.argv[1:]))
