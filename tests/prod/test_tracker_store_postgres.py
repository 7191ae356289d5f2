"""The tracker store tests of tests/test_tracker_store.py, on PostgreSQL through asyncpg.

Same tests, other `make_store`: each name gets its own database, emptied when a test first
makes a store on it. Rasa's own SQLTrackerStore (psycopg2) reads what ours writes there.
"""
import logging
import threading

import pytest
from rasa.shared.core.events import SessionStarted, UserUttered

from rasa_ext.stores.sql_events import AsyncpgRunner
from rasa_ext.stores.tracker_store import RedactingSQLTrackerStore, event_row
from scripts import prod_services
from tests.test_tracker_store import *  # noqa: F401,F403 - the tests to run again
from tests.test_tracker_store import DOMAIN, run, user

pytestmark = pytest.mark.prod


def create_database(services, database):
    prod_services.psql(services, f"CREATE DATABASE {database} OWNER {prod_services.DB_USER}", database="postgres")


def store_on(services, database, store_class=RedactingSQLTrackerStore):
    return store_class(domain=DOMAIN, dialect="postgresql", host="127.0.0.1", port=services.pg_port,
                       db=database, username=prod_services.DB_USER, password=services.pg_password)


@pytest.fixture
def make_store(services):
    emptied = set()

    def make(name="rasa", store_class=RedactingSQLTrackerStore):
        database = f"store_{name}"
        if not prod_services.psql(services, f"SELECT 1 FROM pg_database WHERE datname = '{database}'",
                                  database="postgres"):
            create_database(services, database)
        store = store_on(services, database, store_class)
        if database not in emptied:
            prod_services.psql(services, "TRUNCATE events RESTART IDENTITY", database=database)
            emptied.add(database)
        return store
    return make


def test_postgres_stores_use_asyncpg(make_store):
    store = make_store()
    assert isinstance(store.runner, AsyncpgRunner)
    assert run(store.runner.fetch("SELECT count(*) FROM events"))[0][0] == 0


def test_workers_starting_together_create_the_table_without_a_conflict(services, caplog):
    """Sanic forks the workers at once and each builds its tracker store. Without a lock, two
    CREATE TABLEs race; the loser logged psycopg2's UniqueViolation and slept 5 s in Rasa's retry."""
    database = "store_race"
    prod_services.psql(services, f"DROP DATABASE IF EXISTS {database}", database="postgres")
    create_database(services, database)
    start = threading.Barrier(4)
    stores = []

    def start_worker():
        start.wait()
        stores.append(store_on(services, database))

    with caplog.at_level(logging.WARNING, logger="rasa.core.tracker_store"):
        workers = [threading.Thread(target=start_worker) for _ in range(4)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
    assert len(stores) == 4
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []
    assert prod_services.psql(services, "SELECT count(*) FROM events", database=database).strip() == "0"


def test_a_long_conversation_reads_its_session_without_reading_the_table_per_row(make_store):
    """On a young table PostgreSQL's statistics still say "empty". The session read once joined the table with
    the lookup of the session start, and the planner ran that lookup once per row of the conversation: turn 180
    took 700 ms instead of 25 (docs/performance.md). The lookup must run once per read, whatever the statistics."""
    store = make_store("young")
    sender = "long-conversation"
    events = [SessionStarted() if i % 100 == 0 else user(f"Frage {i}") for i in range(2000)]

    async def write_and_explain():
        async with store.runner.transaction() as connection:
            await connection.executemany(store.queries.insert, [event_row(sender, e) for e in events])
        return await store.runner.fetch("EXPLAIN " + store.queries.session_events, sender)

    plan = "\n".join(row[0] for row in run(write_and_explain()))
    assert "InitPlan" in plan and "Nested Loop" not in plan, plan
    tracker = run(store.retrieve(sender))
    assert [e.text for e in tracker.events if isinstance(e, UserUttered)][-1] == "Frage 1999"
    assert len(tracker.events) == 100
