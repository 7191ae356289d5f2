"""A socket.io client as the web chat uses it, for tests that talk to Rasa's socket.io channel."""
from __future__ import annotations

import queue
import threading

import socketio


class SocketChat:
    """A socket.io client as the web chat uses it: session_request, user_uttered, bot_uttered."""

    def __init__(self, url: str, session_id: str, transport: str) -> None:
        self.session_id = session_id
        self.inbox: queue.Queue = queue.Queue()
        confirmed = threading.Event()
        self.client = socketio.Client(reconnection=False)
        self.client.on("bot_uttered", lambda data: self.inbox.put(data.get("text", "")))
        self.client.on("session_confirm", lambda _id: confirmed.set())
        self.client.connect(url, transports=[transport], wait_timeout=20)
        self.client.emit("session_request", {"session_id": session_id})
        assert confirmed.wait(20), "no session_confirm"

    def say(self, text: str, expected: str) -> str:
        """Send a message; the bot's texts up to the one that contains `expected`."""
        self.client.emit("user_uttered", {"message": text, "session_id": self.session_id, "customData": {}})
        seen = []
        while True:
            try:
                seen.append(self.inbox.get(timeout=30))
            except queue.Empty:
                raise AssertionError(f"no {expected!r} after {text!r}; got {seen}") from None
            if expected in seen[-1]:
                return "\n".join(seen)

    def close(self) -> None:
        self.client.disconnect()
