"""What the latest user message said: shared by the action modules."""
from __future__ import annotations

from rasa_sdk import Tracker


def latest_intent(tracker: Tracker) -> str:
    """The top intent, nlu_fallback included (the form treats it like an answer attempt)."""
    return tracker.get_intent_of_latest_message(skip_fallback_intent=False) or ""


def latest_text(tracker: Tracker) -> str:
    text = (tracker.latest_message or {}).get("text")
    return text if isinstance(text, str) else ""
