"""The tracker store tests of tests/test_tracker_store.py, on PostgreSQL through asyncpg.

Same tests, other `make_store`: each name gets its own database, emptied when a test first
makes a store on it. Rasa's own SQLTrackerStore (psycopg2) reads what ours writes there.
"""
import pytest

from rasa_ext.sql_events import AsyncpgRunner
from rasa_ext.tracker_store import RedactingSQLTrackerStore
from scripts import prod_services
from tests.test_tracker_store import *  # noqa: F401,F403 - the tests to run again
from tests.test_tracker_store import DOMAIN, run


@pytest.fixture
def make_store(services):
    emptied = set()

    def make(name="rasa", store_class=RedactingSQLTrackerStore):
        database = f"store_{name}"
        if not prod_services.psql(services, f"SELECT 1 FROM pg_database WHERE datname = '{database}'",
                                  database="postgres"):
            prod_services.psql(services, f"CREATE DATABASE {database} OWNER {prod_services.DB_USER}",
                               database="postgres")
        store = store_class(domain=DOMAIN, dialect="postgresql", host="127.0.0.1", port=services.pg_port,
                            db=database, username=prod_services.DB_USER, password=services.pg_password)
        if database not in emptied:
            prod_services.psql(services, "TRUNCATE events RESTART IDENTITY", database=database)
            emptied.add(database)
        return store
    return make


def test_postgres_stores_use_asyncpg(make_store):
    store = make_store()
    assert isinstance(store.runner, AsyncpgRunner)
    assert run(store.runner.fetch("SELECT count(*) FROM events"))[0][0] == 0
