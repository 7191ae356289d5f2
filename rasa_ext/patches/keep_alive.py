"""Reuse one HTTP connection pool per endpoint instead of a new one per action call.

Rasa 3.6's `EndpointConfig.request` opens a new aiohttp `ClientSession` for every call
(`async with self.session() as session`), so each action-server call builds a session
and a connector, opens a TCP connection, and closes all of it again. Rasa calls the
action server once or twice per message. Here `session()` hands out one long-lived
session per endpoint and event loop (each Sanic worker has its own loop), wrapped so
that Rasa's `async with` does not close it. Connections are kept alive between calls;
aiohttp drops a connection the action server has closed, e.g. after a restart.

The pool forgets an idle connection after CLIENT_KEEPALIVE_S, before the action server
(Sanic, KEEP_ALIVE_TIMEOUT 5 s) closes it. With aiohttp's default of 15 s a connection idle
for 5–15 s could be reused at the moment the server closed it: the call failed with
"Server disconnected" and the user got "nicht verfügbar" (seen under load in `make bench`).
"""
from __future__ import annotations

import asyncio
import weakref
from collections.abc import Callable
from typing import Any

import aiohttp
import ujson
from rasa.core.constants import DEFAULT_REQUEST_TIMEOUT
from rasa.utils.endpoints import EndpointConfig

from rasa_ext.patches.replace import replace_method

CLIENT_KEEPALIVE_S = 3.0  # below the action server's keep-alive timeout (Sanic's default: 5 s)

# event loop -> {endpoint URL: session}; an entry goes with its loop.
_SESSIONS: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[str, aiohttp.ClientSession]] = \
    weakref.WeakKeyDictionary()


class SharedSession:
    """`async with` yields the shared session and leaves it open."""

    def __init__(self, session: aiohttp.ClientSession) -> None:
        self._session = session

    async def __aenter__(self) -> aiohttp.ClientSession:
        return self._session

    async def __aexit__(self, *_: Any) -> None:
        return None


def sharing_sessions(original: Callable) -> Callable:
    """EndpointConfig.session that, inside an event loop, hands out the loop's keep-alive session to the endpoint."""
    def session(self: EndpointConfig) -> Any:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # called outside a coroutine: Rasa's own, closed after use
            return original(self)
        of_loop = _SESSIONS.setdefault(loop, {})
        key = f"{self.url} {self.headers!r} {self.basic_auth!r}"
        shared = of_loop.get(key)
        if shared is None or shared.closed:
            shared = of_loop[key] = pooled_session(self)
        return SharedSession(shared)
    return session


def pooled_session(endpoint: EndpointConfig) -> aiohttp.ClientSession:
    """Rasa's session (same headers, auth and timeout) with a pool that lets idle connections go first.
    Requests are encoded with ujson (a Rasa dependency): the tracker sent with every action call took
    4 % of the Rasa server's CPU in `json.dumps` under load (docs/performance.md)."""
    auth = aiohttp.BasicAuth(endpoint.basic_auth["username"], endpoint.basic_auth["password"]) \
        if endpoint.basic_auth else None
    return aiohttp.ClientSession(headers=endpoint.headers, auth=auth,
                                 timeout=aiohttp.ClientTimeout(total=DEFAULT_REQUEST_TIMEOUT),
                                 connector=aiohttp.TCPConnector(keepalive_timeout=CLIENT_KEEPALIVE_S),
                                 json_serialize=ujson.dumps)


def install() -> None:
    """Replace `EndpointConfig.session`; idempotent."""
    replace_method(EndpointConfig, "session", sharing_sessions)


async def close_sessions(*_: Any) -> None:
    """Close this event loop's shared sessions (a Sanic `before_server_stop` listener)."""
    for shared in _SESSIONS.pop(asyncio.get_running_loop(), {}).values():
        await shared.close()
