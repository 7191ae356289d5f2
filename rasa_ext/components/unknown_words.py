"""Mark a message with no known word as not understood.

DIET gives every message an intent, and keyboard nonsense ("qwfp zxcv mnbv") lands wherever its
character n-grams happen to point: on one machine below the fallback threshold, on another at
`stop` with 0.68. A message none of whose words occurs in the NLU training data (examples, lookup
tables, synonyms) carries nothing to classify, so it gets `nlu_fallback`, whatever DIET said.
`action_answer_or_fallback` still tries the answer retrieval on it, so a real question in words the
NLU has never seen is not lost (3 of 1,857 real questions had no known word on 07.12.2026).
"""
from __future__ import annotations

import re
from collections.abc import Container
from typing import Any

import rasa.shared.utils.io
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from typing_extensions import override

FALLBACK_INTENT = "nlu_fallback"
WORD = re.compile(r"[^\W\d_]+")  # letters only: numbers and postcodes are not words to know
FILE_NAME = "vocabulary.json"


def words_of(text: Any) -> list[str]:
    """The lower-cased words of a text, in any script."""
    return WORD.findall(text.lower()) if isinstance(text, str) else []


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


def has_no_known_word(text: Any, vocabulary: Container[str]) -> bool:
    """True for a text with words, none of which the NLU knows ("qwfp zxcv"); false for "19" or "/greet"."""
    if not isinstance(text, str) or text.lstrip().startswith(("/", "{")):
        return False
    words = words_of(text)
    return bool(words) and not any(word in vocabulary for word in words)


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class UnknownWordsClassifier(GraphComponent):
    """Sets intent nlu_fallback on a message that has no word of the training data."""

    def __init__(self, model_storage: ModelStorage, resource: Resource, vocabulary: set[str]) -> None:
        self._model_storage = model_storage
        self._resource = resource
        self.vocabulary = vocabulary

    @override
    @classmethod
    def create(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> UnknownWordsClassifier:
        return cls(model_storage, resource, set())

    def train(self, training_data: TrainingData) -> Resource:
        """Collect the words of the training data and persist them."""
        self.vocabulary = training_vocabulary(training_data)
        with self._model_storage.write_to(self._resource) as model_dir:
            rasa.shared.utils.io.dump_obj_as_json_to_file(model_dir / FILE_NAME, sorted(self.vocabulary))
        return self._resource

    @override
    @classmethod
    def load(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> UnknownWordsClassifier:
        with model_storage.read_from(resource) as model_dir:
            vocabulary = rasa.shared.utils.io.read_json_file(model_dir / FILE_NAME)
        return cls(model_storage, resource, set(vocabulary))

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Nothing to add to the training data."""
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        """Override DIET's intent with nlu_fallback where no word is known and no place was found."""
        for message in messages:
            if message.get(ENTITIES) or not has_no_known_word(message.get(TEXT), self.vocabulary):
                continue
            fallback = {"name": FALLBACK_INTENT, "confidence": 1.0}
            ranking = [item for item in message.get(INTENT_RANKING_KEY) or [] if item.get("name") != FALLBACK_INTENT]
            message.set(INTENT, fallback, add_to_output=True)
            message.set(INTENT_RANKING_KEY, [fallback] + ranking, add_to_output=True)
        return messages
