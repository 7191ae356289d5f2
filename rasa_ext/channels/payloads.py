"""Only the bot's own button payloads may skip NLU.

Rasa treats a message "/intent{...}" as a parsed intent with entities at
confidence 1.0, so a user could set slots or jump into a form by typing one.
Channels pass every incoming text through `sanitize_text`: a payload that one of
our buttons can send is kept; any other slash message loses its leading slash and
goes through NLU like ordinary text.
"""
from __future__ import annotations

import functools
import json
import re
from pathlib import Path
from typing import Any, Callable, Mapping

from actions.facts import get_facts

# Only the place keys are needed here: the resolver (actions.places) would also load the
# district boundaries into the Rasa server.
PLACES_PATH = Path(__file__).resolve().parents[2] / "actions" / "data" / "places.json"
# Payloads without entities that our buttons send.
PLAIN_INTENTS = frozenset({"find_ki", "ask_who", "ask_how_apply", "ask_cost", "ask_nearby", "ask_source",
                           "check_eligibility", "continue_check", "greet", "help", "restart_conversation", "stop"})
SLASH = re.compile(r"^/(?P<intent>[a-z_]+)(?P<entities>\{.*\})?$", re.DOTALL)
MAX_PAYLOAD = 300


@functools.lru_cache(maxsize=1)
def _known_values() -> dict[str, frozenset[str]]:
    facts = get_facts()
    places = json.loads(PLACES_PATH.read_text(encoding="utf-8"))
    answers = {str(button["value"]) for question in facts["eligibility"]["questions"].values()
               for button in question.get("buttons", [])}
    place_values = {g["ags"] for g in places["gemeinden"]} | {k["name"] for k in places["kreise"]}
    return {"topic": frozenset(facts["topics"]), "program": frozenset(facts["eligibility"]["programs"]),
            "answer": frozenset(answers), "place_ags": frozenset(place_values)}


def _is_coordinate(value: Any, limit: float) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and -limit <= value <= limit


def _one_known(key: str) -> Callable[[Mapping[str, Any]], bool]:
    return lambda entities: set(entities) == {key} and str(entities[key]) in _known_values()[key]


ENTITY_CHECKS: dict[str, Callable[[Mapping[str, Any]], bool]] = {
    "ask_service": _one_known("topic"),
    "check_eligibility": _one_known("program"),
    "inform": _one_known("answer"),
    "inform_place": _one_known("place_ags"),
    "share_location": lambda e: set(e) == {"lat", "lon"} and _is_coordinate(e["lat"], 90)
    and _is_coordinate(e["lon"], 180),
}


def is_allowed_payload(text: str) -> bool:
    """True for exactly the payloads our own buttons and the location button send."""
    match = SLASH.match(text.strip()) if len(text) <= MAX_PAYLOAD else None
    if match is None:
        return False
    intent, raw_entities = match.group("intent"), match.group("entities")
    if raw_entities is None:
        return intent in PLAIN_INTENTS
    try:
        entities = json.loads(raw_entities)
    except ValueError:
        return False
    check = ENTITY_CHECKS.get(intent)
    return isinstance(entities, dict) and check is not None and check(entities)


def sanitize_text(text: Any) -> Any:
    """Strip the slash of a payload we did not offer, so NLU reads it as plain text."""
    if not isinstance(text, str) or not text.lstrip().startswith("/") or is_allowed_payload(text):
        return text
    return text.lstrip().lstrip("/")
