"""rasa_ext/patches: one switch, a version guard, one log line per patch, and hooks that behave
as stock Rasa. The end-to-end proof that the bot works without them is tests/test_stock_rasa.py."""
from __future__ import annotations

import asyncio
import logging
import subprocess
import sys

import pytest
from rasa.core.actions.action import Action, ActionExecutionRejection
from rasa.core.processor import MessageProcessor
from rasa.core.tracker_store import FailSafeTrackerStore, InMemoryTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker

from rasa_ext import patches
from rasa_ext.patches import action_failures, fail_closed_stores
from rasa_ext.patches.replace import PatchTargetMissing, is_patched, replace_method
from rasa_ext.stores.errors import StoreUnavailable
from tests.support.servers import REPO

pytestmark = pytest.mark.unit


@pytest.mark.parametrize("value, expected", [(None, True), ("1", True), ("yes", True), ("0", False),
                                             ("false", False), (" OFF ", False), ("no", False)])
def test_the_switch(value, expected):
    environ = {} if value is None else {patches.ENV_SWITCH: value}
    assert patches.enabled(environ) is expected


def test_the_versions_written_for_pass():
    patches.check_versions(dict(patches.WRITTEN_FOR))


@pytest.mark.parametrize("name, version", [("rasa", "3.6.22"), ("tensorflow", "2.13.0")])
def test_another_version_is_refused_with_what_to_do(name, version):
    with pytest.raises(patches.UnsupportedVersion) as refused:
        patches.check_versions({**patches.WRITTEN_FOR, name: version})
    message = str(refused.value)
    assert f"{name} {version} is installed" in message
    assert "docs/rasa_internals.md" in message and f"{patches.ENV_SWITCH}=0" in message


def test_every_patch_module_is_documented():
    documented = (REPO / "docs" / "rasa_internals.md").read_text(encoding="utf-8")
    for patch in patches.PATCHES:
        assert (REPO / "rasa_ext" / "patches" / f"{patch.module}.py").is_file()
        assert f"rasa_ext/patches/{patch.module}.py" in documented


def test_a_missing_target_fails_loudly():
    class Stock:
        pass
    with pytest.raises(PatchTargetMissing, match="Stock.gone is gone"):
        replace_method(Stock, "gone", lambda original: original)


def run_python(code: str, **environ: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=300,
                          env={"PATH": "/usr/bin:/bin", "PYTHONWARNINGS": "ignore", "TF_CPP_MIN_LOG_LEVEL": "3",
                               **environ})


# The fresh interpreters these read are tests/support/rasa_probes.py's, shared with test_server_boundary.py.

def test_installed_once_per_process_with_one_log_line_each(patched_rasa_probe):
    """One log line per patch, in order, although the probe goes on to import every rasa_ext module."""
    assert patched_rasa_probe.report is not None, patched_rasa_probe.stderr[-2000:]
    assert patched_rasa_probe.report["patched"] is True
    lines = [line for line in patched_rasa_probe.stderr.splitlines() if "Rasa patch installed:" in line]
    assert [line.split("installed: ")[1].split(" ")[0] for line in lines] == [p.module for p in patches.PATCHES]


def test_switched_off_nothing_is_patched(stock_rasa_probe):
    assert stock_rasa_probe.report is not None, stock_rasa_probe.stderr[-2000:]
    assert stock_rasa_probe.report["patched"] is False
    assert "Rasa patch installed" not in stock_rasa_probe.stderr and "switched off" in stock_rasa_probe.stderr


def test_installing_starts_no_tensorflow_runtime(patched_rasa_probe):
    """Sanic forks its workers (SANIC_WORKERS=2, make bench) after install_all() ran in the parent: a
    TensorFlow runtime started there hangs every worker while it loads the model."""
    assert patched_rasa_probe.report is not None, patched_rasa_probe.stderr[-2000:]
    assert patched_rasa_probe.report["tensorflow_runtime"] is False


def test_rasa_free_tools_load_no_rasa():
    probe = run_python("import sys, rasa_ext.stores.retention, staff.review; "
                       "print(sorted(m for m in sys.modules if m.split('.')[0] in ('rasa', 'tensorflow')))")
    assert probe.stdout.strip() == "[]", probe.stderr[-2000:]


# --- action_failures: the hook sees exactly what Rasa's processor logs as a failed action --------

class Failing(Action):
    def __init__(self, error: Exception) -> None:
        self.error = error

    def name(self) -> str:
        return "action_failing"

    async def run(self, output_channel, nlg, tracker, domain):
        raise self.error


class Succeeding(Failing):
    async def run(self, output_channel, nlg, tracker, domain):
        return []


def run_action_in_a_turn(action: Action) -> tuple:
    """(turn report, Rasa's 'predict another action' answer) for one run of the real _run_action."""
    from rasa.core.policies.policy import PolicyPrediction
    action_failures.install()
    processor = MessageProcessor.__new__(MessageProcessor)
    processor.domain = Domain.empty()
    tracker = DialogueStateTracker("s", [])
    prediction = PolicyPrediction([], "policy")

    async def turn():
        with action_failures.watching_turn() as report:
            again = await processor._run_action(action, tracker, None, None, prediction)
        return report, again
    return asyncio.run(turn())


@pytest.mark.parametrize("error", [ConnectionError("down"), RuntimeError("HTTP 500"), asyncio.TimeoutError()])
def test_a_failed_action_marks_the_turn_and_rasa_carries_on(error, caplog):
    with caplog.at_level(logging.ERROR, logger="rasa.core.processor"):
        report, _ = run_action_in_a_turn(Failing(error))
    assert report.action_failed
    assert [r.exc_info is not None for r in caplog.records if r.name == "rasa.core.processor"] == [True]


def test_a_rejection_or_success_is_no_failure(caplog):
    with caplog.at_level(logging.ERROR, logger="rasa.core.processor"):
        rejected, _ = run_action_in_a_turn(Failing(ActionExecutionRejection("action_failing")))
        succeeded, _ = run_action_in_a_turn(Succeeding(RuntimeError()))
    assert not rejected.action_failed and not succeeded.action_failed
    assert [r for r in caplog.records if r.name == "rasa.core.processor"] == []


def test_the_hook_is_marked_and_idempotent():
    action_failures.install()
    first = MessageProcessor._run_action
    action_failures.install()
    assert MessageProcessor._run_action is first and is_patched(first)


# --- fail_closed_stores --------------------------------------------------------------------------

class BrokenStore(InMemoryTrackerStore):
    async def retrieve(self, sender_id):
        raise ConnectionError("connection refused")

    async def retrieve_full_tracker(self, sender_id):
        raise ConnectionError("connection refused")

    async def save(self, tracker):
        raise ConnectionError("connection refused")


@pytest.mark.parametrize("call", ["retrieve", "retrieve_full_tracker", "save"])
def test_a_tracker_store_error_refuses_the_turn_instead_of_an_empty_tracker(call):
    fail_closed_stores.install()
    store = FailSafeTrackerStore(BrokenStore(Domain.empty()))
    argument = DialogueStateTracker("rest:someone", []) if call == "save" else "rest:someone"
    with pytest.raises(StoreUnavailable, match="tracker store BrokenStore: ConnectionError: connection refused"):
        asyncio.run(getattr(store, call)(argument))
