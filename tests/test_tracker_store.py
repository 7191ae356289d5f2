"""The redacting tracker store forgets a finished check's answers in the stored conversation."""
import asyncio
import json
import sqlite3

from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from rasa_ext.tracker_store import REDACTED, RedactingSQLTrackerStore

DOMAIN = Domain.from_path("domain.yml")


def user(text, intent="inform"):
    return UserUttered(text, {"name": intent, "confidence": 1.0}, parse_data={"text": text, "entities": []})


def stored(db):
    with sqlite3.connect(db) as connection:
        return [json.loads(d) for (d,) in connection.execute("select data from events order by id")]


def save_turns(store, turns):
    tracker = DialogueStateTracker("s", DOMAIN.slots)
    for events in turns:
        for event in events:
            tracker.update(event)
        asyncio.run(store.save(tracker))


def test_answers_redacted_after_verdict_but_not_before(tmp_path):
    db = tmp_path / "rasa.db"
    store = RedactingSQLTrackerStore(domain=DOMAIN, dialect="sqlite", db=str(db))
    before = [user("Kann ich 25a bekommen?", "check_eligibility"), ActionExecuted("action_start_eligibility")]
    answer = [ActionExecuted("action_listen"), user("Ich bin 19 und habe eine Duldung"), SlotSet("age", 19),
              SlotSet("residence_status", "duldung")]
    verdict = [ActionExecuted("action_listen"), user("ja", "affirm"), ActionExecuted("action_eligibility_verdict"),
               BotUttered("Ergebnis: voraussichtlich ja"), SlotSet("age", None), ActionExecuted("action_listen")]
    later = [user("Danke", "thank"), ActionExecuted("utter_thank"), BotUttered("Gern geschehen!")]
    save_turns(store, [before, answer])
    assert "Ich bin 19" in json.dumps(stored(db))  # still needed while the check runs
    save_turns(store, [before, answer, verdict, later])
    rows = stored(db)
    texts = [r.get("text") for r in rows if r["event"] in ("user", "bot")]
    assert texts == ["Kann ich 25a bekommen?", REDACTED, REDACTED, REDACTED, "Danke", "Gern geschehen!"]
    assert all(r["value"] is None for r in rows if r["event"] == "slot" and r["name"] in ("age", "residence_status"))
    user_content = [(r["text"], r["parse_data"]["text"], r["parse_data"]["entities"]) for r in rows if r["event"] == "user"]
    assert "19" not in json.dumps(user_content) and "Duldung" not in json.dumps(user_content)


def test_conversation_without_check_is_untouched(tmp_path):
    db = tmp_path / "rasa.db"
    store = RedactingSQLTrackerStore(domain=DOMAIN, dialect="sqlite", db=str(db))
    save_turns(store, [[user("Hallo", "greet"), ActionExecuted("utter_greet"), BotUttered("Hallo!"),
                        ActionExecuted("action_restart")]])
    assert [r.get("text") for r in stored(db) if r["event"] in ("user", "bot")] == ["Hallo", "Hallo!"]
