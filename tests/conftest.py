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

Warnings (DeprecationWarnings included: pytest.ini records them) are listed once per run at the
end, one line per distinct warning with a count, instead of pytest's list per test.

Speed (`make test-fast` stays under a minute on two cores): the expensive set-ups run once per
session, and two of them on the second core while the first collects or tests: the answer
index (`warm_up_answer_index`) and the fresh interpreters of tests/support/rasa_probes.py.
"""
from __future__ import annotations

import functools
import json
import sys
import threading
import warnings
from collections import Counter
from pathlib import Path

import pytest

from tests.support import rasa_probes
from tests.support.servers import MODEL, local_stack

REPO = Path(__file__).resolve().parent.parent
TIERS = ("unit", "model", "e2e", "browser", "prod")
NEEDS_MODEL = {"model", "e2e", "browser"}
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SMALL_FACTS = FIXTURES / "facts_small.json"


def warm_up_answer_index() -> None:
    """Train the answer index in a background thread while collection imports Rasa and TensorFlow.

    actions/sdk/replies.py trains it when imported (about 10 s of one core, nearly all in the SVM,
    which lets go of the GIL), and the tests of the actions import it. Every caller of `get_index`, the
    import-time call included, first waits for this thread, so the index is still trained once,
    by the unchanged `get_index`."""
    from actions import answer_retrieval
    train = answer_retrieval.get_index
    training = threading.Thread(target=train, name="answer-index", daemon=True)
    training.start()

    @functools.wraps(train)
    def get_index_when_trained() -> answer_retrieval.AnswerIndex:
        training.join()
        return train()
    answer_retrieval.get_index = get_index_when_trained


def pytest_configure(config: pytest.Config) -> None:
    """Warm up the answer index for runs of whole folders (the tiers); a run of chosen files or tests
    may not need it."""
    if all(Path(str(arg).split("::")[0]).is_dir() for arg in config.args):
        warm_up_answer_index()


def pytest_unconfigure(config: pytest.Config) -> None:
    """Let a warm-up that nobody waited for finish before the interpreter shuts down."""
    for thread in threading.enumerate():
        if thread.name == "answer-index":
            thread.join()


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


def pytest_collection_finish(session: pytest.Session) -> None:
    """Start the fresh-interpreter probes the selected tests read (tests/support/rasa_probes.py) in the
    background now, so they are done when those tests run."""
    if session.config.option.collectonly:
        return
    rasa_probes.start({name for item in session.items for name in getattr(item, "fixturenames", ())
                       if name in rasa_probes.PROBES})


def pytest_sessionfinish(session: pytest.Session) -> None:
    """Stop the probes of a run that ended early."""
    rasa_probes.stop()


@pytest.fixture(scope="session")
def patched_rasa_probe() -> rasa_probes.ProbeResult:
    """A fresh interpreter that loaded the Rasa server's code as Rasa does, patches on."""
    return rasa_probes.PROBES["patched_rasa_probe"].wait()


@pytest.fixture(scope="session")
def stock_rasa_probe() -> rasa_probes.ProbeResult:
    """The same first imports with LOTSE_RASA_PATCHES=0."""
    return rasa_probes.PROBES["stock_rasa_probe"].wait()


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


# --- warnings: each distinct one once per run ------------------------------------------

# (category, first line of the message, package whose code raised it) -> how often
RECORDED_WARNINGS: Counter[tuple[str, str, str]] = Counter()
DEPRECATION_CATEGORIES: set[str] = set()  # names of the categories above that are deprecations
MAX_MESSAGE = 160


def warning_origin(filename: str) -> str:
    """The package whose code raised a warning: a site-packages package, a folder of this repo, or Python."""
    path = Path(filename)
    if "site-packages" in path.parts:
        return Path(path.parts[path.parts.index("site-packages") + 1]).stem
    if path.is_relative_to(REPO):
        return path.relative_to(REPO).parts[0]
    if filename.startswith("<") or path.is_relative_to(sys.base_prefix):
        return "python"
    return path.name


def pytest_warning_recorded(warning_message: warnings.WarningMessage, when: str, nodeid: str, location) -> None:
    """Count every warning pytest captured, by what it says and where it comes from."""
    lines = str(warning_message.message).strip().splitlines()
    first = lines[0] if lines else ""
    if len(first) > MAX_MESSAGE:
        first = first[:MAX_MESSAGE - 1] + "…"
    category = warning_message.category
    if issubclass(category, (DeprecationWarning, PendingDeprecationWarning)):  # SQLAlchemy's MovedIn20Warning too
        DEPRECATION_CATEGORIES.add(category.__name__)
    RECORDED_WARNINGS[(category.__name__, first, warning_origin(warning_message.filename))] += 1


def deprecation_first(entry: tuple[tuple[str, str, str], int]) -> tuple:
    """Deprecations first, then by package and message."""
    (category, message, origin), _ = entry
    return (category not in DEPRECATION_CATEGORIES, origin, category, message)


def pytest_terminal_summary(terminalreporter) -> None:
    """One line per distinct warning of the run: count, category, package, message."""
    if not RECORDED_WARNINGS:
        return
    total = sum(RECORDED_WARNINGS.values())
    terminalreporter.section(f"warnings: {len(RECORDED_WARNINGS)} distinct, {total} in all (tests/conftest.py)")
    for (category, message, origin), count in sorted(RECORDED_WARNINGS.items(), key=deprecation_first):
        terminalreporter.line(f"{count:>5} × {category} from {origin}: {message}")
