"""Rasa's SQL tracker store, leaner per turn, with redaction and session splitting.

Same table, same rows and the same "latest session" rule as Rasa's SQLTrackerStore, so
Rasa's tools read what this store writes. Works for SQLite and PostgreSQL alike. On top:

* Privacy: when an eligibility check ends, its stored turns are redacted
  (rasa_ext/redaction.py).
* Long conversations continue in a new session once the current one is long
  (rasa_ext/long_sessions.py), so turn 200 costs what turn 10 does.
* Speed: Rasa's store spent about 40 % of the Rasa server's time per message
  (docs/performance.md). This one reads and writes with single SQL statements instead of
  ORM objects, remembers how many events of a tracker are stored instead of counting
  them on every save, and looks up event classes once.
"""
from __future__ import annotations

import functools
import itertools
import json
import logging
from typing import Any, Dict, Iterable, List, Optional, Type

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import Event, SessionStarted
from rasa.shared.core.trackers import DialogueStateTracker

from rasa_ext import action_validation, keep_alive
from rasa_ext.long_sessions import session_restart_events, should_start_new_session
from rasa_ext.redaction import CHECK_START, check_ended_this_turn, last_check_window, redact_event

logger = logging.getLogger(__name__)

# Every server configuration uses this store, so this is where the cheaper action-server
# calls are switched on (rasa_ext/action_validation.py, rasa_ext/keep_alive.py).
action_validation.install()
keep_alive.install()

# How many events of a tracker object are in the database. Rasa keeps one tracker object
# for the whole turn (retrieve ... save) under the conversation's lock.
STORED_COUNT = "_lotse_stored_events"


@functools.lru_cache(maxsize=None)
def event_class(type_name: str) -> Type[Event]:
    """Rasa's Event.resolve_by_type walks all Event subclasses on every call."""
    return Event.resolve_by_type(type_name)


def deserialise(data: List[Dict[str, Any]]) -> List[Event]:
    events = (event_class(item["event"])._from_parameters(item) for item in data if "event" in item)
    return [event for event in events if event is not None]


def event_row(sender_id: str, event: Event) -> Dict[str, Any]:
    """The columns as Rasa's SQLTrackerStore.save fills them."""
    data = event.as_dict()
    return {"sender_id": sender_id, "type_name": event.type_name, "timestamp": data.get("timestamp"),
            "intent_name": (data.get("parse_data") or {}).get("intent", {}).get("name"),
            "action_name": data.get("name"), "data": json.dumps(data)}


class RedactingSQLTrackerStore(SQLTrackerStore):
    """SQLTrackerStore that redacts finished checks and starts a new session when one grows long."""

    @property
    def events_table(self) -> sa.Table:
        return self.SQLEvent.__table__

    def _conversation(self, sender_id: str, all_sessions: bool) -> Any:
        """WHERE clause: the sender's events, from the latest session start on unless all_sessions.

        Rasa's rule: the latest session starts at the newest `session_started` timestamp.
        """
        table = self.events_table
        clause = table.c.sender_id == sender_id
        if all_sessions:
            return clause
        latest_start = (sa.select(sa.func.max(table.c.timestamp))
                        .where(clause, table.c.type_name == SessionStarted.type_name)
                        .scalar_subquery())
        return sa.and_(clause, sa.or_(latest_start.is_(None), table.c.timestamp >= latest_start))

    # --- read --------------------------------------------------------------------------

    async def _retrieve(self, sender_id: str, fetch_events_from_all_sessions: bool
                        ) -> Optional[DialogueStateTracker]:
        query = (sa.select(self.events_table.c.data)
                 .where(self._conversation(sender_id, fetch_events_from_all_sessions))
                 .order_by(self.events_table.c.id))
        with self.engine.connect() as connection:
            rows = connection.execute(query).scalars().all()
        if not rows or not self.domain:
            return None
        tracker = DialogueStateTracker.from_events(sender_id, deserialise([json.loads(r) for r in rows]),
                                                   self.domain.slots)
        if not fetch_events_from_all_sessions:
            setattr(tracker, STORED_COUNT, len(rows))
        return tracker

    # --- write -------------------------------------------------------------------------

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Append the turn's new events, then redact or split the session when due; one transaction."""
        await self.stream_events(tracker)
        with self.engine.begin() as connection:
            stored = getattr(tracker, STORED_COUNT, None)
            if stored is None:
                stored = self._count_stored(connection, tracker.sender_id)
            new_events = list(itertools.islice(tracker.events, stored, None))
            if new_events:
                connection.execute(self.events_table.insert(),
                                   [event_row(tracker.sender_id, event) for event in new_events])
            if check_ended_this_turn(tracker):
                self._redact_last_check(connection, tracker.sender_id)
            if should_start_new_session(tracker):
                connection.execute(self.events_table.insert(),
                                   [event_row(tracker.sender_id, e) for e in session_restart_events(tracker)])
        setattr(tracker, STORED_COUNT, stored + len(new_events))

    def _count_stored(self, connection: Any, sender_id: str) -> int:
        """Rasa's way to find the new events: count the stored ones of the current session."""
        query = sa.select(sa.func.count()).select_from(self.events_table).where(self._conversation(sender_id, False))
        return connection.execute(query).scalar_one()

    # --- redaction ---------------------------------------------------------------------

    def _redact_last_check(self, connection: Any, sender_id: str) -> None:
        table = self.events_table
        rows = self._rows_since_last_check_start(connection, sender_id)
        changed = 0
        for row, after_end in last_check_window(rows):
            redacted = redact_event(json.loads(row.data), after_end)
            if redacted is not None:
                connection.execute(table.update().where(table.c.id == row.id).values(data=json.dumps(redacted)))
                changed += 1
        logger.info("Redacted %d stored events of a finished eligibility check.", changed)

    def _rows_since_last_check_start(self, connection: Any, sender_id: str) -> Iterable[Any]:
        """Only the rows a check can touch, so a long conversation is not read whole."""
        table = self.events_table
        of_sender = table.c.sender_id == sender_id
        start_id = connection.execute(
            sa.select(sa.func.max(table.c.id)).where(of_sender, table.c.action_name == CHECK_START)).scalar()
        if start_id is None:
            return []
        return connection.execute(
            sa.select(table.c.id, table.c.type_name, table.c.action_name, table.c.data)
            .where(of_sender, table.c.id >= start_id).order_by(table.c.id)).all()
