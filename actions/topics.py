"""Which programme a question is about, from the keywords in the facts' topics.

A keyword with a number (a paragraph such as "25a", "60c", "3+2") wins, because it
names one rule exactly; otherwise the longest matching keyword wins, so
"Ausbildungsduldung" is not read as the plain word "Duldung". A typo in a long
word still matches by edit distance.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from actions.answer_parsing.normalisation import UMLAUT_FOLD

FOLDS = UMLAUT_FOLD  # the same umlaut folding as the answer parsers (offices.py imports it from here)
# Arabic-Indic and Persian digits as people type them ("المادة ٢٥ ب", "ماده ۲۵ ب"): the keywords write 25.
DIGIT_FOLDS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
MAX_TEXT = 500  # a question names its topic early; longer input is not worth scanning
FUZZY_MIN_LENGTH = 8  # short words ("kim", "jmd") must match exactly
FUZZY_CUTOFF = 87


def normalise(text: str) -> str:
    """Lower-cased, umlaut-folded words between single spaces, for keyword search."""
    text = text[:MAX_TEXT].replace("İ", "i").lower().translate(FOLDS).translate(DIGIT_FOLDS)  # "İ".lower() is "i̇"
    return " " + re.sub(r"[^\w§+#']+", " ", text).strip() + " "


@functools.lru_cache(maxsize=4)
def _keyword_index(topics_key: tuple[tuple[str, tuple[str, ...]], ...]) -> list[tuple[str, str]]:
    pairs = [(normalise(keyword).strip(), program_id) for program_id, keywords in topics_key for keyword in keywords]
    return sorted(pairs, key=lambda pair: (not any(char.isdigit() for char in pair[0]), -len(pair[0])))


@dataclass(frozen=True)
class KeywordIndex:
    """The keywords of the topics, prepared once: with thousands of them in seven languages a plain
    loop per message cost about 3 ms."""
    ordered: tuple[tuple[str, str], ...]  # (" keyword ", programme), the order of _keyword_index
    prefixes: dict[str, tuple[int, str]]  # one-word keyword -> (its place in that order, programme)
    prefix_lengths: tuple[int, ...]
    fuzzy_words: tuple[str, ...]
    fuzzy_programs: tuple[str, ...]


@functools.lru_cache(maxsize=8)
def _prepared(key: tuple[tuple[str, tuple[str, ...]], ...]) -> KeywordIndex:
    pairs = _keyword_index(key)
    single = [(position, keyword, program_id) for position, (keyword, program_id) in enumerate(pairs)
              if " " not in keyword and len(keyword) >= FUZZY_MIN_LENGTH]
    prefixes: dict[str, tuple[int, str]] = {}
    for position, keyword, program_id in single:
        prefixes.setdefault(keyword, (position, program_id))
    return KeywordIndex(tuple((f" {keyword} ", program_id) for keyword, program_id in pairs), prefixes,
                        tuple(sorted({len(keyword) for keyword in prefixes})),
                        tuple(keyword for _, keyword, _ in single), tuple(program_id for _, _, program_id in single))


_prepared_for: dict[tuple[int, tuple[str, ...] | None], tuple[Mapping, KeywordIndex]] = {}


def _index(topics: Mapping[str, Mapping], allowed: Iterable[str] | None) -> KeywordIndex:
    """The prepared keywords of these topics; remembered per topics object (the facts are loaded once)."""
    allowed_key = tuple(sorted(allowed)) if allowed is not None else None
    remembered = _prepared_for.get((id(topics), allowed_key))
    if remembered is not None and remembered[0] is topics:
        return remembered[1]
    allowed_set = set(allowed_key) if allowed_key is not None else None
    key = tuple((pid, tuple(topic["keywords"])) for pid, topic in topics.items()
                if allowed_set is None or pid in allowed_set)
    prepared = _prepared(key)
    _prepared_for[(id(topics), allowed_key)] = (topics, prepared)
    return prepared


def family(program_id: str | None, topics: Mapping[str, Mapping]) -> set[str]:
    """The programme and its related ones (recognition and the offices that decide on it): a question about
    one is answered by units of the others too."""
    if program_id is None:
        return set()
    return {program_id, *topics.get(program_id, {}).get("related", [])}


# Words that point back to what was just talked about ("darf ich damit arbeiten?", "can I work with it?",
# "wie lange dauert es?"). They make a follow-up keep to the topic only when a unit of the topic is among the closest
# (answer_retrieval.AnswerIndex.points_back_to): "gibt es Kinderbetreuung?" after the Einbürgerung is a new question.
POINTING_BACK = tuple(f" {phrase} " for phrase in (
    "damit", "dafuer", "dabei", "davon", "dazu", "darauf", "hiermit", "hierfuer",
    "with it", "with this", "with that", "for it", "for this", "for that",
    "з цим", "з ним", "з нею", "для цього", "с этим", "с ним", "с ней", "для этого",
    "bununla", "onunla", "bunun icin", "bunun için", "بها", "بهذا", "بذلك", "معها",
    "با این", "با آن", "با اون", "برای این"))
POINTING_MAX_WORDS = 10  # a longer message asks something new
# "was kostet das?", "wie lange dauert es?", "how long does it take?": in a short message the pronoun is the subject.
PRONOUNS = (" das ", " es ", " it ", " this ", " that ")
PRONOUN_MAX_WORDS = 5


def points_back(text: str) -> bool:
    """A short message that refers to the conversation's topic with a word such as "damit" or "it"."""
    haystack = normalise(text)
    words = len(haystack.split())
    return ((words <= POINTING_MAX_WORDS and any(phrase in haystack for phrase in POINTING_BACK))
            or (words <= PRONOUN_MAX_WORDS and any(pronoun in haystack for pronoun in PRONOUNS)))


def match_topic(text: str, topics: Mapping[str, Mapping], allowed: Iterable[str] | None = None) -> str | None:
    """The programme id named in `text`, or None."""
    if not isinstance(text, str) or not text.strip():
        return None
    haystack = normalise(text)
    index = _index(topics, allowed)
    for padded, program_id in index.ordered:
        if padded in haystack:
            return program_id
    words = haystack.split()
    return _compound_match(words, index) or _fuzzy_match(words, index)


def _compound_match(words: list[str], index: KeywordIndex) -> str | None:
    """German compounds: "Anerkennungsverfahren" names "Anerkennung", "Integrationskursträger" the course.
    Of several, the keyword that comes first in the index's order wins."""
    found = [index.prefixes[word[:length]] for word in words for length in index.prefix_lengths
             if length < len(word) and word[:length] in index.prefixes]
    return min(found)[1] if found else None


def _fuzzy_match(words: list[str], index: KeywordIndex) -> str | None:
    best: tuple[float, str] | None = None
    for word in words:
        if len(word) < FUZZY_MIN_LENGTH:
            continue
        found = process.extractOne(word, index.fuzzy_words, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
        if found is not None and (best is None or found[1] > best[0]):
            best = (found[1], index.fuzzy_programs[found[2]])
    return best[1] if best else None
