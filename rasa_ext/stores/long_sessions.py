"""When a long conversation continues in a new session, and what that session starts with.

Rasa reads, replays, featurises and sends to the action server every event of the
current session on every turn, so turn 200 of one conversation cost about four times
turn 10 (docs/performance.md). Once the session holds COMPACT_AFTER_EVENTS events and
the bot is waiting between two topics (no form running), the tracker store appends a
session start that carries over the remembered slots (place, topic, programme), just as
Rasa's own action_session_start does. Rasa then loads only the new session; the earlier
events stay stored (`retrieve_full_tracker`), nothing is deleted. The answers of an
eligibility check (rasa_ext/stores/redaction.py `sensitive_slots`) are never carried over.
"""
from __future__ import annotations

import time
from collections.abc import Set as AbstractSet

from rasa.shared.core.constants import (
    ACTION_LISTEN_NAME,
    ACTION_SESSION_START_NAME,
    REQUESTED_SLOT,
    SESSION_START_METADATA_SLOT,
)
from rasa.shared.core.events import ActionExecuted, Event, SessionStarted, SlotSet
from rasa.shared.core.trackers import DialogueStateTracker

# About six turns. Turn 1 of a session replays ~10 events, so with this bound a late turn costs about what an
# early one does. 100 (about ten turns, and up to ~150 when a check runs past it) let later sessions run longer
# than the first: ten-turn medians of 18-26 ms against 19-22 ms with 60 (three 200-turn conversations each,
# PostgreSQL, 06.12.2026; docs/performance.md).
COMPACT_AFTER_EVENTS = 60
NOT_CARRIED_OVER = frozenset({REQUESTED_SLOT, SESSION_START_METADATA_SLOT})


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


def should_start_new_session(tracker: DialogueStateTracker) -> bool:
    """The session is long and the conversation between topics: time to carry it into a new one."""
    return events_in_session(tracker) >= COMPACT_AFTER_EVENTS and is_between_topics(tracker)


def session_restart_events(tracker: DialogueStateTracker, sensitive: AbstractSet[str]) -> list[Event]:
    """What Rasa's action_session_start logs, carrying over the remembered slots
    (never `sensitive`, the check's answers).

    Timestamps follow the last event, so the SQL store's "latest session" query
    (timestamp >= latest session_started) finds exactly the new session.
    """
    carried = [SlotSet(name, slot.value) for name, slot in tracker.slots.items()
               if name not in NOT_CARRIED_OVER and name not in sensitive and slot.value != slot.initial_value]
    events: list[Event] = [ActionExecuted(ACTION_SESSION_START_NAME), SessionStarted(), *carried,
                           ActionExecuted(ACTION_LISTEN_NAME)]
    start = max(time.time(), tracker.events[-1].timestamp + 0.001)
    for offset, event in enumerate(events):
        event.timestamp = start + offset * 0.000_01
    return events
