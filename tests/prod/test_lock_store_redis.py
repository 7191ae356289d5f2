"""Our lock store on a real Redis: atomic tickets, no overlapping turns, recovery behind a dead ticket.

See rasa_ext/stores/lock_store.py for the Rasa 3.6 flaws these tests pin down; tests/test_lock_store.py
shows Rasa's store hanging where ours recovers.
"""
from __future__ import annotations

import asyncio
import uuid

import pytest
from rasa.core.lock_store import LockError, RedisLockStore

from rasa_ext.stores.lock_store import RecoveringRedisLockStore
from scripts import prod_services
from tests.test_lock_store import LIFETIME, wait_behind_dead_ticket

pytestmark = pytest.mark.prod


@pytest.fixture
def make_store(services):
    """make(cls): a lock store on the test Redis; each test gets its own key prefix."""
    prefix = uuid.uuid4().hex[:12]

    def make(cls=RecoveringRedisLockStore, port=None):
        return cls(host="127.0.0.1", port=port or services.redis_port, password=services.redis_password or None,
                   db=2, key_prefix=prefix)
    return make


def lock_keys(store):
    return store.red.keys(store.key_prefix + "*")


def test_ours_gets_the_lock_once_the_dead_ticket_expires(make_store):
    waited = asyncio.run(wait_behind_dead_ticket(make_store()))
    assert LIFETIME * 0.9 <= waited < LIFETIME * 4


def test_simultaneous_first_turns_on_two_replicas_get_different_tickets(make_store):
    replica_1, replica_2 = make_store(), make_store()

    async def issue_many():
        turns = [store.change("c4", "issue", 30) for store in (replica_1, replica_2) * 10]
        return [state.issued for state in await asyncio.gather(*turns)]

    assert sorted(asyncio.run(issue_many())) == list(range(20))
    # Rasa's own reader understands the stored lock: the same 20 tickets, oldest first.
    assert [t.number for t in RedisLockStore.get_lock(replica_1, "c4").tickets] == list(range(20))


def test_the_lock_is_held_during_the_turn_and_removed_after_it(make_store):
    store = make_store()

    async def one_turn():
        async with store.lock("c2", lock_lifetime=5):
            assert len(lock_keys(store)) == 1

    asyncio.run(one_turn())
    assert lock_keys(store) == []


def test_turns_of_one_conversation_run_one_after_the_other(make_store):
    store = make_store()
    inside: list[int] = []
    finished: list[int] = []
    overlaps: list[int] = []

    async def turn(number: int) -> None:
        async with store.lock("c3", lock_lifetime=5, wait_time_in_seconds=0.01):
            if inside:
                overlaps.append(number)
            inside.append(number)
            await asyncio.sleep(0.05)
            inside.remove(number)
            finished.append(number)

    async def main():
        await asyncio.gather(*(turn(n) for n in range(6)))

    asyncio.run(main())
    assert overlaps == [] and sorted(finished) == list(range(6)) and lock_keys(store) == []


def test_redis_down_is_a_lock_error(make_store):
    store = make_store(port=prod_services.free_port())  # nothing listens there

    async def one_turn():
        async with store.lock("c5"):
            pass

    with pytest.raises(LockError):
        asyncio.run(one_turn())
    with pytest.raises(LockError):
        store.issue_ticket("c5")
