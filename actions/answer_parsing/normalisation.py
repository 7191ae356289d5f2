"""Normalisation and tokenisation shared by every answer parser.

Input is normalised once (lowercase, umlauts folded to ae/oe/ue/ss, accents
stripped, whitespace collapsed), so keywords only need to be spelled one way.
Scanning is token based and looks only a bounded number of words around a
token, so every parser stays linear in the length of the text.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from typing import NamedTuple

# A chat answer is never this long; truncating bounds the worst-case cost of
# every parser.  The scanning itself is linear, so this is a safety net only.
MAX_CHARS = 5000

# Fold umlauts the way Germans type them without an umlaut keyboard, so
# "Zwölf" and "zwoelf" become the same string.  Must run before NFKD, which
# would otherwise split "ä" into "a" + combining mark and lose the "e".
# Also used by topics.py and places.py, which fold the same way.
UMLAUT_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
_DASHES = str.maketrans({char: "-" for char in "\u2010\u2011\u2012\u2013\u2014\u2212"})
# "EU-Bürger", "Deutsch-Test", "Chancen-Aufenthalt": split compounds so the
# parts match as words.  Hyphens between digits ("2019-03") are kept.
_HYPHEN_BETWEEN_LETTERS = re.compile(r"(?<=[a-z])-(?=[a-z])")
# "19jahre", "5j", "18monate": users often glue the unit to the number.
_UNIT_GLUED_TO_DIGIT = re.compile(r"(?<=\d)(?=jahr|monat|woche|tag|j\b)")
_TOKEN_RE = re.compile(r"\d+|[a-z]+|\S")
WORD_RE = re.compile(r"[a-z]+")


def normalise(text: object) -> str:
    """Lowercase, fold umlauts/accents, split hyphenated words, collapse spaces."""
    if not isinstance(text, str):
        return ""
    folded = unicodedata.normalize("NFC", text[:MAX_CHARS]).lower().translate(UMLAUT_FOLD)
    # NFKD + dropping combining marks turns "é" into "e", "²" into "2" etc.
    folded = unicodedata.normalize("NFKD", folded)
    folded = "".join(char for char in folded if not unicodedata.combining(char)).lower()
    folded = folded.translate(_DASHES)
    folded = _HYPHEN_BETWEEN_LETTERS.sub(" ", folded)
    folded = _UNIT_GLUED_TO_DIGIT.sub(" ", folded)
    return " ".join(folded.split())


class Token(NamedTuple):
    """A token of the normalised text (a number, a word or one sign), with its character span."""
    text: str
    start: int
    end: int


class Text:
    """Normalised text plus its tokens; built once and shared by the parsers."""

    def __init__(self, raw: object) -> None:
        self.normalised = normalise(raw)
        self.tokens = [Token(match.group(), match.start(), match.end())
                       for match in _TOKEN_RE.finditer(self.normalised)]
        self._token_starts = [token.start for token in self.tokens]

    def token_at(self, pos: int) -> int:
        """Index of the token containing char position pos (or the one before)."""
        return max(0, bisect.bisect_right(self._token_starts, pos) - 1)

    def word_at(self, index: int) -> str | None:
        """Text of token `index`, or None outside the text."""
        return self.tokens[index].text if 0 <= index < len(self.tokens) else None


def is_word(token_text: str) -> bool:
    """A token of letters (the text is lower-cased and umlaut-folded)."""
    return "a" <= token_text[0] <= "z"


def is_number(token_text: str) -> bool:
    """A token of digits."""
    return token_text.isdecimal()


def is_word_or_number(token_text: str) -> bool:
    """A token that is not a sign."""
    return is_word(token_text) or is_number(token_text)


# Punctuation that ends a clause: context words never reach across it,
# so "seit 5 Jahren, 19" does not make 19 a duration.
CLAUSE_STOPS = frozenset(",;!?()")

# Words that may sit between a cue and the number without changing its
# meaning: "seit ca. 5 Jahren", "ich bin jetzt 21", "seit über 2 Jahren".
FILLERS = frozenset(
    """ca circa zirka etwa ungefaehr ungefahr fast knapp schon bereits ueber uber
    mehr als mindestens rund jetzt doch erst gerade mittlerweile inzwischen nun
    eigentlich noch so dem den""".split()
)


def words_before(text: Text, index: int, count: int, skip_fillers: bool = True) -> list[str]:
    """Up to `count` words/numbers before token `index` (nearest first), within the clause."""
    found: list[str] = []
    position = index - 1
    steps = 0
    while position >= 0 and len(found) < count and steps < count + 8:  # bounded look-back
        token_text = text.tokens[position].text
        position -= 1
        steps += 1
        if token_text in CLAUSE_STOPS:
            break
        if not is_word_or_number(token_text):
            continue
        if skip_fillers and token_text in FILLERS:
            continue
        found.append(token_text)
    return found


def words_after(text: Text, index: int, count: int) -> list[str]:
    """Up to `count` words/numbers after token `index`, within the clause."""
    found: list[str] = []
    position = index + 1
    steps = 0
    while position < len(text.tokens) and len(found) < count and steps < count + 8:
        token_text = text.tokens[position].text
        position += 1
        steps += 1
        if token_text in CLAUSE_STOPS:
            break
        if is_word_or_number(token_text):
            found.append(token_text)
    return found


def glued_to_letters(text: Text, token: Token) -> bool:
    """True for digits inside "B1", "104c", "a2": those are codes, not numbers."""
    chars = text.normalised
    return (token.start > 0 and chars[token.start - 1].isalpha()) or (
        token.end < len(chars) and chars[token.end].isalpha()
    )


def part_of_date_or_decimal(text: Text, token: Token) -> bool:
    """True for the pieces of "03/2019", "1.3.2019", "2019-03", "3,5", "14:30"."""
    chars = text.normalised
    before = token.start >= 2 and chars[token.start - 1] in "./-:," and chars[token.start - 2].isdecimal()
    after = token.end + 1 < len(chars) and chars[token.end] in "./-:," and chars[token.end + 1].isdecimal()
    return before or after


def only_fillers_outside(text: Text, first: int, last: int) -> bool:
    """True if nothing but fillers/punctuation surrounds tokens first..last ("ca. 5 Jahre")."""
    for position, token in enumerate(text.tokens):
        if first <= position <= last:
            continue
        if is_word_or_number(token.text) and token.text not in FILLERS:
            return False
    return True
