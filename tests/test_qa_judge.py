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


def test_the_office_line_counts_for_a_unit_that_only_restates_it(facts):
    """make answer-dev: "wie beantrage ich in krefeld eine ausbildungsduldung" gets the overview, whose office line
    names the Ausländerbehörde der Stadt Krefeld; the unit that only says "bei der Ausländerbehörde" is left out
    under it (facts_src/answers/ restates_office) and its fact is still given."""
    from scripts.answer_dev import office_headings, verdict
    from scripts.qa_eval import UNSURE, translated_pattern

    units = {unit["id"]: unit for unit in facts["answers"]}
    restating, other = units["ausbildungsduldung_60c.wo_beantragen"], units["ausbildungsduldung_60c.abbruch"]
    overview = ("So melden Sie sich an – Ausbildungsduldung (§ 60c):\nDen Antrag stellen Sie bei der "
                "Ausländerbehörde der Stadt Krefeld. Das Kommunale Integrationszentrum berät Sie, "
                "entscheidet aber nicht.")
    english = overview.replace("So melden Sie sich an", "How to apply")
    unsure = translated_pattern(UNSURE, "de")
    assert verdict(overview, restating["answer"], unsure, office_headings(restating)) == "correct"
    assert verdict(english, restating["answer"], unsure, office_headings(restating)) == "correct"
    assert verdict(overview, other["answer"], unsure, office_headings(other)) == "wrong"
    elsewhere = overview.replace("Ausbildungsduldung (§ 60c)", "Bleiberecht bei guter Integration (§ 25b)")
    assert verdict(elsewhere, restating["answer"], unsure, office_headings(restating)) == "wrong"
