"""Age in years: "19", "ich bin 19", "19 Jahre alt", "neunzehn", "nein, ich bin 21"."""

from __future__ import annotations

from actions.answer_parsing.dates import MONTH_NAMES
from actions.answer_parsing.normalisation import (
    Text,
    is_number,
    is_word,
    part_of_date_or_decimal,
    words_after,
    words_before,
)
from actions.answer_parsing.numbers import COUNT_NOUNS, YEAR, integer_at, time_unit

# Prepositions that turn a number into a date/duration/time, not an age.
_TIME_PREPOSITIONS = frozenset(
    "seit seid seitdem since vor ago ab im in bis von um am fuer for nach jahr monat".split()
)
# Words right before a number that make it a code / level / paragraph.
_CODE_PREFIXES = frozenset(
    "paragraph paragraf para par nr nummer klasse niveau stufe level kapitel seite "
    "zimmer hausnummer plz a b c".split()
)
# Words after "N Jahre" that make it a span of time: "ich bin 5 Jahre hier".
_DURATION_AFTER = frozenset(
    """hier in im da dort lang her schon gearbeitet gewohnt gelebt geduldet
    beschaeftigt verheiratet""".split()
)
STRONG, WEAK = "strong", "weak"


def _is_not_an_age(text: Text, index: int) -> bool:
    """Numbers that are part of a date, a paragraph, a code or a time expression."""
    token = text.tokens[index]
    if is_number(token.text) and part_of_date_or_decimal(text, token):
        return True  # "3.2019", "3,5", "14:30"
    if index > 0 and text.tokens[index - 1].text == "§":
        return True
    nearest_before = words_before(text, index, 2, skip_fillers=False)
    if nearest_before and (nearest_before[0] in _CODE_PREFIXES or nearest_before[0] in MONTH_NAMES):
        return True  # "B 1", "§ 24", "März 19"
    if "nicht" in nearest_before:
        return True  # "ich bin nicht 19, sondern 21"
    before = words_before(text, index, 3)
    return bool(before and before[0] in _TIME_PREPOSITIONS)  # "seit 5", "vor 2", "um 14"


def _age_evidence(text: Text, index: int, strict: bool) -> str | None:
    """STRONG (a cue says it is an age), WEAK (a plain number) or None (no age)."""
    if _is_not_an_age(text, index):
        return None
    before = words_before(text, index, 3)
    after = words_after(text, index, 3)
    first_after = after[0] if after else None
    second_after = after[1] if len(after) > 1 else None
    if first_after in COUNT_NOUNS or first_after in MONTH_NAMES:
        return None  # "2 Kinder", "19. März"
    if first_after is not None and len(first_after) == 1 and first_after != "j" and is_word(first_after):
        return None  # "104 c"
    has_cue = bool(before and before[0] == "bin") or "alter" in before
    unit = time_unit(first_after)
    if unit is not None:
        if unit != YEAR:
            return None  # "18 Monate"
        if second_after in ("alt", "old"):
            return STRONG
        if first_after in ("jahren", "jahrn") or second_after in _DURATION_AFTER or second_after in _TIME_PREPOSITIONS:
            return None  # "5 Jahren", "5 Jahre hier/in Deutschland", "5 Jahre geduldet"
        if has_cue:
            return STRONG  # "ich bin 19 Jahre (und habe ...)"
        if second_after is None and not strict:
            return WEAK  # bare "19 Jahre": age when asked for the age
        return None
    if first_after in ("alt", "old", "jaehrig", "jahrig") or has_cue:
        return STRONG
    return None if strict else WEAK


def find_age(text: Text, strict: bool) -> int | None:
    """strict=True (parse_all) only accepts ages with an explicit cue."""
    strong: list[int] = []
    weak: list[int] = []
    for index in range(len(text.tokens)):
        value = integer_at(text, index)
        if value is None or not 0 <= value <= 120:
            continue
        evidence = _age_evidence(text, index, strict)
        if evidence == STRONG:
            strong.append(value)
        elif evidence == WEAK:
            weak.append(value)
    # A later "bin"-number is a correction ("nein, ich bin 21"); otherwise the
    # first plain number is the answer.
    if strong:
        return strong[-1]
    return weak[0] if weak else None


def parse_age(text: str) -> int | None:
    """Age in years (0..120) or None.

    "19", "ich bin 19", "19 Jahre alt", "neunzehn", "nein, ich bin 21" -> 21.
    Years ("2019"), durations ("seit 5 Jahren"), levels ("B1"), paragraphs
    ("§ 24") and counts ("2 Kinder") are not ages.
    """
    return find_age(Text(text), strict=False)
