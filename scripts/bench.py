#!/usr/bin/env python3
"""`make bench`: our assistant against Rasa's stock bot, same machine, same run.

What it does (issue #8):

1. Trains the stock bot with `rasa init --no-prompt` in a temporary folder (timed)
   and our assistant with `rasa train --force` into a temporary folder (timed, with
   an empty Rasa cache). The servers use models/integrationslotse.tar.gz (`make train`);
   --skip-train leaves the training out.
2. Starts both and times start until ready (answers its first message):
   * stock: `rasa run` as `rasa init` made it (in-memory tracker, no action server);
   * ours, in the production shape: action server + Rasa with SANIC_WORKERS workers,
     the PostgreSQL tracker store and the Redis lock store from endpoints.prod.yml
     (servers started by scripts/prod_services.py), or --store sqlite.
3. Drives both over REST (asyncio + aiohttp, loopback only), alternating phase by
   phase (stock, ours, stock, ours ...): 1 user per message kind, 10 and 50
   concurrent users for a fixed time, and one 200-turn conversation.
4. Samples the resident memory of the Rasa and action server process trees (and of our
   Rasa server once more as a single process), and the CPU time of every part, prints
   one Markdown table with the targets and PASS/FAIL, and writes results/bench.md.

This is a measurement, not a test: nothing here asserts a time.

    .venv/bin/python scripts/bench.py [--quick] [--wait-load 1.0] [--workers 2] ...
"""
from __future__ import annotations

import argparse
import asyncio
import contextlib
import dataclasses
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import aiohttp

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "scripts"))

from tests.support.servers import QUIET_ENV, free_port, stop, wait_for  # noqa: E402

VENV_BIN = Path(sys.executable).parent
RASA = str(VENV_BIN / "rasa")
MODEL = REPO / "models" / "integrationslotse.tar.gz"
REST = "/webhooks/rest/webhook"
TIMEOUT_S = 30.0

# Targets of issue #8 (same machine, same run).
TARGET_THROUGHPUT_FACTOR = 3.0
TARGET_P95_1USER_MS = 150.0
TARGET_LONG_RATIO = 1.3
# Any 10 turns of the long conversation against turns 1-10: a growth that ends before turn 190 (the session
# query of 06.12.2026 grew to 700 ms at turn 180, then PostgreSQL's statistics caught up) shows only here.
# Wider than the end-to-end target: on a quiet machine, blocks of the same turns vary by up to 1.8x.
TARGET_WORST_BLOCK_RATIO = 3.0
TARGET_RASA_RSS_MB = 1200.0
TARGET_TRAIN_S = 300.0

# How ours is served (scripts/run.sh, deploy/Dockerfile): oneDNN off, ~1 ms less per NLU parse.
SERVING_ENV = {"TF_ENABLE_ONEDNN_OPTS": "0"}

KINDS = ("greeting", "service", "ki", "eligibility")
BOT_PARTS = ("rasa", "actions", "stores")
KIND_LABEL = {
    "greeting": "greeting",
    "service": "service question",
    "ki": "KI lookup",
    "eligibility": "eligibility turn",
}


# --- conversations ---------------------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class Turn:
    kind: str
    text: str
    expect: str = ""  # a substring the reply must contain ("" = any non-empty reply)


PLACES = ("Moers", "Bonn", "Essen", "Köln", "Bielefeld", "Münster", "Dortmund", "Aachen", "Siegen", "Wesel")


def our_conversation(i: int) -> list[Turn]:
    """Greeting, service question, KI lookup, then a whole eligibility check (5 turns)."""
    place = PLACES[i % len(PLACES)]
    return [
        Turn("greeting", "Hallo", "Integrationslotse"),
        Turn("service", "Was ist ein Integrationskurs?", "Integrationskurs"),
        Turn("ki", f"Welches KI ist für {place} zuständig?", "Kommunale Integrationszentrum"),
        Turn("eligibility", "Kann ich mich einbürgern lassen? Ich lebe seit März 2019 in Deutschland"),
        Turn("eligibility", "Niederlassungserlaubnis"),
        Turn("eligibility", "alle"),
        Turn("eligibility", "B1"),
        Turn("eligibility", "ja", "Ergebnis Einbürgerung"),
    ]


STOCK_TURNS = ("hello", "are you a bot?", "I am sad", "yes", "hello", "I am feeling great", "are you a bot?", "bye")


def stock_conversation(i: int) -> list[Turn]:
    """The moodbot knows only greetings and moods: the same 8-turn shape, its own messages
    along its own stories and rules (each turn gets an answer)."""
    kinds = ("greeting", "service", "ki", *["eligibility"] * 5)
    return [Turn(kind, text) for kind, text in zip(kinds, STOCK_TURNS, strict=True)]


def long_script(conversation: Callable[[int], list[Turn]], turns: int) -> list[Turn]:
    """A 10-turn cycle (the 8-turn conversation + service and KI again), so that turns
    1-10 and 191-200 hold the same kinds in the same order."""
    script: list[Turn] = []
    i = 0
    while len(script) < turns:
        base = conversation(i)
        script.extend(base + [base[1], conversation(i + 1)[2]])
        i += 1
    return script[:turns]


# --- results ---------------------------------------------------------------------------

@dataclasses.dataclass
class Sample:
    kind: str
    ms: float
    ok: bool
    error: str = ""
    detail: str = ""  # for an unexpected reply: what was said and what came back


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100); NaN for no values."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, int(-(-q * len(ordered) // 100)))  # ceil
    return ordered[min(rank, len(ordered)) - 1]


@dataclasses.dataclass
class LoadResult:
    users: int
    seconds: float
    samples: list[Sample]
    cpu: dict = dataclasses.field(default_factory=dict)  # CPU seconds per part of the bot during the phase

    def cpu_ms_per_msg(self, part: str | None = None) -> float:
        total = sum(self.cpu.get(p, 0.0) for p in BOT_PARTS) if part is None else self.cpu.get(part, 0.0)
        return total * 1000 / len(self.samples) if self.samples else float("nan")

    def cores(self, part: str) -> float:
        """Average cores busy during the phase: a part of the bot, the load generator, or
        everything else on the machine ("others": other users' jobs, the idle bot)."""
        if part == "others":
            value = self.cpu.get("machine", 0.0) - sum(self.cpu.get(p, 0.0) for p in (*BOT_PARTS, "bench"))
        elif part == "bot":
            value = sum(self.cpu.get(p, 0.0) for p in BOT_PARTS)
        else:
            value = self.cpu.get(part, 0.0)
        return max(value, 0.0) / self.seconds if self.seconds else float("nan")

    @property
    def ok(self) -> int:
        return sum(s.ok for s in self.samples)

    @property
    def errors(self) -> int:
        return sum(not s.ok for s in self.samples)

    @property
    def throughput(self) -> float:
        return self.ok / self.seconds if self.seconds else 0.0

    @property
    def p95(self) -> float:
        return percentile([s.ms for s in self.samples], 95)

    @property
    def p50(self) -> float:
        return percentile([s.ms for s in self.samples], 50)

    def error_kinds(self) -> str:
        counts: dict[str, int] = {}
        for s in self.samples:
            if not s.ok:
                counts[s.error] = counts.get(s.error, 0) + 1
        return ", ".join(f"{k} ×{v}" for k, v in sorted(counts.items()))

    def error_details(self, limit: int = 5) -> list[str]:
        """The first unexpected replies, so that one can be traced without rerunning."""
        return [s.detail for s in self.samples if s.detail][:limit]


@dataclasses.dataclass
class BotResult:
    name: str
    train_s: float | None = None
    train_note: str = ""
    ready_s: float | None = None
    single: LoadResult | None = None
    loads: dict[int, LoadResult] = dataclasses.field(default_factory=dict)
    long_ms: list[float] = dataclasses.field(default_factory=list)
    long_errors: int = 0
    rasa_rss_mb: float = 0.0          # peak, sum over the Rasa process tree
    rasa_rss_max_proc_mb: float = 0.0  # peak of the largest single Rasa process
    rasa_pss_mb: float = 0.0          # at the end, shared pages counted once
    rasa_procs: int = 0
    standalone_rss_mb: float | None = None  # one `rasa run` process (SANIC_WORKERS=1) with the same model
    actions_rss_mb: float | None = None


# --- processes and memory --------------------------------------------------------------

def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):
            found += [int(p) for p in (task / "children").read_text().split()]
    return found


def tree(pid: int) -> list[int]:
    pids, todo = [], [pid]
    while todo:
        current = todo.pop()
        if Path(f"/proc/{current}").exists():
            pids.append(current)
            todo += children(current)
    return pids


def rss_mb(pid: int) -> float:
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def pss_mb(pid: int) -> float:
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) / 1024
    return 0.0


class MemorySampler:
    """Peak RSS of a process tree, sampled in the background of the event loop."""

    def __init__(self, root_pid: int):
        self.root_pid = root_pid
        self.peak_total = 0.0
        self.peak_proc = 0.0
        self.procs = 0

    def sample(self) -> None:
        pids = tree(self.root_pid)
        values = [rss_mb(pid) for pid in pids]
        self.procs = max(self.procs, len([v for v in values if v > 0]))
        self.peak_total = max(self.peak_total, sum(values))
        self.peak_proc = max(self.peak_proc, max(values, default=0.0))

    def pss(self) -> float:
        return sum(pss_mb(pid) for pid in tree(self.root_pid))


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def cpu_s(pid: int) -> float:
    """User + system CPU seconds of one process (its threads included)."""
    with contextlib.suppress(OSError, IndexError, ValueError):
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
    return 0.0


def machine_cpu_s() -> float:
    """Busy CPU seconds of the whole machine so far (all cores, all processes)."""
    fields = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    return (sum(fields[:8]) - idle) / CLOCK_TICKS


def tree_cpu_s(pid: int | None) -> float:
    return sum(cpu_s(p) for p in tree(pid)) if pid else 0.0


def loadavg() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def wait_until_idle(limit: float, max_wait_s: float) -> None:
    if limit <= 0:
        return
    deadline = time.monotonic() + max_wait_s
    while True:
        one = float(Path("/proc/loadavg").read_text().split()[0])
        if one < limit:
            print(f"load average {loadavg()}: below {limit}, starting", flush=True)
            return
        if time.monotonic() > deadline:
            print(f"load average {loadavg()}: still >= {limit} after {max_wait_s:.0f} s, starting anyway",
                  flush=True)
            return
        print(f"load average {loadavg()}: waiting until the 1-min value is below {limit} ...", flush=True)
        time.sleep(30)


def bot_env(extra: dict | None = None) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("SANIC_WORKERS", "SANIC_HOST")}
    return {**env, **QUIET_ENV, **(extra or {})}


@dataclasses.dataclass
class Stack:
    name: str
    url: str
    rasa: subprocess.Popen
    log: Path
    actions: subprocess.Popen | None = None
    workers: int = 1
    store_pids: Callable[[], list[int]] = lambda: []

    def cpu_s(self) -> dict:
        """CPU seconds so far: Rasa, action server, and the store servers (PostgreSQL, Redis)."""
        return {"rasa": tree_cpu_s(self.rasa.pid),
                "actions": tree_cpu_s(self.actions.pid if self.actions else None),
                "stores": sum(tree_cpu_s(pid) for pid in self.store_pids()),
                "bench": cpu_s(os.getpid()), "machine": machine_cpu_s()}

    def cpu_since(self, before: dict) -> dict:
        return {part: value - before.get(part, 0.0) for part, value in self.cpu_s().items()}


# --- training --------------------------------------------------------------------------

def init_stock(workdir: Path) -> tuple[Path, float]:
    """`rasa init --no-prompt` (creates the moodbot and trains it); returns (project, seconds)."""
    project = workdir / "stock"
    project.mkdir()
    log = workdir / "stock_init.log"
    print("stock bot: rasa init --no-prompt (trains the moodbot) ...", flush=True)
    start = time.monotonic()
    result = subprocess.run([RASA, "init", "--no-prompt", "--init-dir", str(project)], cwd=workdir,
                            env=bot_env(), stdout=log.open("wb"), stderr=subprocess.STDOUT)
    seconds = time.monotonic() - start
    if result.returncode != 0 or not list((project / "models").glob("*.tar.gz")):
        raise RuntimeError(f"rasa init failed:\n{log.read_text()[-3000:]}")
    print(f"stock bot trained in {seconds:.0f} s", flush=True)
    return project, seconds


def train_ours(workdir: Path) -> float:
    """`rasa train --force` with an empty cache into a temporary folder; returns seconds."""
    log = workdir / "ours_train.log"
    print("ours: rasa train --force (empty cache, temporary output) ...", flush=True)
    start = time.monotonic()
    result = subprocess.run(
        [RASA, "train", "--force", "--out", str(workdir / "ours_models"), "--fixed-model-name", "bench"],
        cwd=REPO, env=bot_env({"RASA_CACHE_DIRECTORY": str(workdir / "ours_cache")}),
        stdout=log.open("wb"), stderr=subprocess.STDOUT)
    seconds = time.monotonic() - start
    if result.returncode != 0:
        raise RuntimeError(f"rasa train failed:\n{log.read_text()[-3000:]}")
    print(f"ours trained in {seconds:.0f} s", flush=True)
    return seconds


# --- starting the bots -----------------------------------------------------------------

def first_reply(url: str, process: subprocess.Popen, log: Path, text: str, timeout: float = 240.0) -> None:
    """Wait until the REST channel answers `text` with at least one message."""
    import urllib.error
    import urllib.request

    deadline = time.monotonic() + timeout
    body = json.dumps({"sender": f"ready-{uuid.uuid4().hex}", "message": text}).encode()
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url} exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        request = urllib.request.Request(url + REST, data=body, headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                if response.status == 200 and json.loads(response.read()):
                    return
        except (urllib.error.URLError, ConnectionError, OSError, ValueError):
            pass
        time.sleep(0.2)
    raise TimeoutError(f"{url} gave no reply after {timeout:.0f} s:\n{log.read_text()[-3000:]}")


def wait_for_workers(log: Path, workers: int, process: subprocess.Popen, timeout: float = 240.0) -> None:
    """Every Sanic worker logs 'Rasa server is up and running.' once its model is loaded."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if log.read_text(errors="replace").count("Rasa server is up and running") >= workers:
            return
        if process.poll() is not None:
            raise RuntimeError(f"Rasa exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        time.sleep(0.2)
    raise TimeoutError(f"only some of {workers} workers came up:\n{log.read_text()[-3000:]}")


def start_stock(workdir: Path, project: Path) -> tuple[Stack, float]:
    model = sorted((project / "models").glob("*.tar.gz"))[-1]
    port = free_port()
    log = workdir / "stock_rasa.log"
    start = time.monotonic()
    process = subprocess.Popen(
        [RASA, "run", "--model", str(model), "--port", str(port), "--interface", "127.0.0.1",
         "--endpoints", str(project / "endpoints.yml"), "--credentials", str(project / "credentials.yml")],
        cwd=project, env=bot_env(), stdout=log.open("wb"), stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    first_reply(url, process, log, "hello")
    ready = time.monotonic() - start
    print(f"stock bot ready in {ready:.1f} s on {url}", flush=True)
    return Stack("stock", url, process, log), ready


def write_sqlite_endpoints(workdir: Path, action_url: str, redis_port: int | None) -> Path:
    lock = (f'lock_store:\n  type: "redis"\n  url: "127.0.0.1"\n  port: {redis_port}\n  db: 1\n'
            '  key_prefix: "bench"\n') if redis_port else 'lock_store:\n  type: "in_memory"\n'
    path = workdir / "endpoints.sqlite.yml"
    path.write_text(
        f'action_endpoint:\n  url: "{action_url}"\n'
        "tracker_store:\n  type: rasa_ext.stores.tracker_store.RedactingSQLTrackerStore\n"
        f'  dialect: "sqlite"\n  db: "{workdir / "bench.db"}"\n{lock}', encoding="utf-8")
    return path


@contextlib.contextmanager
def store_services(workdir: Path, store: str, workers: int) -> Iterator[dict]:
    """PostgreSQL + Redis via scripts/prod_services.py (production shape), or a plain
    Redis for SQLite with several workers. Yields extra environment for Rasa."""
    if store == "postgres":
        import prod_services

        workdir.chmod(0o711)  # PostgreSQL runs as the `postgres` user and must reach its folder
        services = prod_services.start_all(workdir / "services")

        def pids() -> list[int]:
            found = []
            for pid_file in (services.pg_data / "postmaster.pid", services.redis_dir / "redis.pid"):
                with contextlib.suppress(OSError, ValueError, IndexError):
                    found.append(int(pid_file.read_text().split()[0]))
            return found

        try:
            yield {"env": services.env(), "redis_port": services.redis_port, "pids": pids}
        finally:
            prod_services.stop_all(services)
        return
    if workers == 1:
        yield {"env": {}, "redis_port": None, "pids": lambda: []}
        return
    port = free_port()
    folder = workdir / "redis"
    folder.mkdir()
    process = subprocess.Popen(["redis-server", "--bind", "127.0.0.1", "--port", str(port), "--save", "",
                                "--appendonly", "no", "--dir", str(folder)],
                               stdout=(folder / "redis.log").open("wb"), stderr=subprocess.STDOUT)
    try:
        import prod_services

        prod_services.wait_for_port(port)
        yield {"env": {}, "redis_port": port, "pids": lambda: [process.pid]}
    finally:
        stop(process)


def start_ours(workdir: Path, model: Path, store: str, workers: int, services: dict,
               tf_threads: int, extra_env: dict | None = None) -> tuple[Stack, float]:
    action_port, rasa_port = free_port(), free_port()
    action_url = f"http://127.0.0.1:{action_port}/webhook"
    if store == "postgres":
        endpoints = REPO / "endpoints.prod.yml"
        extra = {**services["env"], "ACTION_SERVER_URL": action_url}
    else:
        endpoints = write_sqlite_endpoints(workdir, action_url, services["redis_port"])
        extra = {}
    rasa_env = {**extra, **SERVING_ENV, **(extra_env or {}), "SANIC_WORKERS": str(workers)}
    if tf_threads:
        rasa_env |= {"TF_INTRA_OP_PARALLELISM_THREADS": str(tf_threads),
                     "TF_INTER_OP_PARALLELISM_THREADS": str(tf_threads)}
    action_log, rasa_log = workdir / "ours_actions.log", workdir / "ours_rasa.log"
    start = time.monotonic()
    actions = subprocess.Popen([RASA, "run", "actions", "--actions", "actions", "--port", str(action_port)],
                               cwd=REPO, env=bot_env({**(extra_env or {}), "SANIC_HOST": "127.0.0.1"}),
                               stdout=action_log.open("wb"), stderr=subprocess.STDOUT)
    rasa = subprocess.Popen(
        [RASA, "run", "--model", str(model), "--port", str(rasa_port), "--interface", "127.0.0.1",
         "--endpoints", str(endpoints), "--credentials", str(REPO / "credentials.yml")],
        cwd=REPO, env=bot_env(rasa_env), stdout=rasa_log.open("wb"), stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{rasa_port}"
    try:
        wait_for(f"http://127.0.0.1:{action_port}/health", actions, action_log, timeout=240)
        wait_for_workers(rasa_log, workers, rasa)
        first_reply(url, rasa, rasa_log, "Hallo")
    except BaseException:
        stop(rasa)
        stop(actions)
        raise
    ready = time.monotonic() - start
    print(f"ours ready in {ready:.1f} s on {url} ({workers} worker(s), {store})", flush=True)
    return Stack("ours", url, rasa, rasa_log, actions, workers, services["pids"]), ready


# --- load ------------------------------------------------------------------------------

async def say(session: aiohttp.ClientSession, url: str, sender: str, turn: Turn) -> Sample:
    start = time.perf_counter()
    try:
        async with session.post(url + REST, json={"sender": sender, "message": turn.text}) as response:
            body = await response.read()
            status = response.status
    except asyncio.TimeoutError:
        return Sample(turn.kind, (time.perf_counter() - start) * 1000, False, "timeout")
    except aiohttp.ClientError as error:
        return Sample(turn.kind, (time.perf_counter() - start) * 1000, False, type(error).__name__)
    ms = (time.perf_counter() - start) * 1000
    if status != 200:
        return Sample(turn.kind, ms, False, f"HTTP {status}")
    try:
        messages = json.loads(body)
    except ValueError:
        return Sample(turn.kind, ms, False, "bad JSON")
    text = "\n".join(m.get("text") or "" for m in messages if isinstance(m, dict))
    if not messages:
        return Sample(turn.kind, ms, False, "empty reply")
    if turn.expect and turn.expect not in text:
        return Sample(turn.kind, ms, False, "unexpected reply", f"{turn.text!r} -> {text[:300]!r}")
    return Sample(turn.kind, ms, True)


def client(users: int) -> aiohttp.ClientSession:
    return aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=users + 5),
                                 timeout=aiohttp.ClientTimeout(total=TIMEOUT_S))


async def sample_memory(samplers: list[MemorySampler], stop_event: asyncio.Event) -> None:
    while not stop_event.is_set():
        for sampler in samplers:
            sampler.sample()
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(stop_event.wait(), 0.5)


async def run_users(stack: Stack, conversation: Callable[[int], list[Turn]], users: int, seconds: float,
                    max_requests: int, prefix: str) -> LoadResult:
    """`users` virtual users, each repeating the conversation with a new sender id until
    `seconds` have passed (or `max_requests` were sent)."""
    samples: list[Sample] = []
    sent = 0
    cpu_before = stack.cpu_s()
    async with client(users) as session:
        start = time.perf_counter()
        deadline = start + seconds

        async def user(u: int) -> None:
            nonlocal sent
            i = 0
            while time.perf_counter() < deadline and sent < max_requests:
                sender = f"{prefix}-{u}-{i}-{uuid.uuid4().hex[:8]}"
                for turn in conversation(u + i):
                    if time.perf_counter() >= deadline or sent >= max_requests:
                        break
                    sent += 1
                    samples.append(await say(session, stack.url, sender, turn))
                i += 1

        await asyncio.gather(*(user(u) for u in range(users)))
        elapsed = time.perf_counter() - start
    return LoadResult(users, elapsed, samples, stack.cpu_since(cpu_before))


async def run_single(stack: Stack, conversation: Callable[[int], list[Turn]], conversations: int) -> LoadResult:
    samples: list[Sample] = []
    cpu_before = stack.cpu_s()
    async with client(1) as session:
        start = time.perf_counter()
        for i in range(conversations):
            sender = f"single-{i}-{uuid.uuid4().hex[:8]}"
            for turn in conversation(i):
                samples.append(await say(session, stack.url, sender, turn))
        elapsed = time.perf_counter() - start
    return LoadResult(1, elapsed, samples, stack.cpu_since(cpu_before))


async def run_long(stack: Stack, conversation: Callable[[int], list[Turn]], turns: int) -> tuple[list[float], int]:
    sender = f"long-{uuid.uuid4().hex}"
    latencies, errors = [], 0
    async with client(1) as session:
        for turn in long_script(conversation, turns):
            sample = await say(session, stack.url, sender, turn)
            latencies.append(sample.ms)
            errors += not sample.ok
    return latencies, errors


def median_per_turn(runs: list[list[float]]) -> list[float]:
    """Turn n's latency as the median over the runs: one conversation's slow-down (turns 190-200 against 1-10)
    ranged from 0.88x to 1.69x between runs of the same code (06.12.2026), the median of three from 1.00x to 1.44x."""
    return [statistics.median(turn) for turn in zip(*runs, strict=True)]


async def warm_up(stack: Stack, conversation: Callable[[int], list[Turn]]) -> None:
    """Every worker traces its TensorFlow graphs on first use: warm all of them."""
    result = await run_users(stack, conversation, max(4, 4 * stack.workers), 6.0, 400, "warm")
    if result.errors:
        print(f"  warm-up {stack.name}: {result.errors} errors ({result.error_kinds()})", flush=True)


# --- the run ---------------------------------------------------------------------------

async def measure(stacks: list[Stack], conversations: dict[str, Callable[[int], list[Turn]]],
                  results: dict[str, BotResult], args: argparse.Namespace) -> None:
    samplers = {}
    for stack in stacks:
        samplers[stack.name] = [MemorySampler(stack.rasa.pid)]
        if stack.actions is not None:
            samplers[stack.name].append(MemorySampler(stack.actions.pid))
    stop_event = asyncio.Event()
    memory_task = asyncio.create_task(sample_memory([s for group in samplers.values() for s in group], stop_event))

    for stack in stacks:
        print(f"warm-up {stack.name} ...", flush=True)
        await warm_up(stack, conversations[stack.name])

    for stack in stacks:  # 1 user
        print(f"{stack.name}: 1 user, {args.single} conversations ...", flush=True)
        results[stack.name].single = await run_single(stack, conversations[stack.name], args.single)
    for users in args.users:  # alternating at each load level
        for stack in stacks:
            print(f"{stack.name}: {users} users for {args.duration:.0f} s ...", flush=True)
            await asyncio.sleep(2)
            result = await run_users(stack, conversations[stack.name], users, args.duration, args.max_requests,
                                     f"load{users}")
            results[stack.name].loads[users] = result
            print(f"  {result.throughput:.1f} msg/s, p95 {result.p95:.0f} ms, errors {result.errors}"
                  + (f" ({result.error_kinds()})" if result.errors else ""), flush=True)
            for detail in result.error_details():
                print(f"    unexpected reply: {detail}", flush=True)
    for stack in stacks:
        print(f"{stack.name}: {args.long_runs} conversations of {args.long_turns} turns ...", flush=True)
        runs = [await run_long(stack, conversations[stack.name], args.long_turns) for _ in range(args.long_runs)]
        results[stack.name].long_ms = median_per_turn([latencies for latencies, _ in runs])
        results[stack.name].long_errors = sum(errors for _, errors in runs)

    stop_event.set()
    await memory_task
    for stack in stacks:
        rasa_sampler = samplers[stack.name][0]
        result = results[stack.name]
        result.rasa_rss_mb = rasa_sampler.peak_total
        result.rasa_rss_max_proc_mb = rasa_sampler.peak_proc
        result.rasa_pss_mb = rasa_sampler.pss()
        result.rasa_procs = rasa_sampler.procs
        if len(samplers[stack.name]) > 1:
            result.actions_rss_mb = samplers[stack.name][1].peak_total


def standalone_rss(workdir: Path, args: argparse.Namespace, services: dict) -> float:
    """Peak RSS of our Rasa server as one process (SANIC_WORKERS=1, e.g. one replica per
    container) after some load: a forked worker's RSS leaves out pages its parent holds."""
    print("ours as a single process (memory only) ...", flush=True)
    (workdir / "standalone").mkdir(exist_ok=True)
    stack, _ = start_ours(workdir / "standalone", args.model, args.store, 1, services, args.tf_threads,
                          args.ours_env)
    try:
        sampler = MemorySampler(stack.rasa.pid)

        async def drive() -> None:
            stop_event = asyncio.Event()
            task = asyncio.create_task(sample_memory([sampler], stop_event))
            await warm_up(stack, our_conversation)
            await run_users(stack, our_conversation, 10, 10.0, 2000, "standalone")
            stop_event.set()
            await task

        asyncio.run(drive())
        return sampler.peak_proc
    finally:
        stop(stack.rasa)
        if stack.actions is not None:
            stop(stack.actions)


# --- the table -------------------------------------------------------------------------

def fmt(value: float | None, digits: int = 0, unit: str = "") -> str:
    if value is None or value != value:  # None or NaN
        return "–"
    return f"{value:,.{digits}f}{unit}".replace(",", " ")


def verdict(passed: bool | None) -> str:
    return "–" if passed is None else ("PASS" if passed else "**FAIL**")


def cpu_text(result: LoadResult) -> str:
    parts = [f"{result.cpu_ms_per_msg(part):.1f}" for part in ("rasa", "actions", "stores")]
    return f"{result.cpu_ms_per_msg():.1f} ms ({' + '.join(parts)})"


def cores_text(result: LoadResult) -> str:
    return " / ".join(f"{result.cores(part):.2f}" for part in ("bot", "bench", "others"))


def long_windows(latencies: list[float]) -> dict[str, float]:
    if len(latencies) < 200:
        first, last = latencies[:10], latencies[-10:]
    else:
        first, last = latencies[:10], latencies[189:200]
    blocks = {start: statistics.median(latencies[start:start + 10]) for start in range(0, len(latencies), 10)}
    worst = max(blocks, key=blocks.__getitem__)
    return {"first_mean": statistics.fmean(first), "first_median": statistics.median(first),
            "last_mean": statistics.fmean(last), "last_median": statistics.median(last),
            "ratio_median": statistics.median(last) / statistics.median(first),
            "ratio_mean": statistics.fmean(last) / statistics.fmean(first),
            "worst_block": worst, "worst_ratio": blocks[worst] / statistics.median(first)}


def render(results: dict[str, BotResult], args: argparse.Namespace, meta: dict) -> str:
    stock, ours = results["stock"], results["ours"]
    lines = [
        "# Benchmark: Integrationslotse NRW against Rasa's stock bot",
        "",
        f"- Run: {meta['started']} – {meta['ended']}, {meta['host']}, {os.cpu_count()} cores; "
        f"load average (1/5/15 min) at start **{meta['load_start']}**, at end **{meta['load_end']}**.",
        f"- Stock bot: `rasa init --no-prompt` (moodbot), `rasa run` as created (in-memory tracker store, "
        f"1 process, no action server). It only knows greetings and moods, so every message kind uses its own "
        f"greeting/mood messages along its stories: greeting \"{STOCK_TURNS[0]}\", service question "
        f"\"{STOCK_TURNS[1]}\", KI lookup \"{STOCK_TURNS[2]}\", eligibility turns "
        + " / ".join(f"\"{t}\"" for t in STOCK_TURNS[3:]) + ".",
        f"- Ours: {meta['ours_shape']}.",
        f"- Code: {meta['git']}; model built {meta['model_time']}; Rasa {meta['rasa_version']}; "
        f"jsonschema used by our Rasa server: {meta['jsonschema']}.",
        f"- Load: REST over loopback, aiohttp; each virtual user repeats one 8-turn conversation "
        f"(greeting, service question, KI lookup, 5-turn eligibility check) with a new sender id each time; "
        f"1 user: {args.single} conversations; {', '.join(map(str, args.users))} users: {args.duration:.0f} s each; "
        f"phases alternate stock/ours. Errors = non-200, timeout (>{TIMEOUT_S:.0f} s), empty reply, "
        f"or (ours) a reply without the expected text.",
        "",
        "| Measure | Stock bot | Ours | Target | Result |",
        "|---|---:|---:|---|---|",
    ]

    def row(measure: str, s: str, o: str, target: str = "", result: str = "") -> None:
        lines.append(f"| {measure} | {s} | {o} | {target} | {result} |")

    worst_p95 = None
    if ours.single:
        per_kind = {k: [x.ms for x in ours.single.samples if x.kind == k] for k in KINDS}
        worst_p95 = max(percentile(v, 95) for v in per_kind.values() if v)
    for kind in KINDS:
        vals = {}
        for bot in (stock, ours):
            samples = [x.ms for x in bot.single.samples if x.kind == kind] if bot.single else []
            vals[bot.name] = (percentile(samples, 50), percentile(samples, 95), len(samples))
        s50, s95, sn = vals["stock"]
        o50, o95, on = vals["ours"]
        row(f"1 user, {KIND_LABEL[kind]}: p50 / p95 (n)", f"{fmt(s50)} / {fmt(s95)} ms ({sn})",
            f"{fmt(o50)} / {fmt(o95)} ms ({on})", f"p95 ≤ {TARGET_P95_1USER_MS:.0f} ms",
            verdict(o95 <= TARGET_P95_1USER_MS))
    if stock.single and ours.single:
        row("1 user: CPU per message (Rasa + actions + stores)", cpu_text(stock.single), cpu_text(ours.single))
        row("1 user: cores busy: this bot / load generator / everything else", cores_text(stock.single),
            cores_text(ours.single))
    single_errors = (stock.single.errors if stock.single else 0, ours.single.errors if ours.single else 0)
    row("1 user: errors", str(single_errors[0]), str(single_errors[1]), "0", verdict(single_errors[1] == 0))

    for users in args.users:
        s, o = stock.loads.get(users), ours.loads.get(users)
        if not s or not o:
            continue
        factor = o.throughput / s.throughput if s.throughput else float("inf")
        target = f"≥ {TARGET_THROUGHPUT_FACTOR:.0f}× stock, 0 errors" if users == max(args.users) else ""
        result = (verdict(factor >= TARGET_THROUGHPUT_FACTOR and o.errors == 0) if target
                  else f"{factor:.2f}× stock")
        row(f"{users} users: throughput", f"{s.throughput:.1f} msg/s", f"{o.throughput:.1f} msg/s "
            f"(**{factor:.2f}×**)", target, result)
        row(f"{users} users: p50 / p95", f"{fmt(s.p50)} / {fmt(s.p95)} ms", f"{fmt(o.p50)} / {fmt(o.p95)} ms")
        row(f"{users} users: errors (of requests)", f"{s.errors} ({len(s.samples)})",
            f"{o.errors} ({len(o.samples)})" + (f": {o.error_kinds()}" if o.errors else ""),
            "0" if target else "", verdict(o.errors == 0) if target else "")
        row(f"{users} users: CPU per message (Rasa + actions + stores)", cpu_text(s), cpu_text(o))
        row(f"{users} users: cores busy: this bot / load generator / everything else", cores_text(s),
            cores_text(o))
        if target:
            ceiling = os.cpu_count() * 1000 / o.cpu_ms_per_msg() if o.cpu_ms_per_msg() else float("nan")
            row(f"{users} users: ceiling for ours with all {os.cpu_count()} cores to itself "
                f"(cores ÷ CPU per message)", "", f"{ceiling:.1f} msg/s "
                f"(= {ceiling / s.throughput:.2f}× stock's measured)" if s.throughput else "–")

    if stock.long_ms and ours.long_ms:
        sw, ow = long_windows(stock.long_ms), long_windows(ours.long_ms)
        n = len(ours.long_ms)
        last_label = "190–200" if n >= 200 else f"{n - 9}–{n}"
        row(f"One conversation (each turn: the median of {args.long_runs} runs): turns 1–10, median / mean",
            f"{fmt(sw['first_median'])} / {fmt(sw['first_mean'])} ms",
            f"{fmt(ow['first_median'])} / {fmt(ow['first_mean'])} ms")
        row(f"One conversation: turns {last_label}, median / mean",
            f"{fmt(sw['last_median'])} / {fmt(sw['last_mean'])} ms",
            f"{fmt(ow['last_median'])} / {fmt(ow['last_mean'])} ms")
        row(f"One conversation: slow-down {last_label} vs 1–10 (median; mean)",
            f"{sw['ratio_median']:.2f}× ({sw['ratio_mean']:.2f}×)",
            f"**{ow['ratio_median']:.2f}×** ({ow['ratio_mean']:.2f}×)", f"≤ {TARGET_LONG_RATIO}×",
            verdict(ow["ratio_median"] <= TARGET_LONG_RATIO))
        block = f"{ow['worst_block'] + 1}–{min(ow['worst_block'] + 10, n)}"
        row(f"One conversation: slowest 10 turns vs 1–10 (median; ours: turns {block})", f"{sw['worst_ratio']:.2f}×",
            f"**{ow['worst_ratio']:.2f}×**", f"≤ {TARGET_WORST_BLOCK_RATIO}×",
            verdict(ow["worst_ratio"] <= TARGET_WORST_BLOCK_RATIO))
        row(f"One conversation: errors (all {args.long_runs} runs)", str(stock.long_errors), str(ours.long_errors), "0",
            verdict(ours.long_errors == 0))

    standalone = ours.standalone_rss_mb if ours.standalone_rss_mb is not None else ours.rasa_rss_max_proc_mb
    row("Rasa server RSS, peak, as one `rasa run` process (SANIC_WORKERS=1, same model, after load)",
        f"{fmt(stock.rasa_rss_max_proc_mb)} MB", f"**{fmt(standalone)} MB**", f"≤ {TARGET_RASA_RSS_MB:.0f} MB",
        verdict(standalone <= TARGET_RASA_RSS_MB))
    if ours.standalone_rss_mb is not None:
        row("Rasa server RSS, peak, largest forked worker (as benchmarked)", "–",
            f"{fmt(ours.rasa_rss_max_proc_mb)} MB")
    row("Rasa server RSS, peak, all processes (sum; processes)",
        f"{fmt(stock.rasa_rss_mb)} MB ({stock.rasa_procs})", f"{fmt(ours.rasa_rss_mb)} MB ({ours.rasa_procs})")
    row("Rasa server PSS at end, all processes (shared pages once)", f"{fmt(stock.rasa_pss_mb)} MB",
        f"{fmt(ours.rasa_pss_mb)} MB")
    row("Action server RSS, peak", "– (none)", f"{fmt(ours.actions_rss_mb)} MB")
    row("Training time", f"{fmt(stock.train_s)} s {stock.train_note}".strip(),
        f"**{fmt(ours.train_s)} s** {ours.train_note}".strip(), f"≤ {TARGET_TRAIN_S:.0f} s",
        verdict(None if ours.train_s is None else ours.train_s <= TARGET_TRAIN_S))
    row("Start until ready (first reply)", f"{fmt(stock.ready_s, 1)} s", f"{fmt(ours.ready_s, 1)} s")
    if worst_p95 is not None:
        lines += ["", f"Worst per-kind p95 at 1 user (ours): {worst_p95:.0f} ms."]
    lines += [
        "",
        "Notes: CPU per message counts the bot's own processes (Rasa, action server, PostgreSQL and Redis) and "
        "does not depend on what else runs on the machine; throughput and latency do, so the cores used by "
        "everything else during each phase are shown. Sanic workers are forked: a worker's RSS leaves out "
        "library pages that only its parent has touched, so the PSS row (every page counted once) is the "
        "memory of the whole server."]
    lines += ["", f"Command: `{meta['command']}`", ""]
    return "\n".join(lines)


# --- main ------------------------------------------------------------------------------

def describe_code(model: Path, ours_env: dict) -> dict:
    from importlib.metadata import version

    jsonschema = subprocess.run(
        [sys.executable, "-c", "from importlib.metadata import version; print(version('jsonschema'))"],
        env=bot_env(ours_env), capture_output=True, text=True).stdout.strip() or "unknown"

    def git(*command: str) -> str:
        result = subprocess.run(["git", *command], cwd=REPO, capture_output=True, text=True)
        return result.stdout.strip() if result.returncode == 0 else ""

    head = git("rev-parse", "--short", "HEAD") or "unknown"
    dirty = " + uncommitted changes" if git("status", "--porcelain", "--untracked-files=no") else ""
    return {"git": f"commit {head}{dirty}", "rasa_version": version("rasa"), "jsonschema": jsonschema,
            "model_time": time.strftime("%Y-%m-%d %H:%M", time.localtime(model.stat().st_mtime))}


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=float, default=30.0, help="seconds per concurrent phase (30)")
    parser.add_argument("--users", default="10,50", help="concurrent users per phase (10,50)")
    parser.add_argument("--single", type=int, default=25, help="1-user conversations (25 → 200 messages)")
    parser.add_argument("--long-turns", type=int, default=200, help="turns of the long conversation (200)")
    parser.add_argument("--long-runs", type=int, default=5,
                        help="long conversations per bot; each turn's latency is the median over them (5)")
    parser.add_argument("--max-requests", type=int, default=20000, help="cap per concurrent phase")
    parser.add_argument("--workers", type=int, default=2,
                        help="Sanic workers of our Rasa server (2, one per core: 76 msg/s at 50 users against 73 with "
                             "3 and 71 with 4, and the least CPU per message)")
    parser.add_argument("--tf-threads", type=int, default=1,
                        help="TensorFlow intra/inter-op threads per worker of ours (1; 0 = TF default)")
    parser.add_argument("--store", choices=["postgres", "sqlite"], default="postgres",
                        help="our tracker store: postgres = endpoints.prod.yml with PostgreSQL + Redis "
                             "(default), sqlite = SQLite (+ Redis lock store if workers > 1)")
    parser.add_argument("--model", type=Path, default=MODEL, help="our model (models/integrationslotse.tar.gz)")
    parser.add_argument("--skip-train", action="store_true", help="do not time `rasa train --force` for ours")
    parser.add_argument("--stock-dir", type=Path, help="reuse a project made by `rasa init` (no training time)")
    parser.add_argument("--quick", action="store_true", help="small load for trying the script out")
    parser.add_argument("--wait-load", type=float, default=0.0,
                        help="first wait until the 1-min load average is below this (0 = do not wait)")
    parser.add_argument("--max-wait", type=float, default=1800.0, help="longest wait for --wait-load (s)")
    parser.add_argument("--ours-env", action="append", default=[], metavar="KEY=VALUE",
                        help="extra environment for our servers, for what-if runs (repeatable; shown in the table)")
    parser.add_argument("--out", type=Path, default=REPO / "results" / "bench.md")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (logs)")
    args = parser.parse_args(argv)
    args.users = [int(u) for u in str(args.users).split(",") if u.strip()]
    args.ours_env = dict(item.split("=", 1) for item in args.ours_env)
    if args.long_runs < 1:
        parser.error("--long-runs must be at least 1")
    if args.quick:
        args.duration, args.single, args.long_turns = min(args.duration, 8.0), min(args.single, 3), \
            min(args.long_turns, 40)
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if not args.model.exists():
        print(f"{args.model} missing: run `make train`", file=sys.stderr)
        return 2
    wait_until_idle(args.wait_load, args.max_wait)
    meta = {"started": time.strftime("%Y-%m-%d %H:%M:%S"), "load_start": loadavg(), "host": platform.node(),
            "command": " ".join([Path(sys.executable).name, *sys.argv])}
    meta.update(describe_code(args.model, args.ours_env))
    results = {"stock": BotResult("stock"), "ours": BotResult("ours")}
    workdir = Path(tempfile.mkdtemp(prefix="lotse-bench-"))
    stacks: list[Stack] = []
    try:
        if args.stock_dir:
            project = args.stock_dir.resolve()
            results["stock"].train_note = "(reused project, not timed)"
        else:
            project, results["stock"].train_s = init_stock(workdir)
            results["stock"].train_note = "(`rasa init`, includes project creation)"
        if not args.skip_train:
            results["ours"].train_s = train_ours(workdir)
            results["ours"].train_note = "(`rasa train --force`, empty cache)"
        with store_services(workdir, args.store, args.workers) as services:
            stock, results["stock"].ready_s = start_stock(workdir, project)
            stacks.append(stock)
            ours, results["ours"].ready_s = start_ours(workdir, args.model, args.store, args.workers, services,
                                                       args.tf_threads, args.ours_env)
            stacks.append(ours)
            tf = f"TF threads {args.tf_threads}" if args.tf_threads else "TF default threads"
            meta["ours_shape"] = (
                f"action server + `rasa run` with SANIC_WORKERS={args.workers} ({tf}), "
                + ("endpoints.prod.yml: PostgreSQL tracker store (RedactingSQLTrackerStore) + Redis lock store, "
                   "servers from scripts/prod_services.py" if args.store == "postgres" else
                   "SQLite tracker store (RedactingSQLTrackerStore)"
                   + (" + Redis lock store" if args.workers > 1 else " + in-memory lock store"))
                + f"; model {args.model.relative_to(REPO) if args.model.is_relative_to(REPO) else args.model}"
                + (f"; **extra environment (what-if): {' '.join(f'{k}={v}' for k, v in args.ours_env.items())}**"
                   if args.ours_env else ""))
            try:
                import uvloop

                uvloop.install()
            except ImportError:
                pass
            asyncio.run(measure(stacks, {"stock": stock_conversation, "ours": our_conversation}, results, args))
            for stack in stacks:
                stop(stack.rasa)
                if stack.actions is not None:
                    stop(stack.actions)
            stacks.clear()
            if args.workers > 1:
                results["ours"].standalone_rss_mb = standalone_rss(workdir, args, services)
    finally:
        for stack in stacks:
            stop(stack.rasa)
            if stack.actions is not None:
                stop(stack.actions)
        if args.keep:
            print(f"logs kept in {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    meta["ended"] = time.strftime("%H:%M:%S")
    meta["load_end"] = loadavg()
    table = render(results, args, meta)
    print()
    print(table)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(table, encoding="utf-8")
    print(f"written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
