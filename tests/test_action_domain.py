"""rasa_ext/patches/action_domain.py: the action server gets the domain without responses, and every
recorded action call of `make bench`'s conversation gets the same reply as with the whole domain."""
from __future__ import annotations

import asyncio
import copy
import json

import pytest
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig
from rasa_sdk.executor import ActionExecutor

from rasa_ext.patches import action_domain
from rasa_ext.patches.replace import is_patched
from tests.support.servers import REPO

pytestmark = pytest.mark.unit

CALLS = REPO / "tests" / "fixtures" / "profiling" / "bench_action_calls.json"


@pytest.fixture(scope="module")
def domain() -> Domain:
    return Domain.load(str(REPO / "domain.yml"))


@pytest.mark.parametrize("action", ["action_answer_service", "validate_eligibility_form"])
def test_the_request_carries_the_domain_without_responses(domain, action):
    action_domain.install()
    assert is_patched(RemoteAction._action_call_format)
    remote = RemoteAction(action, EndpointConfig("http://127.0.0.1:1/webhook"))
    sent = remote._action_call_format(DialogueStateTracker("s", domain.slots), domain)
    full = domain.as_dict()
    assert "responses" in full and "responses" not in sent["domain"]
    assert sent["domain"] == {key: value for key, value in full.items() if key != "responses"}
    assert sent["next_action"] == action and sent["tracker"]["sender_id"] == "s"


def test_selective_domain_still_leaves_it_out(domain):
    action_domain.install()
    remote = RemoteAction("action_answer_service",
                          EndpointConfig("http://127.0.0.1:1/webhook", enable_selective_domain=True))
    assert "domain" not in remote._action_call_format(DialogueStateTracker("s", domain.slots), domain)


def test_every_recorded_call_gets_the_same_reply(domain):
    """The recorded calls of the bench conversation: the same events and messages with and without responses."""
    executor = ActionExecutor()
    executor.register_package("actions")
    full = domain.as_dict()
    slim = action_domain.without_responses(full)
    calls = [call for turn in json.loads(CALLS.read_text())["turns"] for call in turn["calls"]]
    assert len(calls) >= 9
    for call in calls:
        with_all = asyncio.run(executor.run({**copy.deepcopy(call), "domain": copy.deepcopy(full)}))
        without = asyncio.run(executor.run({**copy.deepcopy(call), "domain": copy.deepcopy(slim)}))
        assert without == with_all, call["next_action"]
