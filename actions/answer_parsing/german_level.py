"""German level: one of GERMAN_LEVELS from "B1", "Niveau A2", "kein Deutsch", "Muttersprache", "level B1",
"рівень В1" (also in Cyrillic letters), "no german", "almanca bilmiyorum" (words in vocab_answers.py)."""

from __future__ import annotations

import re

from actions.answer_parsing import vocab_answers as vocab
from actions.answer_parsing.normalisation import WORD_RE, Text, phrase_words

GERMAN_LEVELS = ("keine", "A1", "A2", "B1", "B2", "C1", "C2")

_LEVEL_RE = re.compile(r"(?<![^\W_])([abc])\s?-?\s?([12])(?![0-9])")
# "В1", "Б1", "А2", "С1" typed on a Cyrillic keyboard (no space: "с 2019", "в 1 классе" are not levels).
_CYRILLIC_LEVEL_RE = re.compile(r"(?<![^\W_])([авбс])-?([12])(?![0-9])")
_CYRILLIC_LEVEL_LETTERS = {"а": "A", "в": "B", "б": "B", "с": "C"}
# Words that mark a level as planned / in progress / failed, not certified.
_PLANNED = frozenset(
    """bald demnaechst spaeter will moechte mochte plane planen lerne lernen mache
    machen besuche gerade ziel naechste naechsten naechstes kein keine keinen nicht
    fast hoffentlich versuche""".split()
)
_FAILED_AFTER = frozenset({"nicht", "durchgefallen", "geplant", "angefangen"})
_CLAUSE_SPLIT = re.compile(r"[,;.!?]")
_NATIVE_RE = re.compile(r"muttersprach|\bnative\b")
# Stems (matched as word prefixes) and short names (matched exactly).
_FOREIGN_LANGUAGES = (
    "arabisch", "englisch", "tuerkisch", "russisch", "ukrainisch", "persisch",
    "paschtu", "kurdisch", "tigrinya", "polnisch", "rumaenisch", "albanisch",
    "serbisch", "franzoesisch", "spanisch", "italienisch", "bulgarisch", "griechisch",
    "amharisch", "vietnamesisch", "chinesisch", "arabic", "english", "andere",
)
_FOREIGN_SHORT_NAMES = frozenset({"farsi", "dari", "urdu", "hindi", "somali"})
_SCHOOL_RE = re.compile(
    r"\bdeutsche[nrsm]?\s(?:schulabschluss|abitur|hauptschulabschluss|realschulabschluss|abschluss)"
    r"|(?:schulabschluss|abitur|abschluss)\sin\sdeutschland"
)
_NO_GERMAN_RE = re.compile(
    r"\b(?:kein|keine|keinen|nix|nichts|no)\s(?:deutsch|deutschkenntnisse|deutschkenntnissen"
    r"|sprachkenntnisse|german|wort\sdeutsch)\b"
    r"|\bdeutsch\s(?:gar\s)?(?:nicht|nix|nichts)\b"
    r"|\b(?:spreche|kann|verstehe)\s(?:noch\s|gar\s|leider\s)?nicht\sdeutsch\b"
)
# Whole-answer replies that mean "no German" only as an answer to that question.
_NO_GERMAN_ALONE = frozenset(
    {"keine", "kein", "keins", "gar nicht", "garnicht", "gar keine", "gar keins", "nichts",
     "gar nichts", "nix", "null", "none", "keine kenntnisse"}
)
_ALONE_FILLERS = frozenset({"leider", "noch", "ich", "habe", "hab", "deutsch", "kenntnisse"})


def _clause_words(before: str, after: str) -> tuple[list[str], list[str]]:
    """Words of the clause around a match: up to 3 before and 2 after it."""
    before = _CLAUSE_SPLIT.split(before)[-1]
    after = _CLAUSE_SPLIT.split(after, maxsplit=1)[0]
    words_before = WORD_RE.findall(before)
    for separator in vocab.BUT_WORDS:
        if separator in words_before:
            words_before = words_before[len(words_before) - words_before[::-1].index(separator):]
    return words_before[-3:], WORD_RE.findall(after)[:2]


def _words_before(normalised: str, match: re.Match[str]) -> list[str]:
    return _clause_words(normalised[max(0, match.start() - 60) : match.start()], "")[0]


def _certified_level(normalised: str) -> str | None:
    # Several levels: take the first one that is not planned, in progress or
    # failed ("A2, bald B1" -> A2; "ich mache gerade B1" -> None).  We do not
    # take the highest, because people name the level they are working
    # towards, and overstating the level would give a wrong eligibility result.
    matches = sorted([*_LEVEL_RE.finditer(normalised), *_CYRILLIC_LEVEL_RE.finditer(normalised)],
                     key=lambda match: match.start())
    for match in matches:
        before, after = _clause_words(
            normalised[max(0, match.start() - 60) : match.start()], normalised[match.end() : match.end() + 40]
        )
        if any(_not_yet_before(word) for word in before) or any(_not_yet_after(word) for word in after):
            continue
        letter = match.group(1)
        return _CYRILLIC_LEVEL_LETTERS.get(letter, letter.upper()) + match.group(2)
    return None


def _not_yet_before(word: str) -> bool:
    """"ich mache gerade B1", "вчу B1", "رسبت في B1": the level is not passed."""
    return (word in _PLANNED or word in vocab.LEVEL_NOT_YET_BEFORE
            or word.startswith(vocab.LEVEL_NOT_YET_BEFORE_STEMS))


def _not_yet_after(word: str) -> bool:
    """"B1 nicht bestanden", "B1 öğreniyorum", "B1 میخوانم": the level is not passed."""
    return (word in _FAILED_AFTER or word in vocab.LEVEL_NOT_YET_AFTER
            or word.startswith(vocab.LEVEL_NOT_YET_AFTER_STEMS))


def _native_speaker(normalised: str) -> bool:
    for match in _NATIVE_RE.finditer(normalised):
        if any(word in ("nicht", "kein", "keine") for word in _words_before(normalised, match)):
            continue
        words = WORD_RE.findall(normalised)
        # "Meine Muttersprache ist Arabisch" says nothing about German.
        return not any(word in _FOREIGN_SHORT_NAMES or word.startswith(_FOREIGN_LANGUAGES) for word in words)
    return False


def _german_school_certificate(normalised: str) -> bool:
    # A German school certificate implies schooling in German for years;
    # Hauptschulabschluss is accepted as equivalent to B1 in the usual rules.
    for match in _SCHOOL_RE.finditer(normalised):
        if not any(word.startswith("kein") or word == "nicht" for word in _words_before(normalised, match)):
            return True
    return False


def _says_no_german(text: Text, strict: bool) -> bool:
    normalised = text.normalised
    if _NO_GERMAN_RE.search(normalised):
        return True
    sequence = phrase_words(text)
    if vocab.NO_GERMAN_PHRASES.find(sequence) is not None and not any(word in vocab.LEVEL_WORDS for word in sequence):
        return True  # "no german", "не знаю німецьку", "almanca bilmiyorum" (not "... мій рівень")
    if not strict and len(normalised) <= 60:
        words = [word for word in WORD_RE.findall(normalised) if word not in _ALONE_FILLERS]
        return " ".join(words) in _NO_GERMAN_ALONE or (bool(words) and vocab.NO_GERMAN_ALONE.length_at(words, 0)
                                                       == len(words))
    return False


def find_german_level(text: Text, strict: bool) -> str | None:
    """strict=True (parse_all) does not read a bare "keine" as "no German"."""
    normalised = text.normalised
    level = _certified_level(normalised)
    if level is not None:
        return level
    if _native_speaker(normalised):
        return "C2"
    if _german_school_certificate(normalised):
        return "B1"
    if _says_no_german(text, strict):
        return "keine"
    return None


def parse_german_level(text: str) -> str | None:
    """One of GERMAN_LEVELS or None.

    "B1", "b 1", "Niveau A2", "DTZ B1" -> "B1"; "kein Deutsch" -> "keine";
    "Muttersprache" -> "C2"; "deutscher Schulabschluss" -> "B1".
    """
    return find_german_level(Text(text), strict=False)
