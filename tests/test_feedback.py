"""Votes on answers (issue #18): validation, anonymous storage, the web chat's vote route."""
from __future__ import annotations

import asyncio
import datetime as dt
import json
from types import SimpleNamespace

import pytest
import sqlalchemy as sa
from rasa_sdk.executor import CollectingDispatcher

from actions.facts import get_facts
from actions.sdk import replies
from rasa_ext.channels import feedback, webchat
from rasa_ext.channels.telegram import VOTE_BUTTONS, is_vote, parse_vote_data, vote_data
from tests.support.servers import post_json

pytestmark = pytest.mark.data

UNIT = next(u["id"] for u in get_facts()["answers"] if u["program"] == "integrationskurs" and u["aspect"] == "what")


@pytest.fixture
def engine(tmp_path):
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'rasa.db'}")
    yield engine
    engine.dispose()


def rows(engine) -> list[dict]:
    with engine.connect() as connection:
        return [dict(row._mapping) for row in connection.execute(sa.text("SELECT * FROM feedback_votes"))]


@pytest.mark.unit
def test_a_vote_is_stored_with_unit_vote_day_and_channel_only(engine):
    feedback.store_vote(engine, UNIT, "down", "webchat", day=dt.date(2026, 3, 4))
    feedback.store_vote(engine, UNIT, "up", "telegram")  # the table exists now: created once
    stored = rows(engine)
    assert set(stored[0]) == {"id", "day", "unit", "vote", "channel"}  # no sender, address, time or text
    assert [(r["unit"], r["vote"], r["channel"]) for r in stored] == [(UNIT, "down", "webchat"),
                                                                     (UNIT, "up", "telegram")]
    assert str(stored[0]["day"]) == "2026-03-04"
    assert feedback.vote_counts(engine, dt.date(2026, 1, 1)) == {UNIT: {"up": 1, "down": 1}}
    assert feedback.vote_counts(engine, dt.date.today() + dt.timedelta(days=1)) == {}


@pytest.mark.unit
def test_no_table_means_no_votes(engine):
    assert feedback.vote_counts(engine, dt.date(2020, 1, 1)) == {}


@pytest.mark.unit
@pytest.mark.parametrize("unit, vote, channel", [("erfunden.unit", "up", "webchat"), (UNIT, "meh", "webchat"),
                                                 (UNIT, "up", "rest")])
@pytest.mark.unit
def test_only_our_votes_are_stored(engine, unit, vote, channel):
    with pytest.raises(feedback.VoteError):
        feedback.store_vote(engine, unit, vote, channel)


@pytest.mark.unit
@pytest.mark.parametrize("body", [
    b"", b"not json", b"[]", b'"up"', b'{"unit": "%s"}' % UNIT.encode(), b'{"vote": "up"}',
    b'{"unit": "%s", "vote": "UP"}' % UNIT.encode(), b'{"unit": "%s", "vote": 1}' % UNIT.encode(),
    b'{"unit": "integrationskurs.gibt_es_nicht", "vote": "up"}', b'{"unit": ["x"], "vote": "up"}',
    b'{"unit": "%s", "vote": "up", "sender": "42"}' % UNIT.encode(),
    b'{"unit": "%s", "vote": "up", "pad": "%s"}' % (UNIT.encode(), b"x" * 2000), b'\xff\xfe'])
@pytest.mark.unit
def test_bad_votes_are_refused(body):
    with pytest.raises(feedback.VoteError):
        feedback.parse_vote(body)


@pytest.mark.unit
def test_a_good_vote_parses():
    assert feedback.parse_vote(json.dumps({"unit": UNIT, "vote": "up"}).encode()) == (UNIT, "up")


@pytest.mark.unit
def test_the_action_names_the_unit_only_when_it_offers_buttons():
    assert replies.VOTE_KEY == feedback.VOTE_KEY
    unit = next(u for u in get_facts()["answers"] if u["id"] == UNIT)
    with_buttons, inside_check = CollectingDispatcher(), CollectingDispatcher()
    replies.reply_with_unit(with_buttons, unit)
    replies.reply_with_unit(inside_check, unit, buttons=False)
    assert with_buttons.messages[0][feedback.VOTE_KEY] == UNIT and with_buttons.messages[0]["buttons"]
    assert feedback.VOTE_KEY not in inside_check.messages[0]


@pytest.mark.unit
def test_telegram_vote_data_is_short_and_round_trips():
    for unit in feedback.known_units():
        for vote, _title in VOTE_BUTTONS:
            data = vote_data(unit, vote)
            assert len(data.encode("utf-8")) <= 64 and is_vote(data)
            assert parse_vote_data(data) == (unit, vote)
    assert parse_vote_data("vote:up:000000000000") is None and parse_vote_data("vote:sideways:" + "0" * 12) is None
    assert [title.split()[0] for _, title in VOTE_BUTTONS] == ["Hilfreich", "Nicht"]  # words before the symbol


# --- the route, called directly ------------------------------------------------------------

def fake_request(body: bytes, engine, content_type: str = "application/json", address: str = "192.0.2.1"):
    agent = SimpleNamespace(tracker_store=SimpleNamespace(_tracker_store=SimpleNamespace(engine=engine)))
    return SimpleNamespace(body=body, headers={"content-type": content_type}, remote_addr=address, ip=address,
                           app=SimpleNamespace(ctx=SimpleNamespace(agent=agent)))


def call(request) -> tuple[int, dict]:
    response = asyncio.run(webchat.receive_vote(request))
    return response.status, json.loads(response.body)


@pytest.mark.unit
def test_route_stores_a_valid_vote(engine):
    status, body = call(fake_request(json.dumps({"unit": UNIT, "vote": "down"}).encode(), engine))
    assert (status, body) == (200, {"stored": True})
    assert [(r["unit"], r["vote"], r["channel"]) for r in rows(engine)] == [(UNIT, "down", "webchat")]


@pytest.mark.unit
@pytest.mark.parametrize("body, content_type", [
    (b'{"unit": "nope", "vote": "up"}', "application/json"), (b'{"vote": "up"}', "application/json"),
    (b"unit=x&vote=up", "application/x-www-form-urlencoded"), (b"{", "application/json"),
    (json.dumps({"unit": UNIT, "vote": "up"}).encode(), "text/plain")])
@pytest.mark.unit
def test_route_refuses_bad_input_with_400(engine, body, content_type):
    status, answer = call(fake_request(body, engine, content_type))
    assert status == 400 and answer["error"] == "invalid_vote"
    assert not sa.inspect(engine).has_table("feedback_votes")


@pytest.mark.unit
def test_route_without_an_sql_store_says_so(engine):
    request = fake_request(json.dumps({"unit": UNIT, "vote": "up"}).encode(), engine)
    request.app.ctx.agent = SimpleNamespace(tracker_store=SimpleNamespace())
    assert call(request)[0] == 503


# --- the route on a running server ---------------------------------------------------------

@pytest.mark.e2e
def test_vote_route_on_the_server(shared_stack):
    rasa, _actions, db = shared_stack
    url = f"{rasa.url}/webhooks/webchat/vote"
    assert post_json(url, {"unit": UNIT, "vote": "up"})[0] == 200
    for bad in ({"unit": UNIT, "vote": "maybe"}, {"unit": "x.y", "vote": "up"}, [], "up", None):
        status, body = post_json(url, bad)
        assert status == 400 and json.loads(body)["error"] == "invalid_vote", (bad, status)
    assert post_json(url, None, raw=b"\x00\xff{")[0] == 400
    engine = sa.create_engine(f"sqlite:///{db}")
    try:
        stored = [(r["unit"], r["vote"], r["channel"]) for r in rows(engine)]
        assert (UNIT, "up", "webchat") in stored and all(r[1] in ("up", "down") for r in stored)
    finally:
        engine.dispose()
