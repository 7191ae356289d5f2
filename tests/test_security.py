"""Security defaults of `make run` and the deployment files.

* Rasa's HTTP API is off by default; asked for without a token, scripts/run.sh refuses.
* The action server (no authentication) listens on 127.0.0.1 only.
* No eligibility answer reaches the logs at Rasa's default level.
* Secrets come only from the environment: no config file holds one.
"""
from __future__ import annotations

import json
import os
import re
import shlex
import socket
import subprocess
import uuid
from pathlib import Path

import pytest
import yaml

from tests.support.servers import QUIET_ENV, REPO, free_port, stop, wait_for

RUN_SH = REPO / "scripts" / "run.sh"
CLEAN_ENV = {k: v for k, v in os.environ.items() if not k.startswith(("RASA_ENABLE_API", "RASA_AUTH_TOKEN",
                                                                      "RASA_ENDPOINTS"))}


def run_sh(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", str(RUN_SH), *args], capture_output=True, text=True, timeout=30,
                          env={**CLEAN_ENV, **env})


def printed_commands(**env: str) -> dict[str, str]:
    """The commands `make run` would start, from `scripts/run.sh print`."""
    result = run_sh("print", **env)
    assert result.returncode == 0, result.stderr
    return dict(line.split(": ", 1) for line in result.stdout.splitlines())


@pytest.mark.unit
def test_make_run_has_no_http_api_and_stays_on_loopback():
    commands = printed_commands()
    assert "--enable-api" not in commands["rasa"] and "--auth-token" not in commands["rasa"]
    assert "--interface 127.0.0.1" in commands["rasa"] and "--endpoints endpoints.yml" in commands["rasa"]
    assert commands["actions"].startswith("SANIC_HOST=127.0.0.1 ")


@pytest.mark.unit
def test_api_without_token_is_refused_before_anything_starts():
    result = run_sh("server", RASA_ENABLE_API="1")  # the real start path, not `print`
    assert result.returncode == 2
    assert "RASA_ENABLE_API=1 needs RASA_AUTH_TOKEN" in result.stderr
    assert "startet" not in result.stdout  # neither server was started


@pytest.mark.unit
def test_api_with_token_is_protected_and_the_token_not_printed():
    commands = printed_commands(RASA_ENABLE_API="1", RASA_AUTH_TOKEN="s3cr3t-token-value")
    assert "--enable-api --auth-token ***" in commands["rasa"]
    assert "s3cr3t-token-value" not in json.dumps(commands)


@pytest.mark.unit
def test_production_endpoints_need_their_secrets_from_the_environment():
    result = run_sh("print", RASA_ENDPOINTS="endpoints.prod.yml")
    assert result.returncode == 2
    for variable in ("PG_PASSWORD", "REDIS_PASSWORD", "PG_HOST", "ACTION_SERVER_URL", "LOTSE_REST_TOKEN"):
        assert variable in result.stderr


def non_loopback_address() -> str | None:
    """This machine's address on its default route, if it has one (no packet is sent)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # TEST-NET-1: only selects the outgoing interface
            address = probe.getsockname()[0]
        except OSError:
            return None
    return None if address.startswith("127.") else address


@pytest.mark.e2e
def test_action_server_of_make_run_listens_on_loopback_only(tmp_path):
    """Start the action server exactly as run.sh does (on a free port) and knock on both doors."""
    env_part, command = printed_commands()["actions"].split(" ", 1)
    port = free_port()
    args = [str(REPO / arg) if arg == ".venv/bin/rasa" else arg for arg in shlex.split(command)]
    args[args.index("--port") + 1] = str(port)
    log = tmp_path / "actions.log"
    name, value = env_part.split("=", 1)
    process = subprocess.Popen(args, cwd=REPO, env={**os.environ, **QUIET_ENV, name: value},
                               stdout=log.open("wb"), stderr=subprocess.STDOUT)
    try:
        wait_for(f"http://127.0.0.1:{port}/health", process, log)
        assert f"Action endpoint is up and running on http://127.0.0.1:{port}" in log.read_text()
        outside = non_loopback_address()
        if outside is None:
            pytest.skip("no non-loopback interface to try")
        with pytest.raises(OSError):
            socket.create_connection((outside, port), timeout=3).close()
    finally:
        stop(process)


# --- logs -----------------------------------------------------------------------------

# Answers with values that occur nowhere else (not in timestamps, ports or the bot's texts).
MARKED_CHECK = ["Habe ich Anspruch auf Bleiberecht nach 25a?", "Ich bin 23 Jahre alt und habe eine Duldung",
                "seit 17 Monaten", "seit Oktober 2017 in Deutschland", "ja"]
LEAKS = [re.compile(pattern) for pattern in (
    r"23 Jahre", r"17 Monaten", r"Oktober 2017", r"2017-10", r"['\"]age['\"]\s*:\s*23\b",
    r"['\"]duldung_months['\"]\s*:\s*17\b", r"residence_status['\"]?\s*[:=]\s*['\"]?duldung")]


@pytest.mark.e2e
def test_no_eligibility_answer_in_the_logs(shared_stack):
    rasa, actions, _db = shared_stack
    sender = uuid.uuid4().hex
    for text in MARKED_CHECK:
        last = rasa.say(sender, text)
    assert "voraussichtlich ja" in last[0]["text"]  # the answers were understood ...
    logs = {"rasa": rasa.log.read_text(errors="replace"), "actions": actions.log.read_text(errors="replace")}
    assert "INFO" in logs["rasa"] and "DEBUG" not in logs["rasa"]  # Rasa's default level
    leaks = [(name, p.pattern) for name, text in logs.items() for p in LEAKS if p.search(text)]
    assert leaks == []  # ... but none of them was logged


# --- secrets --------------------------------------------------------------------------

SECRET_KEY = re.compile(r"pass(word)?|secret|token|api_?key", re.IGNORECASE)
CONFIG_FILES = ["credentials.yml", "endpoints.yml", "endpoints.prod.yml", "deploy/docker-compose.yml"]


def secret_values(node, path: str = "") -> list[tuple[str, str]]:
    """(path, value) of every secret-looking key whose value is a literal."""
    found = []
    if isinstance(node, dict):
        for key, value in node.items():
            here = f"{path}.{key}"
            if SECRET_KEY.search(str(key)) and isinstance(value, (str, int)) and value != "" \
                    and not re.fullmatch(r"\$\{[A-Z_][A-Z0-9_]*(:?[?-][^}]*)?\}", str(value)):
                found.append((here, str(value)))
            found += secret_values(value, here)
    elif isinstance(node, list):
        for index, item in enumerate(node):
            found += secret_values(item, f"{path}[{index}]")
    return found


@pytest.mark.unit
@pytest.mark.parametrize("name", CONFIG_FILES)
def test_config_files_hold_no_secret(name):
    data = yaml.safe_load((REPO / name).read_text(encoding="utf-8"))
    assert secret_values(data) == []


@pytest.mark.unit
def test_deployment_keeps_api_off_and_action_server_private():
    compose = yaml.safe_load((REPO / "deploy" / "docker-compose.yml").read_text(encoding="utf-8"))
    services = compose["services"]
    for service in services.values():
        assert "--enable-api" not in " ".join(service.get("command") or [])
    assert "ports" not in services["actions"]  # reachable only on the internal network
    published = [name for name, service in services.items() if service.get("ports")]
    assert published == ["nginx"]


@pytest.mark.unit
def test_production_rest_channel_needs_a_token():
    """Issue #18: the replicas get LOTSE_REST_TOKEN from a required REST_TOKEN; compose refuses to start without."""
    compose = yaml.safe_load((REPO / "deploy" / "docker-compose.yml").read_text(encoding="utf-8"))
    for name in ("rasa1", "rasa2"):
        assert compose["services"][name]["environment"]["LOTSE_REST_TOKEN"].startswith("${REST_TOKEN:?")


@pytest.mark.unit
def test_git_ignores_the_local_env_file():
    assert ".env" in Path(REPO / ".gitignore").read_text().split()
