"""The domain, the eligibility rules and the question texts fit together."""
from pathlib import Path

import yaml

from actions.eligibility import SENSITIVE_SLOTS, slot_for_field
from actions.facts import get_facts

DOMAIN = yaml.safe_load((Path(__file__).resolve().parent.parent / "domain.yml").read_text(encoding="utf-8"))
ELIGIBILITY = get_facts()["eligibility"]


def test_form_asks_exactly_the_sensitive_slots():
    assert DOMAIN["forms"]["eligibility_form"]["required_slots"] == list(SENSITIVE_SLOTS)


def test_every_rule_field_has_a_question_and_an_ask_action():
    fields = {slot_for_field(c["field"]) for rule in ELIGIBILITY["programs"].values() for c in rule["criteria"]}
    assert fields <= set(ELIGIBILITY["questions"]) == set(SENSITIVE_SLOTS)
    assert {f"action_ask_{slot}" for slot in SENSITIVE_SLOTS} <= set(DOMAIN["actions"])


def test_sensitive_slots_never_steer_the_dialogue():
    for slot in SENSITIVE_SLOTS:
        assert DOMAIN["slots"][slot]["influence_conversation"] is False


def test_sessions_forget_slots():
    assert DOMAIN["session_config"]["carry_over_slots_to_new_session"] is False
