"""Example questions of the answer units (scripts/answer_units.py, issue #15): one question teaches one unit."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from scripts.answer_units import ANSWERS_DIR, duplicate_questions, fold, load_units

pytestmark = [pytest.mark.unit, pytest.mark.data]

PROGRAMS = {p["id"]: p for p in yaml.safe_load(
    (Path(__file__).resolve().parent.parent / "facts_src" / "programs.yml").read_text(encoding="utf-8"))["programs"]}


def unit(unit_id: str, *questions: str) -> dict:
    return {"id": unit_id, "questions": list(questions)}


def test_folding_ignores_case_umlaut_spelling_and_punctuation():
    assert fold("Wie viel kostet die Einbürgerung?") == fold("wie viel kostet die einbuergerung")


def test_the_same_question_in_two_units_is_an_exact_duplicate():
    exact, near = duplicate_questions([unit("a.kosten", "How much is the fee?"),
                                       unit("b.kosten", "how much is the fee")])
    assert len(exact) == 1 and "a.kosten" in exact[0] and "b.kosten" in exact[0]
    assert near == []


def test_a_misspelt_copy_in_another_unit_is_a_near_duplicate():
    exact, near = duplicate_questions([unit("a.kosten", "wie viel kostet das bei der ausländerbehörde"),
                                       unit("b.kosten", "wie viel kosten das bei der ausländerbehörde")])
    assert exact == [] and len(near) == 1


def test_questions_that_differ_in_a_number_a_programme_or_a_word_are_not_duplicates():
    exact, near = duplicate_questions([unit("a.kosten", "was kostet 25a"), unit("b.kosten", "was kostet 25b"),
                                       unit("c.kosten", "do i have to pay for jmd"),
                                       unit("d.kosten", "do i have to pay for kim"),
                                       unit("e.was", "was ist ausbildungsduldung"),
                                       unit("e.kosten", "was kostet ausbildungsduldung")])
    assert exact == [] and near == []


def test_two_wordings_in_one_unit_are_no_duplicate():
    assert duplicate_questions([unit("a.kosten", "was kostet das", "Was kostet das?")]) == ([], [])


def test_the_committed_units_share_no_example_question():
    units, problems = load_units(PROGRAMS)
    assert problems == []
    assert len(units) > 300


def test_an_exact_duplicate_stops_the_build(tmp_path):
    for name in ("integrationskurs.yml", "einbuergerung.yml"):
        shutil.copy(ANSWERS_DIR / name, tmp_path / name)
    (tmp_path / "real").mkdir()
    course = yaml.safe_load((tmp_path / "integrationskurs.yml").read_text(encoding="utf-8"))
    course["units"][0]["questions"].append("Was kostet die Einbürgerung für mein Kind?")
    (tmp_path / "integrationskurs.yml").write_text(yaml.safe_dump(course, allow_unicode=True), encoding="utf-8")
    citizenship = yaml.safe_load((tmp_path / "einbuergerung.yml").read_text(encoding="utf-8"))
    citizenship["units"][0]["questions"].append("was kostet die einbuergerung fuer mein kind")
    (tmp_path / "einbuergerung.yml").write_text(yaml.safe_dump(citizenship, allow_unicode=True), encoding="utf-8")
    _, problems = load_units(PROGRAMS, tmp_path)
    assert [p for p in problems if p.startswith("duplicate example question")]
