"""Only the bot's own button payloads may skip NLU.

Rasa treats a message "/intent{...}" as a parsed intent with entities at
confidence 1.0, so a user could set slots or jump into a form by typing one.
Channels pass every incoming text through `sanitize_text`: a payload that one of
our buttons can send is kept; any other slash message loses its leading slash and
goes through NLU like ordinary text.

Which payloads our buttons send is decided by the domain, the action server's texts
and the facts; `make facts` writes them into rasa_ext/data/payloads.json
(scripts/build_server_data.py), read here once: the Rasa server does not import the
action package. The location button's coordinates are checked here.
"""
from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

ALLOW_LIST = Path(__file__).resolve().parents[1] / "data" / "payloads.json"
SLASH = re.compile(r"^/(?P<intent>[a-z_]+)(?P<entities>\{.*\})?$", re.DOTALL)
MAX_PAYLOAD = 300


def _read_allow_list(path: Path = ALLOW_LIST) -> tuple[frozenset[str], dict[str, dict[str, frozenset[str]]]]:
    """(plain intents, {intent: {entity: values}}) of the generated allow-list."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return (frozenset(data["plain"]),
            {intent: {key: frozenset(values) for key, values in keys.items()}
             for intent, keys in data["entities"].items()})


# Read at import, that is when Rasa loads the channels: a missing file stops the server at start-up.
PLAIN_INTENTS, ENTITY_VALUES = _read_allow_list()


def _is_coordinate(value: Any, limit: float) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and -limit <= value <= limit


def _one_known(known: Mapping[str, frozenset[str]]) -> Callable[[Mapping[str, Any]], bool]:
    """Exactly one entity, of the one kind our buttons send for this intent, with a value they send."""
    [(key, values)] = known.items()
    return lambda entities: set(entities) == {key} and str(entities[key]) in values


ENTITY_CHECKS: dict[str, Callable[[Mapping[str, Any]], bool]] = {
    **{intent: _one_known(known) for intent, known in ENTITY_VALUES.items()},
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
