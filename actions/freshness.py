"""How old a fact's newest source is, and how to say its date.

Source dates carry only the precision the source gives: "2026-02-09", "2025-10" or
"2025" (see scripts/fact_dates.py). For the age, a partial date counts from the first
day it can mean, so a source of "2025" is older than one of "2025-11": when in doubt,
the answer says the fact may be outdated.
"""
from __future__ import annotations

import datetime as dt

from actions.i18n import N_, t

STALE_AFTER_MONTHS = 12
MONTH_NAMES = (N_("Januar"), N_("Februar"), N_("März"), N_("April"), N_("Mai"), N_("Juni"), N_("Juli"), N_("August"),
               N_("September"), N_("Oktober"), N_("November"), N_("Dezember"))


def period_start(iso: str) -> dt.date:
    """The first day a full or partial ISO date can mean."""
    parts = [int(part) for part in iso.split("-")]
    year, month, day = (parts + [1, 1])[:3]
    return dt.date(year, month, day)


def months_old(iso: str, today: dt.date) -> int:
    """Whole months from the first day the date can mean to `today`."""
    start = period_start(iso)
    return (today.year - start.year) * 12 + today.month - start.month - (today.day < start.day)


def is_stale(iso: str | None, today: dt.date, months: int = STALE_AFTER_MONTHS) -> bool:
    """Older than `months`, or undated: nothing vouches for an undated page."""
    return iso is None or months_old(iso, today) > months


def source_date_phrase(iso: str) -> str:
    """"vom 09.02.2026", "von Oktober 2025" or "von 2025" in the conversation's language ("dated 09.02.2026"): only
    the precision the source gives; the digits stay as they are in every language."""
    parts = iso.split("-")
    if len(parts) == 3:
        return t("vom {date}").format(date=f"{parts[2]}.{parts[1]}.{parts[0]}")
    if len(parts) == 2:
        month = MONTH_NAMES[int(parts[1]) - 1]
        return t("von {month} {year}").format(month=t(month), year=parts[0])
    return t("von {year}").format(year=parts[0])
