#!/usr/bin/env python3
"""How easy the Einfache-Sprache answers are to read (issue #17): the Wiener Sachtextformel.

The first Wiener Sachtextformel (Bamberger & Vanecek; textstat's German implementation, syllables by
pyphen's bundled dictionaries, nothing downloaded) estimates the school grade a German text needs:
4 is very easy, 15 very hard. The standard German answers of the units have a median of 8.9.
Target for Einfache Sprache (facts_src/translations/de-simple.yml): a median of at most 7 and no
answer above 10. `make facts-report` prints this; tests/test_translations.py holds the target.

    python scripts/readability.py [--worst 15] [--file facts_src/translations/de-simple.yml]
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path

import textstat
import yaml

REPO = Path(__file__).resolve().parent.parent
FACTS = REPO / "actions" / "data" / "facts.json"
MAX_SCORE = 10.0
MAX_MEDIAN = 7.0


def wiener_sachtextformel(text: str) -> float:
    textstat.set_lang("de")
    return float(textstat.wiener_sachtextformel(text, 1))


def scores(facts: dict) -> dict[str, float]:
    """The score of every Einfache-Sprache answer (answer and context together), by unit id."""
    simple = facts.get("translations", {}).get("de-simple", {})
    return {unit_id: wiener_sachtextformel(f"{entry['answer']} {entry.get('context') or ''}".strip())
            for unit_id, entry in simple.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--worst", type=int, default=15)
    parser.add_argument("--file", type=Path, help="measure a translation file being edited instead of facts.json")
    args = parser.parse_args(argv)
    if args.file:
        facts = {"translations": {"de-simple": yaml.safe_load(args.file.read_text(encoding="utf-8"))["units"]}}
    else:
        facts = json.loads(FACTS.read_text(encoding="utf-8"))
    by_unit = scores(facts)
    if not by_unit:
        print("no Einfache-Sprache answers")
        return 1
    median = statistics.median(by_unit.values())
    over = {unit_id: score for unit_id, score in by_unit.items() if score > MAX_SCORE}
    print(f"Einfache Sprache, Wiener Sachtextformel: {len(by_unit)} answers, median {median:.1f} "
          f"(target ≤ {MAX_MEDIAN:.0f}), {len(over)} above {MAX_SCORE:.0f} (target 0)")
    for unit_id, score in sorted(by_unit.items(), key=lambda item: -item[1])[:args.worst]:
        print(f"  {score:5.1f}  {unit_id}")
    return 0 if median <= MAX_MEDIAN and not over else 1


if __name__ == "__main__":
    sys.exit(main())
