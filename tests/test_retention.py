"""Conversation retention (rasa_ext/stores/retention.py): what the purge deletes and what it keeps.

The store tests run on SQLite here; tests/prod/test_retention_postgres.py runs them again on
PostgreSQL by replacing the `db_url` fixture. They assert rows, never timing.
"""
import json
import threading
import time

import pytest
import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from rasa_ext.stores import retention
from rasa_ext.stores.retention import RetentionError

pytestmark = pytest.mark.unit

DAY = 86400
NOW = time.time()
CUTOFF = retention.cutoff_timestamp(90, NOW)
OLD = NOW - 120 * DAY
RECENT = NOW - 3 * DAY


@pytest.fixture
def db_url(tmp_path):
    return f"sqlite:///{tmp_path / 'rasa.db'}"


@pytest.fixture
def engine(db_url):
    engine = sa.create_engine(db_url)
    SQLTrackerStore.Base.metadata.create_all(engine)  # Rasa's own events table
    yield engine
    engine.dispose()


def add_events(engine, sender, timestamps):
    """Rows as Rasa's SQLTrackerStore writes them: a user message, then the bot's answers."""
    rows = [{"sender_id": sender, "type_name": "user" if i == 0 else "bot", "timestamp": stamp,
             "intent_name": None, "action_name": None,
             "data": json.dumps({"event": "user" if i == 0 else "bot", "text": f"Nachricht {i}", "timestamp": stamp})}
            for i, stamp in enumerate(timestamps)]
    with engine.begin() as connection:
        connection.execute(SQLTrackerStore.SQLEvent.__table__.insert(), rows)


def rows_by_sender(engine, column):
    """{sender_id: [column values]} of everything stored, in the order written."""
    stored = {}
    with engine.connect() as connection:
        for sender, value in connection.execute(sa.text(f"SELECT sender_id, {column} FROM events ORDER BY id")):
            stored.setdefault(sender, []).append(value)
    return stored


def event_stamps(engine):
    return rows_by_sender(engine, "timestamp")


def event_ids(engine):
    return rows_by_sender(engine, "id")


# --- on the store (SQLite here, PostgreSQL in tests/prod) ----------------------------------

def test_old_conversations_go_and_recent_ones_stay_complete(engine):
    add_events(engine, "rest:old-1", [OLD, OLD + 60, OLD + 120])
    add_events(engine, "telegram:4711", [OLD - 30 * DAY, OLD])
    add_events(engine, "rest:recent", [RECENT, RECENT + 5])
    add_events(engine, "socketio:long-ago-but-back", [OLD, OLD + 1, RECENT])  # newest event decides
    before = event_ids(engine)

    result = retention.purge(engine, CUTOFF)

    after = event_ids(engine)
    assert set(after) == {"rest:recent", "socketio:long-ago-but-back"}
    assert after["rest:recent"] == before["rest:recent"]
    assert after["socketio:long-ago-but-back"] == before["socketio:long-ago-but-back"]
    assert (result.conversations, result.events, result.skipped) == (2, 5, 0)


def test_batches_cover_every_old_conversation(engine):
    for number in range(7):
        add_events(engine, f"rest:old-{number}", [OLD, OLD + 1])
    add_events(engine, "rest:recent", [RECENT])

    result = retention.purge(engine, CUTOFF, batch_size=2)

    assert set(event_ids(engine)) == {"rest:recent"}
    assert (result.conversations, result.events, result.batches) == (7, 14, 4)


def test_a_turn_between_choosing_and_deleting_loses_nothing(engine):
    add_events(engine, "rest:returns", [OLD, OLD + 1])
    add_events(engine, "rest:gone", [OLD, OLD + 1])
    chosen = []

    def new_turn_arrives(ids):
        chosen.extend(ids)
        add_events(engine, "rest:returns", [time.time(), time.time()])

    result = retention.purge(engine, CUTOFF, before_delete=new_turn_arrives)

    assert sorted(chosen) == ["rest:gone", "rest:returns"]  # both were candidates ...
    assert set(event_ids(engine)) == {"rest:returns"}  # ... but the DELETE saw the new turn
    assert len(event_ids(engine)["rest:returns"]) == 4  # the old turn and the new one
    assert (result.conversations, result.events, result.skipped) == (1, 2, 1)


def test_turns_from_another_thread_during_a_purge_lose_nothing(engine):
    """However the two interleave: each old conversation is kept whole or deleted whole, and
    every turn the other thread added is stored."""
    senders = [f"rest:old-{number:02d}" for number in range(30)]
    for sender in senders:
        add_events(engine, sender, [OLD, OLD + 1, OLD + 2])
    first_batch = threading.Event()
    added = []

    def bot_serves():
        first_batch.wait(timeout=30)
        for sender in senders[::3]:
            add_events(engine, sender, [time.time()])
            added.append(sender)

    serving = threading.Thread(target=bot_serves)
    serving.start()
    retention.purge(engine, CUTOFF, batch_size=1, before_delete=lambda ids: first_batch.set())
    serving.join()

    # Told apart by timestamp, not row id: once the purge has emptied the table, SQLite gives a
    # new row an id that an old, deleted row had.
    after = event_stamps(engine)
    assert added == senders[::3]
    for sender in senders:
        kept = [stamp for stamp in after.get(sender, []) if stamp < CUTOFF]
        assert kept in ([], [OLD, OLD + 1, OLD + 2]), sender  # never half a conversation
        if sender in added:
            assert len(after[sender]) == len(kept) + 1, sender  # the new turn is there


def test_no_events_table_yet(db_url):
    engine = sa.create_engine(db_url)
    try:
        assert retention.purge(engine, CUTOFF) == retention.PurgeResult()
    finally:
        engine.dispose()


# --- rows written by the project's tracker store (SQLite) ----------------------------------

def test_conversations_saved_by_the_tracker_store(tmp_path):
    from rasa_ext.stores.tracker_store import RedactingSQLTrackerStore
    from tests.test_tracker_store import DOMAIN, run

    store = RedactingSQLTrackerStore(domain=DOMAIN, dialect="sqlite", db=str(tmp_path / "rasa.db"))
    for sender, start in (("rest:old", OLD), ("rest:recent", RECENT)):
        tracker = DialogueStateTracker(sender, DOMAIN.slots)
        for offset, event in enumerate([UserUttered("Hallo", {"name": "greet", "confidence": 1.0}),
                                        ActionExecuted("utter_greet"), BotUttered("Hallo!"),
                                        ActionExecuted("action_listen")]):
            event.timestamp = start + offset
            tracker.update(event)
        run(store.save(tracker))
    recent_before = run(store.retrieve_full_tracker("rest:recent")).events

    result = retention.purge(store.engine, CUTOFF)

    assert (result.conversations, result.events) == (1, 4)
    assert run(store.retrieve("rest:old")) is None
    assert list(run(store.retrieve_full_tracker("rest:recent")).events) == list(recent_before)


# --- configuration ---------------------------------------------------------------------------

def test_retention_days_default_and_environment():
    assert retention.retention_days({}) == 90
    assert retention.retention_days({"LOTSE_RETENTION_DAYS": ""}) == 90
    assert retention.retention_days({"LOTSE_RETENTION_DAYS": "30"}) == 30
    assert retention.retention_days({"LOTSE_RETENTION_DAYS": " 365 "}) == 365
    assert retention.cutoff_timestamp(30, now=100 * DAY) == 70 * DAY


@pytest.mark.parametrize("bad", ["abc", "0", "-3", "1.5", "90 Tage", "1e3"])
def test_a_bad_retention_value_is_a_clear_error(bad):
    with pytest.raises(RetentionError, match=r"LOTSE_RETENTION_DAYS must be a whole number of days"):
        retention.retention_days({"LOTSE_RETENTION_DAYS": bad})


def write_endpoints(tmp_path, db):
    endpoints = tmp_path / "endpoints.yml"
    endpoints.write_text("tracker_store:\n  type: rasa_ext.stores.tracker_store.RedactingSQLTrackerStore\n"
                         f"  dialect: \"sqlite\"\n  db: \"{db}\"\nlock_store:\n  type: in_memory\n", encoding="utf-8")
    return endpoints


def test_the_command_honours_the_environment_and_prints_counts_only(tmp_path, engine, db_url, monkeypatch, capsys):
    add_events(engine, "rest:sehr-persoenlich", [NOW - 40 * DAY])
    add_events(engine, "rest:neu", [RECENT])
    monkeypatch.setenv("LOTSE_RETENTION_DAYS", "30")

    assert retention.main(["--endpoints", str(write_endpoints(tmp_path, engine.url.database))]) == 0

    out = capsys.readouterr().out
    assert "retention 30 days" in out and "deleted 1 conversations, 1 events" in out
    assert "sehr-persoenlich" not in out and "Nachricht" not in out
    assert set(event_ids(engine)) == {"rest:neu"}


def test_the_command_refuses_a_bad_value_before_touching_the_store(tmp_path, engine, monkeypatch, capsys):
    add_events(engine, "rest:old", [OLD])
    monkeypatch.setenv("LOTSE_RETENTION_DAYS", "neunzig")

    assert retention.main(["--endpoints", str(write_endpoints(tmp_path, engine.url.database))]) == 2

    assert "LOTSE_RETENTION_DAYS must be a whole number of days, at least 1 (got 'neunzig')" in capsys.readouterr().err
    assert set(event_ids(engine)) == {"rest:old"}


def test_a_missing_sqlite_file_is_not_created(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("LOTSE_RETENTION_DAYS", raising=False)
    assert retention.main(["--endpoints", str(write_endpoints(tmp_path, tmp_path / "none.db"))]) == 0
    assert "deleted 0 conversations" in capsys.readouterr().out
    assert not (tmp_path / "none.db").exists()


def test_the_embedded_endpoints_use_sqlite_rasa_db():
    url = retention.database_url(retention.tracker_store_config(retention.Path("endpoints.yml"), {}))
    assert (url.get_backend_name(), url.database) == ("sqlite", "rasa.db")


def test_the_production_endpoints_need_only_the_postgres_variables():
    env = {"PG_HOST": "db.internal", "PG_PORT": "5432", "PG_DB": "lotse", "PG_USER": "lotse", "PG_PASSWORD": "s3cret"}
    url = retention.database_url(retention.tracker_store_config(retention.Path("endpoints.prod.yml"), env))
    assert (url.get_backend_name(), url.host, url.port, url.database, url.username, url.password) == \
        ("postgresql", "db.internal", 5432, "lotse", "lotse", "s3cret")
    assert "s3cret" not in retention.describe(url)
    with pytest.raises(RetentionError, match="environment variable PG_PASSWORD"):
        retention.tracker_store_config(retention.Path("endpoints.prod.yml"),
                                       {k: v for k, v in env.items() if k != "PG_PASSWORD"})


def test_a_store_that_is_not_sql_is_refused(tmp_path):
    endpoints = tmp_path / "endpoints.yml"
    endpoints.write_text("tracker_store:\n  type: redis\n", encoding="utf-8")
    with pytest.raises(RetentionError, match="not an SQL store"):
        retention.tracker_store_config(endpoints, {})


def test_the_chat_page_says_what_is_kept_and_for_how_long():
    """web/index.html names the default period; whoever changes LOTSE_RETENTION_DAYS changes it too."""
    page = retention.Path("web/index.html").read_text(encoding="utf-8")
    note = page.split('class="privacy">', 1)[1].split("</p>", 1)[0]
    note = " ".join(note.split())
    assert f"löschen es {retention.DEFAULT_DAYS} Tage nach Ihrer letzten Nachricht" in note
    assert "wenn die Prüfung endet" in note  # rasa_ext/stores/redaction.py: verdict, cancel or restart
    assert "nur in diesem Browser-Tab" not in note
