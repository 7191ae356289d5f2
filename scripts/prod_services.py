#!/usr/bin/env python3
"""Real PostgreSQL and Redis on 127.0.0.1 for the production-shape tests and local trials.

Installs Debian's `postgresql` and `redis-server` when they are missing, then runs both
as ordinary servers on free loopback ports with their data in one folder. PostgreSQL
refuses to run as root, so as root it runs as the `postgres` user.

    scripts/prod_services.py start DIR   # prints `export ...` lines for endpoints.prod.yml
    scripts/prod_services.py stop DIR
    scripts/prod_services.py nginx-conf 5005 5006   # deploy/nginx.conf for replicas on this host

The tests (tests/prod/conftest.py) import the same functions.
"""
from __future__ import annotations

import argparse
import glob
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

STATE_FILE = "services.json"
DB_NAME = DB_USER = "lotse"
NGINX_CONF = Path(__file__).resolve().parent.parent / "deploy" / "nginx.conf"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def as_root() -> bool:
    return os.geteuid() == 0


def pg_bin_dir() -> Path | None:
    """Debian keeps the server binaries out of PATH, one folder per major version."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    return Path(found[-1]).parent if found else None


def nginx_binary() -> str | None:
    return shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if Path(p).exists()), None)


def ensure_installed(nginx: bool = False) -> None:
    """apt-get install postgresql/redis-server (and nginx) when missing (root or sudo)."""
    wanted = [("postgresql", pg_bin_dir()), ("redis-server", shutil.which("redis-server"))]
    wanted += [("nginx", nginx_binary())] if nginx else []
    packages = [name for name, present in wanted if not present]
    if not packages:
        return
    sudo = [] if as_root() else ["sudo", "-n"]
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    print(f"Installing {' '.join(packages)} from Debian's packages ...", file=sys.stderr)
    subprocess.run([*sudo, "apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run([*sudo, "apt-get", "install", "-y", "-qq", "--no-install-recommends", *packages],
                   check=True, env=env, stdout=subprocess.DEVNULL)


def run(args: list[str], as_postgres: bool = False, **kwargs) -> subprocess.CompletedProcess:
    prefix = ["runuser", "-u", "postgres", "--"] if as_postgres and as_root() else []
    return subprocess.run([*prefix, *args], check=True, capture_output=True, text=True, timeout=120, **kwargs)


@dataclass
class Services:
    """Where the two servers live; saved as DIR/services.json so `stop` finds them."""

    root: str
    pg_port: int
    redis_port: int
    pg_password: str
    redis_password: str

    @property
    def pg_data(self) -> Path:
        return Path(self.root) / "pg"

    @property
    def redis_dir(self) -> Path:
        return Path(self.root) / "redis"

    def env(self) -> dict[str, str]:
        """The variables endpoints.prod.yml reads (the action server URL is the caller's)."""
        return {"PG_HOST": "127.0.0.1", "PG_PORT": str(self.pg_port), "PG_DB": DB_NAME, "PG_USER": DB_USER,
                "PG_PASSWORD": self.pg_password, "REDIS_HOST": "127.0.0.1", "REDIS_PORT": str(self.redis_port),
                "REDIS_PASSWORD": self.redis_password}

    def save(self) -> None:
        path = Path(self.root) / STATE_FILE
        path.touch(mode=0o600)  # holds the passwords
        path.write_text(json.dumps(asdict(self)), encoding="utf-8")

    @classmethod
    def load(cls, root: Path) -> Services:
        return cls(**json.loads((root / STATE_FILE).read_text(encoding="utf-8")))


# --- PostgreSQL ------------------------------------------------------------------------

def pg(tool: str) -> str:
    bin_dir = pg_bin_dir()
    if bin_dir is None:
        raise RuntimeError("PostgreSQL server binaries not found under /usr/lib/postgresql")
    return str(bin_dir / tool)


def init_postgres(services: Services) -> None:
    """A new cluster; the superuser logs in over the socket only, `lotse` over TCP with a password."""
    data = services.pg_data
    data.mkdir(parents=True)
    if as_root():
        shutil.chown(data, "postgres", "postgres")
    data.chmod(0o700)
    run([pg("initdb"), "-D", str(data), "-U", "postgres", "--auth-local=trust", "--auth-host=scram-sha-256",
         "--encoding=UTF8", "--locale=C.UTF-8"], as_postgres=True)
    start_postgres(services)
    sql = (f"CREATE ROLE {DB_USER} LOGIN PASSWORD '{services.pg_password}';"
           f" CREATE DATABASE {DB_NAME} OWNER {DB_USER};")
    for statement in sql.split(";")[:-1]:
        psql(services, statement.strip(), database="postgres")


def start_postgres(services: Services) -> None:
    options = f"-p {services.pg_port} -k {services.pg_data} -c listen_addresses=127.0.0.1"
    run([pg("pg_ctl"), "-D", str(services.pg_data), "-l", str(services.pg_data / "server.log"), "-o", options,
         "-w", "-t", "60", "start"], as_postgres=True)


def stop_postgres(services: Services, mode: str = "fast") -> None:
    """mode 'fast' is a clean shutdown, 'immediate' behaves like a crash."""
    if (services.pg_data / "postmaster.pid").exists():
        run([pg("pg_ctl"), "-D", str(services.pg_data), "-m", mode, "-w", "-t", "60", "stop"], as_postgres=True)


def psql(services: Services, sql: str, database: str = DB_NAME) -> str:
    """Run SQL as the superuser over the server's own socket; returns unaligned output."""
    result = run([pg("psql"), "-h", str(services.pg_data), "-p", str(services.pg_port), "-U", "postgres",
                  "-d", database, "-v", "ON_ERROR_STOP=1", "-At", "-c", sql], as_postgres=True)
    return result.stdout.strip()


# --- Redis -----------------------------------------------------------------------------

def start_redis(services: Services) -> None:
    """A daemonised redis-server; its config (with the password) stays in a private folder."""
    folder = services.redis_dir
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o700)
    config = folder / "redis.conf"
    config.write_text("\n".join([
        "bind 127.0.0.1", f"port {services.redis_port}", f"dir {folder}", "daemonize yes",
        f"pidfile {folder / 'redis.pid'}", f"logfile {folder / 'redis.log'}", 'save ""', "appendonly no",
        f"requirepass {services.redis_password}", ""]), encoding="utf-8")
    run(["redis-server", str(config)])
    wait_for_port(services.redis_port)


def stop_redis(services: Services) -> None:
    pid_file = services.redis_dir / "redis.pid"
    if not pid_file.exists():
        return
    pid = int(pid_file.read_text().strip())
    try:
        os.kill(pid, 15)
    except ProcessLookupError:
        pid_file.unlink(missing_ok=True)
        return
    for _ in range(100):  # redis removes its pid file on a clean exit
        if not pid_file.exists():
            return
        time.sleep(0.1)
    raise RuntimeError(f"redis-server {pid} did not stop")


def wait_for_port(port: int, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(f"nothing listens on 127.0.0.1:{port} after {timeout:.0f} s")


# --- both ------------------------------------------------------------------------------

def start_all(root: Path) -> Services:
    ensure_installed()
    root.mkdir(parents=True, exist_ok=True)
    root.chmod(0o755)  # the postgres user must reach its data folder inside
    services = Services(str(root), free_port(), free_port(), secrets.token_urlsafe(18), secrets.token_urlsafe(18))
    services.save()
    init_postgres(services)
    start_redis(services)
    return services


def stop_all(services: Services) -> None:
    try:
        stop_redis(services)
    finally:
        stop_postgres(services)


# --- nginx -----------------------------------------------------------------------------

LIMIT_RATE = re.compile(r"(zone=per_client:\S+ rate=)(\d+)r/s")
LIMIT_BURST = re.compile(r"(zone=per_client burst=)(\d+)")


def nginx_limit(text: str | None = None) -> tuple[int, int]:
    """(requests per second, burst) of the per-address limit_req in deploy/nginx.conf."""
    text = NGINX_CONF.read_text(encoding="utf-8") if text is None else text
    return int(LIMIT_RATE.search(text)[2]), int(LIMIT_BURST.search(text)[2])


def host_nginx_conf(rasa_ports: list[int], listen: str = "80", limit: tuple[int, int] | None = None) -> str:
    """deploy/nginx.conf with the two replicas on this host instead of the compose services.

    limit: (rate per second, burst) instead of deploy's per-address limit_req, for load runs
    whose users all come from 127.0.0.1 (scripts/soak.py)."""
    text = NGINX_CONF.read_text(encoding="utf-8")
    for index, port in enumerate(rasa_ports, start=1):
        text = text.replace(f"server rasa{index}:5005", f"server 127.0.0.1:{port}")
    if limit is not None:
        nginx_limit(text)  # fails loudly if deploy/nginx.conf no longer has the limit
        text = LIMIT_RATE.sub(rf"\g<1>{int(limit[0])}r/s", text)
        text = LIMIT_BURST.sub(rf"\g<1>{int(limit[1])}", text)
    return text.replace("listen 80;", f"listen {listen};")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["install", "start", "stop", "nginx-conf"])
    parser.add_argument("dir", nargs="?", help="data folder (start/stop); first Rasa port (nginx-conf)")
    parser.add_argument("port_b", nargs="?", type=int, help="second Rasa port (nginx-conf)")
    args = parser.parse_args()
    if args.command == "install":
        ensure_installed()
    elif args.command == "nginx-conf":
        if args.dir is None or args.port_b is None:
            parser.error("nginx-conf needs two ports")
        print(host_nginx_conf([int(args.dir), args.port_b]), end="")
    elif args.dir is None:
        parser.error("start/stop need DIR")
    elif args.command == "start":
        for key, value in start_all(Path(args.dir).resolve()).env().items():
            print(f"export {key}={value}")
    else:
        stop_all(Services.load(Path(args.dir).resolve()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
