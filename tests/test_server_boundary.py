"""The Rasa server does not import the action package: two processes, two environments.

rasa_ext/ gets what it needs of the action side from the domain (the check's answer slots) and
from files that `make facts` generates (rasa_ext/data/, scripts/build_server_data.py). These
tests may import both sides; the server's own code may not.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest
from rasa.shared.core.domain import Domain

from actions.eligibility import SENSITIVE_SLOTS
from rasa_ext.stores.redaction import sensitive_slots
from tests.support.rasa_probes import configured_class_paths

pytestmark = pytest.mark.unit


def test_the_domain_gives_the_sensitive_slots_of_the_action_package():
    """The store redacts and never carries over exactly the answers the action server treats as sensitive."""
    assert sensitive_slots(Domain.from_path("domain.yml")) == frozenset(SENSITIVE_SLOTS)
    assert len(SENSITIVE_SLOTS) == 18


def test_a_domain_without_the_check_has_no_sensitive_slots():
    assert sensitive_slots(Domain.empty()) == frozenset()
    assert sensitive_slots(None) == frozenset()


# --- no import of the action package --------------------------------------------------------

REPO = Path(__file__).resolve().parent.parent
SERVER_PACKAGE = REPO / "rasa_ext"
ACTION_PACKAGE = "actions"


def imported_modules(source: str) -> set[str]:
    """The absolute module names a Python source imports, at any depth (also inside functions)."""
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
        elif (isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", None))
              in ("import_module", "__import__") and node.args and isinstance(node.args[0], ast.Constant)):
            names.add(str(node.args[0].value))
    return names


def test_no_module_of_the_rasa_server_imports_the_action_package():
    offenders = {}
    for path in sorted(SERVER_PACKAGE.rglob("*.py")):
        bad = sorted(name for name in imported_modules(path.read_text(encoding="utf-8"))
                     if name == ACTION_PACKAGE or name.startswith(ACTION_PACKAGE + "."))
        if bad:
            offenders[str(path.relative_to(REPO))] = bad
    assert offenders == {}, "the Rasa server runs without actions/ (generate what it needs, see this module's doc)"


def test_the_import_check_sees_every_form_of_import():
    source = ("import actions\nfrom actions.facts import get_facts\ndef f():\n    import actions.texts as t\n"
              "importlib.import_module('actions.places')\nfrom rasa.core.actions import action\n")
    assert imported_modules(source) == {"actions", "actions.facts", "actions.texts", "actions.places",
                                        "rasa.core.actions"}


def test_the_configured_class_paths_are_ours():
    paths = configured_class_paths()
    assert "rasa_ext.stores.tracker_store.RedactingSQLTrackerStore" in paths
    assert "rasa_ext.channels.telegram.TelegramFromEnv" in paths  # credentials.telegram.yml
    assert all(path.startswith("rasa_ext.") for path in paths), paths


def test_loading_the_rasa_server_s_modules_leaves_the_action_package_out(patched_rasa_probe):
    """Every rasa_ext module and every configured class, imported as Rasa does, in a fresh interpreter
    started in the repository (where `actions` would be importable): tests/support/rasa_probes.py."""
    assert patched_rasa_probe.report is not None, patched_rasa_probe.stderr[-3000:]
    assert patched_rasa_probe.report["action_modules"] == []
