"""German level: one of GERMAN_LEVELS from "B1", "Niveau A2", "kein Deutsch", "Muttersprache"."""

from __future__ import annotations

import re

from actions.answer_parsing.normalisation import WORD_RE, Text

GERMAN_LEVELS = ("keine", "A1", "A2", "B1", "B2", "C1", "C2")

_LEVEL_RE = re.compile(r"(?<![a-z0-9])([abc])\s?-?\s?([12])(?![0-9])")
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
    for separator in ("aber", "sondern"):
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
    for match in _LEVEL_RE.finditer(normalised):
        before, after = _clause_words(
            normalised[max(0, match.start() - 60) : match.start()], normalised[match.end() : match.end() + 40]
        )
        if any(word in _PLANNED for word in before) or any(word in _FAILED_AFTER for word in after):
            continue
        return match.group(1).upper() + match.group(2)
    return None


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


def _says_no_german(normalised: str, strict: bool) -> bool:
    if _NO_GERMAN_RE.search(normalised):
        return True
    if not strict and len(normalised) <= 60:
        words = " ".join(word for word in WORD_RE.findall(normalised) if word not in _ALONE_FILLERS)
        return words in _NO_GERMAN_ALONE
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
    if _says_no_german(normalised, strict):
        return "keine"
    return None


def parse_german_level(text: str) -> str | None:
    """One of GERMAN_LEVELS or None.

    "B1", "b 1", "Niveau A2", "DTZ B1" -> "B1"; "kein Deutsch" -> "keine";
    "Muttersprache" -> "C2"; "deutscher Schulabschluss" -> "B1".
    """
    return find_german_level(Text(text), strict=False)
