"""The shared shape of the NLU components that learn a set of words from the training data and act on it.

UnknownWordsClassifier keeps every word the NLU was trained on, SmallTalkWithContentClassifier the words that
only questions use. Both persist the set as JSON in the model and read it back when the model loads.
"""
from __future__ import annotations

import re
from typing import Any

import rasa.shared.utils.io
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.training_data.training_data import TrainingData
from typing_extensions import override

# Letters only (numbers and postcodes are not words to know); "don't" and "Bochum'da" are one word each.
WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
FILE_NAME = "words.json"


def words_of(text: Any) -> list[str]:
    """The lower-cased words of a text, in any script ("İZMİR" is one word, "izmir")."""
    return WORD.findall(text.replace("İ", "i").lower()) if isinstance(text, str) else []


class WordSetComponent(GraphComponent):
    """A component with one set of words, learnt by `words_from` at training and kept in the model."""

    def __init__(self, model_storage: ModelStorage, resource: Resource, words: set[str]) -> None:
        self._model_storage = model_storage
        self._resource = resource
        self.words = words

    @staticmethod
    def words_from(training_data: TrainingData) -> set[str]:
        """The words to keep; each component says which."""
        raise NotImplementedError

    @override
    @classmethod
    def create(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> WordSetComponent:
        return cls(model_storage, resource, set())

    def train(self, training_data: TrainingData) -> Resource:
        """Learn the words and persist them."""
        self.words = self.words_from(training_data)
        with self._model_storage.write_to(self._resource) as model_dir:
            rasa.shared.utils.io.dump_obj_as_json_to_file(model_dir / FILE_NAME, sorted(self.words))
        return self._resource

    @override
    @classmethod
    def load(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> WordSetComponent:
        with model_storage.read_from(resource) as model_dir:
            words = rasa.shared.utils.io.read_json_file(model_dir / FILE_NAME)
        return cls(model_storage, resource, set(words))

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """The graph asks every trainable classifier; these add nothing to the training data."""
        return training_data
