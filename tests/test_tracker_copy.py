"""rasa_ext/patches/tracker_copy.py gives the tracker Rasa's replayed copy gives.

The trackers are the ones Rasa sent to the action server for the bench conversation (greeting,
service question, KI, a whole naturalisation check), cut after every event, so that every state
of a conversation is copied: before and in the form, with a rejected action, after the check.
"""
import json
from pathlib import Path

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, ActionExecutionRejected, ActiveLoop, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from rasa_ext.patches import tracker_copy
from tests.support.servers import REPO

pytestmark = pytest.mark.unit

RECORDED = Path(__file__).parent / "fixtures" / "profiling" / "bench_action_calls.json"


@pytest.fixture(scope="module")
def domain() -> Domain:
    return Domain.load(str(REPO / "domain.yml"))


def recorded_event_lists() -> list[list[dict]]:
    turns = json.loads(RECORDED.read_text())["turns"]
    return [call["tracker"]["events"] for turn in turns for call in turn["calls"]]


def every_state(domain: Domain) -> list[DialogueStateTracker]:
    longest = max(recorded_event_lists(), key=len)
    extra = [ActiveLoop("eligibility_form"), ActionExecutionRejected("eligibility_form"),
             UserUttered("abbrechen", {"name": "stop"}), ActiveLoop(None), SlotSet("program", None),
             ActionExecuted("action_listen")]
    events = DialogueStateTracker.from_dict("probe", longest, domain.slots).events
    return [DialogueStateTracker.from_events("probe", [*events, *extra][:end], domain.slots)
            for end in range(len(events) + len(extra) + 1)]


def state(tracker: DialogueStateTracker) -> dict:
    """Everything a tracker holds, as a snapshot (slots, the active loop and the latest action as values)."""
    found = {key: value for key, value in vars(tracker).items() if key not in ("slots", "events", "active_loop")}
    found["events"] = list(tracker.events)
    found["slots"] = {name: (type(slot), dict(vars(slot))) for name, slot in tracker.slots.items()}
    found["active_loop"] = dict(vars(tracker.active_loop)) if tracker.active_loop else None
    found["latest_action"] = dict(tracker.latest_action) if tracker.latest_action is not None else None
    return found


def test_the_recorded_conversation_reaches_the_form_and_its_end(domain):
    trackers = every_state(domain)
    assert len(trackers) > 40
    assert any(t.active_loop_name == "eligibility_form" for t in trackers)
    assert any(t.active_loop and t.active_loop.rejected for t in trackers)
    assert any(t.get_slot("program") == "einbuergerung" for t in trackers)


def test_the_copy_holds_what_the_replayed_copy_holds(domain):
    for tracker in every_state(domain):
        replayed = tracker.travel_back_in_time(float("inf"))
        assert state(tracker_copy.state_copy(tracker)) == state(replayed), len(tracker.events)


def test_changing_the_copy_leaves_the_original_as_it_was(domain):
    for tracker in every_state(domain)[::3]:
        before = state(tracker)
        twin = tracker_copy.state_copy(tracker)
        twin.reject_action("eligibility_form")  # changes the active loop in place
        twin.interrupt_loop(True)
        twin.latest_action["action_name"] = "changed"
        twin.update_with_events([SlotSet("program", "einbuergerung"), ActiveLoop("eligibility_form"),
                                 ActionExecutionRejected("eligibility_form"), ActionExecuted("action_listen")],
                                domain)
        assert state(tracker) == before


def test_what_the_tracker_store_puts_on_a_tracker_stays_behind_as_in_rasas_copy(domain):
    from rasa_ext.stores.tracker_store import STORED_COUNT
    tracker = every_state(domain)[-1]
    setattr(tracker, STORED_COUNT, len(tracker.events))
    assert state(tracker_copy.state_copy(tracker)) == state(tracker.travel_back_in_time(float("inf")))


def test_installed_copy_is_used_for_plain_trackers_only(domain):
    tracker_copy.install()
    tracker = every_state(domain)[-1]
    assert state(tracker.copy()) == state(tracker.travel_back_in_time(float("inf")))
    without_domain = DialogueStateTracker.from_events("probe", list(tracker.events), slots=None)
    assert state(without_domain.copy()) == state(without_domain.travel_back_in_time(float("inf")))
