"""The date a person came to Germany: "seit März 2019", "vor 5 Jahren", "03/2019", "since 2019",
"5 років тому", "2019'dan beri", "منذ ٥ سنوات", "از ۲۰۱۹"."""

from __future__ import annotations

import datetime

from actions.answer_parsing.dates import DateCandidate, as_date, date_candidates, pick_date
from actions.answer_parsing.durations import (
    AGE_CONTEXT,
    OTHER_CONTEXT,
    duration_context,
    durations,
    is_arrival_cue,
    start_of_duration,
)
from actions.answer_parsing.normalisation import Text, only_fillers_outside, words_after, words_before


def _duration_candidates(text: Text, today: datetime.date, strict: bool) -> list[DateCandidate]:
    """Arrival dates from durations ("seit 5 Jahren" -> today minus 5 years)."""
    candidates: list[DateCandidate] = []
    for duration in durations(text):
        context = duration_context(text, duration)
        if context in (AGE_CONTEXT, OTHER_CONTEXT):
            continue
        if context is None and (strict or not only_fillers_outside(text, duration.first, duration.last)):
            continue  # a bare "5 Jahre" counts only as the whole answer
        start = start_of_duration(duration, today)
        if start is None:
            continue
        before = words_before(text, duration.first, 6, skip_fillers=False)
        after = words_after(text, duration.last, 6)
        cue = any(is_arrival_cue(word) for word in before + after)
        candidates.append(DateCandidate(text.tokens[duration.first].start, start, context is not None, cue))
    return candidates


def find_arrival(text: Text, today: datetime.date, strict: bool) -> datetime.date | None:
    """strict=True (parse_all) only accepts dates with a cue about Germany/arriving."""
    candidates = date_candidates(text, today) + _duration_candidates(text, today, strict)
    return pick_date(candidates, today, strict)


def parse_arrival(text: str, today: datetime.date) -> datetime.date | None:
    """Date the person came to Germany, or None.

    "seit März 2019" -> 2019-03-01, "seit 2019" -> 2019-07-01 (mid-year),
    "seit 5 Jahren"/"vor 5 Jahren" -> today minus 5 years, "03/2019",
    "3.2019", "2019-03".  Future dates and dates before 1950 give None.
    When several dates appear, one introduced by "seit"/"vor" wins.
    """
    today = as_date(today)
    return find_arrival(Text(text), today, strict=False)


def years_since(start: datetime.date, today: datetime.date) -> float:
    """Fractional years between start and today (days / 365.25)."""
    return (as_date(today) - as_date(start)).days / 365.25
