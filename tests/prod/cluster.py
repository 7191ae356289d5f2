"""The production shape on one machine: two Rasa replicas, one action server, PostgreSQL, Redis.

Every server is real and listens on 127.0.0.1. Replica B reaches the action server through
a small proxy that can hold a request, so a test can kill B with a turn in flight.
"""
from __future__ import annotations

import http.server
import json
import os
import re
import signal
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from rasa_ext.channels.conversation_keys import conversation_key
from scripts import prod_services
from tests.support.servers import (
    REPO,
    ActionServer,
    RasaServer,
    free_port,
    get,
    post_json,
    start_action_server,
    start_rasa,
    stop,
)

ENDPOINTS = REPO / "endpoints.prod.yml"
# A replica killed in the middle of a turn leaves its Redis ticket behind; the next turn of
# that conversation waits until it expires. Rasa's default is 60 s; 20 s keeps tests short.
LOCK_LIFETIME = 20


class HoldingProxy:
    """Forwards POST /webhook to the action server; `hold()` parks requests until `release()`."""

    def __init__(self, target: str) -> None:
        self.target = target
        self.arrived = threading.Event()
        self._open = threading.Event()
        self._open.set()
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/webhook"

    def hold(self) -> None:
        self.arrived.clear()
        self._open.clear()

    def release(self) -> None:
        self._open.set()

    def close(self) -> None:
        self.release()
        self.server.shutdown()
        self.server.server_close()

    def _handler(self):
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's naming
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                proxy.arrived.set()
                proxy._open.wait(timeout=120)
                status, answer = post_json(proxy.target, None, raw=body, timeout=60)
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(answer)))
                    self.end_headers()
                    self.wfile.write(answer)
                except OSError:
                    pass  # the replica that asked was killed meanwhile

            def log_message(self, *_args) -> None:
                pass

        return Handler


@dataclass
class Cluster:
    workdir: Path
    services: prod_services.Services
    actions_port: int = field(default_factory=free_port)
    actions: ActionServer | None = None
    proxy: HoldingProxy | None = None
    replicas: dict[str, RasaServer] = field(default_factory=dict)
    ports: dict[str, int] = field(default_factory=lambda: {"A": free_port(), "B": free_port()})

    # --- servers -------------------------------------------------------------------
    def start(self) -> None:
        self.start_actions()
        self.proxy = HoldingProxy(f"http://127.0.0.1:{self.actions_port}/webhook")
        threads = [threading.Thread(target=self.start_replica, args=(name,)) for name in self.ports]
        for thread in threads:  # both replicas load their model at the same time
            thread.start()
        for thread in threads:
            thread.join()
        missing = set(self.ports) - set(self.replicas)
        if missing:
            raise RuntimeError(f"replica(s) {missing} did not start, see {self.workdir}")

    def env(self, name: str) -> dict[str, str]:
        action_url = self.proxy.url if name == "B" else f"http://127.0.0.1:{self.actions_port}/webhook"
        return {**self.services.env(), "ACTION_SERVER_URL": action_url, "TICKET_LOCK_LIFETIME": str(LOCK_LIFETIME)}

    def start_replica(self, name: str) -> RasaServer:
        server = start_rasa(self.workdir, ENDPOINTS, port=self.ports[name], env=self.env(name))
        self.replicas[name] = server
        return server

    def kill(self, name: str) -> None:
        """kill -9: no shutdown handler runs, like a crashed container."""
        server = self.replicas.pop(name)
        os.kill(server.process.pid, signal.SIGKILL)
        server.process.wait(timeout=30)

    def start_actions(self) -> None:
        self.actions = start_action_server(self.workdir, self.actions_port)

    def stop_actions(self) -> None:
        stop(self.actions.process)
        self.actions = None

    def heal(self) -> None:
        """Bring back whatever a test stopped, so tests do not depend on their order."""
        if self.proxy is not None:
            self.proxy.release()
        if self.actions is None or self.actions.process.poll() is not None:
            self.start_actions()
        if not (Path(self.services.pg_data) / "postmaster.pid").exists():
            prod_services.start_postgres(self.services)
        if not (self.services.redis_dir / "redis.pid").exists():
            prod_services.start_redis(self.services)
        for name in self.ports:
            if name not in self.replicas or self.replicas[name].process.poll() is not None:
                self.replicas.pop(name, None)
                self.start_replica(name)

    def stop(self) -> None:
        for server in self.replicas.values():
            stop(server.process)
        if self.actions is not None:
            stop(self.actions.process)
        if self.proxy is not None:
            self.proxy.close()

    # --- what a user and an operator see --------------------------------------------
    def __getitem__(self, name: str) -> RasaServer:
        return self.replicas[name]

    def alive(self, name: str) -> bool:
        return self.replicas[name].process.poll() is None and get(f"{self.replicas[name].url}/")[0] == 200

    def post(self, name: str, sender: str, text: str, timeout: float = 60.0) -> tuple[int, object]:
        status, body = post_json(f"{self.replicas[name].url}/webhooks/rest/webhook",
                                 {"sender": sender, "message": text}, timeout)
        return status, json.loads(body)

    def log(self, name: str) -> str:
        return self.replicas[name].log.read_text(encoding="utf-8", errors="replace")

    def events(self, sender: str, channel: str = "rest") -> list[dict]:
        """The stored events of one conversation, in order, straight from PostgreSQL."""
        rows = prod_services.psql(self.services, "select data from events where sender_id = '"
                                  + conversation_key(channel, sender).replace("'", "''") + "' order by id")
        return [json.loads(line) for line in rows.splitlines() if line]


def replies(messages: list[dict]) -> str:
    return "\n".join(message.get("text", "") for message in messages)


def user_turns(events: list[dict]) -> int:
    return sum(1 for event in events if event["event"] == "user")


def assert_whole_turns(events: list[dict]) -> None:
    """No half turn is stored: each user message follows action_listen, and the last event is action_listen."""
    for index, event in enumerate(events):
        if event["event"] == "user":
            previous = events[index - 1]
            assert previous["event"] == "action" and previous["name"] == "action_listen", events[index - 3:index + 1]
    assert events and events[-1]["event"] == "action" and events[-1]["name"] == "action_listen", events[-3:]


def wait_until(predicate, timeout: float = 30.0, interval: float = 0.2) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return False


ACCESS_LINE = re.compile(r'"\S+ (?P<path>\S+) [^"]*" (?P<status>\d+) (?P<upstream>.+) \S+$')


class Nginx:
    """deploy/nginx.conf, pointed at the two replicas on loopback, as a real nginx process."""

    def __init__(self, workdir: Path, rasa_ports: list[int], limit: tuple[int, int] | None = None) -> None:
        """limit: (rate, burst) of limit_req instead of deploy's (prod_services.host_nginx_conf)."""
        prod_services.ensure_installed(nginx=True)
        self.port = free_port()
        self.folder = workdir / "nginx"
        self.folder.mkdir(exist_ok=True)
        conf = self.folder / "nginx.conf"
        conf.write_text(prod_services.host_nginx_conf(rasa_ports, listen=f"127.0.0.1:{self.port}", limit=limit),
                        encoding="utf-8")
        self.access_log = self.folder / "access.log"
        settings = f"daemon off; pid {self.folder / 'nginx.pid'}; error_log {self.folder / 'error.log'};"
        self.process = subprocess.Popen([prod_services.nginx_binary(), "-p", str(self.folder), "-c", str(conf),
                                         "-g", settings], stdout=self.access_log.open("wb"),
                                        stderr=subprocess.STDOUT)
        prod_services.wait_for_port(self.port)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def requests(self, path_prefix: str) -> list[dict]:
        """Logged requests under path_prefix: status and the replica(s) nginx tried, in order."""
        found = []
        for line in self.access_log.read_text(errors="replace").splitlines():
            match = ACCESS_LINE.search(line)
            if match and match["path"].startswith(path_prefix):
                found.append({"status": int(match["status"]), "replicas": match["upstream"].split(", ")})
        return found

    def stop(self) -> None:
        stop(self.process)
