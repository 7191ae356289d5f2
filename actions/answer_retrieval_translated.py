"""Which search answers a message (issues #15, #17).

The German index (answer_retrieval.AnswerIndex, a linear classifier over German and English texts) knows
Ukrainian, Arabic, Turkish, Russian and Dari/Farsi only from a translated answer and two example questions
per unit. Messages in these languages are searched by meaning instead (answer_embeddings.EmbeddingIndex),
over the texts of all languages; German office words in such a message ("Duldung", "Einbürgerung") still
steer the search to their programme. German and English messages get the classifier; when it is not sure,
both searches rank the units together, for the guess and the choices the bot then shows.
"""
from __future__ import annotations

import dataclasses
import functools

import numpy as np

from actions.answer_embeddings import EmbeddingIndex, load_index
from actions.answer_retrieval import AnswerIndex, Retrieval, get_index, is_bare_word
from actions.facts import get_facts
from actions.question_kind import asked_aspects

# Languages searched by meaning; German, Einfache Sprache and English use the German index.
OWN_INDEX_LANGUAGES = ("uk", "ar", "tr", "ru", "fa")
# For a German or English question the classifier is not sure of, both searches rank the units together: each
# one's scores (steered by the programme named or the topic) in standard deviations over all units, the search
# by meaning's weighted MEANING_WEIGHT. Development split (723 questions, 5-fold, the held-out question left out of
# both), top-1 of the 450 without a confident match: classifier 57.3 %, by meaning 54.0 %, together at weight 1.0
# 62.4-62.7 %, 1.5-2.5 63.6-64.9 % (2.0 with ASKED_ASPECT_BONUS 0.75 the best), 3.0 62.4-63.1 %; a learned reranker
# over 24 features of the ten closest units (logistic regression, 5-fold) 63.8-64.4 %. End to end (make answer-dev,
# fixed folds) weights 1.0 and 2.0 gave the same 517 right and 59 wrong, ten questions changing each way.
MEANING_WEIGHT = 2.0
# From this score on, the best unit together that is not a confident match is placed in its programme (shown as
# a marked guess) when the search by meaning finds the same programme first. Development split, the questions
# that name no programme and get no confident match: 38 of 73 score at least this, 21 of them with the right
# unit; of the 27 that the search by meaning agrees on, 17. Off-topic questions ("Wie wird das Wetter morgen?"
# -0.31, "Was kostet ein Auto?" -0.38) score as high, but the two searches disagree on them.
SECOND_OPINION_FROM = -0.5
# Units of the aspect that the question's cue words ask (question_kind.ASPECT_CUES: cost, who, how long …) rank this
# much higher together. Development split (676 German/English questions, 5-fold, both searches held out), top-1 of
# the 466 questions without a confident match: 56.2 → 58.8 % (0.25: 57.3, 0.75 and 1.0: 58.6-59.0 %); a penalty
# for the other aspects added nothing. With MEANING_WEIGHT 2.0 the scores spread wider: 0.5 63.8 %, 0.75 64.9 %,
# 1.0 64.4 % (450 questions, 723 in all).
ASKED_ASPECT_BONUS = 0.75


@functools.lru_cache(maxsize=1)
def get_embedding_index() -> EmbeddingIndex | None:
    """The index over the committed vectors (None, logged, when they do not fit the facts)."""
    return load_index(get_facts())


def search_in(language: str | None, text: str, context_topic: str | None = None, *,
              for_guesses: bool = True) -> Retrieval:
    """The units for a message in the conversation's language. The search by meaning knows the German texts
    too, so a German word in such a message needs no second search (the German classifier was "sure" of the
    status unit for any message with "Anerkennung" in it: "آنرکنونگ (Anerkennung) یا معادل‌سازی چیست؟").
    for_guesses=False: the caller uses only a confident match (a check's answers, "Welches KI ist für Köln
    zuständig?"), so a German or English message is not ranked by both searches (30 ms saved)."""
    by_meaning = get_embedding_index()
    if by_meaning is not None and language in OWN_INDEX_LANGUAGES:
        return by_meaning.search(text, context_topic=context_topic)
    classifier = get_index()
    found = classifier.search(text, context_topic=context_topic)
    if language in OWN_INDEX_LANGUAGES:
        # No vectors that fit the facts (logged at start): the classifier's choices, never as a sure answer.
        return dataclasses.replace(found, confident=False, implied=None)
    if by_meaning is None or not for_guesses:
        return found
    return ranked_by_both(found, text, by_meaning, classifier, context_topic)


def ranked_by_both(found: Retrieval, text: str, by_meaning: EmbeddingIndex, classifier: AnswerIndex,
                        context_topic: str | None = None) -> Retrieval:
    """The classifier's result when it is sure; else the units ranked by both searches together (about 30 ms),
    never as a sure answer, and the best one's programme placed when the search by meaning agrees on it.
    The search by meaning without its hubness correction, as when this was chosen: with it, "Was kostet ein
    Auto?" agreed with the classifier on the integration course (its fee for self-payers)."""
    if found.confident or found.best is None:
        return found
    scores, named = classifier.steered(text, context_topic)
    meaning, _ = by_meaning.without_hub_correction().within_languages(GERMAN_AND_ENGLISH).steered(text, context_topic)
    together = standardised(scores) + MEANING_WEIGHT * standardised(meaning) + ASKED_ASPECT_BONUS * asked_units(
        classifier, text)
    mixed = classifier.retrieval_from(scores, named, context_topic, np.argsort(-together)[:len(found.matches)])
    mixed = dataclasses.replace(mixed, confident=False)
    best = mixed.best
    if is_bare_word(text, named, context_topic):
        return dataclasses.replace(mixed, implied=None)
    if mixed.implied is not None or best is None or best.score < SECOND_OPINION_FROM:
        return mixed
    if by_meaning.programs[int(np.argmax(meaning))] != best.unit["program"]:
        return mixed
    return dataclasses.replace(mixed, implied=best.unit["program"])


# A German or English question is ranked by meaning against the German and English texts only: the other languages'
# example questions added for them (516 on 05.12.2026) cost the German development split three right answers.
# Development split with this: 480 -> 483 right of 723, 79 -> 80 wrong.
GERMAN_AND_ENGLISH = ("de", "de-simple", "en")


def asked_units(classifier: AnswerIndex, text: str) -> np.ndarray:
    """1 for the units of an aspect the text's cue words ask (German and English), else 0."""
    return np.isin(classifier.aspects, asked_aspects(text)).astype(np.float32)


def standardised(scores: np.ndarray) -> np.ndarray:
    """Scores in standard deviations above their mean: the two searches' scales differ."""
    return (scores - scores.mean()) / (scores.std() + 1e-6)
