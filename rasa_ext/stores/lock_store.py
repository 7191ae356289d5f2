"""Redis lock store that is safe with several replicas, recovers after a crash, and does not block.

Rasa's ticket lock serialises the turns of one conversation across replicas. Rasa 3.6's
RedisLockStore has three flaws; the production-shape tests (tests/prod) exposed the first
two, the benchmark the third:

* Issuing a ticket reads the lock, adds a ticket and writes it back in separate steps. Two
  replicas that take the first turn of a conversation at the same moment both get ticket 0
  and run together; the second save then drops the other turn's events (the SQL store
  appends "events beyond the stored count").
* When a replica is killed while it holds a ticket, the next turn of that conversation
  waits until the dead ticket expires (TICKET_LOCK_LIFETIME). Its own ticket was issued
  moments later with the same lifetime, so both usually expire in the same polling second;
  Rasa then finds no ticket, treats "0" as the number being served and waits forever,
  until Sanic's response timeout answers 503.
* Every turn makes about seven Redis round trips with the blocking client, and the Sanic
  worker serves nobody else meanwhile.

Here every change of a lock is one Lua script (rasa_ext/stores/lock_store.lua), atomic in Redis and
one round trip: a turn issues its ticket (and learns whether it is served) and releases it,
two round trips, through redis' asyncio client. A waiting turn whose ticket expired draws a
new one; it still waits for every live ticket ahead of it. The lock keeps Rasa's format,
so Rasa's own `get_lock` reads it.

Configure it in endpoints.prod.yml like Rasa's `redis` type.
"""
from __future__ import annotations

import asyncio
import logging
import time
import weakref
from collections.abc import AsyncGenerator, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path
from typing import Any, NamedTuple

import redis.asyncio
from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, RedisLockStore
from rasa.utils.endpoints import EndpointConfig
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff
from typing_extensions import override

logger = logging.getLogger(__name__)

MAX_RENEWALS = 3  # a turn waits at most this many lifetimes, then fails cleanly
CHANGE_LOCK = (Path(__file__).parent / "lock_store.lua").read_text(encoding="utf-8")
# The client settings of Rasa's RedisLockStore that the asyncio client takes as well.
CLIENT_SETTINGS = ("host", "port", "db", "username", "password", "use_ssl", "ssl_certfile", "ssl_keyfile",
                   "ssl_ca_certs", "socket_timeout")


@contextmanager
def failures_as_lock_errors() -> Iterator[None]:
    """Redis down or refusing the script: Rasa reports that as a LockError too."""
    try:
        yield
    except Exception as error:
        raise LockError(f"Error while changing the lock. Error:\n{error}") from error


class LockState(NamedTuple):
    """What one change of the lock reports back (see rasa_ext/stores/lock_store.lua)."""

    issued: int  # the ticket just issued, -1 if none
    serving: int  # the ticket whose turn runs now, -1 if none
    live: bool  # whether the caller's ticket is still in the lock


class RecoveringRedisLockStore(RedisLockStore):
    """RedisLockStore with atomic one-round-trip lock changes and renewal of an expired ticket."""

    def __init__(self, endpoint_config: EndpointConfig | None = None, **kwargs: Any) -> None:
        # Rasa hands a custom lock store its whole endpoint config.
        if endpoint_config is not None:
            kwargs = {"host": endpoint_config.url or "localhost", **endpoint_config.kwargs, **kwargs}
        super().__init__(**kwargs)
        self._client_settings = {name: kwargs[name] for name in CLIENT_SETTINGS if name in kwargs}
        self._change_blocking = self.red.register_script(CHANGE_LOCK)
        # event loop -> script on that loop's asyncio client (each Sanic worker has its own loop)
        self._scripts: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Any] = weakref.WeakKeyDictionary()

    # --- one change of the lock ----------------------------------------------------------
    def _script_of_this_loop(self) -> Any:
        loop = asyncio.get_running_loop()
        script = self._scripts.get(loop)
        if script is None:
            settings: dict[str, Any] = dict(self._client_settings)
            settings["ssl"] = settings.pop("use_ssl", False)
            settings["port"] = int(settings.get("port", 6379))
            settings["db"] = int(settings.get("db", 1))
            # redis' asyncio pool does not notice a connection that Redis closed (e.g. on a
            # restart): one retry on a fresh connection. Every change is safe to repeat but
            # "issue", whose ticket would be lost only if Redis lost the reply, not the script.
            client = redis.asyncio.Redis(**settings, retry=Retry(NoBackoff(), 1),
                                         retry_on_error=[redis.exceptions.ConnectionError])
            script = self._scripts[loop] = client.register_script(CHANGE_LOCK)
        return script

    def _arguments(self, conversation_id: str, operation: str, argument: float) -> dict[str, list]:
        return {"keys": [self.key_prefix + conversation_id],
                "args": [operation, conversation_id, repr(time.time()), repr(argument)]}

    async def change(self, conversation_id: str, operation: str, argument: float) -> LockState:
        """Issue (argument: lifetime), poll or release (argument: ticket number)."""
        with failures_as_lock_errors():
            issued, serving, live = await self._script_of_this_loop()(
                **self._arguments(conversation_id, operation, argument))
        return LockState(issued, serving, bool(live))

    def change_blocking(self, conversation_id: str, operation: str, argument: float) -> LockState:
        """`change` for Rasa's synchronous LockStore methods."""
        with failures_as_lock_errors():
            issued, serving, live = self._change_blocking(**self._arguments(conversation_id, operation, argument))
        return LockState(issued, serving, bool(live))

    # Rasa's synchronous API, atomic as well.
    @override
    def issue_ticket(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME) -> int:
        return self.change_blocking(conversation_id, "issue", lock_lifetime).issued

    @override
    def update_lock(self, conversation_id: str) -> None:
        self.change_blocking(conversation_id, "poll", -1)

    @override
    def finish_serving(self, conversation_id: str, ticket_number: int) -> None:
        self.change_blocking(conversation_id, "release", ticket_number)

    @override
    def cleanup(self, conversation_id: str, ticket_number: int) -> None:
        self.finish_serving(conversation_id, ticket_number)  # deletes the lock once it is empty

    # --- a turn --------------------------------------------------------------------------
    @override
    @asynccontextmanager
    async def lock(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME,
                   wait_time_in_seconds: float = 1) -> AsyncGenerator[TicketLock, None]:
        state = await self.change(conversation_id, "issue", lock_lifetime)
        held = [state.issued]  # the ticket to release at the end; renewed while waiting
        try:
            yield await self._wait_for_turn(conversation_id, state, held, lock_lifetime, wait_time_in_seconds)
        finally:
            await self.change(conversation_id, "release", held[0])

    async def _wait_for_turn(self, conversation_id: str, state: LockState, held: list, lifetime: float,
                             wait_time_in_seconds: float) -> TicketLock:
        renewals = 0
        while not (state.live and state.serving == held[0]):
            if not state.live:
                renewals += 1
                if renewals > MAX_RENEWALS:
                    raise LockError(f"Could not acquire lock for conversation_id '{conversation_id}'.")
                state = await self.change(conversation_id, "issue", lifetime)
                held[0] = state.issued
                logger.warning("A waiting turn's lock ticket expired (a replica may have died "
                               "mid-turn); drew a new ticket.")
                continue
            await asyncio.sleep(wait_time_in_seconds)
            state = await self.change(conversation_id, "poll", held[0])
        return TicketLock(conversation_id)  # Rasa's callers do not read it
