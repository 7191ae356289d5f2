"""Action-server calls reuse one connection instead of opening one per call."""
import asyncio

from aiohttp import web
from rasa.utils.endpoints import EndpointConfig

from rasa_ext import keep_alive


async def serve_and_call(calls: int):
    peers = []

    async def webhook(request):
        peers.append(request.transport.get_extra_info("peername"))
        return web.json_response({"events": [], "responses": [{"text": "ok"}]})

    app = web.Application()
    app.router.add_post("/webhook", webhook)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]
    endpoint = EndpointConfig(f"http://127.0.0.1:{port}/webhook")
    replies = [await endpoint.request(json={"next_action": "action_find_ki"}, method="post") for _ in range(calls)]
    await keep_alive.close_sessions()
    await runner.cleanup()
    return replies, peers


def test_calls_share_one_connection_and_answer_as_before():
    keep_alive.install()
    replies, peers = asyncio.run(serve_and_call(5))
    assert replies == [{"events": [], "responses": [{"text": "ok"}]}] * 5
    assert len(peers) == 5 and len(set(peers)) == 1  # one client port: one kept-alive connection


def test_a_new_event_loop_gets_its_own_session():
    keep_alive.install()
    first = asyncio.run(serve_and_call(2))
    second = asyncio.run(serve_and_call(2))  # the first loop (and its session) is gone
    assert first[0] == second[0]


def test_install_is_idempotent():
    keep_alive.install()
    patched = EndpointConfig.session
    keep_alive.install()
    assert EndpointConfig.session is patched
