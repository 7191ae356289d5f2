"""Explicit dates in answers: "März 2019", "1.3.2019", "03/2019", "2019-03", "2019", "з березня 2019",
"2019'dan beri", "منذ ٢٠١٩", "شهر ٣ ٢٠١٩".

Every date found becomes a candidate with the cues around it; the arrival and
months parsers pick among the candidates (see pick_date).
"""

from __future__ import annotations

import datetime
import re
from typing import NamedTuple

from actions.answer_parsing import vocab_time as vocab
from actions.answer_parsing.durations import SINCE, is_arrival_cue
from actions.answer_parsing.normalisation import (
    FILLERS,
    Text,
    glued_to_letters,
    has_stem,
    is_number,
    part_of_date_or_decimal,
    words_after,
    words_before,
)
from actions.answer_parsing.numbers import COUNT_NOUNS, time_unit
from actions.answer_parsing.vocab_months import MONTH_NAMES as MONTH_NAMES

# Arrival dates before this are treated as typos / misreadings (spec).
_EARLIEST_ARRIVAL = datetime.date(1950, 1, 1)

_MONTH_ALTERNATIVES = "|".join(sorted(MONTH_NAMES, key=len, reverse=True))
_MONTH_YEAR_RE = re.compile(r"\b(" + _MONTH_ALTERNATIVES + r")\b\.?\s?(\d{4})(?!\d)")
_FULL_DATE_RE = re.compile(r"(?<![\d.])(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})(?!\d)")
_NUMERIC_MONTH_YEAR_RE = re.compile(r"(?<![\d./])(\d{1,2})\s?[./]\s?(\d{4})(?![\d./])")
_ISO_RE = re.compile(r"(?<![\d-])(\d{4})-(\d{1,2})(?:-(\d{1,2}))?(?![\d-])")
# "شهر ٣ ٢٠١٩", "ماه ۳ سال ۲۰۱۹", "month 3 2019": a month number after the word for month.
_MONTH_NUMBER_YEAR_RE = re.compile(
    r"(?<![^\W\d_])(?:شهر|ماه|month)\s?(\d{1,2})\s(?:(?:سنه|عام|سال|year)\s)?(\d{4})(?!\d)"
)

_BIRTH = frozenset({"geboren", "geb", "jahrgang", "geburtsjahr", "geburtsdatum", "born", "baujahr"})
_SINCE_BEFORE_DATE = SINCE | vocab.SINCE_BEFORE_DATE
# Words between "seit" and the date: "seit Anfang 2019", "з 2019 року", "منذ عام 2019".
_SKIP_BEFORE_DATE = FILLERS | vocab.SKIP_BEFORE_DATE


def _is_arrival_verb(word: str) -> bool:
    return word in vocab.ARRIVAL_VERBS or has_stem(word, vocab.ARRIVAL_VERB_STEMS)


def _is_birth(word: str) -> bool:
    return word in _BIRTH or has_stem(word, vocab.BIRTH_STEMS)


class DateCandidate(NamedTuple):
    """A date found in an answer, with what tells whether it is the arrival."""
    pos: int
    date: datetime.date
    preferred: bool  # introduced by "seit"/"vor"/arrival verb
    cue: bool  # mentions Germany / arriving / living here


def as_date(today: datetime.date) -> datetime.date:
    """`today` as a plain date."""
    # datetime is a subclass of date but cannot be compared with one.
    return today.date() if isinstance(today, datetime.datetime) else today


def _safe_date(year: int, month: int, day: int) -> datetime.date | None:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def _spelled_dates(normalised: str) -> list[tuple[int, int, datetime.date | None]]:
    """(start, end, date) of every written date; the date is None when impossible."""
    found: list[tuple[int, int, datetime.date | None]] = []
    for match in _MONTH_YEAR_RE.finditer(normalised):
        found.append((match.start(), match.end(),
                      _safe_date(int(match.group(2)), MONTH_NAMES[match.group(1)], 1)))
    for match in _FULL_DATE_RE.finditer(normalised):
        found.append((match.start(), match.end(),
                      _safe_date(int(match.group(3)), int(match.group(2)), int(match.group(1)))))
    for match in _NUMERIC_MONTH_YEAR_RE.finditer(normalised):
        found.append((match.start(), match.end(), _safe_date(int(match.group(2)), int(match.group(1)), 1)))
    for match in _ISO_RE.finditer(normalised):
        found.append((match.start(), match.end(),
                      _safe_date(int(match.group(1)), int(match.group(2)), int(match.group(3) or 1))))
    for match in _MONTH_NUMBER_YEAR_RE.finditer(normalised):
        found.append((match.start(), match.end(), _safe_date(int(match.group(2)), int(match.group(1)), 1)))
    return found


def _year_only_candidate(text: Text, index: int) -> DateCandidate | None:
    """A bare year ("2019", "Ende 2019")."""
    # Without a month we use July 1st: the middle of the year is at most six
    # months off either way, instead of systematically over- (Jan 1) or
    # under-stating (Dec 31) the time in Germany.  "Anfang/Mitte/Ende 2019" picks the month.
    before = words_before(text, index, 1, skip_fillers=False)
    after = words_after(text, index, 1)
    month = vocab.PART_OF_YEAR_BEFORE.get(before[0], 7) if before else 7
    if after and after[0] in vocab.PART_OF_YEAR_AFTER:  # "2019 sonunda"
        month = vocab.PART_OF_YEAR_AFTER[after[0]]
    date = _safe_date(int(text.tokens[index].text), month, 1)
    if date is None:
        return None
    return _make_candidate(text, index, index, date, check_count=True)


def _month_only_candidate(text: Text, index: int, today: datetime.date) -> DateCandidate | None:
    """A month without year, only after "seit": the most recent such month."""
    next_word = text.word_at(index + 1)
    if next_word is not None and is_number(next_word):
        return None
    before = [word for word in words_before(text, index, 2) if word not in _SKIP_BEFORE_DATE]
    if not (before and before[0] in _SINCE_BEFORE_DATE):
        return None
    month = MONTH_NAMES[text.tokens[index].text]
    year = today.year if month <= today.month else today.year - 1
    return _make_candidate(text, index, index, datetime.date(year, month, 1), check_count=False)


def date_candidates(text: Text, today: datetime.date) -> list[DateCandidate]:
    """Explicit dates: "März 2019", "1.3.2019", "03/2019", "2019-03", "2019"."""
    spelled = _spelled_dates(text.normalised)
    covered = [(start, end) for start, end, _ in spelled]

    candidates: list[DateCandidate] = []
    for start, end, date in spelled:
        if date is not None:
            first = text.token_at(start)
            last = max(first, text.token_at(end - 1))
            candidate = _make_candidate(text, first, last, date, check_count=False)
            if candidate is not None:
                candidates.append(candidate)

    for index, token in enumerate(text.tokens):
        word = token.text
        candidate = None
        if (is_number(word) and len(word) == 4 and not glued_to_letters(text, token)
                and not part_of_date_or_decimal(text, token)):
            if any(start <= token.start < end for start, end in covered):
                continue
            candidate = _year_only_candidate(text, index)
        elif word in MONTH_NAMES and (len(word) > 3 or word == "mai" or not word.isascii()):  # not "jan", "mar"
            candidate = _month_only_candidate(text, index, today)
        if candidate is not None:
            candidates.append(candidate)
    return candidates


def _make_candidate(text: Text, first: int, last: int, date: datetime.date, check_count: bool) -> DateCandidate | None:
    before = words_before(text, first, 6, skip_fillers=False)
    after = words_after(text, last, 6)
    own_words = []  # words before the date, up to a connector ("geboren ... und seit 2019")
    for word in before[:3]:
        if word in vocab.CONNECTORS:
            break
        own_words.append(word)
    if any(_is_birth(word) for word in own_words + after[:2]):
        return None  # "2000 geboren", "geb. 01.03.2000", "geboren im Jahr 2000", "народився 2000"
    if (check_count and after and after[0] not in vocab.YEAR_NOUNS_AFTER_A_YEAR
            and (after[0] in COUNT_NOUNS or time_unit(after[0]))):
        return None  # "2000 Euro", "2000 Stunden"
    nearest_before = [word for word in before if word not in _SKIP_BEFORE_DATE][:1]
    preferred = (bool(nearest_before and nearest_before[0] in _SINCE_BEFORE_DATE)
                 or any(word in vocab.SINCE_AFTER or _is_arrival_verb(word) for word in after[:4]))
    cue = any(is_arrival_cue(word) for word in before + after)
    return DateCandidate(text.tokens[first].start, date, preferred, cue)


def pick_date(candidates: list[DateCandidate], today: datetime.date, strict: bool) -> datetime.date | None:
    """The first plausible date, preferring one introduced by "seit"/"vor"/an arrival verb."""
    valid = [candidate for candidate in candidates
             if _EARLIEST_ARRIVAL <= candidate.date <= today and (candidate.cue or not strict)]
    if not valid:
        return None
    preferred = [candidate for candidate in valid if candidate.preferred]
    return min(preferred or valid, key=lambda candidate: candidate.pos).date
