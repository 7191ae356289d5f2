"""The redacting tracker store forgets a finished check's answers in the stored conversation.

These run on SQLite; tests/prod/test_tracker_store_postgres.py runs them again on PostgreSQL
(asyncpg) by replacing the `make_store` fixture.
"""
import asyncio
import json

import pytest
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, ActiveLoop, BotUttered, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from rasa_ext.stores.long_sessions import COMPACT_AFTER_EVENTS, session_restart_events
from rasa_ext.stores.redaction import REDACTED, sensitive_slots
from rasa_ext.stores.tracker_store import RedactingSQLTrackerStore

pytestmark = pytest.mark.unit

DOMAIN = Domain.from_path("domain.yml")


def user(text, intent="inform"):
    return UserUttered(text, {"name": intent, "confidence": 1.0}, parse_data={"text": text, "entities": []})


# One loop for all tests: a PostgreSQL store keeps its connection pool per event loop.
LOOP = asyncio.new_event_loop()


def run(coroutine):
    return LOOP.run_until_complete(coroutine)


@pytest.fixture
def make_store(tmp_path):
    """make(name, store_class): a store on database `name`, empty when first made in a test."""
    def make(name="rasa", store_class=RedactingSQLTrackerStore):
        return store_class(domain=DOMAIN, dialect="sqlite", db=str(tmp_path / f"{name}.db"))
    return make


def stored(store):
    """Every stored event, oldest first, as the database holds it."""
    return [json.loads(row[0]) for row in run(store.runner.fetch("SELECT data FROM events ORDER BY id"))]


def save_turns(store, turns):
    tracker = DialogueStateTracker("s", DOMAIN.slots)
    for events in turns:
        for event in events:
            tracker.update(event)
        run(store.save(tracker))


def test_answers_redacted_after_verdict_but_not_before(make_store):
    store = make_store()
    before = [user("Kann ich 25a bekommen?", "check_eligibility"), ActionExecuted("action_start_eligibility")]
    answer = [ActionExecuted("action_listen"), user("Ich bin 19 und habe eine Duldung"), SlotSet("age", 19),
              SlotSet("residence_status", "duldung")]
    verdict = [ActionExecuted("action_listen"), user("ja", "affirm"), ActionExecuted("action_eligibility_verdict"),
               BotUttered("Ergebnis: voraussichtlich ja"), SlotSet("age", None), ActionExecuted("action_listen")]
    later = [user("Danke", "thank"), ActionExecuted("utter_thank"), BotUttered("Gern geschehen!")]
    save_turns(store, [before, answer])
    assert "Ich bin 19" in json.dumps(stored(store))  # still needed while the check runs
    save_turns(store, [before, answer, verdict, later])
    rows = stored(store)
    texts = [r.get("text") for r in rows if r["event"] in ("user", "bot")]
    assert texts == ["Kann ich 25a bekommen?", REDACTED, REDACTED, REDACTED, "Danke", "Gern geschehen!"]
    assert all(r["value"] is None for r in rows if r["event"] == "slot" and r["name"] in ("age", "residence_status"))
    user_content = [(r["text"], r["parse_data"]["text"], r["parse_data"]["entities"])
                    for r in rows if r["event"] == "user"]
    assert "19" not in json.dumps(user_content) and "Duldung" not in json.dumps(user_content)


def test_conversation_without_check_is_untouched(make_store):
    store = make_store()
    save_turns(store, [[user("Hallo", "greet"), ActionExecuted("utter_greet"), BotUttered("Hallo!"),
                        ActionExecuted("action_restart")]])
    assert [r.get("text") for r in stored(store) if r["event"] in ("user", "bot")] == ["Hallo", "Hallo!"]


# --- long conversations: a new session once the current one is long -------------------

def take_turn(store, sender, events):
    """One turn as Rasa's processor does it: read the current session, add the turn, save."""
    tracker = run(store.retrieve(sender)) or DialogueStateTracker(sender, DOMAIN.slots)
    for event in events:
        tracker.update(event)
    run(store.save(tracker))
    return tracker


def session_length(store, sender):
    tracker = run(store.retrieve(sender))
    return len(tracker.events) if tracker else 0


def service_turn(topic="integrationskurs"):
    return [user("Was ist ein Integrationskurs?", "ask_service"), ActionExecuted("action_answer_service"),
            BotUttered("Integrationskurs: …"), SlotSet("topic", topic), ActionExecuted("action_listen")]


def test_long_conversation_continues_in_a_new_session_with_its_slots(make_store):
    store = make_store()
    take_turn(store, "s", [ActionExecuted("action_listen"), user("Bonn", "inform_place"),
                           ActionExecuted("action_find_ki"), SlotSet("place_label", "Bonn"), SlotSet("ki_id", "5314"),
                           BotUttered("Zuständig ist das KI Bonn."), ActionExecuted("action_listen")])
    turns = 1
    while session_length(store, "s") < COMPACT_AFTER_EVENTS - 5:
        take_turn(store, "s", service_turn())
        turns += 1
    take_turn(store, "s", service_turn("einbuergerung"))  # crosses the bound
    turns += 1

    current = run(store.retrieve("s"))
    assert [e.type_name for e in current.events][:1] == ["session_started"]
    assert len(current.events) < 10
    assert current.get_slot("place_label") == "Bonn" and current.get_slot("ki_id") == "5314"
    assert current.get_slot("topic") == "einbuergerung"
    assert current.latest_action_name == "action_listen" and current.active_loop_name is None

    # Nothing is lost: every user message is still stored, and the next turn builds on the new session.
    take_turn(store, "s", service_turn())
    full = run(store.retrieve_full_tracker("s"))
    assert sum(e.type_name == "user" for e in full.events) == turns + 1
    assert sum(e.type_name == "session_started" for e in full.events) == 1
    after = run(store.retrieve("s"))
    assert [e.type_name for e in after.events].count("user") == 1
    assert after.get_slot("place_label") == "Bonn"


def test_no_new_session_while_a_check_is_running(make_store):
    store = make_store()
    while session_length(store, "s") < COMPACT_AFTER_EVENTS - 5:
        take_turn(store, "s", service_turn())
    take_turn(store, "s", [user("Kann ich 25a bekommen?", "check_eligibility"),
                           ActionExecuted("action_start_eligibility"),
                           ActionExecuted("eligibility_form"), ActiveLoop("eligibility_form"),
                           SlotSet("requested_slot", "age"), BotUttered("Wie alt sind Sie?"),
                           ActionExecuted("action_listen")])
    for answer in ("19", "Duldung", "seit 2020"):
        take_turn(store, "s", [user(answer), ActionExecuted("eligibility_form"), SlotSet("age", 19),
                               BotUttered("Nächste Frage"), ActionExecuted("action_listen")])
    tracker = run(store.retrieve("s"))
    assert not any(e.type_name == "session_started" for e in tracker.events)
    assert tracker.active_loop_name == "eligibility_form" and tracker.get_slot("age") == 19


def test_sensitive_answers_are_never_carried_into_a_new_session():
    tracker = DialogueStateTracker("s", DOMAIN.slots)
    for event in service_turn() * 30:
        tracker.update(event)
    tracker.update(SlotSet("age", 19))  # should be null outside a check; never carried all the same
    tracker.update(ActionExecuted("action_listen"))
    restart = session_restart_events(tracker, sensitive_slots(DOMAIN))
    carried = {e.key: e.value for e in restart if isinstance(e, SlotSet)}
    assert carried == {"topic": "integrationskurs"}


# --- same rows as Rasa's own SQLTrackerStore ---------------------------------------------

def conversation_turns():
    return [[ActionExecuted("action_listen"), user("Hallo", "greet"), ActionExecuted("utter_greet"),
             BotUttered("Hallo! Ich bin der Integrationslotse."), ActionExecuted("action_listen")],
            [user("Bonn", "inform_place"), ActionExecuted("action_find_ki"), SlotSet("place_label", "Bonn"),
             BotUttered("Zuständig ist das KI Bonn."), ActionExecuted("action_listen")]]


def test_rasas_store_reads_what_ours_writes_and_the_other_way(make_store):
    turns = conversation_turns()
    ours = make_store("ours")
    save_turns(ours, turns)
    rasas_view = run(make_store("ours", SQLTrackerStore).retrieve("s"))
    our_view = run(ours.retrieve("s"))
    assert [e.as_dict() for e in rasas_view.events] == [e.as_dict() for e in our_view.events]
    assert our_view.get_slot("place_label") == "Bonn" and len(our_view.events) == 10

    stock = make_store("stock", SQLTrackerStore)
    save_turns(stock, turns)
    read_by_ours = run(make_store("stock").retrieve("s"))
    assert [e.as_dict() for e in read_by_ours.events] == [e.as_dict() for e in our_view.events]


def test_a_tracker_saved_twice_or_rebuilt_is_stored_once(make_store):
    store = make_store()
    first, second = conversation_turns()
    tracker = take_turn(store, "s", first)
    run(store.save(tracker))  # nothing new: nothing written
    rebuilt = DialogueStateTracker.from_events("s", [*first, *second], DOMAIN.slots)  # not read from the store
    run(store.save(rebuilt))
    assert [r.get("text") for r in stored(store) if r["event"] in ("user", "bot")] == [
        "Hallo", "Hallo! Ich bin der Integrationslotse.", "Bonn", "Zuständig ist das KI Bonn."]


def test_the_engine_pings_before_use(make_store):
    """A connection PostgreSQL closed (e.g. on a restart) is replaced before use: SQLAlchemy's own setting."""
    store = make_store()
    assert store.engine.pool._pre_ping is True
    assert store.sessionmaker.kw["bind"] is store.engine
