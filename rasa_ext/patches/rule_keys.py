"""RulePolicy looks back only as far as its longest rule reaches.

Rasa 3.6's `RulePolicy._get_possible_keys` filters the rules against every state of the
conversation, newest first: with 112 rules and a session of up to 100 events (about 40 states)
that is thousands of `_is_rule_applicable` calls per prediction, 4 to 5 % of the Rasa server's
CPU under load. Once the filter has gone back further than the longest rule, every rule left
passes (`_is_rule_applicable` returns True for a turn index beyond the rule's length), so the
remaining states cannot change the result: the loop stops there. The same keys, by construction;
tests/test_rule_keys.py compares both on the trained rules and recorded conversations.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rasa.core.policies.rule_policy import RulePolicy

from rasa_ext.patches.replace import replace_method


def stopping_after_longest_rule(original: Callable) -> Callable:
    """RulePolicy._get_possible_keys that stops once no rule reaches further back."""
    def _get_possible_keys(self: RulePolicy, lookup: dict[str, str], states: list[Any]) -> set[str]:
        possible_keys = set(lookup.keys())
        longest = max((len(self._rule_key_to_state(key)) for key in possible_keys), default=0)
        for turn_index, state in enumerate(reversed(states)):
            if turn_index >= longest:
                break  # beyond every rule's length each key passes (RulePolicy._is_rule_applicable)
            possible_keys = {key for key in possible_keys if self._is_rule_applicable(key, turn_index, state)}
        return possible_keys
    return _get_possible_keys


def install() -> None:
    """Replace RulePolicy._get_possible_keys (once)."""
    replace_method(RulePolicy, "_get_possible_keys", stopping_after_longest_rule)
