"""A SQL tracker store that forgets eligibility answers once a check ends.

Age, residence status and years of residence are only needed until the verdict.
When a check ends (verdict, cancel or restart), the stored turns of that check are
rewritten: user texts and entities are replaced, sensitive slot values set to null,
and the verdict message removed. Works for SQLite and PostgreSQL alike.
"""
from __future__ import annotations

import json
import logging
from typing import Any, Dict, Iterable, Optional

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.trackers import DialogueStateTracker

from actions.eligibility import SENSITIVE_SLOTS

logger = logging.getLogger(__name__)

CHECK_START = "action_start_eligibility"
CHECK_END = {"action_eligibility_verdict", "action_cancel_eligibility", "action_restart"}
REDACTED = "[entfernt]"


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


class RedactingSQLTrackerStore(SQLTrackerStore):
    """SQLTrackerStore that redacts the turns of a finished eligibility check."""

    async def save(self, tracker: DialogueStateTracker) -> None:
        await super().save(tracker)
        if check_ended_this_turn(tracker):
            self.redact_last_check(tracker.sender_id)

    def redact_last_check(self, sender_id: str) -> None:
        with self.session_scope() as session:
            rows = (session.query(self.SQLEvent).filter(self.SQLEvent.sender_id == sender_id)
                    .order_by(self.SQLEvent.id).all())
            changed = self._redact_rows(self._last_check_window(rows))
            session.commit()
        logger.info("Redacted %d stored events of a finished eligibility check.", changed)

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
