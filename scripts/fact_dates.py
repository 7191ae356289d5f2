"""Dates of sources, read from the free-text "Datum der Quelle" cells of the facts.

A source cell says things like "2025-03-28 (gilt ab 06.05.2025); 2025-12-07 (Rundblick)",
"Gesetz vom 25.11.2021; SGV-Stand 2024", "ca. 2020/21" or "undatiert (nach 2022)". The
answers show the date of the newest source, so the build needs it as an ISO date with
only the precision the cell gives: "YYYY-MM-DD", "YYYY-MM" or "YYYY". A bound such as
"undatiert (nach 2022)" is no date: the page may be from any year after 2022.
"""
from __future__ import annotations

import re

_UNDATED_NOTE = re.compile(r"undatiert\s*\([^)]*\)|\b(?:nach|ab|frühestens)\s+(?:\d{1,2}/)?\d{4}", re.IGNORECASE)
# (pattern, function giving (year, month, day) with 0 for "not given"), most precise first.
_PATTERNS = (
    (re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b"), lambda m: (int(m[1]), int(m[2]), int(m[3]))),
    (re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b"), lambda m: (int(m[3]), int(m[2]), int(m[1]))),
    (re.compile(r"\b(\d{4})-(\d{2})\b"), lambda m: (int(m[1]), int(m[2]), 0)),
    (re.compile(r"\b(\d{1,2})/(\d{4})\b"), lambda m: (int(m[2]), int(m[1]), 0)),
    (re.compile(r"\b(\d{4})/(\d{2})\b"), lambda m: (int(m[1][:2] + m[2]), 0, 0)),
    (re.compile(r"\b((?:19|20)\d{2})\b"), lambda m: (int(m[1]), 0, 0)),
)


def newest_date(cell: str | None) -> str | None:
    """The newest date a source cell names, or None when it names none."""
    text = _UNDATED_NOTE.sub(" ", cell or "")
    found: list[tuple[int, int, int]] = []
    for pattern, as_tuple in _PATTERNS:
        found += [as_tuple(match) for match in pattern.finditer(text)]
        text = pattern.sub(" ", text)  # a matched date must not count again as a bare year
    if not found:
        return None
    year, month, day = max(found)
    return f"{year:04d}" + (f"-{month:02d}" if month else "") + (f"-{day:02d}" if day else "")

