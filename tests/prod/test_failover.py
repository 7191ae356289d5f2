"""kill -9 of a replica in the middle of a conversation loses no acknowledged turn.

The evidence is the event count in PostgreSQL: every turn the bot answered is stored,
a turn that was cut off stores nothing, and the conversation goes on on the other replica.
"""
from __future__ import annotations

import threading
import time
import uuid

import pytest

from tests.prod.cluster import LOCK_LIFETIME, assert_whole_turns, replies, user_turns

pytestmark = pytest.mark.prod

CHECK = [("Habe ich Anspruch auf Bleiberecht nach 25a?", "Wie alt sind Sie?"),
         ("Ich bin 19 und habe eine Duldung", "Seit wie vielen Monaten haben Sie die Duldung?"),
         ("seit 2 Jahren", "Seit wann leben Sie in Deutschland?"),
         ("seit 2020 in Deutschland", "zur Schule gegangen"),
         ("ja", "voraussichtlich ja")]


def say(cluster, replica: str, sender: str, turn: int) -> None:
    text, expected = CHECK[turn]
    status, messages = cluster.post(replica, sender, text)
    assert status == 200 and expected in replies(messages), (replica, text, messages)


def test_kill_between_turns_loses_nothing(cluster):
    sender = uuid.uuid4().hex
    say(cluster, "A", sender, 0)
    say(cluster, "A", sender, 1)
    before = cluster.events(sender)
    cluster.kill("A")
    after_kill = cluster.events(sender)
    print(f"\nbefore kill -9 of A: {len(before)} events / {user_turns(before)} turns; after: {len(after_kill)}")
    assert after_kill == before
    for turn in range(2, len(CHECK)):  # B carries on where A stopped, mid-check
        say(cluster, "B", sender, turn)
    stored = cluster.events(sender)
    print(f"after the check on B: {len(stored)} events / {user_turns(stored)} turns")
    assert user_turns(stored) == len(CHECK)
    assert_whole_turns(stored)


def test_kill_with_a_turn_in_flight_stores_no_half_turn(cluster):
    """B dies while its action runs; the client gets no answer and sends the turn again to A."""
    sender = uuid.uuid4().hex
    say(cluster, "B", sender, 0)
    acknowledged = cluster.events(sender)
    cluster.proxy.hold()  # B's next action call parks in the proxy
    outcome: dict = {}

    def in_flight() -> None:
        try:
            outcome["answer"] = cluster.post("B", sender, CHECK[1][0])
        except OSError as error:  # connection reset: the turn was never acknowledged
            outcome["error"] = error

    client = threading.Thread(target=in_flight)
    client.start()
    assert cluster.proxy.arrived.wait(timeout=60), "B never called its action"
    cluster.kill("B")
    cluster.proxy.release()
    client.join(timeout=60)
    print(f"\nclient of the killed turn: {outcome}")
    assert "answer" not in outcome
    assert cluster.events(sender) == acknowledged  # the cut-off turn left nothing behind

    started = time.monotonic()
    say(cluster, "A", sender, 1)  # the client repeats the unanswered turn on A
    waited = time.monotonic() - started
    print(f"A answered the repeated turn after {waited:.1f} s (B's stale Redis ticket lives {LOCK_LIFETIME} s)")
    assert waited < LOCK_LIFETIME + 10
    for turn in range(2, len(CHECK)):
        say(cluster, "A", sender, turn)
    stored = cluster.events(sender)
    print(f"stored: {len(stored)} events / {user_turns(stored)} turns = the {len(CHECK)} acknowledged turns")
    assert user_turns(stored) == len(CHECK)
    assert_whole_turns(stored)


def test_no_answer_in_any_server_log(cluster):
    """After every test above (faults included): no user answer and no SQL parameters were logged."""
    logs = {path.name: path.read_text(errors="replace") for path in cluster.workdir.glob("*.log")}
    assert any(name.startswith("rasa_") for name in logs) and any(name.startswith("actions_") for name in logs)
    for name, text in logs.items():
        for secret in ("19 und habe eine Duldung", "seit 2020 in Deutschland", "[parameters:",
                       cluster.services.pg_password, cluster.services.redis_password):
            assert secret not in text, (name, secret)
