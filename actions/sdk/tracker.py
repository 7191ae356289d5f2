"""What the tracker holds: the latest user message, the turns before it, and the check's answers."""
from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet

from actions import eligibility, texts
from actions.check_answers import FORM, offered_values
from actions.i18n import in_every_language

# Actions that run between a user message and the form's validation.
FORM_STEPS = {FORM, "action_extract_slots", "action_listen"}


def latest_intent(tracker: Tracker) -> str:
    """The top intent, nlu_fallback included (the form treats it like an answer attempt)."""
    return tracker.get_intent_of_latest_message(skip_fallback_intent=False) or ""


def latest_text(tracker: Tracker) -> str:
    """The text of the latest user message ("" when there is none)."""
    text = (tracker.latest_message or {}).get("text")
    return text if isinstance(text, str) else ""


def asked_again(tracker: Tracker) -> bool:
    """The same message as the one before: the last answer did not help."""
    texts_sent = [" ".join((event.get("text") or "").lower().split())
                  for event in tracker.events if event.get("event") == "user"]
    return len(texts_sent) >= 2 and texts_sent[-1] == texts_sent[-2] and bool(texts_sent[-1])


def shared_point(tracker: Tracker) -> tuple[float, float] | None:
    """The (lat, lon) of a shared location, if the message is one."""
    lat = next(tracker.get_latest_entity_values("lat"), None)
    lon = next(tracker.get_latest_entity_values("lon"), None)
    try:
        return (float(lat), float(lon)) if lat is not None and lon is not None else None
    except (TypeError, ValueError):
        return None


# --- the eligibility check -----------------------------------------------------------

def answers_new_message(tracker: Tracker) -> bool:
    """True when the form runs right after a user message, False when it resumes
    after another action (an interruption, or the check's start)."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return True
        if event.get("event") == "action" and event.get("name") not in FORM_STEPS:
            return False
    return False


def failed_just_before(tracker: Tracker) -> bool:
    """Whether the bot's turn before this message already said the answer did not fit (in any language:
    the person may have switched since)."""
    starts = tuple(start for german in (texts.INVALID_ANSWER_START, texts.NOTED_START, texts.QUESTION_AS_ANSWER_START)
                   for start in in_every_language(german))
    users_seen = 0
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            users_seen += 1
            if users_seen == 2:
                return False
        elif event.get("event") == "bot" and users_seen == 1:
            if (event.get("text") or "").startswith(starts):
                return True
    return False


def current_answers(tracker: Tracker) -> dict[str, Any]:
    """The eligibility answers given so far, by slot."""
    return {slot: tracker.get_slot(slot) for slot in eligibility.SENSITIVE_SLOTS if tracker.get_slot(slot) is not None}


def reset_answers(tracker: Tracker) -> list[dict[str, Any]]:
    """Forget every answer the conversation still holds; unset ones need no event.

    Every event is stored and replayed on each later turn, so twelve resets per check
    would make a long conversation slower for nothing."""
    return [SlotSet(slot, None) for slot in eligibility.SENSITIVE_SLOTS if tracker.get_slot(slot) is not None]


def button_answer(tracker: Tracker, slot: str) -> Any:
    """A value sent by one of our own question buttons, if it is one of that question's options."""
    value = next(tracker.get_latest_entity_values("answer"), None)
    return value if value is not None and str(value) in offered_values(slot) else None
