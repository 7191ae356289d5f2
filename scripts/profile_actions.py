#!/usr/bin/env python3
"""CPU per message of the action server, in process, for the message mix of `make bench`.

Replays action calls that Rasa really sent for scripts/bench.py's conversation (greeting, service
question, KI lookup, five eligibility turns), recorded in tests/fixtures/profiling/bench_action_calls.json
(per bench turn: the calls Rasa made, without the domain; the domain is rebuilt from domain.yml as Rasa
sends it). Each call goes the action server's way: the JSON body decoded as Sanic does (ujson), rasa_sdk's
ActionExecutor.run, the reply encoded. Prints ms of CPU (time.process_time) per message kind, split into
decoding and running, then cProfile's top functions. Also the LanguagePolicy and language detection of the
Rasa server (in process, on the recorded trackers), with --policy.

    .venv/bin/python scripts/profile_actions.py [--repeat 30] [--top 25] [--policy] [--domain slim|full]

--domain: what each call carries: `slim` the domain without responses, as Rasa sends it with
rasa_ext/patches/action_domain.py (the default), `full` the whole domain (stock Rasa, LOTSE_RASA_PATCHES=0).
The column "Rasa: encode" is the Rasa server's json.dumps of the request body (aiohttp's json=).

To record the fixture again (after the dialogue changed): run `--record-server 5099` (an action server
that appends every request to /tmp/action_calls.jsonl), start `rasa run` with an endpoints file whose
action_endpoint is http://127.0.0.1:5099/webhook, send bench.our_conversation(0) and (1) over REST, and
group the calls by turn (see the fixture's layout: {"turns": [{"kind", "text", "calls": [...]}]}).
Privacy: the recording holds whole trackers, check answers included. Record only the bench's made-up
conversation, never a real one, and delete /tmp/action_calls.jsonl afterwards.
"""
from __future__ import annotations

import argparse
import asyncio
import cProfile
import io
import json
import os
import pstats
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.chdir(REPO)
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("PYTHONWARNINGS", "ignore")

FIXTURE = REPO / "tests" / "fixtures" / "profiling" / "bench_action_calls.json"
KINDS = ("greeting", "service", "ki", "eligibility")


def load_turns(domain_shape: str) -> list[dict]:
    """The recorded turns, each call as the request dict Rasa builds (the domain put back in)."""
    import warnings

    warnings.filterwarnings("ignore")
    from rasa.shared.core.domain import Domain

    from rasa_ext.patches.action_domain import without_responses

    domain = Domain.load(str(REPO / "domain.yml")).as_dict()
    sent = domain if domain_shape == "full" else without_responses(domain)
    turns = json.loads(FIXTURE.read_text())["turns"]
    for turn in turns:
        turn["requests"] = [{**call, "domain": sent} for call in turn["calls"]]
    return turns


def conversations(turns: list[dict]) -> list[list[dict]]:
    """The events of each recorded conversation: the longest tracker sent for it."""
    longest: dict[str, list[dict]] = {}
    for turn in turns:
        for call in turn["calls"]:
            events = call["tracker"]["events"]
            if len(events) > len(longest.get(call["sender_id"], [])):
                longest[call["sender_id"]] = events
    return list(longest.values())


def handle(executor, request: dict) -> tuple[float, float, float]:
    """CPU ms of one action call: (Rasa encodes the request, the action server decodes it, runs the action
    and encodes the reply)."""
    import ujson

    start = time.process_time()
    body = json.dumps(request)
    encoded = time.process_time()
    call = ujson.loads(body)
    decoded = time.process_time()
    result = LOOP.run_until_complete(executor.run(call))  # in a task of its own, as in the server
    ujson.dumps(result)
    return (encoded - start) * 1000, (decoded - encoded) * 1000, (time.process_time() - decoded) * 1000


def action_table(turns: list[dict], repeat: int) -> None:
    from rasa_sdk.executor import ActionExecutor

    executor = ActionExecutor()
    executor.register_package("actions")
    for turn in turns:  # warm-up: indexes, catalogues, fastText
        for request in turn["requests"]:
            handle(executor, request)
    encode: dict[str, float] = defaultdict(float)
    decode: dict[str, float] = defaultdict(float)
    run: dict[str, float] = defaultdict(float)
    messages: dict[str, int] = defaultdict(int)
    by_action: dict[str, list[float]] = defaultdict(list)
    # The median of each call over the repetitions: other processes on the machine make some runs slow.
    times = [[[handle(executor, request) for request in turn["requests"]] for turn in turns] for _ in range(repeat)]
    for position, turn in enumerate(turns):
        messages[turn["kind"]] += 1
        for call, request in enumerate(turn["requests"]):
            e, d, r = (statistics.median(rep[position][call][part] for rep in times) for part in range(3))
            encode[turn["kind"]] += e
            decode[turn["kind"]] += d
            run[turn["kind"]] += r
            by_action[request["next_action"]].append(d + r)
    print(f"\nCPU ms per message (median of {repeat} runs of {len(turns)} recorded turns, domain: {DOMAIN_SHAPE})\n")
    print("| Message kind | Rasa: encode request | actions: decode request | actions: run + reply | "
          "action server total |\n|---|---:|---:|---:|---:|")
    for kind in [*KINDS, "all"]:
        chosen = KINDS if kind == "all" else (kind,)
        n = sum(messages[k] for k in chosen) or 1
        e, d, r = (sum(part[k] for k in chosen) / n for part in (encode, decode, run))
        label = "all messages (bench mix)" if kind == "all" else kind
        print(f"| {label} | {e:.2f} | {d:.2f} | {r:.2f} | {d + r:.2f} |")
    print("\n| Action | calls | action server CPU ms per call |\n|---|---:|---:|")
    for name, times in sorted(by_action.items()):
        print(f"| {name} | {len(times)} | {sum(times) / len(times):.2f} |")

    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(max(1, repeat // 3)):
        for turn in turns:
            for request in turn["requests"]:
                handle(executor, request)
    profiler.disable()
    stream = io.StringIO()
    pstats.Stats(profiler, stream=stream).sort_stats("cumulative").print_stats(TOP)
    print("\ncProfile, cumulative:\n" + "\n".join(stream.getvalue().splitlines()[:TOP + 12]))
    stream = io.StringIO()
    pstats.Stats(profiler, stream=stream).sort_stats("tottime").print_stats(TOP)
    print("\ncProfile, own time:\n" + "\n".join(stream.getvalue().splitlines()[:TOP + 12]))


class _Context:
    """The part of Rasa's ExecutionContext a policy reads when it is created."""
    is_finetuning = False
    node_name = "language_policy"


def policy_table(turns: list[dict], repeat: int) -> None:
    """The LanguagePolicy as the Rasa server runs it: at least twice per message, after the user message
    and after the bot's answer, here on prefixes of the recorded conversations' trackers."""
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.trackers import DialogueStateTracker

    from rasa_ext.components import language_detection
    from rasa_ext.components.language_policy import LanguagePolicy

    domain = Domain.load(str(REPO / "domain.yml"))
    policy = LanguagePolicy.create({"priority": 0}, None, None, _Context())
    pairs = []  # per message: the trackers of its two predictions
    for events in conversations(turns):
        users = [i for i, event in enumerate(events) if event["event"] == "user"]
        for number, user in enumerate(users):
            answered = users[number + 1] - 1 if number + 1 < len(users) else len(events)
            pairs.append([DialogueStateTracker.from_dict("profile", events[:end], domain.slots)
                          for end in (user + 1, answered)])  # after the user message, after the bot's answer
    trackers = [tracker for pair in pairs for tracker in pair]
    policy.predict_action_probabilities(trackers[0], domain)  # loads fastText

    def forget() -> None:
        """A new message: nothing cached about its text (as in the server, where texts differ)."""
        from rasa_ext.components import language_policy

        for function in (language_detection.own_words, getattr(language_policy, "_conversation_language", None)):
            getattr(function, "cache_clear", lambda: None)()

    passes = []
    for _ in range(repeat):
        start = time.process_time()
        for pair in pairs:
            forget()
            for tracker in pair:
                policy.predict_action_probabilities(tracker, domain)
        passes.append((time.process_time() - start) * 1000 / len(pairs))
    per = statistics.median(passes)
    texts = [turn["text"] for turn in turns]
    passes = []
    for _ in range(repeat):
        start = time.process_time()
        for _ in range(10):
            for text in texts:
                forget()
                language_detection.conversation_language("de", text)
        passes.append((time.process_time() - start) * 1000 / (10 * len(texts)))
    detect = statistics.median(passes)
    events = sum(len(t.events) for t in trackers) / len(trackers)
    print(f"\nLanguagePolicy, two predictions per message (after the message, after the answer): {per:.3f} ms CPU "
          f"per message, median of {repeat} passes over {len(pairs)} messages ({events:.0f} events on average)")
    print(f"conversation_language(previous, text), uncached: {detect:.3f} ms CPU per message")
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(repeat):
        for pair in pairs:
            forget()
            for tracker in pair:
                policy.predict_action_probabilities(tracker, domain)
    profiler.disable()
    stream = io.StringIO()
    pstats.Stats(profiler, stream=stream).sort_stats("tottime").print_stats(15)
    print("\ncProfile of the policy, own time:\n" + "\n".join(stream.getvalue().splitlines()[:27]))


def record_server(port: int) -> None:
    """An action server that appends every request body to /tmp/action_calls.jsonl."""
    from rasa_sdk import executor
    from rasa_sdk.endpoint import run as serve

    original = executor.ActionExecutor.run
    out = open("/tmp/action_calls.jsonl", "a", encoding="utf-8")  # noqa: SIM115 (open while serving)

    async def recording(self, action_call):
        out.write(json.dumps(action_call, ensure_ascii=False) + "\n")
        out.flush()
        return await original(self, action_call)

    executor.ActionExecutor.run = recording
    serve("actions", port)


LOOP = asyncio.new_event_loop()  # one loop, as the server has (asyncio.run per call would add ~0.2 ms)
TOP = 25
DOMAIN_SHAPE = "slim"

if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--policy", action="store_true", help="also the LanguagePolicy and language detection")
    parser.add_argument("--domain", choices=("slim", "full"), default="slim",
                        help="the domain without responses (patched Rasa, default) or whole (stock Rasa)")
    parser.add_argument("--record-server", type=int, metavar="PORT")
    args = parser.parse_args()
    TOP, DOMAIN_SHAPE = args.top, args.domain
    if args.record_server:
        record_server(args.record_server)
        sys.exit(0)
    recorded = load_turns(args.domain)
    action_table(recorded, args.repeat)
    if args.policy:
        policy_table(recorded, args.repeat)
