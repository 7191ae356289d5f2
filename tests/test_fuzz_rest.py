"""Bad input against the live REST webhook: valid JSON never gets a 5xx, invalid JSON a clear 400.

Property-based (hypothesis, bounded and derandomised for CI) plus the explicit cases of
issue #7. Runs against the local stack (real Rasa + action server, SQLite).
"""
from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.support.servers import get, post_json

pytestmark = pytest.mark.e2e

FUZZ = settings(max_examples=60, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

json_scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30)
json_values = st.recursive(json_scalars, lambda inner: st.lists(inner, max_size=4)
                           | st.dictionaries(st.text(max_size=10), inner, max_size=4), max_leaves=12)
# Any Unicode a user might paste: emoji, right-to-left, combining marks, control characters.
user_texts = st.text(max_size=400) | st.sampled_from(["", " ", "\u202eHallo", "مرحبا، أين أجد مركز الاندماج؟",
                                                        "שלום", "👩🏽‍🎓🇩🇪" * 20, "\x00\x01\x1b[31m", "\ud800"])
senders = st.text(min_size=1, max_size=60).filter(lambda s: s.isprintable())


@pytest.fixture(scope="module")
def bot(shared_stack):
    rasa, _actions, _db = shared_stack
    return rasa


def webhook(bot) -> str:
    return f"{bot.url}/webhooks/rest/webhook"


def send_raw(bot, raw: bytes) -> tuple[int, object]:
    status, body = post_json(webhook(bot), None, raw=raw, timeout=60)
    return status, json.loads(body)


def assert_bot_reply(status: int, body: object) -> None:
    assert status == 200, body
    assert isinstance(body, list) and all(isinstance(m, dict) for m in body)


def assert_clear_400(status: int, body: object) -> None:
    assert status == 400, body
    assert body["error"] == "invalid_request" and " / " in body["message"]  # German / English


@FUZZ
@given(sender=senders, text=user_texts, metadata=st.none() | st.dictionaries(st.text(max_size=8), json_values))
def test_well_formed_requests_always_get_a_reply(bot, sender, text, metadata):
    body = {"sender": sender, "message": text, **({"metadata": metadata} if metadata is not None else {})}
    assert_bot_reply(*send_raw(bot, json.dumps(body).encode("utf-8")))


@FUZZ
@given(body=json_values | st.dictionaries(st.sampled_from(["sender", "message", "metadata", "x"]), json_values))
def test_any_json_gets_a_reply_or_a_clear_400(bot, body):
    status, answer = send_raw(bot, json.dumps(body).encode("utf-8"))
    assert status in (200, 400), (status, answer)
    (assert_bot_reply if status == 200 else assert_clear_400)(status, answer)


def is_json(raw: bytes) -> bool:
    try:
        json.loads(raw)
    except (ValueError, RecursionError):
        return False
    return True


@FUZZ
@given(raw=st.binary(max_size=300).filter(lambda raw: not is_json(raw)))
@example(raw=b"")
@example(raw=b'{"sender": "a", "message": "Hallo"')
@example(raw=b"\xff\xfe\x00\x01binary")
def test_invalid_json_gets_a_clear_400(bot, raw):
    assert_clear_400(*send_raw(bot, raw))


OK_CASES = {
    "empty text": {"sender": "fuzz-empty", "message": ""},
    "100 kB text": {"sender": "fuzz-long", "message": "Integrationskurs " * 6_000},
    "binary in text": {"sender": "fuzz-bin", "message": "".join(map(chr, range(32))) + "\ufffe\uffff"},
    "emoji": {"sender": "fuzz-emoji", "message": "🙂🙃🤖 Wo ist das KI? 🏠🇩🇪"},
    "right-to-left": {"sender": "fuzz-rtl", "message": "\u202eأين أجد مركز الاندماج في بون؟ שלום"},
    "lone surrogate": {"sender": "fuzz-surrogate", "message": "\ud83d Hallo"},
}
BAD_CASES = {
    "message is a number": {"sender": "a", "message": 42},
    "message is a list": {"sender": "a", "message": ["Hallo"]},
    "message is null": {"sender": "a", "message": None},
    "message missing": {"sender": "a"},
    "sender is a number": {"sender": 7, "message": "Hallo"},
    "sender missing": {"message": "Hallo"},
    "sender too long": {"sender": "s" * 256, "message": "Hallo"},
    "sender with NUL": {"sender": "a\u0000b", "message": "Hallo"},
    "metadata is a string": {"sender": "a", "message": "Hallo", "metadata": "x"},
    "body is a list": ["sender", "message"],
    "body is a string": "Hallo",
}


@pytest.mark.parametrize("body", OK_CASES.values(), ids=OK_CASES.keys())
def test_odd_but_valid_text_gets_a_reply(bot, body):
    assert_bot_reply(*send_raw(bot, json.dumps(body).encode("utf-8")))


@pytest.mark.parametrize("body", BAD_CASES.values(), ids=BAD_CASES.keys())
def test_wrong_types_get_a_clear_400(bot, body):
    assert_clear_400(*send_raw(bot, json.dumps(body).encode("utf-8")))


@pytest.mark.parametrize("raw", [b"[" * 100_000, b'{"sender": "a", "message": ' + b"1" * 5_000 + b"}",
                                 b'{"sender": "a", "message": "\xc3\x28"}'], ids=["deep nesting", "huge number",
                                                                                  "invalid UTF-8"])
def test_pathological_bodies_get_a_clear_400(bot, raw):
    assert_clear_400(*send_raw(bot, raw))


def test_server_alive_after_the_fuzzing(bot):
    assert bot.process.poll() is None
    assert get(f"{bot.url}/")[0] == 200
    assert "Integrationslotse NRW" in bot.say("fuzz-after", "Hallo")[0]["text"]
