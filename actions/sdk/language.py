"""Every action answers in the conversation's language, and offers the other languages once."""
from __future__ import annotations

import functools
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.i18n import GERMAN, SIMPLE_GERMAN, speaking

LANGUAGE_SLOT = "language"  # set by rasa_ext/components/language_policy.py before the action runs
OFFERED_SLOT = "language_offered"  # the language whose switch buttons were shown last
OFFER_RESPONSE = "utter_offer_languages"
LANGUAGE_PAYLOAD = "/choose_language"

Events = list[dict[str, Any]]
ActionT = TypeVar("ActionT")
# rasa_sdk declares Action.run as a coroutine function; the decorated run must stay one.
Run = Callable[[ActionT, CollectingDispatcher, Tracker, Any], Coroutine[Any, Any, Events]]


def language_set_this_turn(tracker: Tracker) -> bool:
    """Whether the language changed with the latest message (the policy's SlotSet follows it)."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return False
        if event.get("event") == "slot" and event.get("name") == LANGUAGE_SLOT:
            return True
    return False


def language_offer(dispatcher: CollectingDispatcher, tracker: Tracker) -> Events:
    """Once per new language other than German: the buttons to switch (Deutsch, Einfache Sprache, …)."""
    language = tracker.get_slot(LANGUAGE_SLOT)
    if language in (None, GERMAN, SIMPLE_GERMAN) or tracker.get_slot(OFFERED_SLOT) == language:
        return []
    dispatcher.utter_message(response=OFFER_RESPONSE)  # Rasa renders it in the slot's language
    return [SlotSet(OFFERED_SLOT, language)]


def in_conversation_language(run: Run[ActionT]) -> Run[ActionT]:
    """An action's `run` with its texts in the conversation's language, then the offer to switch."""
    @functools.wraps(run)
    async def run_in_language(self: ActionT, dispatcher: CollectingDispatcher, tracker: Tracker,
                              domain: Any) -> Events:
        first_new = len(dispatcher.messages)
        with speaking(tracker.get_slot(LANGUAGE_SLOT)) as language:
            events = await run(self, dispatcher, tracker, domain)
        offered = any(event.get("event") == "slot" and event.get("name") == OFFERED_SLOT for event in events)
        events = [*events, *([] if offered else language_offer(dispatcher, tracker))]
        for message in dispatcher.messages[first_new:]:
            # Like the domain's responses: the web page shows its own texts and direction in this language.
            message.setdefault("metadata", {})["language"] = language
        return events
    return run_in_language
