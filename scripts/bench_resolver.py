#!/usr/bin/env python3
"""Latency of the place resolver (actions/places.py) per kind of input.

Usage:  python scripts/bench_resolver.py [--calls 2000]

Prints p50/p95/max in milliseconds over >= 2000 calls for exact names, fuzzy
(typo) names, PLZ, sentences and coordinates.  Inputs are taken from the bot's
own data (actions/data/places.json) so every call does real work.  Target:
p95 <= 1 ms for exact, fuzzy and PLZ.  (No timing asserts in the tests: CI
machines vary.)
"""
from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from actions.places import get_resolver  # noqa: E402

SENTENCE_TEMPLATES = (
    "Welches KI ist für {} zuständig?",
    "Hallo, ich wohne seit drei Jahren in {} und brauche eine Beratung",
    "Ich bin nach {} umgezogen",
    "wo finde ich das kommunale integrationszentrum in {}",
)


def _typo(name: str, rng: random.Random) -> str:
    """Swap two neighbouring letters inside the name (a typical typing error)."""
    if len(name) < 7:
        return name + name[-1]
    i = rng.randrange(2, len(name) - 2)
    return name[:i] + name[i + 1] + name[i] + name[i + 2:]


def _inputs(calls: int, rng: random.Random) -> dict[str, Sequence]:
    places = json.loads((REPO / "actions" / "data" / "places.json").read_text(encoding="utf-8"))
    names = [g["name"] for g in places["gemeinden"]]
    ortsteile = [o["name"] for o in places["ortsteile"]]
    long_names = [n for n in names if len(n) >= 7]
    plz = sorted(places["plz"])
    points = [(g["lat"] + rng.uniform(-0.02, 0.02), g["lon"] + rng.uniform(-0.02, 0.02))
              for g in places["gemeinden"]]

    def pick(seq: Sequence, n: int = calls) -> list:
        return [seq[i % len(seq)] for i in range(n)]

    return {
        "exact name": pick(names + rng.sample(ortsteile, 200)),
        "fuzzy (typo)": [_typo(n, rng) for n in pick(long_names)],
        "PLZ": pick(plz),
        "sentence": [SENTENCE_TEMPLATES[i % 4].format(n) for i, n in enumerate(pick(names))],
        "coordinates": pick(points),
    }


def _time(fn: Callable, items: Sequence) -> list[float]:
    out = []
    for item in items:
        t0 = time.perf_counter()
        fn(*item) if isinstance(item, tuple) else fn(item)
        out.append((time.perf_counter() - t0) * 1000)
    return out


def _pct(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)

    t0 = time.perf_counter()
    resolver = get_resolver()
    print(f"load: {(time.perf_counter() - t0) * 1000:.0f} ms")
    inputs = _inputs(max(args.calls, 2000), rng)
    for kind, items in inputs.items():     # warm-up (fuzzy length buckets, caches)
        fn = resolver.resolve_coordinates if kind == "coordinates" else resolver.resolve
        _time(fn, items[:50])

    print(f"{'kind':<14}{'calls':>7}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}  status counts")
    for kind, items in inputs.items():
        fn = resolver.resolve_coordinates if kind == "coordinates" else resolver.resolve
        times = _time(fn, items)
        counts: dict[str, int] = {}
        for item in items[:500]:
            res = fn(*item) if isinstance(item, tuple) else fn(item)
            counts[res.status] = counts.get(res.status, 0) + 1
        print(f"{kind:<14}{len(times):>7}{_pct(times, 50):>9.3f}{_pct(times, 95):>9.3f}"
              f"{max(times):>9.3f}  {counts} (first 500)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
