"""Copy a tracker by copying its state instead of replaying every event.

Rasa 3.6's `DialogueStateTracker.copy()` is `travel_back_in_time(inf)`: a new tracker that
applies every event of the conversation once more. The processor copies the tracker before
each action it runs (`MessageProcessor._run_action`, two to four per message), which took
3.5 % of the Rasa server's CPU under load, growing with the session's length.

A tracker's state is by design what replaying its events gives ("MUST be re-creatable by
processing all the events", trackers.py), so the copy takes that state directly: the same
events (the same objects, as a replay shares them), copies of the slots with their values, and
copies of what an action may change in place (the active loop, the latest action). What the
replayed copy does not carry over stays unset here too (model and assistant id, sender source).
tests/test_tracker_copy.py compares both copies attribute by attribute on recorded trackers.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from rasa.shared.constants import DEFAULT_SENDER_ID
from rasa.shared.core.trackers import DialogueStateTracker

from rasa_ext.patches.replace import replace_method


def _shallow(thing: Any) -> Any:
    """copy.copy for a plain object (no __copy__, __reduce__ or __slots__, as Rasa's slots are), without the
    generic copy protocol: that took most of the copying time."""
    twin = object.__new__(type(thing))
    twin.__dict__.update(thing.__dict__)
    return twin


# What a tracker holds (its __init__ sets all of it); anything else put on a tracker (the tracker store's count
# of stored events) stays behind, as it does in the replayed copy.
TRACKER_STATE = tuple(vars(DialogueStateTracker("probe", [])))


def state_copy(tracker: DialogueStateTracker) -> DialogueStateTracker:
    """A tracker equal to Rasa's replayed copy, made without replaying."""
    twin = object.__new__(DialogueStateTracker)
    twin.__dict__.update({key: tracker.__dict__[key] for key in TRACKER_STATE})
    twin.sender_id = tracker.sender_id or DEFAULT_SENDER_ID  # as init_copy() names the copy
    twin.sender_source = twin.model_id = twin.assistant_id = None  # init_copy() leaves them unset
    twin.events = tracker._create_events(list(tracker.events))
    twin.slots = {name: _shallow(slot) for name, slot in tracker.slots.items()}
    twin.latest_action = dict(tracker.latest_action) if tracker.latest_action is not None else None
    twin.active_loop = dataclasses.replace(tracker.active_loop) if tracker.active_loop is not None else None
    return twin


def copying_state(original: Callable) -> Callable:
    """DialogueStateTracker.copy without the replay. Rasa's own for a subclass (training's
    TrackerWithCachedStates keeps state per event) and where slots are created on demand (AnySlotDict)."""
    def copy_tracker(self: DialogueStateTracker) -> DialogueStateTracker:
        if type(self) is not DialogueStateTracker or type(self.slots) is not dict:
            return original(self)
        return state_copy(self)
    return copy_tracker


def install() -> None:
    """Replace DialogueStateTracker.copy (once)."""
    replace_method(DialogueStateTracker, "copy", copying_state)
