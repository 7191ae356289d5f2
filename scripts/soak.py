#!/usr/bin/env python3
"""`make soak` (issue #18): the production shape under steady load for 20 minutes.

Two Rasa replicas (endpoints.prod.yml), the action server, PostgreSQL, Redis and nginx
(deploy/nginx.conf), all real and on 127.0.0.1, started by the same code as the production
tests (scripts/prod_services.py, tests/prod/cluster.py). Then, for --minutes:

* --users virtual users talk through nginx's REST webhook, one message after another (each
  waits for its reply), along the benchmark's conversation (scripts/bench.py: greeting,
  service question, KI by town, a 5-turn eligibility check), a new sender id per conversation.
* every --purge-every seconds --old-conversations aged copies of a conversation are inserted
  and the retention purge runs (`python -m rasa_ext.stores.retention --endpoints endpoints.prod.yml`,
  LOTSE_RETENTION_DAYS=90: it must delete exactly the aged ones and nothing live);
* every --kill-every minutes one replica (A, B, A, ...) gets kill -9 and is started again, as
  tests/prod does. A turn cut off by the kill is an error of kind "replica killed"; the user
  sends it once more (nginx does not repeat a POST).

At the end it prints (and writes to results/soak.md): turns sent, answered, stored (user events
in PostgreSQL for the soak's senders), lost (answered but not stored: must be 0), errors by
kind, p95 per window, and the resident memory of every process at the start, after the first
window and at the end. A measurement, not a test: the exit code is 1 only if turns were lost.

    .venv/bin/python scripts/soak.py [--minutes 20] [--users 20] [--kill-every 5] ...
"""
from __future__ import annotations

import argparse
import asyncio
import collections
import contextlib
import dataclasses
import os
import platform
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Sequence
from pathlib import Path

import aiohttp

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from scripts import bench, prod_services  # noqa: E402
from tests.prod.cluster import ENDPOINTS, LOCK_LIFETIME, Cluster, Nginx  # noqa: E402
from tests.support.servers import MODEL  # noqa: E402

RETENTION_DAYS = 90
OLD_AGE_DAYS = 120  # the aged copies: older than the retention period
GROWTH_TARGET = 10.0  # % between the first and the last window
# Replicas see every soak user as nginx on 127.0.0.1: the per-address bucket would count all
# of them as one client. The per-sender bucket stays on (a sequential user never draws on it).
REPLICA_ENV = {"LOTSE_LIMIT_ADDRESS": "0,0", **bench.SERVING_ENV,
               "TF_INTRA_OP_PARALLELISM_THREADS": "1", "TF_INTER_OP_PARALLELISM_THREADS": "1"}
PROCESSES = ("replica A", "replica B", "action server", "PostgreSQL", "Redis", "nginx")


class SoakCluster(Cluster):
    """tests/prod's cluster, but both replicas call the action server directly (no test proxy)
    and run with the soak's environment."""

    rest_token: str = ""

    def env(self, name: str) -> dict[str, str]:
        return {**self.services.env(), "ACTION_SERVER_URL": f"http://127.0.0.1:{self.actions_port}/webhook",
                "TICKET_LOCK_LIFETIME": str(LOCK_LIFETIME), "LOTSE_REST_TOKEN": self.rest_token, **REPLICA_ENV}


# --- bookkeeping -----------------------------------------------------------------------

@dataclasses.dataclass
class Request:
    start: float  # seconds since the soak began
    ms: float
    outcome: str  # "ok" or an error kind
    answered: bool  # HTTP 200 with a reply (also an unexpected one)


@dataclasses.dataclass
class Stats:
    requests: list[Request] = dataclasses.field(default_factory=list)
    turns_sent: int = 0
    retries: int = 0
    answered: collections.Counter = dataclasses.field(default_factory=collections.Counter)  # per sender
    errors: collections.Counter = dataclasses.field(default_factory=collections.Counter)
    unexpected: list[str] = dataclasses.field(default_factory=list)
    kills: list[dict] = dataclasses.field(default_factory=list)
    purges: list[dict] = dataclasses.field(default_factory=list)
    memory: dict[str, dict[str, dict]] = dataclasses.field(default_factory=dict)  # label → process → sample
    peak_rss: dict[str, float] = dataclasses.field(default_factory=dict)
    cpu: list[dict] = dataclasses.field(default_factory=list)  # per window: bot, generator, machine seconds
    elapsed: float = 0.0


def classify(sample: bench.Sample, start: float, end: float, kills: list[dict]) -> tuple[str, bool]:
    """(outcome, answered) of one request; a failure while a replica was killed is "replica killed"."""
    if sample.ok:
        return "ok", True
    if sample.error in ("unexpected reply", "empty reply", "bad JSON"):
        return sample.error, True  # HTTP 200: the turn ran and was answered
    if any(start - 0.5 <= kill["at"] <= end + 0.5 for kill in kills):
        return "replica killed", False
    return sample.error, False


# --- processes -------------------------------------------------------------------------

def pid_from_file(path: Path) -> int | None:
    with contextlib.suppress(OSError, ValueError, IndexError):
        return int(path.read_text().split()[0])
    return None


def process_roots(cluster: Cluster, nginx: Nginx, services: prod_services.Services) -> dict[str, int | None]:
    def replica(name: str) -> int | None:
        server = cluster.replicas.get(name)
        return server.process.pid if server and server.process.poll() is None else None

    return {"replica A": replica("A"), "replica B": replica("B"),
            "action server": cluster.actions.process.pid if cluster.actions else None,
            "PostgreSQL": pid_from_file(services.pg_data / "postmaster.pid"),
            "Redis": pid_from_file(services.redis_dir / "redis.pid"), "nginx": nginx.process.pid}


def rollup_mb(pid: int) -> dict[str, float]:
    """The kernel's memory summary of one process (/proc/<pid>/smaps_rollup), in MB."""
    found: dict[str, float] = {}
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            key, _, rest = line.partition(":")
            if rest.strip().endswith("kB"):
                found[key] = int(rest.split()[0]) / 1024
    return found


def memory(roots: dict[str, int | None], started: dict[str, float], now: float) -> dict[str, dict]:
    """RSS, PSS and own memory of each process tree (bench.tree: PostgreSQL's backends, nginx's workers).

    RSS counts every shared page in every process that touched it: PostgreSQL's buffer cache
    (shared_buffers, a fixed-size shared memory segment) shows up once per backend and grows as
    the backends read more of the growing tables. What a leak grows is a process's own
    anonymous memory (heap), so the growth target is judged on that ("own", Pss_Anon: pages
    shared after fork counted once), and the shared memory is shown beside it ("shmem")."""
    found = {}
    for name, pid in roots.items():
        pids = bench.tree(pid) if pid else []
        rollups = {p: rollup_mb(p) for p in pids}
        found[name] = {"rss": sum(bench.rss_mb(p) for p in pids),
                       "pss": sum(r.get("Pss", 0.0) for r in rollups.values()),
                       "own": sum(r.get("Pss_Anon", 0.0) for r in rollups.values()),
                       "own_by_pid": {p: r.get("Anonymous", 0.0) for p, r in rollups.items()},
                       "shmem": sum(r.get("Pss_Shmem", 0.0) for r in rollups.values()),
                       "procs": len(pids), "age": now - started.get(name, 0.0) if pid else None}
    return found


def largest_process_growth(first: dict, end: dict) -> tuple[float, int] | None:
    """The largest growth (in %) of one process's own memory among the processes alive at both
    samples, with their number: the tree's sum also moves when a pool opens a connection."""
    both = [pid for pid in first["own_by_pid"] if pid in end["own_by_pid"] and first["own_by_pid"][pid] > 0]
    if not both:
        return None
    return max((end["own_by_pid"][p] - first["own_by_pid"][p]) / first["own_by_pid"][p] * 100 for p in both), len(both)


class CpuMeter:
    """CPU seconds of the soak's processes, of this load generator and of the whole machine."""

    def __init__(self) -> None:
        self.last: dict[int, float] = {}
        self.own = bench.cpu_s(os.getpid())
        self.machine = bench.machine_cpu_s()

    def tick(self, roots: dict[str, int | None]) -> dict[str, float]:
        bot, seen = 0.0, {}
        for pid in (p for root in roots.values() if root for p in bench.tree(root)):
            seen[pid] = bench.cpu_s(pid)
            bot += seen[pid] - self.last.get(pid, 0.0)  # a new process counts from its start
        self.last = seen
        own, machine = bench.cpu_s(os.getpid()), bench.machine_cpu_s()
        delta = {"bot": max(bot, 0.0), "generator": own - self.own, "machine": machine - self.machine}
        self.own, self.machine = own, machine
        return delta


# --- the run ---------------------------------------------------------------------------

async def soak(args: argparse.Namespace, cluster: SoakCluster, nginx: Nginx, services: prod_services.Services,
               run_id: str) -> Stats:
    stats = Stats()
    seconds = args.minutes * 60
    window = args.kill_every * 60
    windows = max(1, int(-(-seconds // window)))
    headers = {"Authorization": f"Bearer {cluster.rest_token}"}
    timeout = aiohttp.ClientTimeout(total=args.timeout)
    loop = asyncio.get_running_loop()

    # Warm both replicas (TensorFlow traces its graphs on first use) and keep one conversation
    # as the template for the aged copies the purge deletes.
    template = f"soak-{run_id}-warm"
    async with aiohttp.ClientSession(headers=headers, timeout=timeout) as session:
        for name in ("A", "B"):
            for turn in bench.our_conversation(0):
                sample = await bench.say(session, cluster[name].url, f"{template}-{name}", turn)
                if not sample.ok:
                    print(f"  warm-up on {name}: {turn.text!r}: {sample.error} {sample.detail}", flush=True)
    template_key = f"rest:{template}-A"

    begin = time.monotonic()

    def now() -> float:
        return time.monotonic() - begin

    deadline = seconds
    started = {"replica A": 0.0, "replica B": 0.0, "action server": 0.0, "PostgreSQL": 0.0, "Redis": 0.0,
               "nginx": 0.0}
    cpu = CpuMeter()
    stats.cpu = [{"bot": 0.0, "generator": 0.0, "machine": 0.0} for _ in range(windows)]
    stats.memory["start"] = memory(process_roots(cluster, nginx, services), started, 0.0)
    done = asyncio.Event()

    async def user(u: int, session: aiohttp.ClientSession) -> None:
        c = 0
        while now() < deadline:
            sender = f"soak-{run_id}-u{u:02d}-c{c}"
            for turn in bench.our_conversation(u + c):
                if now() >= deadline:
                    break
                stats.turns_sent += 1
                answered = False
                for attempt in (1, 2):
                    t0 = now()
                    sample = await bench.say(session, nginx.url, sender, turn)
                    outcome, answered = classify(sample, t0, now(), stats.kills)
                    stats.requests.append(Request(t0, sample.ms, outcome, answered))
                    if outcome != "ok":
                        stats.errors[outcome + (" (retry)" if attempt == 2 else "")] += 1
                    if outcome == "unexpected reply" and len(stats.unexpected) < 5:
                        stats.unexpected.append(sample.detail)
                    if answered or outcome != "replica killed" or attempt == 2:
                        break
                    stats.retries += 1  # the turn was cut off: the user sends it again, once
                if not answered:
                    break  # the user gives up on this conversation and starts a new one
                stats.answered[sender] += 1
            c += 1

    async def sampler() -> None:
        """Memory every 15 s (peaks), CPU per window."""
        while not done.is_set():
            roots = process_roots(cluster, nginx, services)
            sampled = await loop.run_in_executor(None, memory, roots, started, now())  # the users keep going
            for name, sample in sampled.items():
                stats.peak_rss[name] = max(stats.peak_rss.get(name, 0.0), sample["rss"])
            index = min(int(now() // window), windows - 1)
            for part, value in (await loop.run_in_executor(None, cpu.tick, roots)).items():
                stats.cpu[index][part] += value
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(done.wait(), 15)

    async def killer() -> None:
        names = ("A", "B")
        k = 1
        while k * window < seconds:
            await asyncio.sleep(max(0.0, k * window - now()))
            if k == 1:
                roots = process_roots(cluster, nginx, services)
                stats.memory["first"] = await loop.run_in_executor(None, memory, roots, started, now())
            await asyncio.sleep(1.0)  # turns in flight on both replicas again, whatever blocked the loop
            name = names[(k - 1) % 2]
            record = {"at": now(), "replica": name, "restart_s": None, "error": ""}
            stats.kills.append(record)  # before the kill: requests cut off by it see it
            cluster.kill(name)
            print(f"[{now() / 60:5.1f} min] kill -9 replica {name}; restarting it ...", flush=True)
            try:
                await loop.run_in_executor(None, cluster.start_replica, name)
                record["restart_s"] = now() - record["at"]
                started[f"replica {name}"] = now()
                print(f"[{now() / 60:5.1f} min] replica {name} back after {record['restart_s']:.0f} s", flush=True)
            except Exception as error:  # noqa: BLE001 - report it, the run goes on with one replica
                record["error"] = (str(error).splitlines() or [type(error).__name__])[0][:200]
                kill_orphan(cluster.ports[name])
                print(f"[{now() / 60:5.1f} min] replica {name} did not come back: {record['error']}", flush=True)
            k += 1

    async def purger() -> None:
        env = {**os.environ, **services.env(), "LOTSE_RETENTION_DAYS": str(RETENTION_DAYS)}
        p = 1
        while p * args.purge_every < seconds:
            await asyncio.sleep(max(0.0, p * args.purge_every - now()))
            inserted = 0
            if args.old_conversations:
                sql = (f"INSERT INTO events (sender_id, type_name, timestamp, intent_name, action_name, data) "
                       f"SELECT 'rest:soakold-{run_id}-{p}-' || n, type_name, "
                       f"timestamp - {OLD_AGE_DAYS * 86400}, intent_name, action_name, data "
                       f"FROM events, generate_series(1, {args.old_conversations}) AS n "
                       f"WHERE sender_id = '{template_key}'; "
                       f"SELECT count(DISTINCT sender_id) FROM events WHERE sender_id LIKE 'rest:soakold-%'")
                out = await loop.run_in_executor(None, prod_services.psql, services, sql)
                inserted = int(out.splitlines()[-1])
            t0 = now()
            process = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "rasa_ext.stores.retention", "--endpoints", str(ENDPOINTS), cwd=REPO, env=env,
                stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT)
            output = (await process.communicate())[0].decode("utf-8", "replace").strip()
            match = re.search(r"deleted (\d+) conversations, (\d+) events", output)
            stats.purges.append({"at": t0, "seconds": now() - t0, "rc": process.returncode, "aged": inserted,
                                 "deleted": int(match[1]) if match else None,
                                 "events": int(match[2]) if match else None, "output": output})
            if process.returncode != 0 or not match or int(match[1]) != inserted:
                print(f"[{t0 / 60:5.1f} min] purge: {inserted} aged conversations; {output}", flush=True)
            p += 1

    async def progress() -> None:
        while not done.is_set():
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(done.wait(), 60)
            recent = [r for r in stats.requests if r.start >= now() - 60]
            ok = [r.ms for r in recent if r.answered]
            print(f"[{now() / 60:5.1f} min] last minute: {len(ok)} answered ({len(ok) / 60:.1f}/s), "
                  f"p95 {bench.percentile(ok, 95):.0f} ms, errors so far {sum(stats.errors.values())}, "
                  f"purges {len(stats.purges)}, kills {len(stats.kills)}; load {bench.loadavg()}", flush=True)

    connector = aiohttp.TCPConnector(limit=args.users + 5)
    async with aiohttp.ClientSession(connector=connector, headers=headers, timeout=timeout) as session:
        helpers = [asyncio.create_task(task()) for task in (sampler, killer, purger, progress)]
        await asyncio.gather(*(user(u, session) for u in range(args.users)))
        stats.memory["end"] = memory(process_roots(cluster, nginx, services), started, now())
        done.set()
        for task in helpers[2:3]:  # a purge in progress finishes; kills and samplers stop
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(task, 60)
        for task in helpers:
            task.cancel()
        await asyncio.gather(*helpers, return_exceptions=True)
    stats.elapsed = now()
    return stats


def stored_turns(services: prod_services.Services, run_id: str) -> tuple[dict[str, int], int]:
    """User events per soak sender (key without "rest:"), and conversations not ending in action_listen."""
    prefix = f"rest:soak-{run_id}-u"
    rows = prod_services.psql(services, f"SELECT sender_id, count(*) FROM events WHERE type_name = 'user' "
                                        f"AND sender_id LIKE '{prefix}%' GROUP BY sender_id")
    counts = {}
    for line in rows.splitlines():
        key, count = line.rsplit("|", 1)
        counts[key.removeprefix("rest:")] = int(count)
    half = prod_services.psql(services, (
        "SELECT count(*) FROM (SELECT DISTINCT ON (sender_id) type_name, action_name FROM events "
        f"WHERE sender_id LIKE '{prefix}%' ORDER BY sender_id, id DESC) last "
        "WHERE NOT (type_name = 'action' AND action_name = 'action_listen')"))
    return counts, int(half or 0)


# --- the table -------------------------------------------------------------------------

def render(args: argparse.Namespace, meta: dict, stats: Stats, stored: dict[str, int], half: int) -> str:
    fmt = bench.fmt
    window = args.kill_every * 60
    windows = len(stats.cpu)
    answered_total = sum(stats.answered.values())
    stored_total = sum(stored.values())
    lost = sum(max(0, n - stored.get(s, 0)) for s, n in stats.answered.items())
    extra = sum(max(0, n - stats.answered.get(s, 0)) for s, n in stored.items())
    rate_per_s = collections.Counter(int(r.start) for r in stats.requests)
    peak_rate = max(rate_per_s.values(), default=0)
    mean_rate = len(stats.requests) / stats.elapsed if stats.elapsed else 0.0
    deploy_rate, deploy_burst = meta["deploy_limit"]
    lines = [
        "# Soak run: the production shape under steady load",
        "",
        f"- Run: {meta['started']} – {meta['ended']}, {meta['host']}, {os.cpu_count()} cores; load average "
        f"(1/5/15 min) at start {meta['load_start']}, at end {meta['load_end']}; {meta['git']}.",
        f"- Shape: nginx (deploy/nginx.conf on 127.0.0.1) → 2 Rasa replicas (endpoints.prod.yml, 1 process each, "
        f"TF threads 1) → action server; PostgreSQL {meta['pg_version']} and Redis {meta['redis_version']} "
        f"(scripts/prod_services.py); TICKET_LOCK_LIFETIME={LOCK_LIFETIME} s; REST with a bearer token "
        f"(LOTSE_REST_TOKEN) as in production.",
        f"- Load: {args.users} users for {args.minutes:g} min through nginx's REST webhook, each one message after "
        f"another, along scripts/bench.py's 8-turn conversation (greeting, service question, KI by town, "
        f"5-turn eligibility check), a new sender id per conversation; request timeout {args.timeout:g} s.",
        f"- Limits: the replicas run with **LOTSE_LIMIT_ADDRESS=0,0** (every user arrives as nginx's "
        f"127.0.0.1, so the per-address bucket would count all {args.users} as one client); "
        f"the per-sender bucket stays on. "
        + (f"nginx's limit_req per address is **raised to {meta['limit'][0]} r/s, burst {meta['limit'][1]}** "
           f"(deploy/nginx.conf: {deploy_rate} r/s, burst {deploy_burst}): all users share one address. "
           if meta["limit"] else f"nginx's limit_req as deployed ({deploy_rate} r/s, burst {deploy_burst}). ")
        + f"Rate reached: {mean_rate:.1f} requests/s on average, {peak_rate} in the busiest second.",
        f"- Faults and jobs: kill -9 of one replica every {args.kill_every:g} min (A, B, A, …), restarted at once; "
        f"the retention purge every {args.purge_every:g} s (LOTSE_RETENTION_DAYS={RETENTION_DAYS}) after "
        f"inserting {args.old_conversations} conversations aged {OLD_AGE_DAYS} days.",
        "",
        "| Measure | Value |",
        "|---|---:|",
        f"| Turns sent | {stats.turns_sent} |",
        f"| Turns answered (HTTP 200) | {answered_total} |",
        f"| Turns stored (user events in PostgreSQL) | {stored_total} |",
        f"| **Turns lost** (answered, not stored) | **{lost}** |",
        f"| Stored without an answer (cut off after saving, timeouts) | {extra} |",
        f"| Conversations ending in a half turn | {half} |",
        f"| Requests (with {stats.retries} retries of cut-off turns) | {len(stats.requests)} |",
        f"| Errors | {sum(stats.errors.values())}"
        + (": " + ", ".join(f"{kind} ×{n}" for kind, n in sorted(stats.errors.items())) if stats.errors else "")
        + " |",
    ]
    for kill in stats.kills:
        back = (f"back after {kill['restart_s']:.0f} s" if kill["restart_s"] is not None
                else f"**did not come back**: {kill['error']}")
        lines.append(f"| kill -9 replica {kill['replica']} at {kill['at'] / 60:.1f} min | {back} |")
    if stats.purges:
        ok = [p for p in stats.purges if p["rc"] == 0 and p["deleted"] == p["aged"]]
        durations = [p["seconds"] for p in stats.purges]
        lines.append(f"| Purges: exactly the aged conversations deleted | {len(ok)} of {len(stats.purges)} "
                     f"({sum(p['deleted'] or 0 for p in stats.purges)} conversations, "
                     f"{sum(p['events'] or 0 for p in stats.purges)} events; "
                     f"{min(durations):.1f}–{max(durations):.1f} s each) |")
    lines += ["", "| Window | Turns answered | msg/s | p50 | **p95** | max | Errors | "
                  "Cores busy: soak servers / load generator / others |", "|---|---:|---:|---:|---:|---:|---:|---|"]
    for index in range(windows):
        low, high = index * window, min((index + 1) * window, stats.elapsed)
        inside = [r for r in stats.requests if low <= r.start < high or (index == windows - 1 and r.start >= low)]
        ms = [r.ms for r in inside if r.answered]
        errors = sum(1 for r in inside if r.outcome != "ok")
        cpu = stats.cpu[index]
        span = max(high - low, 1e-9)
        cores = (f"{cpu['bot'] / span:.2f} / {cpu['generator'] / span:.2f} / "
                 f"{max(cpu['machine'] - cpu['bot'] - cpu['generator'], 0.0) / span:.2f}")
        lines.append(f"| {low / 60:g}–{high / 60:.0f} min | {len(ms)} | {len(ms) / span:.1f} | "
                     f"{fmt(bench.percentile(ms, 50))} ms | **{fmt(bench.percentile(ms, 95))} ms** | "
                     f"{fmt(max(ms, default=float('nan')))} ms | {errors} | {cores} |")
    first_label = f"after {args.kill_every:g} min"
    lines += ["", f"| Process (its process tree) | RSS start | RSS {first_label} | RSS end "
                  f"| own memory {first_label} → end | **growth of own memory** (target < {GROWTH_TARGET:.0f} %) "
                  f"| largest growth of one process | "
                  f"shared memory {first_label} → end | peak RSS |", "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    growths = {}
    for name in PROCESSES:
        cells = []
        for label in ("start", "first", "end"):
            sample = stats.memory.get(label, {}).get(name)
            if not sample or not sample["procs"]:
                cells.append("–")
                continue
            age = f", up {sample['age'] / 60:.1f} min" if name.startswith("replica") and label != "start" else ""
            procs = f", {sample['procs']} proc." if sample["procs"] > 1 else ""
            cells.append(f"{sample['rss']:.0f} MB{procs}{age}")
        first = stats.memory.get("first", {}).get(name)
        end = stats.memory.get("end", {}).get(name)
        if first and end and first["own"] and end["procs"]:
            growths[name] = (end["own"] - first["own"]) / first["own"] * 100
            growth = f"{growths[name]:+.1f} %" + ("" if growths[name] < GROWTH_TARGET else " **over**")
            own = f"{first['own']:.0f} → {end['own']:.0f} MB"
            shared = f"{first['shmem']:.0f} → {end['shmem']:.0f} MB"
            largest = largest_process_growth(first, end)
            one = f"{largest[0]:+.1f} % ({largest[1]} proc.)" if largest else "– (restarted)"
        else:
            growth = own = shared = one = "–"
        lines.append(f"| {name} | {' | '.join(cells)} | {own} | {growth} | {one} | {shared} | "
                     f"{stats.peak_rss.get(name, 0.0):.0f} MB |")
    pss = [f"{name} {stats.memory['first'][name]['pss']:.0f} → {stats.memory['end'][name]['pss']:.0f} MB"
           for name in PROCESSES if "first" in stats.memory and stats.memory["first"][name]["procs"] > 1
           and stats.memory["end"][name]["procs"]]
    lines += ["", "Own memory: the anonymous memory (heap) of the process tree, pages shared after fork counted "
              "once (Pss_Anon), which is what a leak grows. RSS also counts shared memory once per process "
              "that touched it: PostgreSQL's buffer cache (shared_buffers, a segment of fixed size) fills as "
              "the backends read the growing tables, so the sum of their RSS grows although no process does "
              "(the shared-memory column, counted once)."]
    if pss:
        lines.append(f"PSS (shared pages counted once), {first_label} → end: {'; '.join(pss)}.")
    lines.append("A replica's figures belong to the process running at that moment: a killed replica is a "
                 "new process after its restart (its uptime is shown).")
    if stats.unexpected:
        lines += ["", "Unexpected replies (first 5):"] + [f"- {detail}" for detail in stats.unexpected]
    verdict = (f"**{lost} turns lost**" if lost else "0 turns lost") + "; memory growth " + (
        ", ".join(f"{name} {value:+.1f} %" for name, value in growths.items()) or "not measured")
    lines += ["", f"Result: {verdict}.", "", f"Command: `{meta['command']}`", ""]
    return "\n".join(lines)


# --- main ------------------------------------------------------------------------------

def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minutes", type=float, default=20.0, help="length of the run (20)")
    parser.add_argument("--users", type=int, default=20, help="concurrent users (20)")
    parser.add_argument("--kill-every", type=float, default=5.0,
                        help="minutes between kill -9 of a replica; also the length of a reported window (5)")
    parser.add_argument("--purge-every", type=float, default=60.0, help="seconds between retention purges (60)")
    parser.add_argument("--old-conversations", type=int, default=20,
                        help="aged conversations inserted before each purge, for it to delete (20)")
    parser.add_argument("--nginx-limit", default="400,800", metavar="RATE,BURST",
                        help="nginx limit_req per address for the soak (400,800: all users share 127.0.0.1); "
                             "'deploy' keeps deploy/nginx.conf's 30 r/s, burst 60")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds a user waits for a reply (60)")
    parser.add_argument("--out", type=Path, default=REPO / "results" / "soak.md")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (server logs)")
    args = parser.parse_args(argv)
    if args.nginx_limit == "deploy":
        args.limit = None
    else:
        rate, burst = (int(x) for x in args.nginx_limit.split(","))
        args.limit = (rate, burst)
    return args


def versions(services: prod_services.Services) -> dict[str, str]:
    pg = prod_services.psql(services, "SHOW server_version", database="postgres").split()[0]
    redis = subprocess.run(["redis-server", "--version"], capture_output=True, text=True).stdout
    found = re.search(r"v=(\S+)", redis)
    return {"pg_version": pg, "redis_version": found[1] if found else "?"}


def interrupted(*_args) -> None:
    raise KeyboardInterrupt


def kill_orphan(port: int) -> None:
    """A replica that did not become ready in time is still running: start_rasa leaves it."""
    for pid in bench.children(os.getpid()):
        with contextlib.suppress(OSError):
            if str(port).encode() in Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0"):
                os.kill(pid, signal.SIGKILL)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if not MODEL.exists():
        print(f"{MODEL} missing: run `make train`", file=sys.stderr)
        return 2
    run_id = uuid.uuid4().hex[:6]
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True)
    dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=REPO,
                           capture_output=True, text=True).stdout.strip()
    meta = {"started": time.strftime("%Y-%m-%d %H:%M:%S"), "load_start": bench.loadavg(), "host": platform.node(),
            "git": f"commit {head.stdout.strip() or '?'}" + (" + uncommitted changes" if dirty else ""),
            "command": " ".join([Path(sys.executable).name, *sys.argv]), "limit": args.limit,
            "deploy_limit": prod_services.nginx_limit()}
    root = Path(tempfile.mkdtemp(prefix="lotse-soak-"))
    root.chmod(0o755)  # the postgres user must reach its data folder below
    services = cluster = nginx = None
    signal.signal(signal.SIGTERM, interrupted)  # `kill` of the soak stops its servers too
    try:
        prod_services.ensure_installed(nginx=True)
        services = prod_services.start_all(root / "services")
        meta.update(versions(services))
        workdir = root / "servers"
        workdir.mkdir()
        cluster = SoakCluster(workdir, services)
        cluster.rest_token = secrets.token_urlsafe(24)
        t0 = time.monotonic()
        cluster.start()
        nginx = Nginx(workdir, [cluster.ports["A"], cluster.ports["B"]], limit=args.limit)
        print(f"Soak: {args.users} users for {args.minutes:g} min through nginx {nginx.url} → replicas "
              f"A :{cluster.ports['A']}, B :{cluster.ports['B']} (up in {time.monotonic() - t0:.0f} s), "
              f"action server :{cluster.actions_port}, PostgreSQL :{services.pg_port}, Redis :{services.redis_port}",
              flush=True)
        print("  replicas: LOTSE_LIMIT_ADDRESS=0,0 (all users come from 127.0.0.1 via nginx); "
              "nginx limit_req per address: "
              + (f"{args.limit[0]} r/s burst {args.limit[1]} (raised from deploy's {meta['deploy_limit'][0]} r/s "
                 f"burst {meta['deploy_limit'][1]})" if args.limit else
                 f"{meta['deploy_limit'][0]} r/s burst {meta['deploy_limit'][1]} (as deployed)"), flush=True)
        print(f"  kill -9 of a replica every {args.kill_every:g} min; retention purge every {args.purge_every:g} s "
              f"(LOTSE_RETENTION_DAYS={RETENTION_DAYS}, {args.old_conversations} aged conversations each); "
              f"load average {bench.loadavg()}", flush=True)
        try:
            import uvloop

            uvloop.install()
        except ImportError:
            pass
        stats = asyncio.run(soak(args, cluster, nginx, services, run_id))
        stored, half = stored_turns(services, run_id)
    finally:
        if nginx is not None:
            nginx.stop()
        if cluster is not None:
            cluster.stop()
        if services is not None:
            prod_services.stop_all(services)
        if args.keep:
            print(f"logs kept in {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)
    meta["ended"] = time.strftime("%H:%M:%S")
    meta["load_end"] = bench.loadavg()
    table = render(args, meta, stats, stored, half)
    print()
    print(table)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(table, encoding="utf-8")
    print(f"written to {args.out}")
    lost = sum(max(0, n - stored.get(s, 0)) for s, n in stats.answered.items())
    return 1 if lost else 0


if __name__ == "__main__":
    sys.exit(main())
