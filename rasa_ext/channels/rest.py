"""Rasa's REST channel ("rest", /webhooks/rest/webhook) with request validation and the shared guards.

On top of Rasa's channel: a malformed request gets a clear 400 instead of a 500, each sender
is stored as "rest:<sender>" (rasa_ext/channels/conversation_keys.py), a client over its
limits gets HTTP 429, a refused turn HTTP 503 (rasa_ext/channels/turns.py), and with
LOTSE_REST_TOKEN set every message needs the token.
"""
from __future__ import annotations

import hmac
import json
import os
import re
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse, ResponseStream
from typing_extensions import override

from rasa_ext.channels.client_limits import SLOW_DOWN
from rasa_ext.channels.conversation_keys import MAX_CLIENT_ID, conversation_key
from rasa_ext.channels.turns import (
    UNAVAILABLE,
    OnNewMessage,
    add_store_listeners,
    client_address,
    client_limits,
    guarded,
    limited_turn,
)

MAX_SENDER = MAX_CLIENT_ID  # the events table stores "<channel>:<sender>" as VARCHAR(255)
BAD_SENDER_CHARS = re.compile(r"[\x00-\x1f\x7f\ud800-\udfff]")


def error_response(status: int, code: str, text: str) -> HTTPResponse:
    """A JSON error the clients can show: a code and a German message."""
    return response.json({"error": code, "message": text}, status=status)


def parse_body(body: bytes) -> tuple[dict[str, Any] | None, str | None]:
    """(fields, None) for a valid request, else (None, a bilingual explanation)."""
    try:
        data = json.loads(body or b"")
    except (ValueError, RecursionError):  # bad JSON, bad UTF-8, absurd nesting
        return None, "Der Inhalt ist kein gültiges JSON. / The body is not valid JSON."
    if not isinstance(data, dict):
        return None, "Der Inhalt muss ein JSON-Objekt sein. / The body must be a JSON object."
    sender, text, metadata = data.get("sender"), data.get("message"), data.get("metadata")
    # A missing sender would put every anonymous user into Rasa's one "default" conversation.
    if not isinstance(sender, str) or not 0 < len(sender) <= MAX_SENDER or BAD_SENDER_CHARS.search(sender):
        return None, (f"'sender' muss ein Text mit 1 bis {MAX_SENDER} druckbaren Zeichen sein. / "
                      f"'sender' must be a string of 1 to {MAX_SENDER} printable characters.")
    if not isinstance(text, str):
        return None, "'message' muss ein Text sein. / 'message' must be a string."
    if metadata is not None and not isinstance(metadata, dict):
        return None, "'metadata' muss ein JSON-Objekt sein. / 'metadata' must be a JSON object."
    return {"sender": sender, "text": text, "metadata": metadata}, None


def rest_token() -> str:
    """LOTSE_REST_TOKEN: when set, every REST message needs "Authorization: Bearer <token>".
    Production sets it (deploy/docker-compose.yml): the web page talks socket.io, so the REST
    channel is for staff and scripts only."""
    return os.environ.get("LOTSE_REST_TOKEN", "").strip()


def authorized(request: Request, token: str) -> bool:
    """The request carries the channel's bearer token (any request when none is set)."""
    if not token:
        return True
    given = request.headers.get("Authorization", "")
    return hmac.compare_digest(given.encode("utf-8"), f"Bearer {token}".encode())


NOT_AUTHORIZED = ("Dieser Zugang braucht einen Schlüssel (Authorization: Bearer …). / "
                  "This endpoint needs a token (Authorization: Bearer …).")


class RestChannel(RestInput):
    """Rasa's REST channel ("rest") with request validation and the guards above.

    The client's `input_channel` field is ignored: a REST client cannot pose as
    another channel.
    """

    @override
    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        hook = Blueprint("lotse_rest_webhook", __name__)
        add_store_listeners(hook)

        @hook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        token = rest_token()

        @hook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse | ResponseStream:
            if not authorized(request, token):
                return error_response(401, "unauthorized", NOT_AUTHORIZED)
            fields, problem = parse_body(request.body)
            if problem is not None:
                return error_response(400, "invalid_request", problem)
            assert fields is not None  # parse_body gives the fields exactly when there is no problem
            key = conversation_key(self.name(), fields["sender"])
            if request.args.get("stream", "").lower() == "true":
                return self.limited_stream(on_new_message, fields, key, client_address(request))
            collector = CollectingOutputChannel()
            message = UserMessage(fields["text"], collector, key, input_channel=self.name(),
                                  metadata=fields["metadata"])
            handled = await limited_turn(on_new_message, message, client_address(request))
            if handled is None:
                return error_response(429, "too_many_requests", SLOW_DOWN)
            if not handled:
                return error_response(503, "service_unavailable", UNAVAILABLE)
            return response.json([{**reply, "recipient_id": fields["sender"]} for reply in collector.messages])

        return hook

    def limited_stream(self, on_new_message: OnNewMessage, fields: dict[str, Any], key: str,
                       address: str | None) -> HTTPResponse | ResponseStream:
        """?stream=true: the same limits as the plain webhook."""
        limits = client_limits()
        if not limits.admit(key, address):
            return error_response(429, "too_many_requests", SLOW_DOWN)
        streamer = self.stream_response(guarded(on_new_message), fields["text"], key, self.name(), fields["metadata"])

        async def stream(reply: Any) -> None:
            try:
                await streamer(reply)
            finally:
                limits.finish(key)
        return response.stream(stream, content_type="text/event-stream")


