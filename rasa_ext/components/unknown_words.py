"""Mark a message with no known word as not understood; everyday thanks and goodbyes DIET is unsure of as such.

DIET gives every message an intent, and keyboard nonsense ("qwfp zxcv mnbv") lands wherever its
character n-grams happen to point: on one machine below the fallback threshold, on another at
`stop` with 0.68. A message none of whose words occurs in the NLU training data (examples, lookup
tables, synonyms), not even with one or two letters wrong, carries nothing to classify, so it gets
`nlu_fallback`, unless DIET is nearly certain. Typos keep DIET's intent: "halo", "dankee", "abbrchen", "hii",
"Notfallll", and so do spellings DIET is sure of ("متشکرم", thank 0.96). A place, a call for help and a wish to talk
to someone keep it too: the place resolver knows more spellings ("Gelsenkirschen").
`action_answer_or_fallback` still tries the answer search on a fallback, so a real question in words
the NLU has never seen is not lost (3 of 1,857 real questions had no known word on 07.12.2026).
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from rasa_ext.components.word_sets import WordSetComponent, words_of

FALLBACK_INTENT = "nlu_fallback"
# The place resolver knows more spellings; help must never be "not understood" (DIET's intent reaches this
# component only at the FallbackClassifier's threshold or above).
ALWAYS_KEPT = frozenset({"inform_place", "emergency", "human_handover"})
SMALL_TALK = frozenset({"greet", "thank", "goodbye"})
SURE_OF_SMALL_TALK = 0.8  # "khodafez" 0.90, "choukran" 0.93; keyboard nonsense scored 0.68 at most
MIN_FUZZY_LENGTH = 3  # a word of 3 letters or more is known with a letter left out ("hii" is "hi"); of 2 only as it is
STRETCHED = re.compile(r"(.)\1{2,}")
NEARLY_CERTAIN = 0.95  # keyboard nonsense scored 0.68 at most (stop, on CI's machine)
# Everyday thanks and goodbyes in Latin letters that DIET leaves below the fallback threshold ("sagol" 0.6) or never
# saw ("tysm", "sepasgozaram", "dyakuyu"). A message of only these words and FILLERS is that small talk. Kept out of
# the NLU examples: 24 such examples moved about 20 answers of the other languages when DIET was retrained (07.12.2026).
COURTESY = {
    "thank": frozenset({
        "tysm", "ty", "thx", "thnx", "thanx", "tnx", "tq", "thanks", "thank", "danke", "danki", "merci", "mersi", "mrc",
        "sepas", "sepasgozaram", "sepasgozarim", "mamnoon", "mamnun", "mamnoonam", "mamnunam", "motshakeram",
        "moteshakeram", "sagol", "sağol", "sagolun", "sağolun", "saol", "tsk", "tşk", "tesekkur", "teşekkür",
        "tesekkurler", "teşekkürler", "eyvallah", "shukran", "shokran", "shukren", "choukran", "chokran", "spasibo",
        "spasiba", "spasybi", "spasybo", "dyakuyu", "diakuiu", "djakuju", "dyakuju"}),
    "goodbye": frozenset({
        "bye", "tschüss", "tschüs", "tschuess", "ciao", "cya", "khodahafez", "khodafez", "hoscakal", "hoşçakal",
        "gorusuruz", "görüşürüz", "poka", "dosvidaniya", "dosvidanya"}),
}
FILLERS = frozenset({"ok", "okay", "oki", "abi", "abla", "bro", "jan", "joon", "jaan", "very", "much", "so", "a",
                     "lot", "cok", "çok", "kheili", "kheyli", "khaili", "vielen", "dank", "sehr", "u", "you", "ederim",
                     "ederiz"})
MAX_COURTESY_WORDS = 4


def training_vocabulary(training_data: TrainingData) -> set[str]:
    """Every word the NLU was trained on: examples, lookup-table elements and synonyms."""
    vocabulary: set[str] = set()
    for example in training_data.training_examples:
        vocabulary.update(words_of(example.get(TEXT)))
    for table in training_data.lookup_tables:
        elements = table.get("elements")
        if isinstance(elements, list):
            vocabulary.update(word for element in elements for word in words_of(element))
    for synonym, value in training_data.entity_synonyms.items():
        vocabulary.update(words_of(synonym) + words_of(value))
    return vocabulary


def deletions(word: str) -> list[str]:
    """The word with one letter left out, each way."""
    return [word[:i] + word[i + 1:] for i in range(len(word))]


class Vocabulary:
    """Known words, and whether a word is one of them with at most one letter added, left out or changed
    on each side (the symmetric deletion of SymSpell: "dankee", "abbrchen", "Gelsenkirschen")."""

    def __init__(self, words: Iterable[str]) -> None:
        self.words = set(words)
        self.one_left_out = {short for word in self.words if len(word) > MIN_FUZZY_LENGTH for short in deletions(word)}

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str):
            return False
        word = STRETCHED.sub(r"\1\1", word)  # "Notfallll", "допоможітььь": two of a letter at most
        if word in self.words or word in self.one_left_out:
            return True
        return len(word) >= MIN_FUZZY_LENGTH and any(
            short in self.words or short in self.one_left_out for short in deletions(word))


def has_no_known_word(text: Any, vocabulary: Vocabulary) -> bool:
    """True for a text with words, none of which the NLU knows ("qwfp zxcv"); false for "19" or "/greet"."""
    if not isinstance(text, str) or text.lstrip().startswith(("/", "{")):
        return False
    words = words_of(text)
    return bool(words) and not any(word in vocabulary for word in words)


def courtesy_intent(text: Any) -> str | None:
    """"thank" or "goodbye" for a short message of only everyday thanks or goodbyes ("sagol abi", "tysm"), else None."""
    words = words_of(text)
    if not words or len(words) > MAX_COURTESY_WORDS:
        return None
    said = {intent for intent, courtesies in COURTESY.items() if courtesies & set(words)}
    if len(said) != 1:
        return None
    intent = said.pop()
    return intent if all(word in COURTESY[intent] or word in FILLERS for word in words) else None


def keeps_diets_intent(message: Message) -> bool:
    """A place found or read, a call for help ("Polizeiii"), small talk DIET is sure of ("khoda hafiz") or any
    intent it is nearly certain of stays whatever the words."""
    intent = message.get(INTENT) or {}
    name, confidence = intent.get(INTENT_NAME_KEY), intent.get("confidence", 0.0)
    return bool(message.get(ENTITIES)) or name in ALWAYS_KEPT or confidence >= NEARLY_CERTAIN or (
        name in SMALL_TALK and confidence >= SURE_OF_SMALL_TALK)


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class UnknownWordsClassifier(WordSetComponent):
    """Sets intent nlu_fallback on a message that has no word of the training data, thank or goodbye on one of only
    everyday thanks or goodbyes (COURTESY): both are words DIET cannot weigh."""

    def __init__(self, model_storage: ModelStorage, resource: Resource, words: set[str]) -> None:
        super().__init__(model_storage, resource, words)
        self.vocabulary = Vocabulary(words)

    @staticmethod
    def words_from(training_data: TrainingData) -> set[str]:
        """Every word of the training data."""
        return training_vocabulary(training_data)

    def train(self, training_data: TrainingData) -> Resource:
        """Learn the words, and know their near spellings at once."""
        resource = super().train(training_data)
        self.vocabulary = Vocabulary(self.words)
        return resource

    def process(self, messages: list[Message]) -> list[Message]:
        """Everyday thanks or goodbyes get that intent; nlu_fallback where no word is known and no place was found."""
        for message in messages:
            if keeps_diets_intent(message):
                continue
            courteous = courtesy_intent(message.get(TEXT))
            if courteous is not None:
                set_intent(message, courteous)
            elif has_no_known_word(message.get(TEXT), self.vocabulary):
                set_intent(message, FALLBACK_INTENT)
        return messages


def set_intent(message: Message, intent: str) -> None:
    """The intent, sure, first in the ranking before DIET's other intents (without the fallback)."""
    chosen = {INTENT_NAME_KEY: intent, "confidence": 1.0}
    ranking = [item for item in message.get(INTENT_RANKING_KEY) or []
               if item.get(INTENT_NAME_KEY) not in (FALLBACK_INTENT, intent)]
    message.set(INTENT, chosen, add_to_output=True)
    message.set(INTENT_RANKING_KEY, [chosen] + ranking, add_to_output=True)
