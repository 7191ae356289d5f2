"""What every answer text shares: buttons, dates, the source line, sentence helpers."""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from actions.freshness import is_stale, source_date_phrase
from actions.i18n import N_, t

Button = dict[str, str]

NO_LEGAL_ADVICE = N_("Das ist keine Rechtsberatung. Die Entscheidung trifft die zuständige Behörde.")
# Status words in the facts that mean "this is no longer (fully) available".
NOTABLE_STATUS = re.compile(r"^(BEENDET|AUSGELAUFEN|HISTORISCH|STARK EINGESCHRÄNKT)", re.IGNORECASE)
DEFAULT_ASK_AT = N_("bei der Migrationsberatung (MBE) oder Ihrem Kommunalen Integrationszentrum")


def german_date(iso_date: str) -> str:
    """"2026-11-24" → "24.11.2026"."""
    year, month, day = iso_date.split("-")
    return f"{day}.{month}.{year}"


def source_line(source: Mapping[str, Any], checked_date: str, today: dt.date, ask_at: str = DEFAULT_ASK_AT) -> str:
    """The newest source with its own date and the day we checked it; a warning when it is old.

    No "Stand" newer than the source: the check date says when we looked, not how current
    the fact is. `ask_at` is already in the conversation's language, except the default."""
    warning = stale_warning(source, today, ask_at)
    return source_reference(source, checked_date) + (f"\n{warning}" if warning else "")


def source_reference(source: Mapping[str, Any], checked_date: str) -> str:
    """"Quelle: <url> (Quelle vom …, geprüft am …)"."""
    checked = german_date(checked_date)
    if source.get("date"):
        return t("Quelle: {url} (Quelle {source_date}, geprüft am {checked_date})").format(
            url=source["url"], source_date=source_date_phrase(source["date"]), checked_date=checked)
    return t("Quelle: {url} (Quelle ohne Datum, geprüft am {checked_date})").format(
        url=source["url"], checked_date=checked)


def stale_warning(source: Mapping[str, Any], today: dt.date, ask_at: str = DEFAULT_ASK_AT) -> str | None:
    """That an old or undated source may be out of date, and where to ask; None for a current source."""
    if not is_stale(source.get("date"), today):
        return None
    ask_at = t(ask_at) if ask_at == DEFAULT_ASK_AT else ask_at
    age = (t("Die neueste Quelle ist {source_date}, die Angabe kann veraltet sein.").format(
        source_date=source_date_phrase(source["date"])) if source.get("date")
        else t("Die Quelle nennt kein Datum, die Angabe kann veraltet sein."))
    return age + " " + t("Im Zweifel fragen Sie {ask_at} nach.").format(ask_at=ask_at)


def first_sentences(text: str, count: int) -> str:
    """Cut at sentence ends, but not after abbreviations such as 'z. B.' or 'Abs.'."""
    sentences = re.split(r"(?<=[a-zäöüß)\]]{3}[.!?])\s+(?=[A-ZÄÖÜ])", text.strip())
    return " ".join(sentences[:count])


def ensure_period(text: str) -> str:
    """The text as a sentence: capital first letter, closing punctuation."""
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."
