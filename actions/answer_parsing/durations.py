"""Durations in answers: "seit 5 Jahren", "anderthalb Jahre", "1 Jahr und 6 Monate", "5 років тому",
"14 ay", "منذ ٥ سنوات", "۱۴ ماه" (the words of every language are in vocab_time.py)."""

from __future__ import annotations

import calendar
import datetime
from typing import NamedTuple

from actions.answer_parsing import vocab_time as vocab
from actions.answer_parsing.normalisation import (
    Text,
    glued_to_letters,
    has_stem,
    is_number,
    only_fillers_outside,
    words_after,
    words_before,
)
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
from actions.answer_parsing.vocab_answers import AGE_CUE_PAIRS, AGE_CUES_NEAREST

# Average month length, used to turn weeks/days into months.
_DAYS_PER_MONTH = 30.4375

SINCE = vocab.SINCE
# Words that join two spans: "1 Jahr und 6 Monate", "1 рік і 6 місяців".
_AND = frozenset({"und", ",", "&", "and", "і", "и", "та", "ve", "و"})
_ARTICLES = frozenset({"a", "an"})  # "half a year"
# Before a span, an age: "мне 19 лет", "عمري 19 سنة", "i am 19 years" (German "ich bin 5 Jahre" may be a stay).
_AGE_CUES = AGE_CUES_NEAREST - {"bin"}

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
    if text.word_at(after) in vocab.PLUS_HALF_BEFORE_UNIT:  # "2 einhalb Jahre", "2 buçuk yıl"
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
    if word in vocab.AMOUNT_WORDS_BEFORE_UNIT:  # "two years", "два роки", "iki buçuk yıl", "half a year"
        amount = vocab.AMOUNT_WORDS_BEFORE_UNIT[word]
        after = index + 1
        if amount == 0.5 and next_word in _ARTICLES:
            after += 1
        elif next_word in vocab.PLUS_HALF_BEFORE_UNIT:
            amount += 0.5
            after += 1
        return amount, after
    return None


def _may_start_amount(word: str) -> bool:
    return (is_number(word) or word in NUMBER_WORDS or word in HALF_WORDS or word in ONE_WORDS or word in HALF
            or word in vocab.AMOUNT_WORDS_BEFORE_UNIT)


def _half_after_unit(text: Text, unit_index: int) -> int:
    """Number of tokens of "and a half" after a unit ("سنة ونص", "a year and a half"), else 0."""
    following = [text.word_at(index) or "" for index in range(unit_index + 1, unit_index + 4)]
    return vocab.PLUS_HALF_AFTER_UNIT.length_at(following, 0) if following[0] else 0


def _lone_unit_means_one(text: Text, index: int, half: int) -> bool:
    """"منذ سنة", "уже год", "рік тому", or the whole answer "سنة ونص": a unit without a number."""
    if text.tokens[index].text not in vocab.UNITS_ALONE_MEAN_ONE:
        return False
    following = text.word_at(index + 1)
    if following is not None and is_number(following):
        return False  # "سنة 2019" is the year 2019
    before = words_before(text, index, 1, skip_fillers=False)
    return bool(before and (before[0] in SINCE or before[0] in vocab.AGO_BEFORE or before[0] in vocab.ALREADY)
                or following in vocab.AGO_AFTER or only_fillers_outside(text, index, index + half))


def _duration(first: int, last: int, amount: float, unit: str) -> Duration:
    months = amount * 12 if unit == YEAR else amount if unit == MONTH else 0.0
    days = amount * 7 if unit == WEEK else amount if unit == DAY else 0.0
    return Duration(first, last, months, days)


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
                    half = _half_after_unit(text, unit_index)
                    found.append(_duration(index, unit_index + half, amount + (0.5 if half else 0), unit))
                    index = unit_index + half + 1
                    continue
        half = _half_after_unit(text, index) if text.tokens[index].text in vocab.UNITS_ALONE_MEAN_ONE else 0
        if _lone_unit_means_one(text, index, half):
            unit = time_unit(text.tokens[index].text)
            if unit is not None:
                found.append(_duration(index, index + half, 1.5 if half else 1, unit))
                index += half + 1
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
            if len(gap) <= 2 and all(word in _AND for word in gap):  # also "2 yıl 3 ay"
                merged[-1] = Duration(
                    previous.first, duration.last, previous.months + duration.months, previous.days + duration.days
                )
                continue
        merged.append(duration)
    return merged


def duration_context(text: Text, duration: Duration) -> str | None:
    """Classify a duration: since / ago / here / age / other / None (bare)."""
    before = words_before(text, duration.first, 2)
    raw_before = words_before(text, duration.first, 2, skip_fillers=False)
    after = words_after(text, duration.last, 2)
    word_before = before[0] if before else None
    word_after = after[0] if after else None
    unit_word = text.tokens[duration.last].text
    if word_after in vocab.AGE_AFTER_UNIT:
        return AGE_CONTEXT  # "19 Jahre alt", "19 years old", "۱۹ سال دارم"
    if word_before in SINCE or unit_word in vocab.UNITS_MEANING_SINCE or vocab.SINCE_AFTER & set(after):
        return SINCE_CONTEXT  # "seit 5 Jahren", "منذ ٥ سنوات", "5 yıldır", "5 yıldan beri"
    if any(word in vocab.ALREADY for word in raw_before):
        return SINCE_CONTEXT  # "уже 5 лет"
    if word_before in vocab.AGO_BEFORE or word_after in vocab.AGO_AFTER:
        return AGO_CONTEXT  # "vor 5 Jahren", "5 років тому", "5 yıl önce", "قبل ٥ سنوات"
    if word_before in vocab.OTHER_BEFORE or word_after in vocab.OTHER_AFTER or unit_word in vocab.UNITS_MEANING_OTHER:
        return OTHER_CONTEXT  # "in 2 Jahren" is future, "für 2 Jahre" is a span, "2 yıllık" lasts 2 years
    if word_after in vocab.STAY_AFTER:
        return HERE_CONTEXT
    if word_before in _AGE_CUES or tuple(before[:2]) in AGE_CUE_PAIRS:
        return AGE_CONTEXT
    if any(is_arrival_cue(word) for word in words_before(text, duration.first, 3)):
        return HERE_CONTEXT  # "я в германии 5 лет", "in Deutschland 5 Jahre"
    return None


def is_arrival_cue(word: str) -> bool:
    """A word about coming to / living in Germany: "hier", "Deutschland", "приїхала", "almanyada", "بالمانيا".

    parse_all requires one, so "Duldung seit 2 Jahren" does not become an arrival date.
    """
    return word in vocab.ARRIVAL_WORDS or has_stem(word, vocab.ARRIVAL_CUE_STEMS)


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
