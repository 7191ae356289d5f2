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

from rapidfuzz import fuzz

from actions.answer_parsing.normalisation import UMLAUT_FOLD

FOLDS = UMLAUT_FOLD  # the same umlaut folding as the answer parsers (offices.py imports it from here)
MAX_TEXT = 500  # a question names its topic early; longer input is not worth scanning
FUZZY_MIN_LENGTH = 8  # short words ("kim", "jmd") must match exactly
FUZZY_CUTOFF = 87


def normalise(text: str) -> str:
    """Lower-cased, umlaut-folded words between single spaces, for keyword search."""
    text = text[:MAX_TEXT].lower().translate(FOLDS)
    return " " + re.sub(r"[^\w§+#']+", " ", text).strip() + " "


@functools.lru_cache(maxsize=4)
def _keyword_index(topics_key: tuple[tuple[str, tuple[str, ...]], ...]) -> list[tuple[str, str]]:
    pairs = [(normalise(keyword).strip(), program_id) for program_id, keywords in topics_key for keyword in keywords]
    return sorted(pairs, key=lambda pair: (not any(char.isdigit() for char in pair[0]), -len(pair[0])))


def _index(topics: Mapping[str, Mapping], allowed: Iterable[str] | None) -> list[tuple[str, str]]:
    allowed_set = set(allowed) if allowed is not None else None
    key = tuple((pid, tuple(topic["keywords"])) for pid, topic in topics.items()
                if allowed_set is None or pid in allowed_set)
    return _keyword_index(key)


def match_topic(text: str, topics: Mapping[str, Mapping], allowed: Iterable[str] | None = None) -> str | None:
    """The programme id named in `text`, or None."""
    if not isinstance(text, str) or not text.strip():
        return None
    haystack = normalise(text)
    index = _index(topics, allowed)
    for keyword, program_id in index:
        if f" {keyword} " in haystack:
            return program_id
    return _compound_match(haystack.split(), index) or _fuzzy_match(haystack.split(), index)


def _compound_match(words: list[str], index: list[tuple[str, str]]) -> str | None:
    """German compounds: "Anerkennungsverfahren" names "Anerkennung", "Integrationskursträger" the course."""
    for keyword, program_id in index:
        if " " not in keyword and len(keyword) >= FUZZY_MIN_LENGTH:
            if any(word.startswith(keyword) and len(word) > len(keyword) for word in words):
                return program_id
    return None


def _fuzzy_match(words: list[str], index: list[tuple[str, str]]) -> str | None:
    best: tuple[float, str] | None = None
    for word in words:
        if len(word) < FUZZY_MIN_LENGTH:
            continue
        for keyword, program_id in index:
            if " " in keyword or len(keyword) < FUZZY_MIN_LENGTH:
                continue
            score = fuzz.ratio(word, keyword)
            if score >= FUZZY_CUTOFF and (best is None or score > best[0]):
                best = (score, program_id)
    return best[1] if best else None
