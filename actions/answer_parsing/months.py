"""How many months something has lasted (Duldung, employment): "seit 14 Monaten", "2 Jahre", "14 months",
"14 місяців", "14 месяцев", "14 ay", "14 شهر", "۱۴ ماه"."""

from __future__ import annotations

import datetime
import re

from actions.answer_parsing import vocab_answers as vocab
from actions.answer_parsing.dates import as_date, date_candidates, pick_date
from actions.answer_parsing.durations import AGE_CONTEXT, duration_context, durations, whole_months
from actions.answer_parsing.normalisation import FILLERS, Text, is_word_or_number, phrase_words
from actions.answer_parsing.numbers import integer_at

_MAX_MONTHS = 1200
_NONE_YET_RE = re.compile(
    r"\b(?:gar\s?nicht|noch\s(?:nicht|nie|keine?n?)|nein|nee|noe|nie|niemals|keine?n?|no|nope)\b"
)


def _months_since(start: datetime.date, today: datetime.date) -> int:
    months = (today.year - start.year) * 12 + today.month - start.month
    if today.day < start.day:
        months -= 1
    return max(months, 0)


def _bare_number(text: Text) -> int | None:
    """The answer's value when it is a single number ("14", "vierzehn")."""
    words = [token.text for token in text.tokens if is_word_or_number(token.text)]
    words = [word for word in words if word not in FILLERS]
    if len(words) != 1:
        return None
    index = next(i for i, token in enumerate(text.tokens) if token.text == words[0])
    value = integer_at(text, index)
    return value if value is not None and value <= _MAX_MONTHS else None


def parse_months(text: str, today: datetime.date) -> int | None:
    """Duration in whole months ("seit 14 Monaten" -> 14, "2 Jahre" -> 24).

    Also "seit Januar 2025" (months until today), "3 Wochen" -> 0, and
    "gar nicht"/"noch nicht"/"nein"/"ні"/"hiç" -> 0.  A bare number ("14") is read as
    months because the question asks for a duration.  "не знаю", "لا أعرف" -> None.
    """
    today = as_date(today)
    parsed = Text(text)
    sequence = phrase_words(parsed)
    if vocab.UNSURE_PHRASES.find(sequence) is not None:
        return None  # "не знаю" has "не", "لا أعرف" has "لا": not a "no"
    for duration in durations(parsed):
        if duration_context(parsed, duration) == AGE_CONTEXT:
            continue
        months = whole_months(duration.months, duration.days)
        return months if months <= _MAX_MONTHS else None
    start = pick_date(date_candidates(parsed, today), today, strict=False)
    if start is not None:
        return _months_since(start, today)
    bare = _bare_number(parsed)
    if bare is not None:
        return bare
    if _NONE_YET_RE.search(parsed.normalised) or vocab.NONE_YET_PHRASES.find(sequence) is not None:
        return 0
    return None
