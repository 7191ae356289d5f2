"""A wish for another language ("English please", a language button), told from a question that NLU read as one
("Wo kann ich zum Sprachkurs?"), which gets its answer."""
from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from typing_extensions import override

from actions.question_kind import is_question
from actions.sdk.ki import answer_or_fallback
from actions.sdk.language import (
    LANGUAGE_PAYLOAD,
    LANGUAGE_SLOT,
    OFFER_RESPONSE,
    OFFERED_SLOT,
    in_conversation_language,
    language_set_this_turn,
)
from actions.sdk.tracker import latest_text

# "English please", "Can you speak English?", "по-русски": a wish for a language is short. "What are professional
# language courses?" is a question (in English, so the language changed too) and gets its answer.
SWITCH_REQUEST_MAX_WORDS = 4


def is_switch_request(text: str) -> bool:
    """Whether a message read as `choose_language` is only a wish for a language: short, or no question
    ("Please answer me in English from now on", "I don't speak German, English please")."""
    return len(re.findall(r"\w+", text)) <= SWITCH_REQUEST_MAX_WORDS or not is_question(text)


def only_not_understood(messages: list[dict[str, Any]]) -> bool:
    """Whether an attempt to answer ended in "nicht verstanden" (and perhaps the language offer) only."""
    return any(m.get("response") == "utter_default" for m in messages) and all(
        m.get("response") in ("utter_default", OFFER_RESPONSE) for m in messages)


class ActionChooseLanguage(Action):
    """"English please" or a language button: say so in the new language. When the NLU reads a question
    as a wish for a language ("Wo kann ich zum Sprachkurs?") and no language changed, answer the question."""

    @override
    def name(self) -> str:
        return "action_choose_language"

    @override
    @in_conversation_language
    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        text = latest_text(tracker)
        if text.startswith(LANGUAGE_PAYLOAD) or (language_set_this_turn(tracker) and is_switch_request(text)):
            return self.confirm(dispatcher, tracker)
        answer = CollectingDispatcher()
        events = answer_or_fallback(answer, tracker)
        if language_set_this_turn(tracker) and only_not_understood(answer.messages):
            return self.confirm(dispatcher, tracker)  # "Can we continue in English please?": a wish after all
        dispatcher.messages.extend(answer.messages)
        return events

    @staticmethod
    def confirm(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[dict[str, Any]]:
        """Say, in the new language, that the bot answers in it from now on."""
        dispatcher.utter_message(response="utter_language_chosen")
        return [SlotSet(OFFERED_SLOT, tracker.get_slot(LANGUAGE_SLOT))]  # its buttons are the offer
