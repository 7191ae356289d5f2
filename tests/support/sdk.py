"""Run a custom action the way the action server does: an SDK tracker in, what the user reads out."""
from __future__ import annotations

import asyncio
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.eligibility import SENSITIVE_SLOTS

# The part of the domain the actions read: the form's questions.
DOMAIN: dict[str, Any] = {"forms": {"eligibility_form": {"required_slots": list(SENSITIVE_SLOTS)}}, "slots": {}}


def make_tracker(text: str = "", intent: str = "inform", entities: list | None = None, slots: dict | None = None,
                 active_loop: str | None = None, latest_action: str = "action_listen") -> Tracker:
    """The tracker right after the user said `text`, classified as `intent`."""
    ranking = [{"name": intent, "confidence": 0.99}]
    message = {"text": text, "intent": ranking[0], "intent_ranking": ranking, "entities": entities or []}
    events = [{"event": "action", "name": latest_action}, {"event": "user", "text": text, "parse_data": message},
              {"event": "action", "name": "action_extract_slots"}]
    if active_loop:
        events.append({"event": "action", "name": active_loop})
    return Tracker("tester", dict(slots or {}), message, events, False, None,
                   {"name": active_loop} if active_loop else {}, latest_action)


def run(action, tracker: Tracker) -> tuple[list[dict], list[dict]]:
    """(messages sent, events returned) of one run of `action`."""
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, DOMAIN))
    return dispatcher.messages, events


def slots_set(events: list[dict]) -> dict[str, Any]:
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def texts_of(messages: list[dict]) -> str:
    return "\n".join(m.get("text") or "" for m in messages)
