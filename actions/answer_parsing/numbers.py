"""Numbers in answers: digits (also ١٩ and ۱۹), German number words 0-99, halves and time units.

Number words of the other languages count only before a unit (vocab_time.AMOUNT_WORDS_BEFORE_UNIT).
"""

from __future__ import annotations

from actions.answer_parsing.normalisation import Text, glued_to_letters, is_number
from actions.answer_parsing.vocab_time import COUNT_NOUNS as COUNT_NOUNS
from actions.answer_parsing.vocab_time import UNITS


def _build_number_words() -> dict[str, int]:
    base = {
        "null": 0, "eins": 1, "zwei": 2, "zwo": 2, "drei": 3, "vier": 4, "fuenf": 5,
        "sechs": 6, "sieben": 7, "acht": 8, "neun": 9, "zehn": 10, "elf": 11,
        "zwoelf": 12, "dreizehn": 13, "vierzehn": 14, "fuenfzehn": 15,
        "sechzehn": 16, "siebzehn": 17, "achtzehn": 18, "neunzehn": 19,
    }
    tens = {
        "zwanzig": 20, "dreissig": 30, "vierzig": 40, "fuenfzig": 50,
        "sechzig": 60, "siebzig": 70, "achtzig": 80, "neunzig": 90,
    }
    units = {
        "ein": 1, "zwei": 2, "drei": 3, "vier": 4, "fuenf": 5,
        "sechs": 6, "sieben": 7, "acht": 8, "neun": 9,
    }
    words = {**base, **tens}
    for unit_word, unit_value in units.items():  # "einundzwanzig" .. "neunundneunzig"
        for tens_word, tens_value in tens.items():
            words[unit_word + "und" + tens_word] = unit_value + tens_value
    # Frequent misspellings.
    words.update({"sechszehn": 16, "siebenzehn": 17, "dreisig": 30, "dreizig": 30})
    # Typed without umlaut and without the "e": "funf", "zwolf", "funfzehn".
    for word, value in list(words.items()):
        words.setdefault(word.replace("ue", "u").replace("oe", "o"), value)
    return words


NUMBER_WORDS = _build_number_words()


def _build_half_words() -> dict[str, float]:
    """"anderthalb", "eineinhalb", "dreieinhalb" ... (n + 0.5)."""
    half_words: dict[str, float] = {"anderthalb": 1.5, "eineinhalb": 1.5}
    for word, value in NUMBER_WORDS.items():
        if 2 <= value <= 12 and "und" not in word:
            half_words[word + "einhalb"] = value + 0.5
    return half_words


HALF_WORDS = _build_half_words()
HALF = frozenset({"halb", "halbe", "halbes", "halben", "halbem", "halber"})
# The indefinite article only means "1" in front of a unit ("seit einem Jahr");
# otherwise "eine Duldung" would be the number 1.
ONE_WORDS = frozenset({"ein", "eine", "einem", "einen", "einer"})

YEAR, MONTH, WEEK, DAY = "y", "m", "w", "d"  # the keys of vocab_time.UNITS
_UNIT_OF_WORD = {word: unit for unit, unit_words in UNITS.items() for word in unit_words}


def time_unit(word: str | None) -> str | None:
    """YEAR, MONTH, WEEK or DAY for a unit word ("Jahren", "months", "років", "سنوات"), else None."""
    return None if word is None else _UNIT_OF_WORD.get(word)


def integer_at(text: Text, index: int) -> int | None:
    """Integer value of token `index` if it is a standalone number (digits or word)."""
    token = text.tokens[index]
    if is_number(token.text):
        # Very long digit runs are no answer, and int() refuses > 4300 digits.
        if len(token.text) > 9 or glued_to_letters(text, token):
            return None
        return int(token.text)
    return NUMBER_WORDS.get(token.text)


def parse_number(text: str) -> int | None:
    """First standalone integer: digits or German number words 0-99.

    "ein/eine/einem" only count as 1 before a time unit ("seit einem Jahr").
    Digits glued to letters ("B1", "104c") are codes, not numbers.
    """
    parsed = Text(text)
    for index, token in enumerate(parsed.tokens):
        value = integer_at(parsed, index)
        if value is not None:
            return value
        if token.text in ONE_WORDS and time_unit(parsed.word_at(index + 1)):
            return 1
    return None
