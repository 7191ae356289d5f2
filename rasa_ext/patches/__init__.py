"""Every change this project makes to the internals of Rasa 3.6 and its libraries, in one place.

Each module here replaces one thing, for speed or to fail safely, and is listed in PATCHES
and in docs/rasa_internals.md (why, which test proves it behaves as stock Rasa, what to
check on an upgrade). `install_all()` is called once, from rasa_ext/__init__.py: Rasa
imports that package first whenever it loads one of our class paths (config.yml,
endpoints*.yml, credentials*.yml), so the patches no longer hang on one plug-in.

* LOTSE_RASA_PATCHES=0 switches all of them off: stock Rasa, at stock speed.
* They are written for the versions in WRITTEN_FOR; on any other version `install_all()`
  refuses to start (re-check the patches, or run with LOTSE_RASA_PATCHES=0).
* Each installed patch logs one line at start-up.
* The Rasa-free tools (`python -m rasa_ext.stores.retention`, `python -m staff.review`) import no Rasa
  and get no patches: they start fast and need no model.
"""
from __future__ import annotations

import importlib
import importlib.metadata
import logging
import os
import sys
from collections.abc import Mapping
from typing import NamedTuple

logger = logging.getLogger(__name__)

ENV_SWITCH = "LOTSE_RASA_PATCHES"
OFF_VALUES = ("0", "false", "no", "off")
WRITTEN_FOR = {"rasa": "3.6.21", "tensorflow": "2.12.0"}


class Patch(NamedTuple):
    """One patch module and the line logged when it is installed."""
    module: str  # under rasa_ext.patches
    summary: str  # the log line: what is replaced, and what for


PATCHES = (
    Patch("action_validation", "RemoteAction._validate_action_result: action-server replies checked "
                               "with prepared validators"),
    Patch("action_domain", "RemoteAction._action_call_format: the domain sent to the action server "
                           "without its responses"),
    Patch("keep_alive", "EndpointConfig.session: one kept-alive HTTP session per endpoint and event loop"),
    Patch("graph_runner", "rasa.core.processor.DaskGraphRunner: the served graph runs in a precomputed order"),
    Patch("action_failures", "MessageProcessor._run_action: a failed action marks the turn, "
                             "the channel tells the user"),
    Patch("fail_closed_stores", "FailSafeTrackerStore.on_tracker_store_(retrieve_)error: a tracker store error "
                                "refuses the turn instead of falling back to memory"),
    Patch("lookup_trie", "RegexFeaturizer.load: a big lookup table's pattern as a prefix tree "
                         "(the same matches, found quickly)"),
    Patch("tracker_copy", "DialogueStateTracker.copy: the tracker's state copied, not replayed event by event"),
    Patch("rule_keys", "RulePolicy._get_possible_keys: the rules are matched only as far back as the longest rule"),
    Patch("lean_diet", "LeanDIETClassifier: one message through DIET's traced graph, "
                       "without the batch machinery"),
)


class UnsupportedVersion(RuntimeError):
    """Rasa or TensorFlow is not the version the patches were written for."""


_installed: list[str] = []


def enabled(environ: Mapping[str, str] | None = None) -> bool:
    """False when LOTSE_RASA_PATCHES is 0 / false / no / off; on by default."""
    value = (os.environ if environ is None else environ).get(ENV_SWITCH, "1")
    return value.strip().lower() not in OFF_VALUES


def installed(name: str) -> bool:
    """Whether the patch `name` (a module of this package) is in place in this process."""
    return name in _installed


def installed_versions() -> dict[str, str]:
    """The installed distributions, read without importing them."""
    return {name: importlib.metadata.version(name) for name in WRITTEN_FOR}


def check_versions(found: Mapping[str, str]) -> None:
    """Refuse to patch other Rasa or TensorFlow versions than the patches were written for."""
    wrong = {name: version for name, version in found.items() if version != WRITTEN_FOR[name]}
    if wrong:
        have = ", ".join(f"{name} {version}" for name, version in sorted(wrong.items()))
        want = ", ".join(f"{name} {WRITTEN_FOR[name]}" for name in sorted(wrong))
        raise UnsupportedVersion(
            f"rasa_ext/patches were written for {want}, but {have} is installed. Re-check every patch "
            f"(docs/rasa_internals.md, 'On an upgrade') and update WRITTEN_FOR in rasa_ext/patches/__init__.py, "
            f"or start with {ENV_SWITCH}=0 to run stock Rasa without them.")


def install_all() -> list[str]:
    """Install every patch once (idempotent); the names of the installed patches."""
    if _installed or "rasa" not in sys.modules:  # done already, or a Rasa-free tool
        return list(_installed)
    if not enabled():
        logger.warning("Rasa patches switched off (%s=0): stock Rasa behaviour and speed.", ENV_SWITCH)
        return []
    check_versions(installed_versions())
    for patch in PATCHES:
        importlib.import_module(f"{__name__}.{patch.module}").install()
        _installed.append(patch.module)
        logger.info("Rasa patch installed: %s (%s)", patch.module, patch.summary)
    return list(_installed)
