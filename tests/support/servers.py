"""Start the real action server and Rasa server for end-to-end tests and benchmarks.

Every server listens on 127.0.0.1 on a free port and is stopped when the context
ends. Endpoints are written into a temporary folder so tests never touch the
developer's rasa.db.
"""
from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
MODEL = REPO / "models" / "integrationslotse.tar.gz"
QUIET_ENV = {"RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "3",
             "SQLALCHEMY_SILENCE_UBER_WARNING": "1", "PYTHONWARNINGS": "ignore"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, process: subprocess.Popen, log: Path, timeout: float = 180.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url} exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except (urllib.error.URLError, ConnectionError, OSError):
            time.sleep(0.5)
    raise TimeoutError(f"{url} not ready after {timeout:.0f} s:\n{log.read_text()[-3000:]}")


def stop(process: subprocess.Popen, sig: int = signal.SIGTERM) -> None:
    if process.poll() is None:
        process.send_signal(sig)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@dataclass
class ActionServer:
    port: int
    process: subprocess.Popen
    log: Path

    @property
    def webhook(self) -> str:
        return f"http://127.0.0.1:{self.port}/webhook"


def start_action_server(workdir: Path, port: int | None = None) -> ActionServer:
    port = port or free_port()
    log = workdir / f"actions_{port}.log"
    process = subprocess.Popen(
        [str(VENV_BIN / "rasa"), "run", "actions", "--actions", "actions", "--port", str(port)],
        cwd=REPO, env={**os.environ, **QUIET_ENV, "SANIC_HOST": "127.0.0.1"}, stdout=log.open("wb"),
        stderr=subprocess.STDOUT)
    wait_for(f"http://127.0.0.1:{port}/health", process, log)
    return ActionServer(port, process, log)


def sqlite_endpoints(workdir: Path, action_url: str, db: Path) -> Path:
    path = workdir / "endpoints.yml"
    path.write_text(
        f'action_endpoint:\n  url: "{action_url}"\n'
        "tracker_store:\n  type: rasa_ext.stores.tracker_store.RedactingSQLTrackerStore\n"
        f'  dialect: "sqlite"\n  db: "{db}"\nlock_store:\n  type: "in_memory"\n', encoding="utf-8")
    return path


@dataclass
class RasaServer:
    port: int
    process: subprocess.Popen
    log: Path
    extra: dict = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def say(self, sender: str, message, timeout: float = 30.0) -> list[dict]:
        """POST to the REST channel; returns the bot's messages."""
        status, body = post_json(f"{self.url}/webhooks/rest/webhook", {"sender": sender, "message": message},
                                 timeout)
        if status != 200:
            raise AssertionError(f"HTTP {status}: {body[:300]!r}")
        return json.loads(body)


def post_json(url: str, payload, timeout: float = 30.0, raw: bytes | None = None,
              headers: dict | None = None) -> tuple[int, bytes]:
    data = raw if raw is not None else json.dumps(payload).encode("utf-8")
    request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def start_rasa(workdir: Path, endpoints: Path, port: int | None = None, credentials: Path | None = None,
               extra_args: tuple[str, ...] = (), env: dict | None = None) -> RasaServer:
    port = port or free_port()
    log = workdir / f"rasa_{port}.log"
    args = [str(VENV_BIN / "rasa"), "run", "--model", str(MODEL), "--port", str(port), "--interface", "127.0.0.1",
            "--endpoints", str(endpoints), "--credentials", str(credentials or REPO / "credentials.yml"), *extra_args]
    process = subprocess.Popen(args, cwd=REPO, env={**os.environ, **QUIET_ENV, **(env or {})},
                               stdout=log.open("wb"), stderr=subprocess.STDOUT)
    wait_for(f"http://127.0.0.1:{port}/", process, log)
    return RasaServer(port, process, log)


@contextlib.contextmanager
def local_stack(credentials: Path | None = None,
                env: dict | None = None) -> Iterator[tuple[RasaServer, ActionServer, Path]]:
    """Action server + one Rasa server with a fresh SQLite tracker store.

    credentials and env (extra environment variables) go to the Rasa server."""
    if not MODEL.exists():
        raise RuntimeError(f"{MODEL} missing: run `make train` first")
    with tempfile.TemporaryDirectory(prefix="lotse-e2e-") as tmp:
        workdir = Path(tmp)
        actions = start_action_server(workdir)
        db = workdir / "rasa.db"
        rasa = None
        try:
            rasa = start_rasa(workdir, sqlite_endpoints(workdir, actions.webhook, db),
                              credentials=credentials, env=env)
            yield rasa, actions, db
        finally:
            if rasa is not None:
                stop(rasa.process)
            stop(actions.process)


def get(url: str, timeout: float = 10.0) -> tuple[int, bytes]:
    """GET a URL; (status, body), also for HTTP errors."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()
