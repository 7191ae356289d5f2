"""Choose the answer unit that answers a message (issue #15).

Units are short, sourced facts (facts_src/answers/ → facts.json "answers"). A linear classifier
(scikit-learn's LinearSVC) over TF-IDF of words and of character n-grams (robust to German
inflection, compounds and typos) learns each unit from its example questions, real newcomers'
questions (facts_src/answers/real/) and its answer; then the ranking is steered:
- a programme named in the message keeps the search inside that programme;
- otherwise the topic of the conversation (a follow-up: "und was kostet das?") is preferred, and a short
  follow-up that points back to it ("darf ich damit arbeiten?") keeps to it like a programme named.
Below a confidence threshold the bot says it is unsure and offers the closest units.

scikit-learn ships with Rasa, so this adds no dependency. docs/answer_retrieval.md compares it
with plain TF-IDF similarity and BM25 on a development split of real questions.
"""
from __future__ import annotations

import dataclasses
import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import sklearn
from scipy.sparse import hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.svm import LinearSVC

from actions import trained_cache
from actions.facts import get_facts
from actions.topics import family, match_topic, normalise, points_back

# Scores are the classifier's decision values (about -1.5 … 1). The thresholds were chosen on the
# development split (real questions in facts_src/answers/real/, 5-fold), never on the test split. Below
# them, the closest unit of a programme the person named is shown as a marked guess. On 541 questions
# (03.12.2026), -0.2 instead of -0.4 keeps the share of right answers (confident or guess: 50.7 %) and
# cuts confident wrong answers from 11.1 % to 7.2 %: a wrong "sure" answer is the worst kind.
# 04.12.2026, night, with both searches ranking the guesses (answer_retrieval_translated.py), 629 questions:
# confident from -0.2 / -0.1 (without programme) → 0.0 / 0.1: confident wrong 6.0 → 3.5 %, right answers
# (confident or a guess shown) 61.0 → 61.1 %; at 0.1 / 0.2 wrong 2.4 %, right 60.7 %.
# 06.12.2026, with a guess showing the units closest after it (answer_choice.guesses_to_show), end to end (make
# answer-dev, 724 questions, right / unsure / wrong): 0.0 / 0.1 542 / 122 / 60, 0.15 / 0.25 541 / 126 / 57,
# 0.3 / 0.4 538 / 130 / 56. Kept at 0.0: every caller that takes only a sure answer (a rule question such as
# "Wie viele Stunden muss ich bei der Beschäftigungsduldung arbeiten?" at 0.13, the office that decides, a question
# inside a check) uses these thresholds too, and three fewer wrong answers did not outweigh them (review finding).
CONFIDENT = 0.0
# Without a programme named in the message or in the conversation, word overlap alone often
# picks a unit of the wrong programme: then only a clearer match counts as confident.
CONFIDENT_WITHOUT_PROGRAMME = 0.1
OTHER_PROGRAMME_PENALTY = 1.0  # a programme named in the message: units of others rank far behind
TOPIC_BONUS = 0.15  # the conversation's topic, for follow-ups without a programme name
MIN_DF = 3  # n-grams seen in fewer example texts are noise and would make the model large
# Nonsense ("asdf qwertz", "Ich mag Pizza") scores about -1.05 … -0.8 for its closest units.
IMPLIED_MIN = -0.6
# This many closest units of one programme imply it. Development split, questions that neither name a
# programme nor get a confident match: with three agreeing the best unit is right for 6 of 9 German and
# 80-89 % of the Ukrainian, Arabic and Turkish ones; with only two agreeing, for 4 of 18 German ones.
IMPLIED_BY = 3
# A message that points back ("damit") keeps to the conversation's topic when one of its units is among this many
# closest (before any steering).
POINTED_AMONG = 3


@dataclass(frozen=True)
class Match:
    """An answer unit and the classifier's score for the question."""
    unit: Mapping[str, Any]
    score: float


@dataclass(frozen=True)
class Retrieval:
    """The best units for a question, and whether the best is good enough to answer with."""
    matches: tuple[Match, ...]  # best first
    confident: bool
    # The programme the search places the question in although no word names it ("як підтвердити диплом?"):
    # the closest unit is near, or the closest units agree. That unit is then shown as a marked guess.
    implied: str | None = None
    # Whether the best unit may answer on its own as the reply to a question, not only as a sure match that a
    # rule question or a check's answer takes (the search by meaning asks more of it: see EmbeddingIndex).
    alone: bool = True

    @property
    def best(self) -> Match | None:
        """The top match, or None when nothing was found."""
        return self.matches[0] if self.matches else None


def training_texts(units: Sequence[Mapping[str, Any]],
                   translations: Mapping[str, Mapping[str, Mapping[str, Any]]] | None = None,
                   ) -> tuple[list[str], list[int]]:
    """Each unit's example questions, its answer and the answer's translations (a question in English or
    Ukrainian finds its unit by the words of the translated answer: +6.5 points top-1 on the English
    development questions with English alone, German unchanged), labelled with the unit's position."""
    texts, labels = [], []
    for position, unit in enumerate(units):
        translated = [entries[unit["id"]]["answer"] for entries in (translations or {}).values()
                      if unit["id"] in entries]
        for text in [*unit["questions"], unit["answer"], *translated]:
            texts.append(normalise(text))
            labels.append(position)
    return texts, labels


# The two views of a text the classifier learns from: words and word pairs, and character n-grams.
VECTORIZERS = {"words": {"analyzer": "word", "ngram_range": (1, 2)},
               "chars": {"analyzer": "char_wb", "ngram_range": (3, 5)}}


def trained_arrays(texts: Sequence[str], labels: Sequence[int]) -> dict[str, np.ndarray]:
    """Train the classifier; its vocabularies, idf weights and coefficients as arrays."""
    fitted = {kind: TfidfVectorizer(sublinear_tf=True, min_df=MIN_DF, **settings)
              for kind, settings in VECTORIZERS.items()}
    features = hstack([vectorizer.fit_transform(texts) for vectorizer in fitted.values()]).tocsr()
    model = LinearSVC(C=1.0).fit(features, labels)
    arrays = {}
    for kind, vectorizer in fitted.items():
        arrays[f"{kind}_terms"] = np.array(sorted(vectorizer.vocabulary_, key=vectorizer.vocabulary_.__getitem__))
        arrays[f"{kind}_idf"] = vectorizer.idf_
    # float32 halves the memory of the 412 × ~13,000 weights; the ranking does not change.
    return {**arrays, "weights": model.coef_.astype(np.float32).T, "bias": model.intercept_.astype(np.float32)}


def vectorizer(kind: str, arrays: Mapping[str, np.ndarray]) -> TfidfVectorizer:
    """The fitted vectorizer of trained_arrays, rebuilt from its vocabulary and idf weights."""
    rebuilt = TfidfVectorizer(sublinear_tf=True, min_df=MIN_DF, vocabulary={str(term): i for i, term in enumerate(
        arrays[f"{kind}_terms"])}, **VECTORIZERS[kind])
    rebuilt.idf_ = arrays[f"{kind}_idf"]
    return rebuilt


class AnswerIndex:
    """The classifier, trained from the facts once (about 14 s) and kept for the next start."""

    # Thresholds of this index's scores (a subclass with another scale sets its own).
    confident = CONFIDENT
    confident_without_programme = CONFIDENT_WITHOUT_PROGRAMME
    topic_bonus = TOPIC_BONUS
    other_programme_penalty = OTHER_PROGRAMME_PENALTY
    alone_margin = 0.0  # how much more than a sure match a unit needs to answer a question on its own
    implied_min = IMPLIED_MIN
    pointed_among = POINTED_AMONG
    # A best score that places the question in its programme on its own; None: this classifier's scores
    # cannot tell ("Wie wird das Wetter morgen?" scores -0.31, as high as many real questions).
    close_alone: float | None = None

    def __init__(self, units: Sequence[Mapping[str, Any]], topics: Mapping[str, Mapping[str, Any]],
                 translations: Mapping[str, Mapping[str, Mapping[str, Any]]] | None = None,
                 kept_as: str | None = None) -> None:
        """kept_as: the name under which the trained classifier is kept for the next start (actions/trained_cache.py);
        None trains it anew (a development split's index, built without the held-out questions)."""
        self.units = list(units)
        self.topics = topics
        self.programs = np.array([unit["program"] for unit in self.units])
        self.aspects = np.array([unit["aspect"] for unit in self.units])
        texts, labels = training_texts(self.units, translations)
        stored = trained_cache.kept_or_computed(
            kept_as, lambda: [sklearn.__version__, repr(VECTORIZERS), *map(str, labels), *texts],
            lambda: trained_arrays(texts, labels))
        self.words, self.chars = (vectorizer(kind, stored) for kind in VECTORIZERS)
        self.weights, self.bias = stored["weights"], stored["bias"]

    def decision(self, text: str) -> np.ndarray:
        """The classifier's score of every unit for the text (higher is closer)."""
        query = [normalise(text)]
        features = hstack([self.words.transform(query), self.chars.transform(query)]).tocsr()
        # float32 like the weights: a float64 query makes scipy convert all weights to float64 on every
        # call (about 20 ms for 22,775 × 445); in float32 the product reads only the message's rows.
        return np.asarray(features.astype(np.float32) @ self.weights).ravel() + self.bias

    def aspect_bonus(self, text: str) -> np.ndarray | float:
        """What a cue word for one aspect adds to that aspect's units (none here: the classifier learns the
        German and English cue words itself)."""
        return 0.0

    def search(self, text: str, context_topic: str | None = None, top: int = 3) -> Retrieval:
        """The `top` units for a question, favouring the programme it names or the conversation's topic."""
        if not isinstance(text, str) or not text.strip() or not self.units:
            return Retrieval((), False)
        scores, named = self.steered(text, context_topic)
        found = self.retrieval_from(scores, named, context_topic, np.argsort(-scores)[:top])
        if is_bare_word(text, named, context_topic):
            return dataclasses.replace(found, confident=False, implied=None)
        return found

    def steered(self, text: str, context_topic: str | None = None) -> tuple[np.ndarray, str | None]:
        """Every unit's score, units of other programmes than the one named lowered, else those of the
        conversation's topic raised; and the programme named (the topic, when the message points back to it)."""
        scores = self.decision(text) + self.aspect_bonus(text)
        named = match_topic(text, self.topics)
        pointed = named is None and self.points_back_to(text, context_topic, scores)
        named = context_topic if pointed else named
        if named is not None and (self.programs == named).any():
            scores = np.where(np.isin(self.programs, list(family(named, self.topics))), scores,
                              scores - self.other_programme_penalty)
        if context_topic is not None and (named is None or pointed):
            scores = scores + self.topic_bonus * (self.programs == context_topic)
        return scores, named

    def points_back_to(self, text: str, context_topic: str | None, scores: np.ndarray) -> bool:
        """"Darf ich damit arbeiten?" after § 25a asks about § 25a, though the ended Chancen-Aufenthaltsrecht's unit
        has the closer words: a word for "with it", and a unit of the topic among the closest. "Can I become a citizen
        with this?" after the integration course has none of the course's units near it: a new question."""
        if context_topic is None or not points_back(text):
            return False
        closest = self.programs[np.argsort(-scores)[:self.pointed_among]]
        return bool(np.isin(closest, list(family(context_topic, self.topics))).any())

    def retrieval_from(self, scores: np.ndarray, named: str | None, context_topic: str | None,
                       order: np.ndarray) -> Retrieval:
        """The units in `order` with their scores; confident when the first is close enough."""
        matches = tuple(Match(self.units[i], float(scores[i])) for i in order)
        # The programme named or talked about, or one related to it (recognition and the offices that decide on it)
        anchored = bool(matches) and matches[0].unit["program"] in {
            *(family(named, self.topics) if named else ()), context_topic}
        threshold = self.confident if anchored else self.confident_without_programme
        confident = bool(matches) and matches[0].score >= threshold
        alone = confident and matches[0].score >= threshold + self.alone_margin
        return Retrieval(matches, confident, self.implied_programme(matches), alone)

    def implied_programme(self, matches: Sequence[Match]) -> str | None:
        """The best unit's programme, when it is close on its own, or when the closest units are all of it or
        of its related programmes (recognition and the offices that decide on it) and the best is not far off."""
        if matches and self.close_alone is not None and matches[0].score >= self.close_alone:
            return str(matches[0].unit["program"])
        if len(matches) < IMPLIED_BY or matches[0].score < self.implied_min:
            return None
        best = matches[0].unit["program"]
        related = family(best, self.topics)
        return best if all(match.unit["program"] in related for match in matches[:IMPLIED_BY]) else None


def is_bare_word(text: str, named: str | None, context_topic: str | None) -> bool:
    """One word that names no programme, with no topic in the conversation ("alle", "zurück", "Hilfe!"): too little
    for a sure answer or for a guess at a programme."""
    return named is None and context_topic is None and len(text.split()) < 2


@functools.lru_cache(maxsize=1)
def get_index() -> AnswerIndex:
    """The answer index over the committed facts."""
    facts = get_facts()
    # English only: each further language makes training slower (all seven: 22,775 -> 57,583 features,
    # 15 -> 35 s); the others have small indexes of their own (actions/answer_retrieval_translated.py).
    english = facts.get("translations", {}).get("en")
    return AnswerIndex(facts.get("answers", []), facts["topics"], {"en": english} if english else None,
                       kept_as="answer_classifier")
