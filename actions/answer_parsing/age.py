"""Age in years: "19", "ich bin 19", "19 Jahre alt", "neunzehn", "nein, ich bin 21", "I am 19",
"мені 19 років", "мне 19 лет", "19 yaşındayım", "عمري ١٩ سنة", "۱۹ سالمه" (words in vocab_answers.py)."""

from __future__ import annotations

from actions.answer_parsing import vocab_answers as vocab
from actions.answer_parsing import vocab_time
from actions.answer_parsing.dates import MONTH_NAMES
from actions.answer_parsing.durations import is_arrival_cue
from actions.answer_parsing.normalisation import (
    Text,
    is_number,
    part_of_date_or_decimal,
    words_after,
    words_before,
)
from actions.answer_parsing.numbers import COUNT_NOUNS, YEAR, integer_at, time_unit

# Prepositions that turn a number into a date/duration/time, not an age ("seit 5", "منذ ٥", "с 5 лет").
_TIME_PREPOSITIONS = (
    frozenset("seit seid seitdem since vor ago ab im in bis von um am fuer for nach jahr monat".split())
    | vocab_time.SINCE | vocab_time.SINCE_BEFORE_DATE | vocab_time.AGO_BEFORE | vocab_time.OTHER_BEFORE
    | vocab_time.SKIP_BEFORE_DATE | vocab.IN_BEFORE_A_NUMBER
)
# Words right before a number that make it a code / level / paragraph.
_CODE_PREFIXES = vocab.CODE_PREFIXES
# Words after "N Jahre" that make it a span of time: "ich bin 5 Jahre hier", "5 років у Німеччині".
_DURATION_AFTER = (
    frozenset("""hier in im da dort lang her schon gearbeitet gewohnt gelebt geduldet
              beschaeftigt verheiratet""".split())
    | vocab_time.STAY_AFTER | vocab_time.AGO_AFTER | vocab_time.OTHER_AFTER | vocab_time.SINCE_AFTER
)
STRONG, WEAK = "strong", "weak"


def _is_not_an_age(text: Text, index: int, explicit: bool) -> bool:
    """Numbers that are part of a date, a paragraph, a code or a time expression."""
    token = text.tokens[index]
    if is_number(token.text) and part_of_date_or_decimal(text, token):
        return True  # "3.2019", "3,5", "14:30"
    if index > 0 and text.tokens[index - 1].text == "§":
        return True
    nearest_before = words_before(text, index, 2, skip_fillers=False)
    if nearest_before and (nearest_before[0] in _CODE_PREFIXES or nearest_before[0] in MONTH_NAMES):
        return True  # "B 1", "§ 24", "März 19", "рівень 2"
    if any(word in vocab.NOT_BEFORE_A_NUMBER for word in nearest_before):
        return True  # "ich bin nicht 19, sondern 21", "не 19, а 21"
    after = words_after(text, index, 1)
    if after and after[0] in vocab.NOT_AFTER_A_NUMBER:
        return True  # "19 değil, 21"
    before = words_before(text, index, 3)
    if explicit or _has_cue(before):
        return False  # "19 yaşındayım", "I am 19" (German "am 19." is a date), "من ۱۹ سالمه"
    return bool(before and before[0] in _TIME_PREPOSITIONS)  # "seit 5", "vor 2", "um 14", "منذ ٥"


def _has_cue(before: list[str]) -> bool:
    """"ich bin 19", "Alter: 27", "i am 19", "мені 19", "عمري 19"."""
    return bool(before) and (
        before[0] in vocab.AGE_CUES_NEAREST
        or any(word in vocab.AGE_CUES_NEAR for word in before)
        or tuple(before[:2]) in vocab.AGE_CUE_PAIRS
    )


def _explicit_age(first_after: str | None, second_after: str | None) -> bool:
    """"19 Jahre alt", "19 yaşındayım", "۱۹ سالمه", "۱۹ سال دارم": the words after say it is an age."""
    if first_after in vocab_time.AGE_AFTER_NUMBER:
        return True
    return time_unit(first_after) == YEAR and second_after in vocab_time.AGE_AFTER_UNIT


def _age_evidence(text: Text, index: int, strict: bool) -> str | None:
    """STRONG (a cue says it is an age), WEAK (a plain number) or None (no age)."""
    after = words_after(text, index, 3)
    first_after = after[0] if after else None
    second_after = after[1] if len(after) > 1 else None
    explicit = _explicit_age(first_after, second_after)
    if _is_not_an_age(text, index, explicit):
        return None
    if explicit:
        return STRONG
    before = words_before(text, index, 3)
    if first_after in COUNT_NOUNS or first_after in MONTH_NAMES:
        return None  # "2 Kinder", "19. März"
    unit = time_unit(first_after)
    if first_after is not None and unit is None and len(first_after) == 1 and first_after.isascii():
        return None  # "104 c"
    has_cue = _has_cue(before)
    if unit is not None:
        if unit != YEAR:
            return None  # "18 Monate"
        if (first_after in vocab_time.YEAR_FORMS_NOT_AN_AGE or second_after in _DURATION_AFTER
                or second_after in _TIME_PREPOSITIONS or (second_after is not None and is_arrival_cue(second_after))
                or any(is_arrival_cue(word) for word in before)):
            return None  # "5 Jahren", "5 Jahre hier", "5 yıldır", "5 سنين بالمانيا", "я в германии 5 лет"
        if has_cue:
            return STRONG  # "ich bin 19 Jahre (und habe ...)", "мені 19 років"
        if second_after is None and not strict:
            return WEAK  # bare "19 Jahre": age when asked for the age
        return None
    if has_cue:
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
    Years ("2019"), durations ("seit 5 Jahren", "since 2019", "5 років тому"), levels
    ("B1"), paragraphs ("§ 24") and counts ("2 Kinder", "2 kids") are not ages.
    """
    return find_age(Text(text), strict=False)
