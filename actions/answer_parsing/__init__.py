"""Parse free-text answers of the eligibility pre-check ("Integrationslotse NRW").

Users answer in free, often broken German and frequently give several answers
at once ("Ich bin 19 und habe eine Duldung", "seit März 2019 in Deutschland, B1").
Every parser takes the raw user text and returns a normalised value, or None
when the text does not contain that kind of answer.  The parsers are written
so that they do not misfire on each other's content: an age parser must not
read "seit 2019" or "seit 5 Jahren" as an age, the arrival parser must not read
"ich bin 19" as a date, and so on.

One module per kind of answer (age, residence_status, arrival, months,
german_level, yes_no, permit), on top of shared normalisation, numbers,
durations and dates.  Pure functions, standard library only; all regular
expressions are linear and input is capped (normalisation.MAX_CHARS), so a
100 kB paste cannot stall the action server.

Languages (issue #17): the answers are also read in English, Ukrainian,
Russian, Turkish (also typed without ç ğ ı ö ş ü), Arabic (also Arabizi,
"3omri 19", and the digits ١٩) and Farsi/Dari (۱۹): "I am 19", "мені 19
років", "19 yaşındayım", "عمري ١٩ سنة", "۱۹ سالمه", "since 2019", "2019'dan
beri", "5 років тому", "вид на жительство", "oturma izni", "نعم"/"لا أعرف".
folding.py folds every script to one spelling, vocab_rewrites.py rewrites
what is typed many ways, and the words of each language are data in
vocab_time.py, vocab_months.py, vocab_answers.py and vocab_status.py, so the
parsers keep one rule per meaning.  The parsers do not know the language;
a word that means different things in two languages (Persian "نه" is "no"
and "nine") is only read where the meanings cannot be confused.  When in
doubt a parser returns None: the question is asked again.
"""

from __future__ import annotations

import datetime

from actions.answer_parsing.age import find_age, parse_age
from actions.answer_parsing.arrival import find_arrival, parse_arrival, years_since
from actions.answer_parsing.dates import as_date
from actions.answer_parsing.german_level import GERMAN_LEVELS, find_german_level, parse_german_level
from actions.answer_parsing.months import parse_months
from actions.answer_parsing.normalisation import Text
from actions.answer_parsing.numbers import parse_number
from actions.answer_parsing.residence_status import RESIDENCE_STATUSES, find_residence_status, parse_residence_status
from actions.answer_parsing.yes_no import parse_yes_no, says_dont_know

__all__ = [
    "GERMAN_LEVELS", "RESIDENCE_STATUSES", "parse_age", "parse_all", "parse_arrival", "parse_german_level",
    "parse_months", "parse_number", "parse_residence_status", "parse_yes_no", "says_dont_know", "years_since",
]


def parse_all(text: str, today: datetime.date) -> dict[str, object]:
    """Values found in one message, for filling several answers at once.

    Keys (only when found): "age", "residence_status", "arrival_date"
    (ISO string), "german_level".  Yes/no and months are left out: they only
    mean something as the answer to one specific question.

    This runs on answers to *other* questions, so it is stricter than the
    single parsers: an age needs a cue ("ich bin 19", "19 Jahre alt"; a bare
    "14" may be a month count), an arrival needs a cue about Germany/arriving
    ("seit 2019 in Deutschland"; "Duldung seit 2 Jahren" is not an arrival),
    and a bare "keine" is not read as "no German".
    """
    today = as_date(today)
    parsed = Text(text)
    found: dict[str, object] = {}
    age = find_age(parsed, strict=True)
    if age is not None:
        found["age"] = age
    status = find_residence_status(parsed)
    if status is not None:
        found["residence_status"] = status
    arrival = find_arrival(parsed, today, strict=True)
    if arrival is not None:
        found["arrival_date"] = arrival.isoformat()
    level = find_german_level(parsed, strict=True)
    if level is not None:
        found["german_level"] = level
    return found
