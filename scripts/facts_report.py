#!/usr/bin/env python3
"""List the facts last checked more than 12 months ago (and how old the sources are).

A fact whose checked_date is older than --months must be re-checked before the
bot keeps answering from it. The source date of each KI contact is listed too:
an old source means an address may have moved even if it was checked recently.

Usage: python scripts/facts_report.py [--months 12] [--today 2026-11-24]
"""
from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from actions.facts import read_facts  # noqa: E402

YEAR = re.compile(r"\b(19|20)\d{2}\b")


def months_between(earlier: dt.date, later: dt.date) -> int:
    return (later.year - earlier.year) * 12 + later.month - earlier.month - (later.day < earlier.day)


def stale_facts(facts: dict, today: dt.date, months: int) -> list[tuple[str, str, int]]:
    stale = []
    for section in ("programs", "kis"):
        for key, entry in facts[section].items():
            age = months_between(dt.date.fromisoformat(entry["checked_date"]), today)
            if age > months:
                stale.append((section, key, age))
    return stale


def newest_year(text: str | None) -> int | None:
    years = [int(match.group(0)) for match in YEAR.finditer(text or "")]
    return max(years) if years else None


def old_ki_sources(facts: dict, today: dt.date, months: int) -> list[tuple[str, str]]:
    """KIs whose newest dated source is older than the limit (or undated)."""
    rows = []
    for ki in facts["kis"].values():
        year = newest_year(ki.get("source_date"))
        if year is None or (today.year - year) * 12 > months:
            rows.append((ki["region"], ki.get("source_date") or "undatiert"))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--today", type=dt.date.fromisoformat, default=dt.date.today())
    args = parser.parse_args(argv)
    facts = read_facts()
    stale = stale_facts(facts, args.today, args.months)
    print(f"Facts last checked more than {args.months} months before {args.today}: {len(stale)}")
    for section, key, age in stale:
        print(f"  {section}/{key}: checked {age} months ago")
    old = old_ki_sources(facts, args.today, args.months)
    print(f"\nKI contacts whose newest source is older than {args.months} months or undated: {len(old)} of "
          f"{len(facts['kis'])} (check with the Kommune before relying on the address)")
    for region, source_date in sorted(old):
        print(f"  {region}: {source_date[:70]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
