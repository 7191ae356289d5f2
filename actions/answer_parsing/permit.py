"""Free-text answers to the questions that the law's details need (issue #14).

- the kind of Aufenthaltserlaubnis ("für Arbeit", "Familiennachzug", "§ 25 Abs. 5"),
- how many years in Germany were lawful ("alle", "4 Jahre", "keins"),
- when the identity was clarified, for the § 60d deadline ("seit 2023 geklärt", "noch nicht"),
- whether the first permit is less than a year old ("vor 3 Monaten", "nein").

Each parser returns one of its question's button values, or None when the text does not
say it clearly: a vague answer is asked again rather than guessed.
"""
from __future__ import annotations

import datetime as dt
import re

from actions.answer_parsing.months import parse_months
from actions.answer_parsing.normalisation import normalise
from actions.answer_parsing.numbers import parse_number
from actions.answer_parsing.yes_no import parse_yes_no

# Paragraph numbers first: they are what the card says and the most precise answer.
_PARAGRAPH_KINDS = (
    (re.compile(r"\b25\s?(?:abs(?:atz)?\.?\s?)?[345]\b|\b25\s?abs(?:atz)?\.?\s?(?:3|4|5)\b"), "humanitaer"),
    (re.compile(r"\b25\s?[ab]\b"), "bleiberecht"),
    (re.compile(r"\b25\s?(?:abs(?:atz)?\.?\s?)?[12]\b"), "schutz"),
    (re.compile(r"\b(?:16[a-f]?|17|20a?)\b"), "studium"),
    (re.compile(r"\b(?:18[a-dg]?|19c|21)\b"), "arbeit"),
    (re.compile(r"\b(?:28|29|30|32|36a?)\b"), "familie"),
)
_WORD_KINDS = (
    (re.compile(r"abschiebungsverbot|humanitaer|25\s?abs"), "humanitaer"),
    (re.compile(r"bleiberecht|nachhaltige\s+integration|gut\s+integriert"), "bleiberecht"),
    (re.compile(r"fluechtling|asyl|anerkannt|subsidiaer|schutzstatus|schutz\b"), "schutz"),
    (re.compile(r"studi|student|ausbildung|azubi|sprachkurs|schule|arbeitssuche|jobsuche|job\s?suche"), "studium"),
    (re.compile(r"blaue\s?karte|fachkraft|arbeit|beruf|job\b|erwerb|beschaeftigung|chancenkarte"), "arbeit"),
    (re.compile(r"familie|ehe|heirat|verheiratet|mann\b|frau\b|ehemann|ehefrau|kind|eltern|nachzug"), "familie"),
)
_PARAGRAPH = re.compile(r"(?:§|paragraph|paragraf|para\b)")
_OTHER = re.compile(r"\b(?:anderes?|sonstige[sn]?)\b")


def parse_permit_kind(text: str) -> str | None:
    """What the Aufenthaltserlaubnis was granted for, as a `permit_kind` button value."""
    normalised = normalise(text)
    if _PARAGRAPH.search(normalised) or re.fullmatch(r"[\d\s.absatz]+[a-g]?", normalised):
        for pattern, kind in _PARAGRAPH_KINDS:
            if pattern.search(normalised):
                return kind
    kinds = {kind for pattern, kind in _WORD_KINDS if pattern.search(normalised)}
    if len(kinds) == 1:
        return kinds.pop()
    if not kinds and _OTHER.search(normalised):
        return "andere"
    return None  # none or several: ask again rather than guess


_ALL_YEARS = re.compile(r"\b(?:alle|allen|immer|ganze\s+zeit|jedes\s+jahr|komplett|durchgehend|von\s+anfang\s+an)\b")
_NO_YEARS = re.compile(r"\b(?:keins|keine|keinen|kein|gar\s+nicht|nie|null)\b")
_MONTH_WORD = re.compile(r"\bmonat")
_DECIMAL = re.compile(r"\b(\d{1,2})[.,](\d)\b")


def parse_lawful_years(text: str) -> object:
    """"alle" → "all"; "4 Jahre"/"vier" → 4; "4,5 Jahre" → 4.5; "18 Monate" → 1.5; "keine" → 0."""
    normalised = normalise(text)
    if _ALL_YEARS.search(normalised):
        return "all"
    decimal = _DECIMAL.search(normalised)
    number = float(f"{decimal[1]}.{decimal[2]}") if decimal else parse_number(normalised)
    if number is not None:
        return round(number / 12, 2) if _MONTH_WORD.search(normalised) else number
    if _NO_YEARS.search(normalised):
        return 0
    return None


_NOT_YET = re.compile(r"\b(?:nein|noch\s+nicht|nicht\s+geklaert|ungeklaert|kein(?:en)?\s+pass|ohne\s+pass)\b")
_YEAR = re.compile(r"\b(20\d{2}|19\d{2})\b")
_YES = re.compile(r"\b(?:ja|geklaert|pass|habe\s+ich)\b")


def parse_identity_60d(text: str) -> str | None:
    """"seit 2023 geklärt" → "bis_2024"; "erst 2025" → "ab_2025"; "noch nicht" → "nein".
    A plain "ja" says nothing about the deadline, so it is asked again."""
    normalised = normalise(text)
    if _NOT_YET.search(normalised):
        return "nein"
    years = [int(year) for year in _YEAR.findall(normalised)]
    if years and (_YES.search(normalised) or re.fullmatch(r"(?:seit|ab|im|in|erst)?\s*\d{4}", normalised)):
        return "bis_2024" if max(years) <= 2024 else "ab_2025"
    return None


def parse_permit_first_year(text: str, today: dt.date) -> str | None:
    """"ja"/"nein", or how long ago: "vor 3 Monaten" → "true", "seit 2 Jahren" → "false"."""
    flag = parse_yes_no(text)
    if flag is None:
        months = parse_months(text, today)
        flag = None if months is None else months < 12
    return None if flag is None else ("true" if flag else "false")
