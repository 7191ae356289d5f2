"""The conversation's language, set from every message before the bot answers (issue #17).

A policy that never chooses an action: it only returns a `SlotSet("language", …)` when the
language changes. Rasa applies a policy's `events` whether or not its prediction wins
(`rasa.core.policies.ensemble.DefaultPolicyPredictionEnsemble._pick_best_policy`), before the
predicted action runs, so the first response of the turn already uses the new language: the
domain's responses choose their variation by this slot, the actions their texts.

Why a policy: the decision needs the language chosen before (`conversation_language`), which an
NLU component never sees, and an `action_validate_slot_mappings` would cost a call to the action
server on every message.
"""
from __future__ import annotations

import functools
from typing import Any

from rasa.core.policies.policy import Policy, PolicyPrediction, SupportedData
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import Event, SlotSet, UserUttered
from rasa.shared.core.generator import TrackerWithCachedStates
from rasa.shared.core.trackers import DialogueStateTracker
from typing_extensions import override

from rasa_ext.components.language_detection import (
    DEFAULT,
    LANGUAGES,
    SIMPLE_GERMAN,
    conversation_language,
    named_language,
)

LANGUAGE_SLOT = "language"
CHOOSE_INTENT = "choose_language"
HINT_KEY = "language_hint"  # message metadata set by the channels: Telegram's language_code, the browser's language
CHOOSABLE = (*LANGUAGES, SIMPLE_GERMAN)

# Rasa asks the policy at least twice per message (after the message, after each action) with the same
# text: detect once. A pure function of its arguments (the fastText model does not change while serving).
# Only a few entries, so that no one's answers ("ich bin 19 und habe eine Duldung") stay in memory.
_conversation_language = functools.lru_cache(maxsize=4)(conversation_language)


def chosen_language(intent: str | None, entities: list[dict[str, Any]], text: str) -> str | None:
    """The language a "choose_language" message asks for: a button's entity, or a name in the text."""
    if intent != CHOOSE_INTENT:
        return None
    value = next((entity.get("value") for entity in entities if entity.get("entity") == LANGUAGE_SLOT), None)
    return value if value in CHOOSABLE else named_language(text)


def person_has_chosen(tracker: DialogueStateTracker) -> bool:
    """Whether a message before the latest one showed the person's language: typed text, or a choice.
    Until then the language comes only from the channel's hint (the greeting after "/greet" in the
    browser's language), and the first clear message decides as if nothing were set."""
    latest = tracker.latest_message
    return any(isinstance(event, UserUttered) and event is not latest
               and ((event.text and not event.text.startswith("/")) or event.intent_name == CHOOSE_INTENT)
               for event in tracker.events)


def language_after(tracker: DialogueStateTracker) -> str | None:
    """The conversation's language after its latest message (None: no message to judge)."""
    message = tracker.latest_message
    if message is None or not isinstance(message.text, str) or not message.text:
        return None
    text = message.text
    previous = tracker.get_slot(LANGUAGE_SLOT) if person_has_chosen(tracker) else None
    chosen = chosen_language(message.intent.get("name"), message.entities, text)
    if chosen is not None:
        return chosen
    hint = (message.metadata or {}).get(HINT_KEY) if isinstance(message.metadata, dict) else None
    return _conversation_language(previous, text, hint if isinstance(hint, str) else None)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=False)
class LanguagePolicy(Policy):
    """Predicts no action (all zeros, so it never wins); sets the `language` slot when it changes."""

    @override
    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"priority": 0}  # below every other policy: even a tie at 0.0 never makes it win

    @override
    @staticmethod
    def supported_data() -> SupportedData:
        return SupportedData.ML_AND_RULE_DATA

    @override
    def train(self, training_trackers: list[TrackerWithCachedStates], domain: Domain, **kwargs: Any) -> Resource:
        return self._resource  # nothing to learn: the language comes from the text

    @override
    def predict_action_probabilities(self, tracker: DialogueStateTracker, domain: Domain,
                                     rule_only_data: dict[str, Any] | None = None,
                                     **kwargs: Any) -> PolicyPrediction:
        events: list[Event] = []
        if LANGUAGE_SLOT in tracker.slots:
            language = language_after(tracker)
            current = tracker.get_slot(LANGUAGE_SLOT) or DEFAULT
            if language is not None and language != current:
                events.append(SlotSet(LANGUAGE_SLOT, language))
        return self._prediction(self._default_predictions(domain), events=events)
