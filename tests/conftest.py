"""Shared fixtures and the test tiers.

Every test carries exactly one tier marker (registered in pytest.ini):
  unit     no trained model, no server, no browser: `make test-fast` runs these
  model    loads the trained model in process
  e2e      talks to a real Rasa server and action server
  browser  drives headless Chromium against a real server
  prod     production shape (PostgreSQL, Redis, replicas): `make test-prod`
and, besides, `data` when it checks the committed data (facts.json, places.json, NLU data)
rather than code, so `make facts` or new training data may change what it expects.
`pytest -m "unit and not data"` is the tier that no data update can break.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support.servers import MODEL, local_stack

TIERS = ("unit", "model", "e2e", "browser", "prod")
NEEDS_MODEL = {"model", "e2e", "browser"}
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SMALL_FACTS = FIXTURES / "facts_small.json"


def tiers_of(item: pytest.Item) -> set[str]:
    return {mark.name for mark in item.iter_markers() if mark.name in TIERS}


def pytest_collection_modifyitems(config, items):
    """Refuse a test without exactly one tier; skip the model tiers when there is no model."""
    untiered = [f"{item.nodeid}: {sorted(tiers_of(item)) or 'none'}" for item in items if len(tiers_of(item)) != 1]
    if untiered:
        raise pytest.UsageError("every test needs exactly one tier marker (" + ", ".join(TIERS) + "), see "
                                "tests/conftest.py:\n  " + "\n  ".join(untiered[:20]))
    if MODEL.exists():
        return
    no_model = pytest.mark.skip(reason="no trained model: run `make train` (make test does)")
    for item in items:
        if tiers_of(item) & NEEDS_MODEL:
            item.add_marker(no_model)


@pytest.fixture(scope="session")
def facts() -> dict:
    """The live, committed facts (actions/data/facts.json): for `data` tests only."""
    from actions.facts import get_facts
    return get_facts()


@pytest.fixture(scope="session")
def small_facts() -> dict:
    """A small, frozen facts file in the real format (3 of the 54 KIs; tests/test_texts.py checks the
    rest of the schema): texts rendered from it never change when `make facts` rebuilds the live facts."""
    return json.loads(SMALL_FACTS.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def resolver():
    """The place resolver over the committed places.json, built once per run."""
    from actions.places import get_resolver
    return get_resolver()


@pytest.fixture(scope="session")
def shared_stack():
    """One action server + Rasa server (fresh SQLite store) for every test that only talks to it.

    (rasa, actions, db); started at first use, stopped at the end of the run. Saves a Rasa start-up
    (~30 s on two cores) per module."""
    with local_stack() as stack:
        yield stack
