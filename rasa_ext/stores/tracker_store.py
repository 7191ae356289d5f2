"""Rasa's SQL tracker store, leaner per turn, with redaction and session splitting.

Same table, same rows and the same "latest session" rule as Rasa's SQLTrackerStore, so
Rasa's tools read what this store writes. Works for SQLite and PostgreSQL alike. On top:

* Privacy: when an eligibility check ends, its stored turns are redacted
  (rasa_ext/stores/redaction.py).
* Long conversations continue in a new session once the current one is long
  (rasa_ext/stores/long_sessions.py), so turn 200 costs what turn 10 does.
* Speed: Rasa's store spent about 40 % of the Rasa server's time per message
  (docs/performance.md). This one reads and writes with single SQL statements instead of
  ORM objects, on PostgreSQL through asyncpg without blocking the event loop
  (rasa_ext/stores/sql_events.py), remembers how many events of a tracker are stored instead of
  counting them on every save, and looks up event classes once.
"""
from __future__ import annotations

import functools
import itertools
import logging
from typing import Any, NamedTuple

import sqlalchemy as sa
import ujson
from rasa.core.tracker_store import SQLTrackerStore, create_engine_kwargs, validate_port
from rasa.shared.core.events import Event
from rasa.shared.core.trackers import DialogueStateTracker

from rasa_ext.stores.long_sessions import session_restart_events, should_start_new_session
from rasa_ext.stores.redaction import (
    CHECK_START,
    check_ended_this_turn,
    last_check_window,
    redact_event,
    sensitive_slots,
)
from rasa_ext.stores.sql_events import EventQueries, runner_for

logger = logging.getLogger(__name__)

# How many events of a tracker object are in the database. Rasa keeps one tracker object
# for the whole turn (retrieve ... save) under the conversation's lock.
STORED_COUNT = "_lotse_stored_events"


@functools.cache
def event_class(type_name: str) -> type[Event] | None:
    """Event.resolve_by_type, cached: Rasa's walks all Event subclasses on every call.

    None for Rasa 1's "topic" event, which Rasa's Event.from_parameters skips."""
    return Event.resolve_by_type(type_name)


def deserialise(data: list[dict[str, Any]]) -> list[Event]:
    """Rasa events from their stored JSON, the ones Rasa's own `deserialise_events` would give."""
    classes = ((event_class(item["event"]), item) for item in data if "event" in item)
    events = (cls._from_parameters(item) for cls, item in classes if cls is not None)
    return [event for event in events if event is not None]


# Any constant shared by every process of this bot; pg_advisory_xact_lock takes a bigint.
TABLE_CREATION_LOCK = 2030_0001


def create_table_once(store_kwargs: dict[str, Any]) -> None:
    """Create the events table on PostgreSQL under an advisory lock.

    Sanic starts the workers (and replicas start) at the same moment, and each one's
    SQLTrackerStore runs CREATE TABLE IF NOT EXISTS. Two of them racing make PostgreSQL
    raise UniqueViolation, which Rasa logs as a warning and answers by sleeping 5 s before
    it retries. Holding the lock, the later process sees the table and creates nothing.
    A database that is not up yet is left to Rasa's own retry loop."""
    if store_kwargs.get("dialect") != "postgresql" or store_kwargs.get("login_db"):
        return
    url = SQLTrackerStore.get_db_url(
        "postgresql", store_kwargs.get("host"), validate_port(store_kwargs.get("port")),
        store_kwargs.get("db", "rasa.db"),
        # Rasa annotates username and password as str, with None as their default.
        store_kwargs.get("username"), store_kwargs.get("password"),  # type: ignore[arg-type]
        query=store_kwargs.get("query"))
    engine = sa.create_engine(url)
    try:
        with engine.begin() as connection:
            connection.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": TABLE_CREATION_LOCK})
            SQLTrackerStore.Base.metadata.create_all(connection)
    except sa.exc.OperationalError:
        pass
    finally:
        engine.dispose()


def dumps(data: dict[str, Any]) -> str:
    """An event as JSON. ujson (a Rasa dependency) instead of json: reading and writing the events took
    3 % of the Rasa server's CPU under load (docs/performance.md); any JSON reader reads the rows."""
    return ujson.dumps(data, escape_forward_slashes=False)


def event_row(sender_id: str, event: Event) -> tuple[Any, ...]:
    """The columns of EventQueries.insert, filled as Rasa's SQLTrackerStore.save fills them."""
    data = event.as_dict()
    return (sender_id, event.type_name, data.get("timestamp"),
            (data.get("parse_data") or {}).get("intent", {}).get("name"), data.get("name"), dumps(data))


class StoredRow(NamedTuple):
    """The columns of EventQueries.rows_from, as rasa_ext/stores/redaction.py reads them."""

    id: int
    type_name: str
    action_name: str | None
    data: str


class RedactingSQLTrackerStore(SQLTrackerStore):
    """SQLTrackerStore that redacts finished checks and starts a new session when one grows long."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        create_table_once(kwargs)  # Rasa always passes the store's settings as keywords
        super().__init__(*args, **kwargs)  # Rasa connects (and creates the table on SQLite)
        self._ping_before_use()
        self.queries = EventQueries.for_table(self.SQLEvent.__tablename__)
        self.runner = runner_for(self.engine)

    def _ping_before_use(self) -> None:
        """Rasa's engine, with SQLAlchemy's pool_pre_ping: the first message after a PostgreSQL
        restart gets a fresh connection instead of failing on a stale one (Rasa has no setting)."""
        stale, url = self.engine, self.engine.url
        self.engine = sa.create_engine(url, pool_pre_ping=True, **create_engine_kwargs(url))
        self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)
        stale.dispose()

    # --- read --------------------------------------------------------------------------

    async def _retrieve(self, sender_id: str, fetch_events_from_all_sessions: bool
                        ) -> DialogueStateTracker | None:
        query = self.queries.all_events if fetch_events_from_all_sessions else self.queries.session_events
        rows = await self.runner.fetch(query, sender_id)
        if not rows or not self.domain:
            return None
        tracker = DialogueStateTracker.from_events(sender_id, deserialise([ujson.loads(r[0]) for r in rows]),
                                                   self.domain.slots)
        if not fetch_events_from_all_sessions:
            setattr(tracker, STORED_COUNT, len(rows))
        return tracker

    # --- write -------------------------------------------------------------------------

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Append the turn's new events, then redact or split the session when due; one transaction."""
        await self.stream_events(tracker)
        sender_id = tracker.sender_id
        async with self.runner.transaction() as connection:
            stored = getattr(tracker, STORED_COUNT, None)
            if stored is None:  # Rasa's way to find the new events: count the session's stored ones
                stored = await connection.fetchval(self.queries.count_session, sender_id)
            new_events = list(itertools.islice(tracker.events, stored, None))
            await connection.executemany(self.queries.insert, [event_row(sender_id, e) for e in new_events])
            if check_ended_this_turn(tracker):
                await self._redact_last_check(connection, sender_id)
            if should_start_new_session(tracker):
                restart = session_restart_events(tracker, sensitive_slots(self.domain))
                await connection.executemany(self.queries.insert, [event_row(sender_id, e) for e in restart])
        setattr(tracker, STORED_COUNT, stored + len(new_events))

    # --- redaction ---------------------------------------------------------------------

    async def _redact_last_check(self, connection: Any, sender_id: str) -> None:
        """Only the rows from the last check start on are read, so a long conversation is not read whole."""
        start_id = await connection.fetchval(self.queries.last_row_with_action, sender_id, CHECK_START)
        if start_id is None:
            return
        rows = [StoredRow(*row) for row in await connection.fetch(self.queries.rows_from, sender_id, start_id)]
        sensitive = sensitive_slots(self.domain)
        updates = [(row.id, dumps(redacted)) for row, after_end in last_check_window(rows)
                   if (redacted := redact_event(ujson.loads(row.data), after_end, sensitive)) is not None]
        await connection.executemany(self.queries.update_data, updates)
        logger.info("Redacted %d stored events of a finished eligibility check.", len(updates))
