"""Fresh interpreters that load the Rasa server's code as Rasa does, shared by the tests that read them.

Some checks need a process in which nothing was imported before: which patches get installed,
whether installing them starts a TensorFlow runtime, whether the server's modules pull in the
action package. A Python that imports Rasa and TensorFlow costs about 7 s of CPU, so there are
just two, each run once per session:

  patched  the patches on: import Rasa, then the modules Rasa's class paths name first (which
           installs the patches), then every rasa_ext module and every configured class
  stock    LOTSE_RASA_PATCHES=0: the same first imports, nothing patched

tests/conftest.py starts the ones the selected tests need as soon as collection is done, one
after the other in a background thread, so they run on the second core while the unit tests
before them run on the first. The tests read the results through the fixtures of the same names.
"""
from __future__ import annotations

import json
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
ENV = {"PATH": "/usr/bin:/bin", "PYTHONWARNINGS": "ignore", "TF_CPP_MIN_LOG_LEVEL": "3"}
TIMEOUT = 300

# What Rasa does at start-up: `rasa` first, then the class paths of its configuration, the first of
# which (a channel, the tracker store) import rasa_ext and so install the patches.
FIRST_IMPORTS = """
import importlib, json, logging, pkgutil, sys
logging.basicConfig(level=logging.INFO, format="%(name)s %(message)s")
import rasa
import rasa_ext.channels.rest, rasa_ext.stores.tracker_store
from rasa.core.actions.action import RemoteAction
from rasa_ext.patches.replace import is_patched
from tensorflow.python.eager import context
report = {"patched": is_patched(RemoteAction._validate_action_result),
          "tensorflow_runtime": bool(context.context()._context_handle)}
"""
# Then every module of the Rasa server's package and every class the configuration names.
LOAD_EVERYTHING = """
import rasa_ext
for info in pkgutil.walk_packages(rasa_ext.__path__, "rasa_ext."):
    importlib.import_module(info.name)
for path in json.loads(sys.argv[1]):
    module, _, name = path.rpartition(".")
    getattr(importlib.import_module(module), name)
report["action_modules"] = sorted(m for m in sys.modules if m == "actions" or m.startswith("actions."))
"""
REPORT = "\nprint(json.dumps(report))\n"


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


@dataclass
class ProbeResult:
    """What a probe printed: its JSON report (None if it failed) and its log (stderr)."""
    report: dict | None
    stderr: str
    returncode: int


@dataclass
class Probe:
    """One fresh interpreter, started at most once per session."""
    name: str
    code: str
    environ: dict[str, str] = field(default_factory=dict)
    args: tuple[str, ...] = ()
    done: threading.Event = field(default_factory=threading.Event)
    process: subprocess.Popen | None = None
    result: ProbeResult | None = None

    def run(self) -> None:
        """Run the interpreter to its end and keep what it printed (called once, by `start`)."""
        try:
            with _lock:
                if _stopped.is_set():
                    raise RuntimeError("the test session ended before this probe ran")
                self.process = subprocess.Popen([sys.executable, "-c", self.code, *self.args], cwd=REPO,
                                                env={**ENV, **self.environ}, text=True,
                                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            stdout, stderr = self.process.communicate(timeout=TIMEOUT)
            lines = stdout.strip().splitlines()
            report = json.loads(lines[-1]) if self.process.returncode == 0 and lines else None
            self.result = ProbeResult(report, stderr, self.process.returncode)
        except Exception as error:  # noqa: BLE001 - reported by the test that reads the result
            if self.process is not None and self.process.poll() is None:
                self.process.kill()  # timed out
            self.result = ProbeResult(None, f"{type(error).__name__}: {error}", -1)
        finally:
            self.done.set()

    def wait(self) -> ProbeResult:
        """The result, once the probe has ended; starts it now if nobody did."""
        start([self.name])
        self.done.wait()
        assert self.result is not None
        return self.result


PROBES = {
    "patched_rasa_probe": Probe("patched_rasa_probe", FIRST_IMPORTS + LOAD_EVERYTHING + REPORT,
                                args=(json.dumps(configured_class_paths()),)),
    "stock_rasa_probe": Probe("stock_rasa_probe", FIRST_IMPORTS + REPORT, environ={"LOTSE_RASA_PATCHES": "0"}),
}
_lock = threading.Lock()
_started: set[str] = set()
_stopped = threading.Event()


def start(names: list[str] | set[str]) -> None:
    """Run the named probes one after the other in a background thread (each at most once)."""
    with _lock:
        todo = [probe for name, probe in PROBES.items() if name in names and name not in _started]
        _started.update(probe.name for probe in todo)
    if todo:
        threading.Thread(target=lambda: [probe.run() for probe in todo], name="rasa-probes", daemon=True).start()


def stop() -> None:
    """Kill the probes still running and start no more (the session is over)."""
    with _lock:
        _stopped.set()
        for probe in PROBES.values():
            if probe.process is not None and probe.process.poll() is None:
                probe.process.kill()
