"""Choose the answer unit that answers a message (issue #15).

Units are short, sourced facts (facts_src/answers/ → facts.json "answers"). A message is
matched against each unit's example questions and answer with TF-IDF over words and over
character n-grams (robust to German inflection, compounds and typos), then steered:
- a programme named in the message keeps the search inside that programme;
- otherwise the topic of the conversation (a follow-up: "und was kostet das?") is preferred;
- words that ask for an aspect ("kostet", "wie lange", "wo beantrage") prefer units of it.
Below a confidence threshold the bot says it is unsure and offers the closest units.

scikit-learn ships with Rasa, so this adds no dependency; docs/answer_retrieval.md compares
it with BM25 on the real-question split.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any, Mapping, Sequence

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from actions.facts import get_facts
from actions.topics import match_topic, normalise

CONFIDENT = 0.30  # below: "unsure", with the closest units as choices
# Without a programme named in the message or in the conversation, word overlap alone often
# picks a unit of the wrong programme: then only a very close match counts as confident.
CONFIDENT_WITHOUT_PROGRAMME = 0.50
CLEAR_MARGIN = 0.04  # a top score this close to the runner-up in another programme is unsure too
TOPIC_BONUS = 0.12  # the conversation's topic, for follow-ups without a programme name
ASPECT_BONUS = 0.10
ASPECT_CUES = {
    "cost": r"kost|gebuehr|preis|euro|\beur\b|teuer|bezahlen|zahlen|geld|zuschuss|kostenlos|gratis|umsonst",
    "duration": r"wie lange|dauer|stunden|unterrichtseinheit|wochen|monate? lang|wie viele stunden",
    "apply": r"\bwo\b.*(beantrag|antrag|anmeld|hin)|beantrag|antrag stellen|anmelden|anmeldung|bewerben|zustaendig",
    "documents": r"unterlagen|dokumente|nachweis|mitbringen|papiere brauche|formular|zeugnisse",
    "who": r"\bwer\b|darf ich|duerfen|voraussetzung|bedingung|anspruch|berechtigt|fuer wen|ab wie vielen|alter",
    "deadline": r"frist|bis wann|deadline|spaetestens|ablauf",
    "changes": r"geaendert|aenderung|neu seit|neue regel|abgeschafft|nicht mehr|seit wann gilt",
    "status": r"gibt es (das|den|die|es) noch|noch aktiv|laeuft noch|eingestellt|gestoppt|beendet|vorbei",
    "contact": r"adresse|telefon|nummer|e ?mail|kontakt|sprechzeit|erreichen",
}


@dataclass(frozen=True)
class Match:
    unit: Mapping[str, Any]
    score: float


@dataclass(frozen=True)
class Retrieval:
    matches: tuple[Match, ...]  # best first
    confident: bool

    @property
    def best(self) -> Match | None:
        return self.matches[0] if self.matches else None


def unit_document(unit: Mapping[str, Any], topic: Mapping[str, Any]) -> str:
    """What a unit is matched on: its questions (twice: they are phrased like messages), its answer
    and the programme's name and keywords."""
    questions = " ".join(unit["questions"])
    return normalise(" ".join([questions, questions, unit["answer"], topic["short"], " ".join(topic["keywords"][:6])]))


class AnswerIndex:
    """TF-IDF over words and character n-grams, built once per process from the facts."""

    def __init__(self, units: Sequence[Mapping[str, Any]], topics: Mapping[str, Mapping[str, Any]]) -> None:
        self.units = list(units)
        self.topics = topics
        documents = [unit_document(unit, topics[unit["program"]]) for unit in self.units]
        self.words = TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True, min_df=1)
        self.chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, min_df=1)
        self.word_matrix = self.words.fit_transform(documents)
        self.char_matrix = self.chars.fit_transform(documents)
        self.programs = np.array([unit["program"] for unit in self.units])
        self.aspects = np.array([unit["aspect"] for unit in self.units])

    def similarity(self, text: str) -> np.ndarray:
        query = [normalise(text)]
        words = (self.word_matrix @ self.words.transform(query).T).toarray().ravel()
        chars = (self.char_matrix @ self.chars.transform(query).T).toarray().ravel()
        return 0.5 * words + 0.5 * chars

    def search(self, text: str, context_topic: str | None = None, top: int = 3) -> Retrieval:
        if not isinstance(text, str) or not text.strip() or not self.units:
            return Retrieval((), False)
        scores = self.similarity(text)
        named = match_topic(text, self.topics)
        if named is not None and (self.programs == named).any():
            scores = np.where(self.programs == named, scores, scores * 0.5)
        elif context_topic is not None:
            scores = scores + TOPIC_BONUS * (self.programs == context_topic)
        for aspect in asked_aspects(text):
            scores = scores + ASPECT_BONUS * (self.aspects == aspect)
        order = np.argsort(-scores)[:top]
        matches = tuple(Match(self.units[i], float(scores[i])) for i in order)
        anchored = matches and matches[0].unit["program"] in (named, context_topic)
        return Retrieval(matches, is_confident(matches, CONFIDENT if anchored else CONFIDENT_WITHOUT_PROGRAMME))


def asked_aspects(text: str) -> list[str]:
    folded = normalise(text)
    return [aspect for aspect, cue in ASPECT_CUES.items() if re.search(cue, folded)]


def is_confident(matches: Sequence[Match], threshold: float = CONFIDENT) -> bool:
    if not matches or matches[0].score < threshold:
        return False
    rivals = [m for m in matches[1:] if m.unit["program"] != matches[0].unit["program"]]
    return not rivals or matches[0].score - rivals[0].score >= CLEAR_MARGIN


@functools.lru_cache(maxsize=1)
def get_index() -> AnswerIndex:
    facts = get_facts()
    return AnswerIndex(facts.get("answers", []), facts["topics"])
