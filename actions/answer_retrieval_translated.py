"""Which search answers a message (issues #15, #17).

The German index (answer_retrieval.AnswerIndex, a linear classifier over German and English texts) knows
Ukrainian, Arabic, Turkish, Russian and Dari/Farsi only from a translated answer and two example questions
per unit. Messages in these languages are searched by meaning instead (answer_embeddings.EmbeddingIndex),
over the texts of all languages; German office words in such a message ("Duldung", "Einbürgerung") still
steer the search to their programme. German and English messages get the classifier, and the search by
meaning as a second opinion on a near miss.
"""
from __future__ import annotations

import dataclasses
import functools

from actions.answer_embeddings import EmbeddingIndex, load_index
from actions.answer_retrieval import Retrieval, get_index
from actions.facts import get_facts

# Languages searched by meaning; German, Einfache Sprache and English use the German index.
OWN_INDEX_LANGUAGES = ("uk", "ar", "tr", "ru", "fa")
# From this score on, a German classifier's best unit that is not a confident match is placed in its programme
# (shown as a marked guess) when the search by meaning finds the same programme first. Development split, the
# questions that name no programme and get no confident match: 38 of 73 score at least this, 21 of them with
# the right unit; of the 27 that the search by meaning agrees on, 17. Off-topic questions ("Wie wird das Wetter
# morgen?" -0.31, "Was kostet ein Auto?" -0.38) score as high, but the two searches disagree on them.
SECOND_OPINION_FROM = -0.5


@functools.lru_cache(maxsize=1)
def get_embedding_index() -> EmbeddingIndex | None:
    """The index over the committed vectors (None, logged, when they do not fit the facts)."""
    return load_index(get_facts())


def search_in(language: str | None, text: str, context_topic: str | None = None) -> Retrieval:
    """The units for a message in the conversation's language. The search by meaning knows the German texts
    too, so a German word in such a message needs no second search (the German classifier was "sure" of the
    status unit for any message with "Anerkennung" in it: "آنرکنونگ (Anerkennung) یا معادل‌سازی چیست؟")."""
    by_meaning = get_embedding_index()
    if by_meaning is not None and language in OWN_INDEX_LANGUAGES:
        return by_meaning.search(text, context_topic=context_topic)
    found = get_index().search(text, context_topic=context_topic)
    if language in OWN_INDEX_LANGUAGES:
        # No vectors that fit the facts (logged at start): the classifier's choices, never as a sure answer.
        return dataclasses.replace(found, confident=False, implied=None)
    return found if by_meaning is None else with_second_opinion(found, text, by_meaning)


def with_second_opinion(found: Retrieval, text: str, by_meaning: EmbeddingIndex) -> Retrieval:
    """The German classifier's result, placed in its best unit's programme when the search by meaning agrees
    (only for a near miss: about 30 ms, and a confident match or an implied programme needs none)."""
    best = found.best
    if found.confident or found.implied is not None or best is None or best.score < SECOND_OPINION_FROM:
        return found
    # Without the hubness correction, as when this was chosen: with it, "Was kostet ein Auto?" agreed with the
    # classifier on the integration course (its fee for self-payers), and real near misses were no better placed.
    other = by_meaning.without_hub_correction().search(text).best
    if other is None or other.unit["program"] != best.unit["program"]:
        return found
    return dataclasses.replace(found, implied=best.unit["program"])
