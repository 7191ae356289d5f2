"""The retention purge (rasa_ext/stores/retention.py) on real PostgreSQL, and while the replicas serve.

The store tests of tests/test_retention.py run again with another `db_url`: a fresh database
per test. The last test ages two conversations the replicas served, runs the purge from
endpoints.prod.yml, and has replica B answer one of them between choosing and deleting.
"""
import uuid

import pytest
import sqlalchemy as sa

from rasa_ext.channels.conversation_keys import conversation_key
from rasa_ext.stores import retention
from scripts import prod_services
from tests.prod.cluster import ENDPOINTS, assert_whole_turns, replies, user_turns
from tests.test_retention import (  # noqa: F401 - the fixture the tests below use
    CUTOFF,
    DAY,
    engine,
    test_a_turn_between_choosing_and_deleting_loses_nothing,
    test_batches_cover_every_old_conversation,
    test_no_events_table_yet,
    test_old_conversations_go_and_recent_ones_stay_complete,
    test_turns_from_another_thread_during_a_purge_lose_nothing,
)

pytestmark = pytest.mark.prod

__all__ = ["test_a_turn_between_choosing_and_deleting_loses_nothing", "test_batches_cover_every_old_conversation",
           "test_no_events_table_yet", "test_old_conversations_go_and_recent_ones_stay_complete",
           "test_turns_from_another_thread_during_a_purge_lose_nothing"]


@pytest.fixture
def db_url(services):
    database = "retention_test"
    prod_services.psql(services, f"DROP DATABASE IF EXISTS {database} WITH (FORCE)", database="postgres")
    prod_services.psql(services, f"CREATE DATABASE {database} OWNER {prod_services.DB_USER}", database="postgres")
    return sa.engine.URL.create("postgresql", prod_services.DB_USER, services.pg_password, "127.0.0.1",
                                services.pg_port, database)


def age(services, sender, days):
    """Move a served conversation back in time, as if its last turn were `days` old."""
    key = conversation_key("rest", sender).replace("'", "''")
    prod_services.psql(services, f"UPDATE events SET timestamp = timestamp - {days * DAY} WHERE sender_id = '{key}'")


def test_purge_while_the_replicas_serve(cluster, services):
    returns, gone, active = (uuid.uuid4().hex for _ in range(3))
    for sender in (returns, gone, active):
        status, messages = cluster.post("A", sender, "Welches KI ist für Bonn zuständig?")
        assert status == 200 and "Bonn" in replies(messages)
    for sender in (returns, gone):
        age(services, sender, 120)
    returns_before, active_before = cluster.events(returns), cluster.events(active)
    answered = []

    def returns_during_the_purge(ids):
        if conversation_key("rest", returns) in ids:
            answered.append(cluster.post("B", returns, "Welches KI ist für Köln zuständig?"))

    url = retention.database_url(retention.tracker_store_config(ENDPOINTS, cluster.env("A")))
    cluster_engine = sa.create_engine(url)  # not the `engine` fixture imported above
    try:
        result = retention.purge(cluster_engine, retention.cutoff_timestamp(90), batch_size=1,
                                 before_delete=returns_during_the_purge)
    finally:
        cluster_engine.dispose()

    assert len(answered) == 1 and answered[0][0] == 200 and "Köln" in replies(answered[0][1])
    assert cluster.events(gone) == []
    assert cluster.events(active) == active_before
    returns_after = cluster.events(returns)
    assert returns_after[:len(returns_before)] == returns_before  # the old turn is kept ...
    assert user_turns(returns_after) == 2  # ... and the new one stored after it
    assert_whole_turns(returns_after)
    assert (result.conversations, result.skipped) == (1, 1)
    print(f"\npurge while serving: deleted {result.conversations} conversation ({result.events} events), "
          f"kept {result.skipped} that got a turn; {len(returns_after)} events in it now")
