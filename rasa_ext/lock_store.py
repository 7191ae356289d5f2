"""Redis lock store that is safe with several replicas: atomic tickets, recovery after a crash.

Rasa's ticket lock serialises the turns of one conversation across replicas. Rasa 3.6's
RedisLockStore has two flaws that the production-shape tests (tests/prod) exposed:

* Issuing a ticket reads the lock, adds a ticket and writes it back in separate steps. Two
  replicas that take the first turn of a conversation at the same moment both get ticket 0
  and run together; the second save then drops the other turn's events (the SQL store
  appends "events beyond the stored count"). Here every change of a lock is one Redis
  transaction (WATCH/MULTI), retried on conflict.
* When a replica is killed while it holds a ticket, the next turn of that conversation
  waits until the dead ticket expires (TICKET_LOCK_LIFETIME). Its own ticket was issued
  moments later with the same lifetime, so both usually expire in the same polling second;
  Rasa then finds no ticket, treats "0" as the number being served and waits forever,
  until Sanic's response timeout answers 503. Here a waiting turn whose ticket expired
  draws a new one; it still waits for every live ticket ahead of it.

Configure it in endpoints.prod.yml like Rasa's `redis` type.
"""
from __future__ import annotations

import asyncio
import json
import logging
from contextlib import asynccontextmanager
from typing import Any, AsyncGenerator, Callable, Optional, Text, TypeVar

import redis
from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

logger = logging.getLogger(__name__)

MAX_RENEWALS = 3  # a turn waits at most this many lifetimes, then fails cleanly
MAX_CONFLICTS = 50  # retries of one lock change when other replicas change it meanwhile
T = TypeVar("T")


class RecoveringRedisLockStore(RedisLockStore):
    """RedisLockStore with atomic lock changes and renewal of a waiting turn's expired ticket."""

    def __init__(self, endpoint_config: Optional[EndpointConfig] = None, **kwargs: Any) -> None:
        # Rasa hands a custom lock store its whole endpoint config.
        if endpoint_config is not None:
            kwargs = {"host": endpoint_config.url or "localhost", **endpoint_config.kwargs, **kwargs}
        super().__init__(**kwargs)

    # --- atomic changes ----------------------------------------------------------------
    def change_lock(self, conversation_id: Text, change: Callable[[TicketLock], T]) -> T:
        """Read, change and write one lock as a Redis transaction; a lock without tickets is deleted."""
        key = self.key_prefix + conversation_id
        for _ in range(MAX_CONFLICTS):
            with self.red.pipeline() as pipe:
                try:
                    pipe.watch(key)
                    stored = pipe.get(key)
                    lock = TicketLock.from_dict(json.loads(stored)) if stored else TicketLock(conversation_id)
                    result = change(lock)
                    lock.remove_expired_tickets()
                    pipe.multi()
                    if lock.tickets:
                        pipe.set(key, lock.dumps())
                    else:
                        pipe.delete(key)
                    pipe.execute()
                    return result
                except redis.WatchError:
                    continue  # another replica changed the lock meanwhile: read it again
        raise LockError(f"The lock of conversation '{conversation_id}' kept changing.")

    def issue_ticket(self, conversation_id: Text, lock_lifetime: float = LOCK_LIFETIME) -> int:
        try:
            return self.change_lock(conversation_id, lambda lock: lock.issue_ticket(lock_lifetime))
        except LockError:
            raise
        except Exception as error:  # Redis down: Rasa reports it as a LockError too
            raise LockError(f"Error while acquiring lock. Error:\n{error}") from error

    def update_lock(self, conversation_id: Text) -> None:
        self.change_lock(conversation_id, lambda lock: lock.remove_expired_tickets())

    def finish_serving(self, conversation_id: Text, ticket_number: int) -> None:
        self.change_lock(conversation_id, lambda lock: lock.remove_ticket_for(ticket_number))

    def cleanup(self, conversation_id: Text, ticket_number: int) -> None:
        self.finish_serving(conversation_id, ticket_number)  # deletes the lock once it is empty

    # --- waiting -----------------------------------------------------------------------
    @asynccontextmanager
    async def lock(self, conversation_id: Text, lock_lifetime: float = LOCK_LIFETIME,
                   wait_time_in_seconds: float = 1) -> AsyncGenerator[TicketLock, None]:
        held = [self.issue_ticket(conversation_id, lock_lifetime)]  # the ticket to clean up at the end
        try:
            yield await self._wait_for_turn(conversation_id, held, lock_lifetime, wait_time_in_seconds)
        finally:
            self.cleanup(conversation_id, held[0])

    async def _wait_for_turn(self, conversation_id: Text, held: list, lifetime: float,
                             wait_time_in_seconds: float) -> TicketLock:
        renewals = 0
        while True:
            lock = self.get_lock(conversation_id)
            if lock is not None and own_ticket(lock, held[0]) and not lock.is_locked(held[0]):
                return lock
            if lock is None or not own_ticket(lock, held[0]):
                renewals += 1
                if renewals > MAX_RENEWALS:
                    raise LockError(f"Could not acquire lock for conversation_id '{conversation_id}'.")
                held[0] = self.issue_ticket(conversation_id, lifetime)
                logger.warning("A waiting turn's lock ticket expired (a replica may have died "
                               "mid-turn); drew a new ticket.")
                continue
            await asyncio.sleep(wait_time_in_seconds)
            self.update_lock(conversation_id)


def own_ticket(lock: TicketLock, number: int) -> bool:
    """True while ticket `number` is still in the lock (not expired)."""
    return any(ticket.number == number and not ticket.has_expired() for ticket in lock.tickets)
