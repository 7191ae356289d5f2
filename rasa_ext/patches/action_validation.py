"""Check action-server replies with one prepared validator instead of a new one per call.

Rasa 3.6 checks every reply of the action server with `jsonschema.validate()`
(rasa/core/actions/action.py, `RemoteAction._validate_action_result`). That call first
checks the schema itself against the JSON Schema meta-schema and then builds a new
validator, every time: with the jsonschema 4.17 that Rasa 3.6.21 installs, about 20 ms
of CPU per action call, a third of the Rasa server's time per message
(docs/performance.md).

The schema never changes, so we check it once and keep the validators. Each event in a
reply must match exactly one of ~20 event schemas (`oneOf`), and every alternative fixes
`event` to a different constant, so an event can only ever match the one whose constant
it carries: we check each event against that one instead of trying all of them (the
same verdict, about ten times less work). An invalid reply goes to Rasa's own method,
so the error and its message are exactly Rasa's. Pinned to Rasa 3.6: `install()` refuses
to patch when the method it replaces is gone.
"""
from __future__ import annotations

import copy
import functools
from collections.abc import Callable
from typing import Any

from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction

from rasa_ext.patches.replace import replace_method


def prepared(schema: dict[str, Any]) -> Any:
    """The validator `jsonschema.validate()` would build for this schema."""
    validator_class = validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema)


class ActionReplyValidator:
    """Rasa's reply schema, with each event checked only against its own event schema."""

    def __init__(self, schema: dict[str, Any]) -> None:
        self.whole = prepared(schema)
        self.by_event = self._split_by_event(schema)  # None: the schema is not shaped as expected

    def _split_by_event(self, schema: dict[str, Any]) -> tuple | None:
        event_schema = schema.get("properties", {}).get("events", {}).get("items", {})
        alternatives = event_schema.get("oneOf", [])
        names = [alt.get("properties", {}).get("event", {}).get("const") for alt in alternatives]
        if not alternatives or None in names or len(set(names)) != len(names):
            return None
        without_one_of = copy.deepcopy(schema)
        del without_one_of["properties"]["events"]["items"]["oneOf"]
        return prepared(without_one_of), {name: prepared(alt) for name, alt in zip(names, alternatives, strict=True)}

    def is_valid(self, reply: Any) -> bool:
        """The reply matches Rasa's schema (each event checked against its own event schema only)."""
        if self.by_event is None:
            return self.whole.is_valid(reply)
        shape, events = self.by_event
        if not shape.is_valid(reply):
            return False
        for event in reply.get("events") or []:
            alternative = events.get(event.get("event"))
            if alternative is None or not alternative.is_valid(event):
                return False
        return True


@functools.lru_cache(maxsize=1)
def action_reply_validator() -> ActionReplyValidator:
    """Built once: checking the schema and building validators is the expensive part."""
    return ActionReplyValidator(RemoteAction.action_response_format_spec())


def validating_with_prepared_validator(original: Callable) -> Callable:
    """RemoteAction._validate_action_result with the prepared validator; Rasa's own check for a bad reply."""
    @functools.wraps(original)
    def validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
        if action_reply_validator().is_valid(result):
            return True
        return original(self, result)  # raises Rasa's ValidationError with Rasa's message
    return validate_action_result


def install() -> None:
    """Replace `RemoteAction._validate_action_result` with the prepared check; idempotent."""
    replace_method(RemoteAction, "_validate_action_result", validating_with_prepared_validator)
    action_reply_validator()  # built at start-up, not during the first user's turn
