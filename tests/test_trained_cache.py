"""The answer classifier and the hubness, kept between starts (actions/trained_cache.py): a kept one answers
exactly as a freshly trained one, and anything that does not fit is computed again."""
from __future__ import annotations

import numpy as np
import pytest

from actions import trained_cache
from actions.answer_embeddings import load_index
from actions.answer_retrieval import AnswerIndex
from actions.facts import get_facts

pytestmark = pytest.mark.unit

QUESTIONS = ("Wie viel kostet die Einbürgerung für mein Kind?", "Sprachkurs",
             "Wie viele Stunden pro Woche muss ich für die Beschäftigungsduldung arbeiten?",
             "how long does the recognition of my diploma take?")


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    monkeypatch.setattr(trained_cache, "CACHE_DIR", tmp_path / "trained")
    return tmp_path / "trained"


@pytest.fixture(scope="module")
def small_facts():
    """Two programmes' units: training takes a second instead of fourteen."""
    facts = get_facts()
    units = [unit for unit in facts["answers"] if unit["program"] in {"einbuergerung", "integrationskurs"}]
    return units, facts["topics"]


def best_units(index):
    return [index.search(question).best.unit["id"] for question in QUESTIONS]


def test_a_kept_classifier_answers_as_the_trained_one(cache_dir, small_facts):
    trained = AnswerIndex(*small_facts, kept_as="classifier")
    assert (cache_dir / "classifier.npz").exists()
    kept = AnswerIndex(*small_facts, kept_as="classifier")
    assert best_units(kept) == best_units(trained)
    assert best_units(kept)[0] == "einbuergerung.kosten_kind"
    for question in QUESTIONS:
        assert np.array_equal(kept.decision(question), trained.decision(question))


def test_other_facts_train_anew(cache_dir, small_facts, monkeypatch):
    units, topics = small_facts
    AnswerIndex(units, topics, kept_as="classifier")
    fewer = [unit for unit in units if unit["id"] != "einbuergerung.kosten_kind"]
    index = AnswerIndex(fewer, topics, kept_as="classifier")
    assert index.weights.shape[1] == len(fewer)
    assert index.search(QUESTIONS[0]).best.unit["id"] != "einbuergerung.kosten_kind"


def test_a_damaged_file_is_computed_again(cache_dir, small_facts, caplog):
    cache_dir.mkdir()
    (cache_dir / "classifier.npz").write_bytes(b"not an npz file")
    index = AnswerIndex(*small_facts, kept_as="classifier")
    assert index.search(QUESTIONS[0]).best.unit["id"] == "einbuergerung.kosten_kind"
    assert "not readable" in caplog.text


def test_a_folder_that_cannot_be_written_only_costs_time(tmp_path, monkeypatch, small_facts):
    blocked = tmp_path / "file"
    blocked.write_text("a file where the folder should be")
    monkeypatch.setattr(trained_cache, "CACHE_DIR", blocked / "trained")
    index = AnswerIndex(*small_facts, kept_as="classifier")
    assert index.search(QUESTIONS[0]).best.unit["id"] == "einbuergerung.kosten_kind"


def test_kept_hubness_is_the_computed_one(cache_dir):
    computed = load_index(get_facts())
    kept = load_index(get_facts())
    assert (cache_dir / "answer_hubness.npz").exists()
    assert np.array_equal(kept.hubness, computed.hubness) and np.abs(kept.hubness).max() > 0
