"""Durations in answers: "seit 5 Jahren", "anderthalb Jahre", "1 Jahr und 6 Monate"."""

from __future__ import annotations

import calendar
import datetime
from typing import NamedTuple

from actions.answer_parsing.normalisation import Text, glued_to_letters, is_number, words_after, words_before
from actions.answer_parsing.numbers import (
    DAY,
    HALF,
    HALF_WORDS,
    MONTH,
    NUMBER_WORDS,
    ONE_WORDS,
    WEEK,
    YEAR,
    time_unit,
)

# Average month length, used to turn weeks/days into months.
_DAYS_PER_MONTH = 30.4375

SINCE = frozenset({"seit", "seid", "seitdem", "since"})
# Words after a duration that show it is a stay, not an age: "5 Jahre hier".
_STAY_WORDS = frozenset({"hier", "in", "im", "da", "dort"})

# How a duration is meant, from the words around it (see duration_context).
SINCE_CONTEXT, AGO_CONTEXT, HERE_CONTEXT = "since", "ago", "here"
AGE_CONTEXT, OTHER_CONTEXT = "age", "other"


class Duration(NamedTuple):
    """A span of time found in an answer ("3 Jahre und 2 Monate"), with its token range."""
    first: int  # index of the first token
    last: int  # index of the last token (the unit)
    months: float
    days: float


def _decimal_after(text: Text, index: int) -> str | None:
    """Digits of a decimal comma/point glued on both sides: "3,5" / "3.5" (not "3.2019")."""
    tokens = text.tokens
    separator = index + 1
    if (
        separator + 1 < len(tokens)
        and tokens[separator].text in ",."
        and tokens[separator].start == tokens[index].end
        and is_number(tokens[separator + 1].text)
        and tokens[separator + 1].start == tokens[separator].end
        and len(tokens[separator + 1].text) <= 2
    ):
        return tokens[separator + 1].text
    return None


def _digit_amount_at(text: Text, index: int) -> tuple[float, int] | None:
    """"5", "3,5", "2 einhalb" starting at token `index`, and the index after it."""
    token = text.tokens[index]
    if len(token.text) > 9 or glued_to_letters(text, token):
        return None
    amount: float = int(token.text)
    after = index + 1
    decimals = _decimal_after(text, index)
    if decimals is not None:
        amount = float(token.text + "." + decimals)
        after += 2
    if text.word_at(after) == "einhalb":  # "2 einhalb Jahre"
        amount += 0.5
        after += 1
    return amount, after


def _amount_at(text: Text, index: int) -> tuple[float, int] | None:
    """Amount starting at token `index` and the index of the token after it."""
    word = text.tokens[index].text
    next_word = text.word_at(index + 1)
    if is_number(word):
        return _digit_amount_at(text, index)
    if word in NUMBER_WORDS:
        if next_word == "einhalb":
            return NUMBER_WORDS[word] + 0.5, index + 2
        return NUMBER_WORDS[word], index + 1
    if word in HALF_WORDS:
        return HALF_WORDS[word], index + 1
    if word in ONE_WORDS:
        if next_word in HALF:  # "ein halbes Jahr", "einem halben Jahr"
            return 0.5, index + 2
        return 1, index + 1
    if word in HALF:  # "seit halbem Jahr"
        return 0.5, index + 1
    return None


def _may_start_amount(word: str) -> bool:
    return is_number(word) or word in NUMBER_WORDS or word in HALF_WORDS or word in ONE_WORDS or word in HALF


def _single_durations(text: Text) -> list[Duration]:
    """Every amount directly followed by a time unit."""
    found: list[Duration] = []
    count = len(text.tokens)
    index = 0
    while index < count:
        if _may_start_amount(text.tokens[index].text):
            amount_and_end = _amount_at(text, index)
            if amount_and_end is not None:
                amount, unit_index = amount_and_end
                unit = time_unit(text.word_at(unit_index))
                if unit is not None:
                    months = amount * 12 if unit == YEAR else amount if unit == MONTH else 0.0
                    days = amount * 7 if unit == WEEK else amount if unit == DAY else 0.0
                    found.append(Duration(index, unit_index, months, days))
                    index = unit_index + 1
                    continue
        index += 1
    return found


def durations(text: Text) -> list[Duration]:
    """All amount+unit durations; adjacent ones joined by "und"/"," are summed."""
    merged: list[Duration] = []
    for duration in _single_durations(text):
        if merged:
            previous = merged[-1]
            gap = [token.text for token in text.tokens[previous.last + 1 : duration.first]]
            if gap and len(gap) <= 2 and all(word in ("und", ",", "&") for word in gap):
                merged[-1] = Duration(
                    previous.first, duration.last, previous.months + duration.months, previous.days + duration.days
                )
                continue
        merged.append(duration)
    return merged


def duration_context(text: Text, duration: Duration) -> str | None:
    """Classify a duration: since / ago / here / age / other / None (bare)."""
    before = words_before(text, duration.first, 1)
    after = words_after(text, duration.last, 1)
    word_before = before[0] if before else None
    word_after = after[0] if after else None
    if word_after in ("alt", "old"):
        return AGE_CONTEXT  # "19 Jahre alt"
    if word_before in SINCE:
        return SINCE_CONTEXT
    if word_before == "vor" or word_after in ("her", "ago"):
        return AGO_CONTEXT
    if word_before in ("in", "nach", "fuer", "for", "bis", "ab"):
        return OTHER_CONTEXT  # "in 2 Jahren" is future, "für 2 Jahre" is a span
    if word_after in _STAY_WORDS:
        return HERE_CONTEXT
    return None


def whole_months(months: float, days: float) -> int:
    """Completed months of a duration."""
    # Floor: eligibility rules count completed months; the epsilon absorbs
    # float noise such as 3.5 * 12.
    return int(months + days / _DAYS_PER_MONTH + 1e-9)


def _months_before(date: datetime.date, months: int) -> datetime.date | None:
    month_index = date.year * 12 + (date.month - 1) - months
    year, zero_based_month = divmod(month_index, 12)
    if year < 1:
        return None
    day = min(date.day, calendar.monthrange(year, zero_based_month + 1)[1])
    return datetime.date(year, zero_based_month + 1, day)


def start_of_duration(duration: Duration, today: datetime.date) -> datetime.date | None:
    """The date `duration` before today, or None when it is out of range."""
    months = int(duration.months + 1e-9)  # partial months are dropped (conservative)
    if months > 12 * 200 or duration.days > 100_000:
        return None
    start = _months_before(today, months)
    if start is None:
        return None
    try:
        return start - datetime.timedelta(days=int(duration.days))
    except OverflowError:
        return None
