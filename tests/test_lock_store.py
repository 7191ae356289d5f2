"""A turn waiting behind a dead replica's ticket gets the lock once that ticket expires.

Rasa 3.6's RedisLockStore waits forever when the waiting turn's own ticket expires in
the same polling interval (see rasa_ext/lock_store.py); ours draws a new ticket.
No Redis needed: a dict stands in for it.
"""
from __future__ import annotations

import asyncio
import time

import pytest
from rasa.core.lock_store import RedisLockStore

from rasa_ext.lock_store import RecoveringRedisLockStore

LIFETIME = 0.5


class DictRedis:
    def __init__(self) -> None:
        self.data: dict[str, str] = {}

    def get(self, key):
        return self.data.get(key)

    def set(self, key, value):
        self.data[key] = value

    def delete(self, key):
        return self.data.pop(key, None) is not None


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
