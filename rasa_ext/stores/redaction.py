"""Which stored events of a finished eligibility check hold answers, and their redacted form.

Age, residence status and years of residence are only needed until the verdict. When a
check ends (verdict, cancel or restart), the stored turns of that check are rewritten:
user texts and entities are replaced, sensitive slot values set to null, and the verdict
message removed. The SQL side is in rasa_ext/stores/tracker_store.py.

The sensitive slots are the ones the check's form asks (domain.yml, `eligibility_form`'s
`required_slots`), read from the model's domain: the Rasa server does not import the
action package (tests/test_server_boundary.py checks that the two lists agree).
"""
from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from typing import Any

from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker

CHECK_FORM = "eligibility_form"
CHECK_START = "action_start_eligibility"
CHECK_END = {"action_eligibility_verdict", "action_cancel_eligibility", "action_restart"}
REDACTED = "[entfernt]"


def sensitive_slots(domain: Domain | None) -> frozenset[str]:
    """The slots the eligibility check asks: its answers. Empty for a domain without the check,
    which then has no answers to forget."""
    return frozenset(domain.required_slots_for_form(CHECK_FORM)) if domain is not None else frozenset()


def check_ended_this_turn(tracker: DialogueStateTracker) -> bool:
    """True when an action that ends a check ran after the latest user message."""
    for event in reversed(tracker.events):
        if event.type_name == "user":
            return False
        if event.type_name == "action" and getattr(event, "action_name", None) in CHECK_END:
            return True
    return False


def redact_event(data: dict[str, Any], after_end: bool, sensitive: AbstractSet[str]) -> dict[str, Any] | None:
    """The redacted form of one stored event, or None when it holds nothing sensitive.

    sensitive: the check's answer slots (`sensitive_slots`)."""
    kind = data.get("event")
    if kind == "user" and not after_end:
        data["text"] = REDACTED
        parse_data = data.get("parse_data") or {}
        parse_data.update({"text": REDACTED, "entities": []})
        data["parse_data"] = parse_data
        return data
    if kind == "slot" and data.get("name") in sensitive and data.get("value") is not None:
        data["value"] = None
        return data
    if kind == "bot" and after_end:
        data.update({"text": REDACTED, "data": {}})
        return data
    return None


def last_check_window(rows: list) -> Iterable[tuple]:
    """(row, after_end) from the last check start to the end of the turn that ended it.

    rows: stored events in order, with `type_name` and `action_name` like the events table.
    """
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
