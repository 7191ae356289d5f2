"""What every answer text shares: buttons, dates, the source line, sentence helpers."""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from actions.freshness import german_source_date, is_stale

Button = dict[str, str]

NO_LEGAL_ADVICE = "Das ist keine Rechtsberatung. Die Entscheidung trifft die zuständige Behörde."
# Status words in the facts that mean "this is no longer (fully) available".
NOTABLE_STATUS = re.compile(r"^(BEENDET|AUSGELAUFEN|HISTORISCH|STARK EINGESCHRÄNKT)", re.IGNORECASE)
DEFAULT_ASK_AT = "bei der Migrationsberatung (MBE) oder Ihrem Kommunalen Integrationszentrum"


def german_date(iso_date: str) -> str:
    """"2026-11-24" → "24.11.2026"."""
    year, month, day = iso_date.split("-")
    return f"{day}.{month}.{year}"


def source_line(source: Mapping[str, Any], checked_date: str, today: dt.date, ask_at: str = DEFAULT_ASK_AT) -> str:
    """The newest source with its own date and the day we checked it; a warning when it is old.

    No "Stand" newer than the source: the check date says when we looked, not how current
    the fact is."""
    dated = f"Quelle {german_source_date(source['date'])}" if source.get("date") else "Quelle ohne Datum"
    line = f"Quelle: {source['url']} ({dated}, geprüft am {german_date(checked_date)})"
    if is_stale(source.get("date"), today):
        age = (f"Die neueste Quelle ist {german_source_date(source['date'])}" if source.get("date")
               else "Die Quelle nennt kein Datum")
        line += f"\n{age}, die Angabe kann veraltet sein. Im Zweifel fragen Sie {ask_at} nach."
    return line


def first_sentences(text: str, count: int) -> str:
    """Cut at sentence ends, but not after abbreviations such as 'z. B.' or 'Abs.'."""
    sentences = re.split(r"(?<=[a-zäöüß)\]]{3}[.!?])\s+(?=[A-ZÄÖÜ])", text.strip())
    return " ".join(sentences[:count])


def ensure_period(text: str) -> str:
    """The text as a sentence: capital first letter, closing punctuation."""
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."
