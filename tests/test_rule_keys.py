"""rasa_ext/patches/rule_keys.py finds the rules Rasa's RulePolicy finds.

The rules are the trained model's (`make test` trains it first); the states are those of the
bench conversation (greeting, service question, KI, a whole naturalisation check) after every
event, as Rasa's featurizer builds them, and the same conversation told three times (a long session).
"""
import json
import tarfile

import pytest
from rasa.core.policies.rule_policy import RULES, RULES_FOR_LOOP_UNHAPPY_PATH, RulePolicy
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SessionStarted
from rasa.shared.core.trackers import DialogueStateTracker

from rasa_ext.patches import rule_keys
from rasa_ext.patches.replace import original_of
from tests.support.servers import MODEL, REPO
from tests.test_tracker_copy import recorded_event_lists

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def trained_lookup() -> dict:
    with tarfile.open(MODEL) as archive:
        member = next(m for m in archive.getmembers() if m.name.endswith("train_RulePolicy0/rule_policy.json"))
        return json.load(archive.extractfile(member))["lookup"]


@pytest.fixture(scope="module")
def policy(tmp_path_factory) -> RulePolicy:
    return RulePolicy.create(RulePolicy.get_default_config(), LocalModelStorage(tmp_path_factory.mktemp("rules")),
                             Resource("rules"), ExecutionContext(GraphSchema({}), "test"))


def conversation_states(domain: Domain) -> list[list[dict]]:
    events = DialogueStateTracker.from_dict("probe", max(recorded_event_lists(), key=len), domain.slots).events
    one_session = [event for event in events if not isinstance(event, SessionStarted)
                   and not (isinstance(event, ActionExecuted) and event.action_name == "action_session_start")]
    told_three_times = one_session * 3
    return [DialogueStateTracker.from_events("probe", told_three_times[:end], domain.slots).past_states(domain)
            for end in range(1, len(told_three_times) + 1)]


def test_the_same_rules_as_rasa_for_every_state(trained_lookup, policy):
    stock = original_of(RulePolicy, "_get_possible_keys")
    lean = rule_keys.stopping_after_longest_rule(stock)
    all_states = conversation_states(Domain.load(str(REPO / "domain.yml")))
    longest_rule = max(len(json.loads(key)) for key in trained_lookup[RULES])
    assert max(len(states) for states in all_states) > 3 * longest_rule
    found = 0
    for states in all_states:
        for lookup in (trained_lookup[RULES], trained_lookup[RULES_FOR_LOOP_UNHAPPY_PATH]):
            expected = stock(policy, lookup, states)
            assert lean(policy, lookup, states) == expected
            found += bool(expected)
    assert found > len(all_states) // 2  # the comparison is not only between empty sets
