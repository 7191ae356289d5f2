"""The Rasa server does not import the action package: two processes, two environments.

rasa_ext/ gets what it needs of the action side from the domain (the check's answer slots) and
from files that `make facts` generates (rasa_ext/data/, scripts/build_server_data.py). These
tests may import both sides; the server's own code may not.
"""
from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from rasa.shared.core.domain import Domain

from actions.eligibility import SENSITIVE_SLOTS
from rasa_ext.stores.redaction import sensitive_slots

pytestmark = pytest.mark.unit


def test_the_domain_gives_the_sensitive_slots_of_the_action_package():
    """The store redacts and never carries over exactly the answers the action server treats as sensitive."""
    assert sensitive_slots(Domain.from_path("domain.yml")) == frozenset(SENSITIVE_SLOTS)
    assert len(SENSITIVE_SLOTS) == 17


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


def configured_class_paths() -> list[str]:
    """Every dotted class path the Rasa server loads: config.yml's pipeline and policies, the stores of
    endpoints*.yml, the channels of credentials*.yml."""
    paths = []
    config = yaml.safe_load((REPO / "config.yml").read_text(encoding="utf-8"))
    paths += [item["name"] for part in ("pipeline", "policies") for item in config.get(part) or []]
    for endpoints in sorted(REPO.glob("endpoints*.yml")):
        data = yaml.safe_load(endpoints.read_text(encoding="utf-8")) or {}
        paths += [str(section.get("type", "")) for section in data.values() if isinstance(section, dict)]
    for credentials in sorted(REPO.glob("credentials*.yml")):
        paths += list(yaml.safe_load(credentials.read_text(encoding="utf-8")) or {})
    return sorted({path for path in paths if "." in path})


def test_the_configured_class_paths_are_ours():
    paths = configured_class_paths()
    assert "rasa_ext.stores.tracker_store.RedactingSQLTrackerStore" in paths
    assert "rasa_ext.channels.telegram.TelegramFromEnv" in paths  # credentials.telegram.yml
    assert all(path.startswith("rasa_ext.") for path in paths), paths


LOAD_LIKE_RASA = """
import importlib, json, pkgutil, sys
import rasa  # Rasa is imported first; then it loads the class paths, which import rasa_ext
import rasa_ext
for info in pkgutil.walk_packages(rasa_ext.__path__, "rasa_ext."):
    importlib.import_module(info.name)
for path in json.loads(sys.argv[1]):
    module, _, name = path.rpartition(".")
    getattr(importlib.import_module(module), name)
print(json.dumps(sorted(m for m in sys.modules if m == "actions" or m.startswith("actions."))))
"""


def test_loading_the_rasa_server_s_modules_leaves_the_action_package_out():
    """Every rasa_ext module and every configured class, imported as Rasa does, in a fresh interpreter
    started in the repository (where `actions` would be importable)."""
    probe = subprocess.run([sys.executable, "-c", LOAD_LIKE_RASA, json.dumps(configured_class_paths())], cwd=REPO,
                           capture_output=True, text=True, timeout=300,
                           env={**os.environ, "PYTHONWARNINGS": "ignore", "TF_CPP_MIN_LOG_LEVEL": "3"})
    assert probe.returncode == 0, probe.stderr[-3000:]
    assert json.loads(probe.stdout.strip().splitlines()[-1]) == []
