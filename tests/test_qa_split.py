"""The real-question split (tests/qa/real_questions.yml) never feeds training, and every answer
unit renders as a short, clean answer (issue #15)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from actions import texts
from actions.facts import get_facts
from actions.topics import normalise

pytestmark = [pytest.mark.unit, pytest.mark.data]

REPO = Path(__file__).resolve().parent.parent
QUESTIONS = yaml.safe_load((REPO / "tests" / "qa" / "real_questions.yml").read_text(encoding="utf-8"))["questions"]
FACTS = get_facts()
TRAINING_LINE = re.compile(r"^\s*-\s+(.*)$")


def training_sentences() -> set[str]:
    sentences = set()
    for path in (REPO / "data").rglob("*.yml"):
        for line in path.read_text(encoding="utf-8").splitlines():
            match = TRAINING_LINE.match(line)
            if match:
                sentences.add(normalise(match.group(1)).strip())
    return sentences


def test_split_is_real_and_large():
    assert len(QUESTIONS) >= 260
    assert all(q["source_url"].startswith("http") for q in QUESTIONS)
    assert all(q.get("expected") or q.get("unknown_in_facts") for q in QUESTIONS)
    assert len({normalise(q["text"]) for q in QUESTIONS}) == len(QUESTIONS)


def test_no_test_question_occurs_in_the_training_data():
    training = training_sentences()
    leaked = [q["text"] for q in QUESTIONS if normalise(q["text"]).strip() in training]
    assert leaked == []


def test_no_test_question_occurs_in_the_answer_units():
    """The units' example questions feed retrieval: they must not copy the test split either."""
    examples = {normalise(question).strip() for unit in FACTS["answers"] for question in unit["questions"]}
    leaked = [q["text"] for q in QUESTIONS if normalise(q["text"]).strip() in examples]
    assert leaked == []


def page(url: str) -> str:
    return url.split("?")[0].split("#")[0].rstrip("/").removeprefix("https://").removeprefix("http://")


def test_development_questions_come_from_other_pages_than_the_test_split():
    """facts_src/answers/real/ trains retrieval: a page that gave test questions must not give training ones."""
    test_pages = {page(q["source_url"]) for q in QUESTIONS}
    real = [entry for path in (REPO / "facts_src" / "answers" / "real").glob("*.yml")
            for entry in yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]]
    assert len(real) >= 150
    assert all(entry["source_url"].startswith("http") for entry in real)
    assert [entry["text"] for entry in real if page(entry["source_url"]) in test_pages] == []


def test_real_questions_of_other_languages_come_from_other_pages_than_every_test_split():
    """facts_src/questions/real/<lang>.yml trains the search by meaning: no page of any test split feeds it."""
    splits = [QUESTIONS, *(language_split(path)["questions"] for path in LANGUAGE_SPLITS)]
    test_pages = {page(q["source_url"]) for split in splits for q in split}
    real = [entry for path in (REPO / "facts_src" / "questions" / "real").glob("*.yml")
            for entry in yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]]
    assert all(entry["source_url"].startswith("http") for entry in real)
    assert [entry["text"] for entry in real if page(entry["source_url"]) in test_pages] == []


INTERNAL = re.compile(r"\b[a-z]+_[a-z_]+\b|siehe (status|caveats)|Hinweis:|who_is_eligible|how_to_apply")


@pytest.mark.parametrize("unit", FACTS["answers"], ids=lambda unit: unit["id"])
def test_every_unit_renders_short_clean_and_sourced(unit):
    import datetime as dt
    rendered = texts.unit_answer(unit, dt.date(2026, 12, 2))
    before_source = rendered.split("\n\nQuelle: ")[0]
    assert len(before_source) <= 400
    assert not INTERNAL.search(before_source), before_source
    assert unit["source_url"].startswith("http") and "geprüft am" in rendered
    assert re.search(r"\(Quelle (vom|von|ohne)", rendered)


def test_several_hundred_units_cover_every_programme():
    assert len(FACTS["answers"]) >= 300
    assert {unit["program"] for unit in FACTS["answers"]} == set(FACTS["programs"])


# --- the splits of the other languages (issue #17) ---------------------------------------------

LANGUAGE_SPLITS = sorted((REPO / "tests" / "qa").glob("real_questions_*.yml"))


def language_split(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", LANGUAGE_SPLITS, ids=lambda path: path.stem)
def test_language_split_is_real_and_never_trained_on(path: Path):
    split = language_split(path)
    questions = split["questions"]
    assert path.stem.endswith("_" + split["language"]) and questions
    assert all(q["source_url"].startswith("http") for q in questions)
    assert all(q.get("expected") or q.get("unknown_in_facts") for q in questions)
    trained = training_sentences() | {normalise(question).strip() for unit in FACTS["answers"]
                                      for question in unit["questions"]}
    trained |= {normalise(question).strip() for units in FACTS.get("questions_by_language", {}).values()
                for asked in units.values() for question in asked}
    assert [q["text"] for q in questions if normalise(q["text"]).strip() in trained] == []
