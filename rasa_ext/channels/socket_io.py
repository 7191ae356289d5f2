"""Rasa's socket.io channel ("socketio", /socket.io) with the shared guards (rasa_ext/channels/turns.py).

Each browser session is stored as "socketio:<session>" (rasa_ext/channels/conversation_keys.py);
a client over its limits gets "Bitte etwas langsamer" in the chat. Two of Rasa's handlers are
replaced by our own (see the methods below): the message handler, for the guards, and the
session handler, which Rasa 3.6 gets wrong with python-socketio 5.10 (RasaHQ/rasa#13027).
"""
from __future__ import annotations

import uuid
from typing import Any

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketIOInput, SocketIOOutput
from sanic import Blueprint
from typing_extensions import override

from rasa_ext.channels import feedback
from rasa_ext.channels.client_limits import SLOW_DOWN
from rasa_ext.channels.conversation_keys import MAX_CLIENT_ID, client_id, conversation_key
from rasa_ext.channels.turns import (
    UNAVAILABLE,
    OnNewMessage,
    add_store_listeners,
    client_address,
    guarded,
    limited_turn,
)

MAX_SENDER = MAX_CLIENT_ID  # the events table stores "<channel>:<session>" as VARCHAR(255)


class KeyedSocketIOOutput(SocketIOOutput):
    """Sends to the browser's room, named by the plain session id, with each message's language."""

    language: str | None = None

    @override
    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        """Every part of the message carries its language ("language": "ar"), which the domain's
        responses and the actions put into its metadata: the page shows its own texts in it."""
        metadata = message.get("metadata")
        self.language = metadata.get("language") if isinstance(metadata, dict) else None
        await super().send_response(recipient_id, message)

    @override
    async def _send_message(self, socket_id: str, response: Any) -> None:
        if isinstance(self.language, str) and isinstance(response, dict):
            response = {**response, "language": self.language}
        await super()._send_message(client_id(SocketIOChannel.name(), socket_id), response)

    async def send_text_with_buttons(self, recipient_id: str, text: str, buttons: list, **kwargs: Any) -> None:
        """Rasa's split into one message per paragraph, buttons on the last one; an answer from the
        facts also names its unit there (`vote_unit`), so the page can offer "Hilfreich? 👍 / 👎"."""
        unit = kwargs.get(feedback.VOTE_KEY)
        if not feedback.is_known_unit(unit):
            await super().send_text_with_buttons(recipient_id, text, buttons, **kwargs)
            return
        parts = text.strip().split("\n\n") or [text]
        messages: list = [{"text": part, "quick_replies": []} for part in parts]
        messages[-1]["quick_replies"] = [{"content_type": "text", "title": button["title"],
                                          "payload": button["payload"]} for button in buttons]
        messages[-1][feedback.VOTE_KEY] = unit
        for message in messages:
            await self._send_message(recipient_id, message)


def socket_address(sio: Any, sid: str, namespace: str | None) -> str | None:
    """The address of the HTTP request that opened the socket (engineio's REMOTE_ADDR is fixed)."""
    request = (sio.get_environ(sid, namespace=namespace) or {}).get("sanic.request")
    return client_address(request) if request is not None else None


class SocketIOChannel(SocketIOInput):
    """Rasa's socket.io channel ("socketio") with the guards above.

    Across replicas socket.io needs sticky sessions or websocket-only transport:
    see deploy/nginx.conf and docs/deployment.md.
    """

    @override
    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        socket_blueprint = super().blueprint(guarded(on_new_message))
        add_store_listeners(socket_blueprint)
        self._join_session_rooms()
        self._receive_within_limits(on_new_message)
        return socket_blueprint

    def _receive_within_limits(self, on_new_message: OnNewMessage) -> None:
        """Replace Rasa's user_uttered handler: the same message, stored under "socketio:<session>",
        within the client's limits. A refused message gets "Bitte etwas langsamer" in the chat."""
        sio = self.sio
        assert sio is not None  # created by SocketIOInput.blueprint, which `blueprint` calls first

        @sio.on(self.user_message_evt, namespace=self.namespace)
        async def handle_message(sid: str, data: Any) -> None:
            data = data if isinstance(data, dict) else {}
            session = data.get("session_id") if self.session_persistence else sid
            if not isinstance(session, str) or not 0 < len(session) <= MAX_SENDER:
                return  # Rasa ignores it too: no session, no conversation
            output = KeyedSocketIOOutput(sio, self.bot_message_evt)
            metadata = data.get(self.metadata_key)
            text = data.get("message")
            message = UserMessage(text if isinstance(text, str) else "", output, conversation_key(self.name(), session),
                                  input_channel=self.name(), metadata=metadata if isinstance(metadata, dict) else {})
            handled = await limited_turn(on_new_message, message, socket_address(sio, sid, self.namespace))
            if handled is None:
                await output.send_response(message.sender_id, {"text": SLOW_DOWN})
            elif not handled:
                await output.send_response(message.sender_id, {"text": UNAVAILABLE})

    def _join_session_rooms(self) -> None:
        """Replace Rasa's session_request handler, which calls AsyncServer.enter_room
        without await. That is a coroutine since python-socketio 5.10 (RasaHQ/rasa#13027),
        so with session_persistence the browser never joined its room and got no reply."""
        sio = self.sio
        assert sio is not None  # created by SocketIOInput.blueprint, which `blueprint` calls first

        @sio.on("session_request", namespace=self.namespace)
        async def session_request(sid: str, data: Any) -> None:
            session_id = data.get("session_id") if isinstance(data, dict) else None
            if not isinstance(session_id, str) or not 0 < len(session_id) <= MAX_SENDER:
                session_id = uuid.uuid4().hex
            if self.session_persistence:
                await sio.enter_room(sid, session_id, namespace=self.namespace)
            await sio.emit("session_confirm", session_id, room=sid, namespace=self.namespace)

