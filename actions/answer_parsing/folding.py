"""Character folding for every script the bot reads: Latin (German, English, Turkish), Cyrillic, Arabic.

Each spelling variant people type on a phone becomes one form, so a vocabulary only needs one:

- German umlauts as typed without an umlaut keyboard ("Zwölf" = "zwoelf"); accents dropped (é -> e);
- Turkish dotless ı -> i (ç ğ ş lose their marks, ö ü fold like German: "yaşında" = "yasinda");
- Cyrillic й -> и, ё -> е, ї -> і (the marks are dropped), the apostrophe inside Ukrainian words goes
  ("п'ять" = "пять");
- Arabic and Persian: hamza seats and harakat dropped (أ إ آ -> ا, ؤ -> و, ئ -> ي), ى ی -> ي, ک -> ك,
  ة ۀ -> ه, tatweel removed; the zero-width non-joiner of Persian ("نمی‌دانم") is removed;
- Arabic-Indic and Persian digits (١٩, ۱۹) -> 19; Arabic comma, semicolon, question mark -> , ; ?

`words()` folds a vocabulary table the same way, so vocabularies are written as people spell them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping

# Also used by topics.py and places.py (via normalisation), which fold the same way.  Must run
# before NFKD, which would otherwise split "ä" into "a" + combining mark and lose the "e".
UMLAUT_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})

_INVISIBLE = "\u200b\u200c\u200d\u200e\u200f\u061c\ufeff\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_SCRIPT_FOLD = str.maketrans({
    **{chr(0x0660 + digit): str(digit) for digit in range(10)},  # Arabic-Indic digits
    **{chr(0x06F0 + digit): str(digit) for digit in range(10)},  # Persian digits
    "\u066b": ",", "\u066c": "", "\u060c": ",", "\u061b": ";", "\u061f": "?", "\u0640": "",
    "\u0649": "\u064a", "\u06cc": "\u064a", "\u06d0": "\u064a", "\u06d2": "\u064a",  # ى ی ې ے -> ي
    "\u06a9": "\u0643",  # ک -> ك
    "\u0629": "\u0647", "\u06c0": "\u0647", "\u06d5": "\u0647", "\u06c1": "\u0647", "\u06be": "\u0647",  # ة ۀ -> ه
    "\u0131": "i",  # Turkish dotless i
    "\u2019": "'", "\u2018": "'", "`": "'", "\u00b4": "'", "\u02bc": "'", "\u02bb": "'",
    **{char: "" for char in _INVISIBLE},
})
_DASHES = str.maketrans({char: "-" for char in "\u2010\u2011\u2012\u2013\u2014\u2212"})
# "п'ять", "дев'ятнадцять": the Ukrainian apostrophe is part of the word.
_APOSTROPHE_IN_CYRILLIC = re.compile(r"(?<=[\u0430-\u045f])'(?=[\u0430-\u045f])")
# Latin words that keep ö/ü in Turkish are also typed with plain o/u ("gün" = "gun").
_PLAIN_VOWELS = (("ue", "u"), ("oe", "o"))


def fold_chars(text: str) -> str:
    """Lowercase and fold the spelling variants of every script (see the module docstring)."""
    folded = unicodedata.normalize("NFC", text).lower().translate(UMLAUT_FOLD).translate(_SCRIPT_FOLD)
    # NFKD + dropping combining marks turns "é" into "e", "²" into "2", "أ" into "ا", "й" into "и".
    folded = unicodedata.normalize("NFKD", folded)
    folded = "".join(char for char in folded if not unicodedata.combining(char)).lower()
    folded = folded.translate(_SCRIPT_FOLD).translate(_DASHES)
    return _APOSTROPHE_IN_CYRILLIC.sub("", folded)


def fold_phrase(phrase: str) -> str:
    """A vocabulary entry folded like the text it is compared with, spaces collapsed."""
    return " ".join(fold_chars(phrase).split())


def _with_plain_vowels(word: str) -> set[str]:
    variants = {word}
    for folded, plain in _PLAIN_VOWELS:
        variants |= {variant.replace(folded, plain) for variant in variants}
    return variants


def words(table: Mapping[str, str], plain_vowels: Iterable[str] = ("tr",)) -> frozenset[str]:
    """All words of a {language: "space separated words"} table, folded.

    For the languages in `plain_vowels` (Turkish) a word with ö/ü is also kept as typed without
    the dots: "üç" -> "uec" and "uc".
    """
    found: set[str] = set()
    for language, entries in table.items():
        for word in entries.split():
            folded = fold_phrase(word)
            found |= _with_plain_vowels(folded) if language in plain_vowels else {folded}
    return frozenset(found)


class Phrases:
    """Phrases as tuples of folded words, indexed by their first word so a scan stays linear.

    A word ending in "*" is a stem ("німецьк*" matches "німецьку", "німецької").
    """

    def __init__(self, entries: Iterable[tuple[str, ...]]) -> None:
        self.entries = frozenset(entries)
        self._by_first: dict[str, list[tuple[str, ...]]] = {}
        self._stem_first: list[tuple[str, ...]] = []
        for phrase in self.entries:
            if phrase[0].endswith("*"):
                self._stem_first.append(phrase)
            else:
                self._by_first.setdefault(phrase[0], []).append(phrase)

    def __or__(self, other: Phrases) -> Phrases:
        return Phrases(self.entries | other.entries)

    def length_at(self, sequence: list[str], start: int) -> int:
        """Length of the longest phrase that starts at sequence[start], else 0."""
        candidates = self._by_first.get(sequence[start], []) + self._stem_first
        return max((len(phrase) for phrase in candidates if _matches(sequence, start, phrase)), default=0)

    def find(self, sequence: list[str]) -> int | None:
        """Index of the first place in `sequence` where a phrase starts, else None."""
        return next((start for start in range(len(sequence)) if self.length_at(sequence, start)), None)


def _matches(sequence: list[str], start: int, phrase: tuple[str, ...]) -> bool:
    if start + len(phrase) > len(sequence):
        return False
    words_there = sequence[start : start + len(phrase)]
    return all(word.startswith(part[:-1]) if part.endswith("*") else word == part
               for word, part in zip(words_there, phrase, strict=True))


def phrases(table: Mapping[str, Iterable[str]]) -> Phrases:
    """All phrases of a {language: ["phrase", ...]} table, folded (see Phrases)."""
    found: set[tuple[str, ...]] = set()
    for language, entries in table.items():
        for entry in entries:
            variants = _with_plain_vowels(fold_phrase(entry)) if language == "tr" else {fold_phrase(entry)}
            found |= {tuple(variant.split()) for variant in variants}
    return Phrases(found)


def stems(table: Mapping[str, str]) -> tuple[str, ...]:
    """Word beginnings ("німеччин", "almanya") of a {language: "space separated stems"} table."""
    return tuple(sorted(words(table)))
