"""Limits against abuse (issue #18): token buckets per sender and per client address.

The unit tests drive the buckets with a fake clock; the live test fires a burst of 100
messages at the REST channel from one client while another client talks normally."""
from __future__ import annotations

import http.client
import json
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest

from rasa_ext.channels.client_limits import BucketSize, ClientLimits, TokenBuckets


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def limits(sender: str = "5,1", address: str = "300,100") -> tuple[ClientLimits, Clock]:
    clock = Clock()
    return ClientLimits(BucketSize.parse(sender), BucketSize.parse(address), clock), clock


@pytest.mark.unit
def test_one_message_after_another_is_never_refused():
    """The benchmark's users and people: each message waits for the reply to the one before."""
    limit, clock = limits()
    for _ in range(1000):
        assert limit.admit("rest:user", "10.0.0.1")
        limit.finish("rest:user")
        clock.now += 0.01  # 100 messages a second, one at a time


@pytest.mark.unit
def test_messages_piling_up_for_one_sender_are_refused_after_the_burst():
    limit, clock = limits("5,1")
    admitted = [limit.admit("rest:script", "10.0.0.1") for _ in range(100)]
    assert admitted.count(True) == 6  # the running turn and a burst of 5
    clock.now += 2.0
    assert [limit.admit("rest:script", "10.0.0.1") for _ in range(5)].count(True) == 2  # 1 per second


@pytest.mark.unit
def test_rotating_sender_ids_meets_the_address_limit():
    limit, clock = limits(address="20,10")
    admitted = [limit.admit(f"rest:{n}", "10.0.0.9") for n in range(100)]
    assert admitted.count(True) == 20
    assert limit.admit("rest:other", "10.0.0.10")  # another address is not affected
    clock.now += 1.0
    assert [limit.admit(f"rest:late{n}", "10.0.0.9") for n in range(20)].count(True) == 10


@pytest.mark.unit
def test_a_burst_of_zero_switches_a_limit_off():
    limit, _ = limits("0,0", "0,0")
    assert all(limit.admit("rest:x", "10.0.0.1") for _ in range(1000))


@pytest.mark.unit
@pytest.mark.parametrize("text", ["5", "a,b", "-1,1", "1,2,3"])
def test_a_wrong_size_is_a_clear_configuration_error(text):
    with pytest.raises(ValueError, match="limit"):
        BucketSize.parse(text)


@pytest.mark.unit
def test_buckets_of_many_clients_stay_bounded_in_memory():
    buckets = TokenBuckets(BucketSize(5, 1), Clock(), max_keys=1000)
    for n in range(5000):
        buckets.take(f"client-{n}")
    assert len(buckets.buckets) == 1000


def post_from(address: str, port: int, sender: str, text: str) -> tuple[int, str]:
    """One REST message from a given local source address (127.0.0.x are all this machine)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60, source_address=(address, 0))
    try:
        connection.request("POST", "/webhooks/rest/webhook", json.dumps({"sender": sender, "message": text}),
                           {"Content-Type": "application/json"})
        reply = connection.getresponse()
        return reply.status, reply.read().decode("utf-8")
    finally:
        connection.close()


@pytest.mark.e2e
def test_a_burst_from_one_client_is_refused_while_another_client_is_answered(shared_stack):
    rasa, _actions, _db = shared_stack
    script, person = f"burst-{uuid.uuid4().hex}", f"person-{uuid.uuid4().hex}"
    start = threading.Barrier(101)

    def burst_message(_: int) -> tuple[int, str]:
        start.wait()
        return post_from("127.0.0.1", rasa.port, script, "Was kostet ein Integrationskurs?")

    with ThreadPoolExecutor(max_workers=101) as pool:
        burst = [pool.submit(burst_message, n) for n in range(100)]
        start.wait()
        person_status, person_body = post_from("127.0.0.2", rasa.port, person, "hallo")
        results = [future.result() for future in burst]
    statuses = [status for status, _ in results]
    refused = [body for status, body in results if status == 429]
    assert len(refused) >= 90 and set(statuses) <= {200, 429}, statuses
    assert "Bitte etwas langsamer" in json.loads(refused[0])["message"]
    assert person_status == 200
    assert json.loads(person_body)[0]["text"].startswith("Hallo! Ich bin der Integrationslotse NRW")
