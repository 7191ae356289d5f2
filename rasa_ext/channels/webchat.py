"""The German web chat page, served by the Rasa server itself.

Same origin as the socketio channel, so the page needs no CORS and loads nothing
from elsewhere. Only the files listed in ASSETS are served: node_modules,
package files and anything outside web/ stay private.

POST /webhooks/webchat/vote stores a "Hilfreich? 👍 / 👎" vote on an answer
(rasa_ext/channels/feedback.py): not a message in the conversation, no sender, no address.
"""
from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from typing_extensions import override

from rasa_ext.channels import feedback
from rasa_ext.channels.client_limits import SLOW_DOWN
from rasa_ext.channels.turns import client_address, client_limits

logger = logging.getLogger(__name__)

WEB_DIR = Path(__file__).resolve().parents[2] / "web"
JS = "text/javascript; charset=utf-8"
# URL name -> (file, content type). socket.io comes from npm via `make setup`.
ASSETS = {
    "index.html": (WEB_DIR / "index.html", "text/html; charset=utf-8"),
    "chat.js": (WEB_DIR / "chat.js", JS),
    "ui_texts.js": (WEB_DIR / "ui_texts.js", JS),
    "chat.css": (WEB_DIR / "chat.css", "text/css; charset=utf-8"),
    "socket.io.min.js": (WEB_DIR / "vendor" / "socket.io.min.js", JS),
}
# The page may talk to its own origin only (the socket.io endpoint included).
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; object-src 'none'; "
                               "base-uri 'none'; frame-ancestors 'self'; form-action 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Permissions-Policy": "geolocation=(self), camera=(), microphone=()",
    "Cache-Control": "no-cache",
}


async def send_asset(name: str) -> HTTPResponse:
    """One of the chat page's files, with the page's security headers; 404 for anything else."""
    path, content_type = ASSETS.get(name, (None, None))
    if path is None or not path.is_file():
        return response.text("Nicht gefunden", status=404)
    return await response.file(str(path), headers=SECURITY_HEADERS, mime_type=content_type)


def vote_error(status: int, code: str, text: str) -> HTTPResponse:
    """A JSON error for the vote endpoint: a code and a German message."""
    return response.json({"error": code, "message": text}, status=status)


async def receive_vote(request: Request, channel: str = "webchat") -> HTTPResponse:
    """Store one vote: 200, or 400 for anything that is not a vote on one of our answers.

    JSON only: a cross-site form or a "simple" cross-origin request cannot send
    application/json without a CORS preflight, which this route does not allow."""
    if not request.headers.get("content-type", "").lower().startswith("application/json"):
        return vote_error(400, "invalid_vote", "Bitte als JSON senden. / Please send JSON.")
    try:
        unit, vote = feedback.parse_vote(request.body)
    except feedback.VoteError as error:
        return vote_error(400, "invalid_vote", str(error))
    address = client_address(request)
    if address and not client_limits().addresses.take(address):
        return vote_error(429, "too_many_requests", SLOW_DOWN)
    engine = feedback.engine_of(request.app)
    if engine is None:
        return vote_error(503, "not_stored", "Bewertungen werden hier nicht gespeichert. / Votes are not stored here.")
    try:
        await asyncio.get_running_loop().run_in_executor(None, feedback.store_vote, engine, unit, vote, channel)
    except Exception as error:  # noqa: BLE001 - the database is down: say so, no SQL, no details
        logger.error("Vote not stored: %s", type(error).__name__)
        return vote_error(503, "not_stored", "Die Bewertung konnte gerade nicht gespeichert werden. / "
                                             "The vote could not be stored.")
    return response.json({"stored": True})


class WebChatPage(InputChannel):
    """Serves web/index.html at /webhooks/webchat/; the chat itself runs over socketio."""

    @override
    @classmethod
    def name(cls) -> str:
        return "webchat"

    @override
    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        return cls()

    @override
    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        page = Blueprint("webchat_page", __name__)

        # Relative asset links need the trailing slash; Sanic hands that address to
        # the asset route with an empty name.
        @page.route("/", methods=["GET"])
        async def index(request: Request) -> HTTPResponse:
            return response.redirect(request.path.rstrip("/") + "/")

        @page.route("/vote", methods=["POST"])
        async def vote(request: Request) -> HTTPResponse:
            return await receive_vote(request, "webchat")

        @page.route("/<name:str>", methods=["GET"])
        async def asset(_: Request, name: str) -> HTTPResponse:
            return await send_asset(name or "index.html")

        return page
