"""A SQL tracker store that forgets eligibility answers and keeps long conversations fast.

Privacy: age, residence status and years of residence are only needed until the
verdict. When a check ends (verdict, cancel or restart), the stored turns of that check
are rewritten: user texts and entities are replaced, sensitive slot values set to null,
and the verdict message removed.

Speed: Rasa reads, replays, featurises and sends to the action server every event of
the current session on every turn, so turn 200 of one conversation cost about four
times turn 10 (docs/performance.md). Once the session holds COMPACT_AFTER_EVENTS
events and the bot is waiting between two topics (no form running), the store starts
a new session that carries over the remembered slots (place, topic, programme), just
as Rasa's own session start does. Rasa then loads only that session; the earlier
events stay in the database (`retrieve_full_tracker`), nothing is deleted.

Works for SQLite and PostgreSQL alike.
"""
from __future__ import annotations

import json
import logging
import time
from typing import Any, Dict, Iterable, List, Optional

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.constants import (ACTION_LISTEN_NAME, ACTION_SESSION_START_NAME, REQUESTED_SLOT,
                                        SESSION_START_METADATA_SLOT)
from rasa.shared.core.events import ActionExecuted, Event, SessionStarted, SlotSet
from rasa.shared.core.trackers import DialogueStateTracker

from actions.eligibility import SENSITIVE_SLOTS
from rasa_ext import action_validation

logger = logging.getLogger(__name__)

# Every server configuration uses this store, so this is where the faster check of
# action-server replies is switched on (see rasa_ext/action_validation.py).
action_validation.install()

CHECK_START = "action_start_eligibility"
CHECK_END = {"action_eligibility_verdict", "action_cancel_eligibility", "action_restart"}
REDACTED = "[entfernt]"

# About ten turns. Turn 1 of a session replays ~10 events, so with this bound a late
# turn costs about what an early one does.
COMPACT_AFTER_EVENTS = 100
NOT_CARRIED_OVER = {REQUESTED_SLOT, SESSION_START_METADATA_SLOT, *SENSITIVE_SLOTS}


def check_ended_this_turn(tracker: DialogueStateTracker) -> bool:
    """True when an action that ends a check ran after the latest user message."""
    for event in reversed(tracker.events):
        if event.type_name == "user":
            return False
        if event.type_name == "action" and getattr(event, "action_name", None) in CHECK_END:
            return True
    return False


def redact_event(data: Dict[str, Any], after_end: bool) -> Optional[Dict[str, Any]]:
    """The redacted form of one stored event, or None when it holds nothing sensitive."""
    kind = data.get("event")
    if kind == "user" and not after_end:
        data["text"] = REDACTED
        parse_data = data.get("parse_data") or {}
        parse_data.update({"text": REDACTED, "entities": []})
        data["parse_data"] = parse_data
        return data
    if kind == "slot" and data.get("name") in SENSITIVE_SLOTS and data.get("value") is not None:
        data["value"] = None
        return data
    if kind == "bot" and after_end:
        data.update({"text": REDACTED, "data": {}})
        return data
    return None


def events_in_session(tracker: DialogueStateTracker) -> int:
    """Events since the latest session start (all events when there is none)."""
    count = 0
    for event in reversed(tracker.events):
        if isinstance(event, SessionStarted):
            break
        count += 1
    return count


def is_between_topics(tracker: DialogueStateTracker) -> bool:
    """The turn is over (the bot listens) and no form is asking questions."""
    last = tracker.events[-1] if tracker.events else None
    return (isinstance(last, ActionExecuted) and last.action_name == ACTION_LISTEN_NAME
            and not tracker.active_loop_name)


def should_compact(tracker: DialogueStateTracker) -> bool:
    return events_in_session(tracker) >= COMPACT_AFTER_EVENTS and is_between_topics(tracker)


def session_restart_events(tracker: DialogueStateTracker) -> List[Event]:
    """What Rasa's action_session_start logs, carrying over the remembered slots.

    Timestamps follow the last event, so the SQL store's "latest session" query
    (timestamp >= latest session_started) finds exactly the new session.
    """
    carried = [SlotSet(name, slot.value) for name, slot in tracker.slots.items()
               if name not in NOT_CARRIED_OVER and slot.value != slot.initial_value]
    events: List[Event] = [ActionExecuted(ACTION_SESSION_START_NAME), SessionStarted(), *carried,
                           ActionExecuted(ACTION_LISTEN_NAME)]
    start = max(time.time(), tracker.events[-1].timestamp + 0.001)
    for offset, event in enumerate(events):
        event.timestamp = start + offset * 0.000_01
    return events


class RedactingSQLTrackerStore(SQLTrackerStore):
    """SQLTrackerStore that redacts finished checks and starts a new session when one grows long."""

    async def save(self, tracker: DialogueStateTracker) -> None:
        await super().save(tracker)
        if check_ended_this_turn(tracker):
            self.redact_last_check(tracker.sender_id)
        if should_compact(tracker):
            self.start_new_session(tracker)

    def start_new_session(self, tracker: DialogueStateTracker) -> None:
        """Append a session start; Rasa reads only the new session from the next turn on."""
        with self.session_scope() as session:
            for event in session_restart_events(tracker):
                data = event.as_dict()  # the columns as SQLTrackerStore.save fills them
                session.add(self.SQLEvent(sender_id=tracker.sender_id, type_name=event.type_name,
                                          timestamp=event.timestamp, intent_name=None,
                                          action_name=data.get("name"), data=json.dumps(data)))
            session.commit()

    def redact_last_check(self, sender_id: str) -> None:
        with self.session_scope() as session:
            rows = self._rows_since_last_check_start(session, sender_id)
            changed = self._redact_rows(self._last_check_window(rows))
            session.commit()
        logger.info("Redacted %d stored events of a finished eligibility check.", changed)

    def _rows_since_last_check_start(self, session: Any, sender_id: str) -> list:
        """Only the rows a check can touch, so a long conversation is not read whole."""
        of_sender = self.SQLEvent.sender_id == sender_id
        start_id = (session.query(self.SQLEvent.id)
                    .filter(of_sender, self.SQLEvent.action_name == CHECK_START)
                    .order_by(self.SQLEvent.id.desc()).limit(1).scalar())
        if start_id is None:
            return []
        return (session.query(self.SQLEvent).filter(of_sender, self.SQLEvent.id >= start_id)
                .order_by(self.SQLEvent.id).all())

    @staticmethod
    def _last_check_window(rows: list) -> Iterable[tuple]:
        """(row, after_end) from the last check start to the end of the turn that ended it."""
        start = max((i for i, row in enumerate(rows) if row.action_name == CHECK_START), default=None)
        if start is None:
            return []
        ended = False
        window = []
        for row in rows[start:]:
            if ended and row.action_name == "action_listen":
                break  # the ending turn is over; later turns are not part of the check
            window.append((row, ended))
            ended = ended or (row.type_name == "action" and row.action_name in CHECK_END)
        return window

    @staticmethod
    def _redact_rows(window: Iterable[tuple]) -> int:
        changed = 0
        for row, after_end in window:
            redacted = redact_event(json.loads(row.data), after_end)
            if redacted is not None:
                row.data = json.dumps(redacted)
                changed += 1
        return changed
