#!/usr/bin/env python3
"""List the facts whose newest source is older than 12 months, and those not checked for a year.

An answer from such a fact tells the person that it may be outdated and where to ask
(actions/texts/common.py source_line). This report is the staff's list of what to re-check
first: programmes and eligibility rules by the date of their newest source, KI contacts
by the date of theirs, and anything whose last check is more than --months ago.

Usage: python scripts/facts_report.py [--months 12] [--today 2026-12-02]
"""
from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from actions.facts import read_facts  # noqa: E402
from actions.freshness import is_stale, months_old  # noqa: E402


def stale_facts(facts: dict, today: dt.date, months: int) -> list[tuple[str, str, int]]:
    """Entries whose last check is more than `months` ago."""
    stale = []
    for section in ("programs", "kis"):
        for key, entry in facts[section].items():
            age = months_old(entry["checked_date"], today)
            if age > months:
                stale.append((section, key, age))
    return stale


def old_sources(facts: dict, today: dt.date, months: int) -> list[tuple[str, str, str | None]]:
    """(kind, entry, newest source date) for every programme, rule and KI whose newest source
    is older than `months` or undated, oldest first."""
    entries: list[tuple[str, str, str | None]] = []
    for key, program in facts["programs"].items():
        entries.append(("Programm", key, program["newest_source"]["date"]))
    for key, rule in facts["eligibility"]["programs"].items():
        entries.append(("Prüfregel", key, rule["newest_source"]["date"]))
    for ki in facts["kis"].values():
        entries.append(("KI-Kontakt", ki["region"], ki["newest_source_date"]))
    old = [entry for entry in entries if is_stale(entry[2], today, months)]
    return sorted(old, key=lambda entry: (entry[2] is not None, entry[2] or "", entry[1]))


def describe(date: str | None, today: dt.date) -> str:
    return "undatiert" if date is None else f"{date} ({months_old(date, today)} Monate)"


def print_old_sources(facts: dict[str, Any], today: dt.date, months: int) -> None:
    old = old_sources(facts, today, months)
    print(f"Facts whose newest source is older than {months} months before {today}, or undated: {len(old)}")
    for kind in ("Prüfregel", "Programm", "KI-Kontakt"):
        rows = [entry for entry in old if entry[0] == kind]
        print(f"\n{kind}: {len(rows)}")
        for _, key, date in rows:
            print(f"  {key}: newest source {describe(date, today)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--today", type=dt.date.fromisoformat, default=dt.date.today())
    args = parser.parse_args(argv)
    facts = read_facts()
    print_old_sources(facts, args.today, args.months)
    stale = stale_facts(facts, args.today, args.months)
    print(f"\nFacts last checked more than {args.months} months before {args.today}: {len(stale)}")
    for section, key, age in stale:
        print(f"  {section}/{key}: checked {age} months ago")
    return 0


if __name__ == "__main__":
    sys.exit(main())
