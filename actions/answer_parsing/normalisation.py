"""Normalisation and tokenisation shared by every answer parser.

Input is normalised once (lowercase, every script folded as folding.py describes, hyphenated
words split, the rewrites of vocab_rewrites.py applied, whitespace collapsed), so keywords only
need to be spelled one way.  Scanning is token based and looks only a bounded number of words
around a token, so every parser stays linear in the length of the text.
"""

from __future__ import annotations

import bisect
import re
from typing import NamedTuple

from actions.answer_parsing import vocab_rewrites as rewrites
from actions.answer_parsing.folding import UMLAUT_FOLD as UMLAUT_FOLD  # topics.py and places.py fold the same way
from actions.answer_parsing.folding import fold_chars, words

# A chat answer is never this long; truncating bounds the worst-case cost of
# every parser.  The scanning itself is linear, so this is a safety net only.
MAX_CHARS = 5000

# "EU-Bürger", "Deutsch-Test", "по-немецки": split compounds so the parts match as words.
# Hyphens between digits ("2019-03") are kept.
_HYPHEN_BETWEEN_LETTERS = re.compile(r"(?<=[^\W\d_])-(?=[^\W\d_])")
_TOKEN_RE = re.compile(r"\d+|[^\W\d_]+|\S")
WORD_RE = re.compile(r"[^\W\d_]+")


def _rewrite_word(match: re.Match[str]) -> str:
    return rewrites.WORD_REWRITES.get(match.group(), match.group())


def normalise(text: object) -> str:
    """Lowercase, fold every script, split hyphenated words, apply the rewrites, collapse spaces."""
    if not isinstance(text, str):
        return ""
    folded = fold_chars(text[:MAX_CHARS])
    folded = rewrites.ORDINAL_ENDING_RE.sub("", folded)
    folded = _HYPHEN_BETWEEN_LETTERS.sub(" ", folded)
    folded = rewrites.REWRITE_WORD_RE.sub(_rewrite_word, folded)
    folded = rewrites.GLUED_TO_DIGIT_RE.sub(" ", folded)
    folded = rewrites.GLUED_TO_YEAR_RE.sub(" ", folded)
    folded = rewrites.PERSIAN_PREFIX_RE.sub(r"\1", " ".join(folded.split()))
    return rewrites.ENGLISH_IM_RE.sub("i am ", folded)


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
    """A token of letters, in any script (the text is lower-cased and folded)."""
    return token_text[0].isalpha()


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
FILLERS = words({
    "de": """ca circa zirka etwa ungefaehr ungefahr fast knapp schon bereits ueber uber
          mehr als mindestens rund jetzt doch erst gerade mittlerweile inzwischen nun
          eigentlich noch so dem den""",
    "en": "about around approx approximately almost nearly more than over now just already only",
    "uk": "приблизно майже близько більше ніж вже уже зараз тільки лише десь",
    "ru": "примерно почти около больше чем уже сейчас только лишь",
    "tr": "yaklaşık neredeyse fazla zaten şimdi sadece",
    "ar": "تقريبا حوالي أكثر الآن يعني لي الي li",
    "fa": "تقریبا حدود حدودا بیش بیشتر الان فقط",
})


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


def phrase_words(text: Text) -> list[str]:
    """The words and numbers of a text, with the clause stops (so a phrase never spans a comma)."""
    return [token.text for token in text.tokens if is_word_or_number(token.text) or token.text in CLAUSE_STOPS]


def has_stem(word: str, word_stems: tuple[str, ...]) -> bool:
    """True if `word` begins with one of `word_stems`; Arabic-script words also after a prefix
    such as و/ب/ل/ال ("بالمانيا" has "المانيا")."""
    if word.startswith(word_stems):
        return True
    return "\u0600" <= word[0] <= "\u06ff" and any(
        word.startswith(prefix) and word[len(prefix):].startswith(word_stems) for prefix in _ARABIC_PREFIXES
    )


_ARABIC_PREFIXES = ("و", "ف", "ب", "ل", "ال", "بال", "لل", "وال", "فال", "وب", "ول")
