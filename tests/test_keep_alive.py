"""Action-server calls reuse one connection instead of opening one per call."""
import asyncio

import pytest
import ujson
from aiohttp import web
from rasa.utils.endpoints import EndpointConfig

from rasa_ext.patches import keep_alive

pytestmark = pytest.mark.unit


async def start_webhook(peers: list) -> tuple[web.AppRunner, EndpointConfig]:
    """A stand-in action server that notes the client port of every call."""
    async def webhook(request):
        peers.append(request.transport.get_extra_info("peername"))
        return web.json_response({"events": [], "responses": [{"text": "ok"}]})

    app = web.Application()
    app.router.add_post("/webhook", webhook)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    return runner, EndpointConfig(f"http://127.0.0.1:{site._server.sockets[0].getsockname()[1]}/webhook")


async def serve_and_call(calls: int):
    peers = []
    runner, endpoint = await start_webhook(peers)
    replies = [await endpoint.request(json={"next_action": "action_find_ki"}, method="post") for _ in range(calls)]
    await keep_alive.close_sessions()
    await runner.cleanup()
    return replies, peers


def test_calls_share_one_connection_and_answer_as_before():
    keep_alive.install()
    replies, peers = asyncio.run(serve_and_call(5))
    assert replies == [{"events": [], "responses": [{"text": "ok"}]}] * 5
    assert len(peers) == 5 and len(set(peers)) == 1  # one client port: one kept-alive connection


async def sessions_handed_out_twice() -> tuple[object, object]:
    endpoint = EndpointConfig("http://127.0.0.1:9/webhook")  # no call is made
    async with endpoint.session() as first, endpoint.session() as second:
        pass
    await keep_alive.close_sessions()
    return first, second


def test_a_new_event_loop_gets_its_own_session():
    keep_alive.install()
    first = asyncio.run(serve_and_call(2))
    second = asyncio.run(serve_and_call(2))  # the first loop (and its session) is gone
    assert first[0] == second[0] == [{"events": [], "responses": [{"text": "ok"}]}] * 2
    one_loop = asyncio.run(sessions_handed_out_twice())
    next_loop = asyncio.run(sessions_handed_out_twice())
    assert one_loop[0] is one_loop[1] and next_loop[0] is next_loop[1]  # shared inside a loop
    assert one_loop[0] is not next_loop[0] and one_loop[0].closed  # a fresh one in the next loop


def test_install_is_idempotent():
    keep_alive.install()
    patched = EndpointConfig.session
    keep_alive.install()
    assert EndpointConfig.session is patched


def test_idle_connections_are_let_go_before_the_action_server_closes_them(monkeypatch):
    """The pool drops a connection idle for CLIENT_KEEPALIVE_S; the action server (Sanic) closes
    its side only after KEEP_ALIVE_TIMEOUT. Reusing one the server is closing failed the action."""
    from sanic.config import DEFAULT_CONFIG
    assert keep_alive.CLIENT_KEEPALIVE_S < DEFAULT_CONFIG["KEEP_ALIVE_TIMEOUT"]
    monkeypatch.setattr(keep_alive, "CLIENT_KEEPALIVE_S", 0.2)
    keep_alive.install()

    async def calls_around_a_pause():
        peers = []
        runner, endpoint = await start_webhook(peers)
        await endpoint.request(json={}, method="post")
        await endpoint.request(json={}, method="post")  # at once: the same connection
        await asyncio.sleep(0.5)
        await endpoint.request(json={}, method="post")  # after the pause: a fresh one
        await keep_alive.close_sessions()
        await runner.cleanup()
        return peers

    peers = asyncio.run(calls_around_a_pause())
    assert peers[0] == peers[1] and peers[2] != peers[1]


def recorded_requests() -> list[dict]:
    """The action-server requests Rasa made for the bench conversation (trackers with umlauts, floats, None)."""
    import json
    from pathlib import Path
    recorded = json.loads((Path(__file__).parent / "fixtures" / "profiling" / "bench_action_calls.json").read_text())
    return [call for turn in recorded["turns"] for call in turn["calls"]]


def test_the_action_server_receives_every_request_as_rasa_built_it():
    """Requests are encoded with ujson, not json.dumps: the server must read the same objects."""
    keep_alive.install()
    requests = recorded_requests()
    assert len(requests) >= 10

    async def send_all():
        received = []

        async def webhook(request):
            received.append(await request.json())
            return web.json_response({"events": [], "responses": []})

        app = web.Application(client_max_size=2**24)
        app.router.add_post("/webhook", webhook)
        runner = web.AppRunner(app)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        endpoint = EndpointConfig(f"http://127.0.0.1:{site._server.sockets[0].getsockname()[1]}/webhook")
        async with endpoint.session() as session:
            assert session._json_serialize is ujson.dumps  # the fast encoder is the one in use
        for body in requests:
            await endpoint.request(json=body, method="post")
        await keep_alive.close_sessions()
        await runner.cleanup()
        return received

    assert asyncio.run(send_all()) == requests
