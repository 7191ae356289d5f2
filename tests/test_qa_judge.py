"""The judge of `make qa-eval` and `make answer-dev` (scripts/qa_eval.py): a translated answer counts with the German
unit it was translated from, and only with that one."""
from __future__ import annotations

import collections

import pytest

from scripts.qa_eval import folded, with_german_units

pytestmark = [pytest.mark.unit, pytest.mark.data]


def units_whose_translations_start_alike(facts: dict, language: str) -> tuple[dict, dict, str]:
    """Two units whose translations share their first 60 characters, and the first one's translation."""
    by_start = collections.defaultdict(list)
    for unit_id, translated in facts["translations"][language].items():
        by_start[folded(translated["answer"])[:60]].append((unit_id, translated["answer"]))
    pair = next((found for found in by_start.values() if len(found) > 1), None)
    if pair is None:
        pytest.skip(f"no two {language} translations start alike")
    units = {unit["id"]: unit for unit in facts["answers"]}
    (first, text), (second, _) = pair[:2]
    return units[first], units[second], text


@pytest.mark.parametrize("language", ["uk", "ar", "en"])
def test_a_translated_answer_counts_with_its_own_german_unit_not_with_one_that_starts_alike(facts, language):
    shown, sibling, translation = units_whose_translations_start_alike(facts, language)
    judged = with_german_units(f"{translation}\n\nSource: https://example.org")
    assert shown["answer"] in judged
    assert sibling["answer"] not in judged
