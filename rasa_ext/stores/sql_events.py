"""The SQL the tracker store runs, and two ways to run it: asyncpg for PostgreSQL, SQLAlchemy else.

Rasa's SQLTrackerStore talks to PostgreSQL through SQLAlchemy and psycopg2, which block the
event loop: while one turn waits for PostgreSQL (every save waits for the commit to reach
disk), a Sanic worker serves nobody else. asyncpg waits without blocking and costs far less
CPU per query (docs/performance.md). SQLite, the embedded default, keeps SQLAlchemy.

Both runners take the same SQL text with asyncpg's `$1` placeholders and offer the three
calls the store needs: `fetch`, `fetchval` and `executemany`; `transaction()` yields an
object with the same three calls inside one transaction.
"""
from __future__ import annotations

import asyncio
import re
import weakref
from collections.abc import AsyncIterator, Iterable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import asyncpg
import sqlalchemy as sa
from rasa.shared.core.events import SessionStarted
from sqlalchemy.engine import Engine

# A turn holds a connection only for one read or one write transaction: a handful per worker.
POOL_MAX_SIZE = 8
# Errors of a connection PostgreSQL has closed, e.g. after a restart: a new one is tried once.
STALE_CONNECTION = (asyncpg.exceptions.ConnectionDoesNotExistError, asyncpg.exceptions.InterfaceError,
                    ConnectionResetError, BrokenPipeError)


@dataclass(frozen=True)
class EventQueries:
    """Statements on Rasa's events table. The latest session starts at the newest
    `session_started` timestamp (Rasa's rule)."""

    session_events: str
    all_events: str
    count_session: str
    insert: str
    last_row_with_action: str
    rows_from: str
    update_data: str

    @classmethod
    def for_table(cls, table: str) -> EventQueries:
        """The queries for Rasa's events table of this name."""
        # A scalar subquery, not a join with it: PostgreSQL runs it once per statement (an InitPlan) whatever
        # the statistics say. Joined, on a young table whose statistics still said "empty", it ran once per
        # row: turn 180 of one conversation took 700 ms instead of 25 (docs/performance.md, 06.12.2026).
        latest = (f"(SELECT max(timestamp) FROM {table} "
                  f"WHERE sender_id = $1 AND type_name = '{SessionStarted.type_name}')")
        of_session = f"sender_id = $1 AND ({latest} IS NULL OR timestamp >= {latest})"
        return cls(
            session_events=f"SELECT data FROM {table} WHERE {of_session} ORDER BY id",
            all_events=f"SELECT data FROM {table} WHERE sender_id = $1 ORDER BY id",
            count_session=f"SELECT count(*) FROM {table} WHERE {of_session}",
            insert=(f"INSERT INTO {table} (sender_id, type_name, timestamp, intent_name, action_name, data) "
                    f"VALUES ($1, $2, $3, $4, $5, $6)"),
            last_row_with_action=f"SELECT max(id) FROM {table} WHERE sender_id = $1 AND action_name = $2",
            rows_from=(f"SELECT id, type_name, action_name, data FROM {table} "
                       f"WHERE sender_id = $1 AND id >= $2 ORDER BY id"),
            update_data=f"UPDATE {table} SET data = $2 WHERE id = $1",
        )


# --- PostgreSQL: asyncpg ---------------------------------------------------------------

_RUNNERS: weakref.WeakSet[AsyncpgRunner] = weakref.WeakSet()


class AsyncpgRunner:
    """One asyncpg pool per event loop (each Sanic worker has its own loop)."""

    def __init__(self, dsn: str) -> None:
        self._dsn = dsn
        self._pools: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Future] = \
            weakref.WeakKeyDictionary()
        _RUNNERS.add(self)

    async def _pool(self) -> asyncpg.Pool:
        loop = asyncio.get_running_loop()
        pending = self._pools.get(loop)
        if pending is None:  # one creation per loop, however many turns ask at once
            pending = self._pools[loop] = asyncio.ensure_future(asyncpg.create_pool(
                self._dsn, min_size=1, max_size=POOL_MAX_SIZE))
        try:
            return await asyncio.shield(pending)
        except Exception:
            self._pools.pop(loop, None)  # PostgreSQL down at the first turn: try again next turn
            raise

    async def fetch(self, sql: str, *args: Any) -> list[Any]:
        """Rows of a read, retried once on a connection PostgreSQL has closed."""
        pool = await self._pool()
        try:
            return await pool.fetch(sql, *args)
        except STALE_CONNECTION:
            return await pool.fetch(sql, *args)

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[asyncpg.Connection]:
        """A connection in a transaction; a stale connection is replaced before anything is written."""
        pool = await self._pool()
        for attempt in (1, 2):
            async with pool.acquire() as connection:
                transaction = connection.transaction()
                try:
                    await transaction.start()  # nothing written yet: safe to retry on a fresh connection
                except STALE_CONNECTION:
                    if attempt == 2:
                        raise
                    continue
                try:
                    yield connection
                except BaseException:
                    if not connection.is_closed():
                        await transaction.rollback()
                    raise
                await transaction.commit()
                return

    async def close(self) -> None:
        """Close this event loop's pool."""
        pending = self._pools.pop(asyncio.get_running_loop(), None)
        if pending is not None and pending.done() and not pending.exception():
            await pending.result().close()


async def close_pools(*_: Any) -> None:
    """Close this event loop's PostgreSQL pools (a Sanic `before_server_stop` listener)."""
    for runner in list(_RUNNERS):
        await runner.close()


def asyncpg_dsn(engine: Engine) -> str:
    """The SQLAlchemy engine's PostgreSQL URL (with password and query) for asyncpg."""
    return engine.url.set(drivername="postgresql").render_as_string(hide_password=False)


# --- everything else: SQLAlchemy -------------------------------------------------------

_PLACEHOLDER = re.compile(r"\$(\d+)")


def named(sql: str) -> sa.TextClause:
    """`$1` -> `:p1`, SQLAlchemy's placeholder style."""
    return sa.text(_PLACEHOLDER.sub(r":p\1", sql))


def parameters(args: Sequence[Any]) -> dict[str, Any]:
    """Positional arguments as the named parameters of `named` SQL."""
    return {f"p{number}": value for number, value in enumerate(args, start=1)}


class SqlAlchemyConnection:
    """asyncpg's fetch/fetchval/executemany on a SQLAlchemy connection."""

    def __init__(self, connection: sa.engine.Connection) -> None:
        self._connection = connection

    async def fetch(self, sql: str, *args: Any) -> list[Any]:
        """Rows of a read."""
        return self._connection.execute(named(sql), parameters(args)).all()

    async def fetchval(self, sql: str, *args: Any) -> Any:
        """The first column of the first row, or None."""
        return self._connection.execute(named(sql), parameters(args)).scalar()

    async def executemany(self, sql: str, rows: Iterable[tuple[Any, ...]]) -> None:
        """Run the statement once per row."""
        batch = [parameters(row) for row in rows]
        if batch:
            self._connection.execute(named(sql), batch)


class SqlAlchemyRunner:
    """AsyncpgRunner's interface on a SQLAlchemy engine (SQLite in development and tests)."""
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    async def fetch(self, sql: str, *args: Any) -> list[Any]:
        """Rows of a read."""
        with self._engine.connect() as connection:
            return await SqlAlchemyConnection(connection).fetch(sql, *args)

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[SqlAlchemyConnection]:
        """A connection in a transaction."""
        with self._engine.begin() as connection:
            yield SqlAlchemyConnection(connection)


def runner_for(engine: Engine) -> Any:
    """The runner for the engine: asyncpg for PostgreSQL, SQLAlchemy for any other database."""
    if engine.dialect.name == "postgresql":
        return AsyncpgRunner(asyncpg_dsn(engine))
    return SqlAlchemyRunner(engine)
