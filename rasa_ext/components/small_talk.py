"""A greeting, thanks, goodbye or "start again" with a question in it is the question.

Real people start with "hallo" or "merhaba" and ask in the same message: "hi, where can i learn german",
"merhaba entegrasyon kursu ne kadar". DIET weighs the greeting word heavily and answers "Hallo!" only.
A small-talk message that holds words the content intents know and no small-talk example uses
("learn", "german", "entegrasyon", "kursu") is about something: it gets the best other intent of DIET's
ranking, or nlu_fallback (the answer search) when DIET hardly considered one. "Guten Tag, mein Name ist Fatma" keeps
greet: "Name" is a small-talk word, "Fatma" no content word. "getting my qualifications recognised in germany where
do i start" must not restart the conversation and delete what the person said.
"""
from __future__ import annotations

import importlib
from typing import Any

import rasa.shared.utils.io
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from typing_extensions import override

from rasa_ext.components.unknown_words import FALLBACK_INTENT, words_of

SMALL_TALK = frozenset({"greet", "goodbye", "thank", "restart_conversation"})
# Intents that carry no topic either: the best "other" intent must be about something.
NOT_CONTENT = SMALL_TALK | {"affirm", "deny", "stop", "continue_check", "bot_challenge",
                            "choose_language", "out_of_scope", FALLBACK_INTENT}
CONTENT_WORDS_NEEDED = 2  # one unknown-to-small-talk word is often a name or a typo
MIN_CONFIDENCE = 0.1  # a content intent DIET hardly considered is a guess: the answer search decides instead
FILE_NAME = "content_words.json"
LANGUAGES = ("de", "en", "uk", "ru", "ar", "tr", "fa")  # the bot's languages (issue #17)


def stop_words() -> set[str]:
    """The stop words spaCy ships for the bot's languages ("was", "where", "kadar"): no topic words."""
    return {word for language in LANGUAGES
            for word in importlib.import_module(f"spacy.lang.{language}.stop_words").STOP_WORDS}


def content_words(training_data: TrainingData) -> set[str]:
    """Words of the content intents' examples that no small-talk example uses and that are no stop words."""
    small_talk: set[str] = set()
    content: set[str] = set()
    for example in training_data.intent_examples:
        intent = example.get(INTENT)
        if intent in SMALL_TALK:
            small_talk.update(words_of(example.get(TEXT)))
        elif intent not in NOT_CONTENT:
            content.update(words_of(example.get(TEXT)))
    return content - small_talk - stop_words()


def is_about_something(text: Any, words: set[str]) -> bool:
    """Whether a message has at least CONTENT_WORDS_NEEDED different content words."""
    return len(set(words_of(text)) & words) >= CONTENT_WORDS_NEEDED


def best_content_intent(ranking: list[dict[str, Any]]) -> dict[str, Any]:
    """The best-ranked intent that is about something if DIET gave it MIN_CONFIDENCE, else nlu_fallback."""
    for item in ranking:
        if item.get(INTENT_NAME_KEY) not in NOT_CONTENT:
            if item.get("confidence", 0.0) >= MIN_CONFIDENCE:
                return item
            break
    return {INTENT_NAME_KEY: FALLBACK_INTENT, "confidence": 1.0}


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class SmallTalkWithContentClassifier(GraphComponent):
    """Replaces greet/thank/goodbye/restart by the best content intent when the message is about something."""

    def __init__(self, model_storage: ModelStorage, resource: Resource, words: set[str]) -> None:
        self._model_storage = model_storage
        self._resource = resource
        self.words = words

    @override
    @classmethod
    def create(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> SmallTalkWithContentClassifier:
        return cls(model_storage, resource, set())

    def train(self, training_data: TrainingData) -> Resource:
        """Collect the content words and persist them."""
        self.words = content_words(training_data)
        with self._model_storage.write_to(self._resource) as model_dir:
            rasa.shared.utils.io.dump_obj_as_json_to_file(model_dir / FILE_NAME, sorted(self.words))
        return self._resource

    @override
    @classmethod
    def load(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> SmallTalkWithContentClassifier:
        with model_storage.read_from(resource) as model_dir:
            words = rasa.shared.utils.io.read_json_file(model_dir / FILE_NAME)
        return cls(model_storage, resource, set(words))

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Nothing to add to the training data."""
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        """Give a small-talk message that is about something its best content intent."""
        for message in messages:
            intent = message.get(INTENT) or {}
            if intent.get(INTENT_NAME_KEY) not in SMALL_TALK or not is_about_something(message.get(TEXT), self.words):
                continue
            ranking = message.get(INTENT_RANKING_KEY) or []
            chosen = best_content_intent(ranking)
            message.set(INTENT, chosen, add_to_output=True)
            message.set(INTENT_RANKING_KEY, [chosen] + [item for item in ranking if item is not chosen],
                        add_to_output=True)
        return messages
