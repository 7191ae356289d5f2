"""Answer search in the languages with translated answers (issue #17): uk, ar, tr, ru, fa.

The German index (answer_retrieval.AnswerIndex, a linear classifier over German and English texts) knows
these languages only from a translated answer and two example questions per unit. Their messages are
searched by meaning instead (answer_embeddings.EmbeddingIndex), over the texts of all languages; German
office words in such a message ("Duldung", "Einbürgerung") still steer the search to their programme.
"""
from __future__ import annotations

import functools

from actions.answer_embeddings import EmbeddingIndex, load_index
from actions.answer_retrieval import Retrieval, get_index
from actions.facts import get_facts

# Languages searched by meaning; German, Einfache Sprache and English use the German index.
OWN_INDEX_LANGUAGES = ("uk", "ar", "tr", "ru", "fa")


@functools.lru_cache(maxsize=1)
def get_embedding_index() -> EmbeddingIndex | None:
    """The index over the committed vectors (None, logged, when they do not fit the facts)."""
    return load_index(get_facts())


def search_in(language: str | None, text: str, context_topic: str | None = None) -> Retrieval:
    """The units for a message in the conversation's language. The search by meaning knows the German texts
    too, so a German word in such a message needs no second search (the German classifier was "sure" of the
    status unit for any message with "Anerkennung" in it: "آنرکنونگ (Anerkennung) یا معادل‌سازی چیست؟")."""
    by_meaning = get_embedding_index() if language in OWN_INDEX_LANGUAGES else None
    if by_meaning is None:
        return get_index().search(text, context_topic=context_topic)
    return by_meaning.search(text, context_topic=context_topic)
