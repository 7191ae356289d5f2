"""Redis lock store that survives a replica dying in the middle of a turn.

Rasa's ticket lock serialises the turns of one conversation across replicas. When a
replica is killed while it holds a ticket, the next turn of that conversation (on
another replica) waits until the dead ticket expires (TICKET_LOCK_LIFETIME). Its own
ticket was issued moments later with the same lifetime, so both usually expire in the
same polling second; Rasa 3.6 then finds no ticket at all, treats "0" as the number
being served and waits forever, until Sanic's response timeout answers 503.

Here a waiting turn whose ticket has expired draws a new one; it still waits for every
live ticket ahead of it. Configure it in endpoints.prod.yml like Rasa's `redis` type.
"""
from __future__ import annotations

import asyncio
import logging
from contextlib import asynccontextmanager
from typing import Any, AsyncGenerator, Optional, Text

from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

logger = logging.getLogger(__name__)

MAX_RENEWALS = 3  # a turn waits at most this many lifetimes, then fails cleanly


class RecoveringRedisLockStore(RedisLockStore):
    """RedisLockStore whose waiting turns renew an expired ticket instead of hanging."""

    def __init__(self, endpoint_config: Optional[EndpointConfig] = None, **kwargs: Any) -> None:
        # Rasa hands a custom lock store its whole endpoint config.
        if endpoint_config is not None:
            kwargs = {"host": endpoint_config.url or "localhost", **endpoint_config.kwargs, **kwargs}
        super().__init__(**kwargs)

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
