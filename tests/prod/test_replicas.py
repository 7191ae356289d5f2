"""Two Rasa replicas share PostgreSQL and Redis: one conversation can hop between them."""
from __future__ import annotations

import threading
import time
import uuid

import pytest

from tests.prod.cluster import assert_whole_turns, replies, user_turns

pytestmark = pytest.mark.prod

# (replica, user says, the bot's next words) — a 25a check, half filled on each replica.
HOPPING_CHECK = [
    ("A", "Habe ich Anspruch auf Bleiberecht nach 25a?", "Wie alt sind Sie?"),
    ("B", "Ich bin 19 und habe eine Duldung", "Seit wie vielen Monaten haben Sie die Duldung?"),
    ("A", "seit 2 Jahren", "Seit wann leben Sie in Deutschland?"),
    ("B", "seit 2020 in Deutschland", "zur Schule gegangen"),
    ("A", "ja", "Ergebnis Bleiberecht für gut integrierte junge Menschen (§ 25a): voraussichtlich ja"),
]


def test_conversation_alternates_between_replicas(cluster):
    sender = uuid.uuid4().hex
    for replica, text, expected in HOPPING_CHECK:
        started = time.monotonic()
        status, messages = cluster.post(replica, sender, text)
        print(f"{replica}: {text!r} -> {time.monotonic() - started:.2f} s")
        assert status == 200 and expected in replies(messages), (replica, text, messages)
    stored = cluster.events(sender)
    print(f"PostgreSQL holds {len(stored)} events, {user_turns(stored)} user turns")
    assert user_turns(stored) == len(HOPPING_CHECK)
    assert_whole_turns(stored)
    # The redacting store works on PostgreSQL too: the answers are gone after the verdict.
    assert [e["text"] for e in stored if e["event"] == "user"][1:] == ["[entfernt]"] * 4


def first_turns_at_once(cluster, sender: str) -> dict:
    """A and B receive the first two messages of one conversation at the same moment."""
    results: dict[str, tuple] = {}
    start = threading.Barrier(2)

    def say(replica: str, text: str) -> None:
        start.wait(timeout=30)
        results[replica] = cluster.post(replica, sender, text)

    threads = [threading.Thread(target=say, args=("A", "Was ist ein Integrationskurs?")),
               threading.Thread(target=say, args=("B", "Welches KI ist für Bonn zuständig?"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=90)
    return results


def test_same_conversation_on_both_replicas_at_once_is_serialised(cluster):
    """Redis' lock makes one replica wait, so neither turn overwrites the other (5 rounds)."""
    for _round in range(5):
        sender = uuid.uuid4().hex
        results = first_turns_at_once(cluster, sender)
        assert results["A"][0] == 200 and "Integrationskurs" in replies(results["A"][1])
        assert results["B"][0] == 200 and "Stadt Bonn" in replies(results["B"][1])
        stored = cluster.events(sender)
        assert user_turns(stored) == 2, [e["event"] for e in stored]
        assert_whole_turns(stored)
        assert sum(1 for e in stored if e["event"] == "session_started") == 1
