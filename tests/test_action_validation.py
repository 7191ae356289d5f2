"""The prepared check of action-server replies accepts and rejects what Rasa's own check does."""
import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction
from rasa.utils.endpoints import EndpointConfig

from rasa_ext.patches import action_validation
from rasa_ext.patches.replace import is_patched

pytestmark = pytest.mark.unit

VALID_REPLIES = [
    {"events": [{"event": "active_loop", "name": 7}]},  # Rasa's schema does not type this name
    {"events": [], "responses": []},
    {"events": [{"event": "slot", "name": "place_label", "value": "Bonn", "timestamp": None}],
     "responses": [{"text": "Das Kommunale Integrationszentrum Bonn ist zuständig."}]},
    {"events": [{"event": "active_loop", "name": None}, {"event": "followup", "name": "action_listen"}],
     "responses": []},
]
INVALID_REPLIES = [
    {"events": [{"event": "slot"}]},                    # a slot event without a name
    {"events": [{"event": "no_such_event"}]},
    {"events": "not a list"},
    {"responses": "not a list"},
    {"events": [{"name": "place_label"}]},              # no event type at all
    {"events": [{"event": "slot", "name": "topic", "value": "x", "timestamp": "yesterday"}]},
    {"events": [{"event": "user", "text": 42}]},
    {"events": [{"event": "action", "name": "action_listen"}, {"event": "slot", "name": 5}]},
    {"events": [{"event": "bot", "text": "ok", "metadata": "not an object"}]},
]


@pytest.fixture(scope="module")
def remote_action():
    action_validation.install()
    return RemoteAction("action_find_ki", EndpointConfig("http://127.0.0.1:1/webhook"))


def test_events_are_checked_against_their_own_schema_only():
    validator = action_validation.action_reply_validator()
    assert validator.by_event is not None, "Rasa's reply schema changed shape: re-check action_validation.py"
    assert {"user", "bot", "slot", "action", "active_loop", "followup"} <= set(validator.by_event[1])


def test_install_is_idempotent_and_marks_the_method():
    action_validation.install()
    first = RemoteAction._validate_action_result
    action_validation.install()
    assert RemoteAction._validate_action_result is first
    assert is_patched(first)


@pytest.mark.parametrize("reply", VALID_REPLIES)
def test_valid_replies_pass(remote_action, reply):
    assert remote_action._validate_action_result(reply) is True


@pytest.mark.parametrize("reply", INVALID_REPLIES)
def test_invalid_replies_raise_rasas_error(remote_action, reply):
    with pytest.raises(ValidationError, match="Failed to validate Action server response"):
        remote_action._validate_action_result(reply)


@pytest.mark.parametrize("reply", VALID_REPLIES + INVALID_REPLIES)
def test_same_verdict_as_jsonschema_validate(reply):
    from jsonschema import validate
    try:
        validate(reply, RemoteAction.action_response_format_spec())
        expected = True
    except ValidationError:
        expected = False
    assert action_validation.action_reply_validator().is_valid(reply) is expected


def event_variants():
    """Every event type (and an unknown one) with each field set to each kind of value."""
    kinds = ["text", 5, 1.5, None, {"a": 1}, [1], True]
    names = sorted(action_validation.action_reply_validator().by_event[1]) + ["no_such_event"]
    for name in names:
        yield {"event": name}
        for field in ("name", "value", "text", "timestamp", "metadata", "parse_data", "intent", "entities"):
            for value in kinds:
                yield {"event": name, field: value}


def test_same_verdict_as_jsonschema_for_every_event_variant():
    from jsonschema import Draft202012Validator
    whole = action_validation.action_reply_validator().whole
    assert isinstance(whole, Draft202012Validator)
    variants = list(event_variants())
    disagreements = [event for event in variants
                     if action_validation.action_reply_validator().is_valid({"events": [event]})
                     != whole.is_valid({"events": [event]})]
    assert len(variants) > 1000 and disagreements == []
