"""deploy/nginx.conf in front of the two replicas: REST spreads and fails over, socket.io stays put.

nginx runs for real with the deployment's config (only the upstream addresses are
rewritten for loopback, as docs/deployment.md does for a host without containers).
"""
from __future__ import annotations

import uuid

import pytest

from tests.prod.cluster import Nginx, assert_whole_turns, user_turns, wait_until
from tests.support.servers import get, post_json
from tests.support.socket_chat import SocketChat

pytestmark = pytest.mark.prod

CHECK = [("Habe ich Anspruch auf Bleiberecht nach 25a?", "Wie alt sind Sie?"),
         ("Ich bin 19 und habe eine Duldung", "Seit wie vielen Monaten haben Sie die Duldung?"),
         ("seit 2 Jahren", "Seit wann leben Sie in Deutschland?"),
         ("seit 2020 in Deutschland", "zur Schule gegangen"),
         ("ja", "voraussichtlich ja")]


@pytest.fixture(scope="module")
def nginx(cluster):
    proxy = Nginx(cluster.workdir, [cluster.ports["A"], cluster.ports["B"]])
    yield proxy
    proxy.stop()


def say_via(nginx, sender: str, text: str, expected: str) -> None:
    status, body = post_json(f"{nginx.url}/webhooks/rest/webhook", {"sender": sender, "message": text}, 60)
    assert status == 200 and expected in body.decode("utf-8"), (text, status, body[:300])


def test_socketio_polling_and_websocket_through_nginx_and_across_replicas(cluster, nginx):
    session = uuid.uuid4().hex
    polling = SocketChat(nginx.url, session, "polling")  # needs ip_hash: many requests, one session
    polling.say(*CHECK[0])
    polling.say(*CHECK[1])
    wait_until(lambda: len(nginx.requests("/socket.io/")) >= 4, timeout=5)
    while_chatting = nginx.requests("/socket.io/")  # closing aborts a pending long-poll (400/499)
    polling.close()
    held_by = {replica for r in nginx.requests("/socket.io/") for replica in r["replicas"]}
    print(f"\nsocket.io polling via nginx: {len(while_chatting)} requests while chatting, "
          f"statuses {sorted({r['status'] for r in while_chatting})}, all on {held_by}")
    assert len(held_by) == 1 and {r["status"] for r in while_chatting} == {200}

    other = "B" if held_by == {f"127.0.0.1:{cluster.ports['A']}"} else "A"
    reload_elsewhere = SocketChat(cluster[other].url, session, "websocket")  # a reload that lands elsewhere
    reload_elsewhere.say(*CHECK[2])
    reload_elsewhere.close()

    websocket = SocketChat(nginx.url, session, "websocket")  # our web chat's transport
    websocket.say(*CHECK[3])
    websocket.say(*CHECK[4])
    websocket.close()
    stored = cluster.events(session, channel="socketio")
    assert user_turns(stored) == len(CHECK)
    assert_whole_turns(stored)


def test_only_the_chat_is_public(nginx):
    assert get(f"{nginx.url}/webhooks/rest/")[0] == 200
    for path in ("/status", "/model", "/conversations/x/tracker", "/version"):
        assert get(f"{nginx.url}{path}")[0] == 404, path
    status, _ = post_json(f"{nginx.url}/webhooks/rest/webhook", None, raw=b"x" * 300_000)
    assert status == 413  # far above any chat message
    # nginx logs the 413 once it has drained the body; wait, so the next test counts only its own requests
    assert wait_until(lambda: any(r["status"] == 413 for r in nginx.requests("/webhooks/rest/webhook")), timeout=10)


def test_rest_spreads_over_replicas_and_survives_a_killed_one(cluster, nginx):
    sender = uuid.uuid4().hex
    before = len(nginx.requests("/webhooks/rest/webhook"))
    say_via(nginx, sender, *CHECK[0])
    say_via(nginx, sender, *CHECK[1])
    cluster.kill("A")  # the user keeps chatting through nginx and notices nothing
    for text, expected in CHECK[2:]:
        say_via(nginx, sender, text, expected)
    wait_until(lambda: len(nginx.requests("/webhooks/rest/webhook")) >= before + len(CHECK), timeout=5)
    served = nginx.requests("/webhooks/rest/webhook")[before:]
    print(f"\nnginx: {[(r['status'], r['replicas']) for r in served]}")
    assert [r["status"] for r in served] == [200] * len(CHECK)
    assert {r["replicas"][0] for r in served[:2]} == {f"127.0.0.1:{cluster.ports[n]}" for n in "AB"}
    stored = cluster.events(sender)
    assert user_turns(stored) == len(CHECK)
    assert_whole_turns(stored)
