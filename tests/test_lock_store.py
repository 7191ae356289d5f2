"""Why rasa_ext/stores/lock_store.py exists: Rasa 3.6's RedisLockStore hangs behind a dead replica's ticket.

No Redis needed here: a dict stands in for it. Our store runs its Lua script, so its tests
use a real Redis (tests/prod/test_lock_store_redis.py, `make test-prod`).
"""
from __future__ import annotations

import asyncio
import time

import pytest
from rasa.core.lock_store import RedisLockStore

pytestmark = pytest.mark.unit

LIFETIME = 0.5


class DictRedis:
    """The get/set/delete that Rasa's RedisLockStore uses."""

    def __init__(self) -> None:
        self.data: dict[str, str] = {}

    def get(self, key):
        return self.data.get(key)

    def set(self, key, value):
        self.data[key] = value

    def delete(self, key):
        return self.data.pop(key, None) is not None


async def wait_behind_dead_ticket(store) -> float:
    """The replica that held ticket 0 died; how long does the next turn wait?"""
    store.issue_ticket("c1", LIFETIME)
    started = time.monotonic()
    async with store.lock("c1", lock_lifetime=LIFETIME, wait_time_in_seconds=LIFETIME * 2):
        return time.monotonic() - started


def test_rasas_store_hangs_behind_a_dead_ticket():
    """The regression our store exists for; if Rasa fixes it, this test tells us."""
    store = RedisLockStore.__new__(RedisLockStore)  # skip the Redis connection in __init__
    store.red, store.key_prefix = DictRedis(), "test:lock:"
    with pytest.raises(asyncio.TimeoutError):
        asyncio.run(asyncio.wait_for(wait_behind_dead_ticket(store), timeout=LIFETIME * 6))
