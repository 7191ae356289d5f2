"""Faults: the action server, Redis or PostgreSQL stops in the middle of a conversation.

What the user sees (a polite "gerade nicht verfügbar"), what the operator sees (one clear
log line naming the failed part), and that the stored conversation stays intact and
continues once the part is back.
"""
from __future__ import annotations

import time
import uuid

import pytest

from scripts import prod_services
from tests.prod.cluster import assert_whole_turns, replies, user_turns
from tests.support.servers import get

pytestmark = pytest.mark.prod

UNAVAILABLE = "gerade nicht verfügbar"
START = ("Habe ich Anspruch auf Bleiberecht nach 25a?", "Wie alt sind Sie?")
ANSWER = ("Ich bin 19 und habe eine Duldung", "Seit wie vielen Monaten haben Sie die Duldung?")
REST = [("seit 2 Jahren", "Seit wann leben Sie in Deutschland?"),
        ("seit 2020 in Deutschland", "zur Schule gegangen"), ("ja", "voraussichtlich ja")]


def say_ok(cluster, replica: str, sender: str, text: str, expected: str) -> None:
    status, messages = cluster.post(replica, sender, text)
    assert status == 200 and expected in replies(messages), (replica, text, status, messages)


def finish_check(cluster, replica: str, sender: str) -> None:
    for text, expected in REST:
        say_ok(cluster, replica, sender, text, expected)
    stored = cluster.events(sender)
    assert_whole_turns(stored)


def new_log_lines(cluster, replica: str, since: int) -> str:
    return cluster.log(replica)[since:]


def test_action_server_down_gives_a_polite_message_and_recovers(cluster):
    sender = uuid.uuid4().hex
    say_ok(cluster, "A", sender, *START)
    cluster.stop_actions()
    started = time.monotonic()
    status, messages = cluster.post("A", sender, ANSWER[0])
    print(f"\naction server down: HTTP {status} after {time.monotonic() - started:.2f} s: {replies(messages)!r}")
    assert status == 200 and UNAVAILABLE in replies(messages)
    assert cluster.alive("A") and get(f"{cluster['A'].url}/")[0] == 200
    assert "Couldn't connect to the server" in cluster.log("A")

    cluster.start_actions()
    say_ok(cluster, "B", sender, *ANSWER)  # the answer is repeated; the check goes on where it was
    finish_check(cluster, "A", sender)
    print(f"after restart: {user_turns(cluster.events(sender))} turns stored, check finished")


def test_redis_down_refuses_the_turn_cleanly_and_recovers(cluster, services):
    sender = uuid.uuid4().hex
    say_ok(cluster, "A", sender, *START)
    before = cluster.events(sender)
    log_start = len(cluster.log("B"))
    prod_services.stop_redis(services)
    status, body = cluster.post("B", sender, ANSWER[0])
    log = new_log_lines(cluster, "B", log_start)
    print(f"\nRedis down: HTTP {status} {body}\nlog: {[line for line in log.splitlines() if 'ERROR' in line]}")
    assert status == 503 and UNAVAILABLE in body["message"]
    # ConnectionError, or ConnectionRefusedError when the retry on a fresh connection is refused
    assert ("Conversation lock unavailable, message refused: lock store RecoveringRedisLockStore "
            f"(redis 127.0.0.1:{services.redis_port}): Connection") in log
    assert cluster.alive("B") and cluster.events(sender) == before

    prod_services.start_redis(services)
    say_ok(cluster, "B", sender, *ANSWER)
    finish_check(cluster, "A", sender)


def test_postgres_down_refuses_the_turn_cleanly_and_recovers(cluster, services):
    sender = uuid.uuid4().hex
    say_ok(cluster, "A", sender, *START)
    say_ok(cluster, "A", sender, *ANSWER)
    before = cluster.events(sender)
    log_start = len(cluster.log("A"))
    prod_services.stop_postgres(services)
    status, body = cluster.post("A", sender, REST[0][0])
    log = new_log_lines(cluster, "A", log_start)
    print(f"\nPostgreSQL down: HTTP {status} {body}\nlog: {[line for line in log.splitlines() if 'ERROR' in line]}")
    assert status == 503 and UNAVAILABLE in body["message"]
    assert ("Conversation store unavailable, message refused: tracker store RedactingSQLTrackerStore "
            f"(postgresql 127.0.0.1:{services.pg_port}): ConnectionRefusedError") in log
    assert "InMemoryTrackerStore" not in log  # Rasa's silent fallback did not happen
    assert cluster.alive("A")

    prod_services.start_postgres(services)
    assert cluster.events(sender) == before  # nothing lost, nothing half-written
    finish_check(cluster, "A", sender)  # the first turn after the restart already works
    stored = cluster.events(sender)
    print(f"after restart: {len(before)} events kept, {len(stored)} now, {user_turns(stored)} turns")
    assert user_turns(stored) == 2 + len(REST)
