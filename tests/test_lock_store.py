"""The lock store of the replicas: atomic tickets, and recovery behind a dead replica's ticket.

See rasa_ext/lock_store.py for the two Rasa 3.6 flaws these tests pin down. No Redis
needed: a dict with Redis' WATCH/MULTI semantics stands in for it (tests/prod uses the
real one).
"""
from __future__ import annotations

import asyncio
import time

import pytest
import redis
from rasa.core.lock_store import RedisLockStore

from rasa_ext.lock_store import RecoveringRedisLockStore

LIFETIME = 0.5


class DictRedis:
    """get/set/delete, and pipelines whose WATCH fails when the key changed meanwhile."""

    def __init__(self) -> None:
        self.data: dict[str, str] = {}
        self.versions: dict[str, int] = {}
        self.conflicts = 0

    def get(self, key):
        return self.data.get(key)

    def set(self, key, value):
        self.data[key] = value
        self.versions[key] = self.versions.get(key, 0) + 1

    def delete(self, key):
        self.versions[key] = self.versions.get(key, 0) + 1
        return self.data.pop(key, None) is not None

    def pipeline(self):
        return DictPipeline(self)


class DictPipeline:
    def __init__(self, server: DictRedis) -> None:
        self.server, self.watched, self.queued = server, {}, []

    def __enter__(self):
        return self

    def __exit__(self, *_exc):
        return False

    def watch(self, key):
        self.watched[key] = self.server.versions.get(key, 0)

    def get(self, key):
        return self.server.get(key)

    def multi(self):
        self.queued = []

    def set(self, key, value):
        self.queued.append(("set", key, value))

    def delete(self, key):
        self.queued.append(("delete", key))

    def execute(self):
        if any(self.server.versions.get(key, 0) != version for key, version in self.watched.items()):
            self.server.conflicts += 1
            raise redis.WatchError("watched key changed")
        for operation, key, *value in self.queued:
            getattr(self.server, operation)(key, *value)


def store_of(cls):
    store = cls.__new__(cls)  # skip the Redis connection in __init__
    store.red, store.key_prefix = DictRedis(), "test:lock:"
    return store


async def wait_behind_dead_ticket(store) -> float:
    store.issue_ticket("c1", LIFETIME)  # the replica that held this ticket died
    started = time.monotonic()
    async with store.lock("c1", lock_lifetime=LIFETIME, wait_time_in_seconds=LIFETIME * 2):
        return time.monotonic() - started


def test_recovering_store_gets_the_lock_after_the_dead_ticket_expires():
    waited = asyncio.run(wait_behind_dead_ticket(store_of(RecoveringRedisLockStore)))
    assert LIFETIME * 0.9 <= waited < LIFETIME * 4


def test_rasas_store_hangs_in_the_same_situation():
    """The regression this module exists for; if Rasa fixes it, this test tells us."""
    with pytest.raises(asyncio.TimeoutError):
        asyncio.run(asyncio.wait_for(wait_behind_dead_ticket(store_of(RedisLockStore)), timeout=LIFETIME * 6))


def test_first_turns_on_two_replicas_at_once_get_different_tickets():
    """Replica 2 writes the lock between replica 1's read and write: replica 1 retries."""
    shared = DictRedis()
    replica_1, replica_2 = store_of(RecoveringRedisLockStore), store_of(RecoveringRedisLockStore)
    replica_1.red = replica_2.red = shared
    tickets = []

    def interleaved(lock):
        if not tickets:  # only on the first attempt
            tickets.append(replica_2.issue_ticket("c4", 5))
        return lock.issue_ticket(5)

    tickets.append(replica_1.change_lock("c4", interleaved))
    assert sorted(tickets) == [0, 1] and shared.conflicts == 1
    assert [t.number for t in replica_1.get_lock("c4").tickets] == [0, 1]


def test_lock_is_removed_after_the_turn():
    store = store_of(RecoveringRedisLockStore)

    async def one_turn():
        async with store.lock("c2", lock_lifetime=LIFETIME):
            assert store.red.data  # held while the turn runs

    asyncio.run(one_turn())
    assert store.red.data == {}


def test_turns_of_one_conversation_do_not_overlap():
    store = store_of(RecoveringRedisLockStore)
    inside: list[int] = []
    overlaps: list[int] = []

    async def turn(number: int) -> None:
        async with store.lock("c3", lock_lifetime=5, wait_time_in_seconds=0.01):
            if inside:
                overlaps.append(number)
            inside.append(number)
            await asyncio.sleep(0.05)
            inside.remove(number)

    async def main():
        await asyncio.gather(*(turn(n) for n in range(4)))

    asyncio.run(main())
    assert overlaps == []
