"""Check action-server replies with one prepared validator instead of a new one per call.

Rasa 3.6 checks every reply of the action server with `jsonschema.validate()`
(rasa/core/actions/action.py, `RemoteAction._validate_action_result`). That call first
checks the schema itself against the JSON Schema meta-schema and then builds a new
validator, every time: with the jsonschema 4.17 that Rasa 3.6.21 installs, about 20 ms
of CPU per action call, a third of the Rasa server's time per message
(docs/performance.md).

The schema never changes, so we check it once and keep the validator. A valid reply
costs a fraction of a millisecond; an invalid one goes to Rasa's own method, so the
error and its message are exactly Rasa's. Pinned to Rasa 3.6: `install()` refuses to
patch when the method it replaces is gone.
"""
from __future__ import annotations

import functools
from typing import Any, Dict

from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction

_PATCHED = "_lotse_prepared_validator"


@functools.lru_cache(maxsize=1)
def action_reply_validator() -> Any:
    """The validator `jsonschema.validate()` would build for Rasa's reply schema, built once."""
    schema = RemoteAction.action_response_format_spec()
    validator_class = validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema)


def install() -> None:
    """Replace `RemoteAction._validate_action_result` with the prepared check; idempotent."""
    original = RemoteAction.__dict__.get("_validate_action_result")
    if original is None:
        raise RuntimeError("RemoteAction._validate_action_result is gone: re-check rasa_ext/action_validation.py")
    if getattr(original, _PATCHED, False):
        return

    @functools.wraps(original)
    def validate_action_result(self: RemoteAction, result: Dict[str, Any]) -> bool:
        if action_reply_validator().is_valid(result):
            return True
        return original(self, result)  # raises Rasa's ValidationError with Rasa's message

    setattr(validate_action_result, _PATCHED, True)
    RemoteAction._validate_action_result = validate_action_result
    action_reply_validator()  # built at start-up, not during the first user's turn
