"""Rasa's REST and socket.io channels with a guarded front door.

The classes keep Rasa's channel names ("rest", "socketio"), so the URLs stay
/webhooks/rest/webhook and /socket.io. On top of Rasa's behaviour they

* read a slash payload only when one of our own buttons offers it
  (rasa_ext.payloads.sanitize_text), drop control characters and cut very long
  texts before NLU;
* (REST) answer a malformed request with a clear 400 instead of a 500;
* keep each channel's conversations apart ("rest:<sender>", "socketio:<session>": see
  rasa_ext.conversation_keys) and limit what one client may send (rasa_ext.client_limits:
  a polite "Bitte etwas langsamer", HTTP 429 for REST);
* tell the user politely when the action server is unreachable. Rasa 3.6 logs the
  failed action and carries on silently; a logging handler marks the turn and the
  channel adds the message;
* fail closed when the tracker store or the lock store is down. Rasa would fall back
  to an empty in-memory tracker and, once PostgreSQL answers again, append a
  mismatched tail to the stored conversation. We refuse the turn instead, log which
  store failed and leave the stored conversation as it was.
"""
from __future__ import annotations

import contextvars
import functools
import hmac
import json
import logging
import os
import re
import uuid
from dataclasses import dataclass
from typing import Any, Awaitable, Callable, Dict, Optional, Tuple

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from rasa.core.channels.socketio import SocketIOInput, SocketIOOutput
from rasa.core.lock_store import LockError
from rasa.core.tracker_store import FailSafeTrackerStore
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from rasa_ext import feedback, keep_alive, sql_events
from rasa_ext.client_limits import SLOW_DOWN, ClientLimits
from rasa_ext.conversation_keys import MAX_CLIENT_ID, client_id, conversation_key
from rasa_ext.payloads import sanitize_text

logger = logging.getLogger(__name__)

OnNewMessage = Callable[[UserMessage], Awaitable[Any]]

MAX_TEXT = 5_000  # longer texts are cut before NLU; nobody asks a question that long
MAX_SENDER = MAX_CLIENT_ID  # the events table stores "<channel>:<sender>" as VARCHAR(255)
UNAVAILABLE = ("Entschuldigung, dieser Teil des Dienstes ist gerade nicht verfügbar. "
               "Bitte versuchen Sie es in ein paar Minuten noch einmal.")
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
LONE_SURROGATES = re.compile(r"[\ud800-\udfff]")  # valid in JSON, but not encodable as UTF-8
BAD_SENDER_CHARS = re.compile(r"[\x00-\x1f\x7f\ud800-\udfff]")


def clean_text(text: Any) -> Any:
    """The text NLU gets: printable, at most MAX_TEXT characters, only our own payloads."""
    if not isinstance(text, str):
        return text
    text = LONE_SURROGATES.sub("\ufffd", CONTROL_CHARS.sub("", text))[:MAX_TEXT]
    return sanitize_text(text)


# --- which turn failed how -------------------------------------------------------------

@dataclass
class TurnReport:
    """What went wrong while Rasa handled one message."""

    action_failed: bool = False


_current_turn: contextvars.ContextVar[Optional[TurnReport]] = contextvars.ContextVar("lotse_turn", default=None)


class ActionFailureWatch(logging.Handler):
    """Marks the current turn when Rasa's processor logs a failed action.

    Rasa 3.6 catches every exception of an action (action server unreachable, timeout,
    HTTP 500), logs it with its traceback from `rasa.core.processor` and continues
    without the action's events. That record is the one signal a channel can see.
    The context variable keeps concurrent conversations apart.
    """

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)

    def emit(self, record: logging.LogRecord) -> None:
        report = _current_turn.get()
        if report is not None and record.exc_info:
            report.action_failed = True


def install_action_watch() -> None:
    processor_logger = logging.getLogger("rasa.core.processor")
    if not any(isinstance(handler, ActionFailureWatch) for handler in processor_logger.handlers):
        processor_logger.addHandler(ActionFailureWatch())


# --- stores fail closed ----------------------------------------------------------------

class StoreUnavailable(Exception):
    """The tracker store could not be read or written; the turn is refused."""


def error_chain(error: BaseException) -> list:
    """The error and the errors it was raised from, outermost first (bounded)."""
    chain = [error]
    while len(chain) < 10 and (chain[-1].__cause__ or chain[-1].__context__) is not None:
        chain.append(chain[-1].__cause__ or chain[-1].__context__)
    return chain


def describe_error(error: BaseException) -> str:
    """Type and first line of the telling error: no SQL statement, no parameters, no user text.

    SQLAlchemy keeps the database driver's error in `.orig`; otherwise the deepest error
    with a message is the original one (e.g. redis' ConnectionError under Rasa's LockError).
    """
    chain = error_chain(error)
    drivers = [e.orig for e in chain if isinstance(getattr(e, "orig", None), BaseException)]
    telling = drivers[0] if drivers else next((e for e in reversed(chain) if str(e).strip()), error)
    lines = str(telling).strip().splitlines()
    return f"{type(telling).__name__}: {lines[0] if lines else ''}"


def store_label(store: Any) -> str:
    """Class and address of a store, e.g. `RedactingSQLTrackerStore (postgresql 127.0.0.1:5432)`."""
    engine = getattr(store, "engine", None)
    redis_client = getattr(store, "red", None)
    if engine is not None:
        url = engine.url
        return f"{type(store).__name__} ({url.get_backend_name()} {url.host}:{url.port})" if url.host \
            else f"{type(store).__name__} ({url.get_backend_name()} {url.database})"
    if redis_client is not None:
        where = redis_client.connection_pool.connection_kwargs
        return f"{type(store).__name__} (redis {where.get('host')}:{where.get('port')})"
    return type(store).__name__


# Filled at start-up, read when a turn is refused: the log line names the store and its address.
LOCK_STORE_LABEL = {"label": "lock store"}


def refuse_turn(label: str) -> Callable[[Exception], None]:
    def on_error(error: Exception) -> None:
        raise StoreUnavailable(f"tracker store {label}: {describe_error(error)}") from error
    return on_error


def harden_agent(agent: Any) -> None:
    """Tracker store errors abort the turn instead of falling back to memory; idempotent.

    Rasa wraps every tracker store in a FailSafeTrackerStore whose only hook is the
    error callback, so we set it. pool pre-ping lets the first message after a
    PostgreSQL restart use a fresh connection instead of failing on a stale one.
    """
    lock_store = getattr(agent, "lock_store", None)
    if lock_store is not None:
        LOCK_STORE_LABEL["label"] = f"lock store {store_label(lock_store)}"
    store = getattr(agent, "tracker_store", None)
    if not isinstance(store, FailSafeTrackerStore):
        return
    primary = store._tracker_store
    store._on_tracker_store_error = refuse_turn(store_label(primary))
    engine = getattr(primary, "engine", None)
    if engine is not None:
        engine.pool._pre_ping = True


async def harden_on_start(app: Any, _loop: Any = None) -> None:
    agent = getattr(app.ctx, "agent", None)
    if agent is not None:
        harden_agent(agent)


def add_store_listeners(blueprint: Blueprint) -> None:
    """Harden the stores once the agent is loaded; close the worker's pooled connections at stop."""
    blueprint.listener("after_server_start")(harden_on_start)
    blueprint.listener("before_server_stop")(keep_alive.close_sessions)
    blueprint.listener("before_server_stop")(sql_events.close_pools)


def is_lock_store_error(error: BaseException) -> bool:
    return any(isinstance(e, LockError) or type(e).__module__.startswith("redis") for e in error_chain(error))


def log_refused_turn(error: Exception) -> None:
    """One clear line naming the store; no user text (SQL parameters would carry it)."""
    if isinstance(error, StoreUnavailable):
        logger.error("Conversation store unavailable, message refused: %s", error)
    elif is_lock_store_error(error):
        logger.error("Conversation lock unavailable, message refused: %s: %s", LOCK_STORE_LABEL["label"],
                     describe_error(error))
    else:
        logger.error("Message could not be processed: %s", describe_error(error))
        logger.debug("Traceback of the refused message", exc_info=error)


# --- one turn --------------------------------------------------------------------------

async def run_turn(on_new_message: OnNewMessage, message: UserMessage) -> bool:
    """Handle one message; False when it was refused (a store is down, nothing stored)."""
    message.text = clean_text(message.text)
    report = TurnReport()
    token = _current_turn.set(report)
    try:
        await on_new_message(message)
    except Exception as error:  # noqa: BLE001 - any failure here must not become a 5xx/crash
        log_refused_turn(error)
        return False
    finally:
        _current_turn.reset(token)
    if report.action_failed:
        await message.output_channel.send_response(message.sender_id, {"text": UNAVAILABLE})
    return True


@functools.lru_cache(maxsize=1)
def client_limits() -> ClientLimits:
    """One set of buckets per server process, shared by REST and socket.io."""
    return ClientLimits.from_env()


async def limited_turn(on_new_message: OnNewMessage, message: UserMessage, address: Optional[str]) -> Optional[bool]:
    """run_turn within the client's limits: None when the client has to slow down."""
    limits = client_limits()
    if not limits.admit(message.sender_id, address):
        return None
    try:
        return await run_turn(on_new_message, message)
    finally:
        limits.finish(message.sender_id)


def client_address(request: Request) -> Optional[str]:
    """The client's address; behind a proxy only if Sanic is told to trust it (SANIC_PROXIES_COUNT)."""
    return request.remote_addr or request.ip


def guarded(on_new_message: OnNewMessage) -> OnNewMessage:
    """on_new_message for channels that push replies (socket.io, REST streaming)."""
    async def handle(message: UserMessage) -> None:
        if not await run_turn(on_new_message, message):
            await message.output_channel.send_response(message.sender_id, {"text": UNAVAILABLE})
    return handle


# --- REST ------------------------------------------------------------------------------

def error_response(status: int, code: str, text: str) -> HTTPResponse:
    return response.json({"error": code, "message": text}, status=status)


def parse_body(body: bytes) -> Tuple[Optional[Dict[str, Any]], Optional[str]]:
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
    if not token:
        return True
    given = request.headers.get("Authorization", "")
    return hmac.compare_digest(given.encode("utf-8"), f"Bearer {token}".encode("utf-8"))


NOT_AUTHORIZED = ("Dieser Zugang braucht einen Schlüssel (Authorization: Bearer …). / "
                  "This endpoint needs a token (Authorization: Bearer …).")


class RestChannel(RestInput):
    """Rasa's REST channel ("rest") with request validation and the guards above.

    The client's `input_channel` field is ignored: a REST client cannot pose as
    another channel.
    """

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        install_action_watch()
        hook = Blueprint("lotse_rest_webhook", __name__)
        add_store_listeners(hook)

        @hook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        token = rest_token()

        @hook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            if not authorized(request, token):
                return error_response(401, "unauthorized", NOT_AUTHORIZED)
            fields, problem = parse_body(request.body)
            if problem is not None:
                return error_response(400, "invalid_request", problem)
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

    def limited_stream(self, on_new_message: OnNewMessage, fields: Dict[str, Any], key: str,
                       address: Optional[str]) -> HTTPResponse:
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


# --- socket.io -------------------------------------------------------------------------

class KeyedSocketIOOutput(SocketIOOutput):
    """Sends to the browser's room, named by the plain session id."""

    async def _send_message(self, socket_id: str, response: Any) -> None:
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


def socket_address(sio: Any, sid: str, namespace: Optional[str]) -> Optional[str]:
    """The address of the HTTP request that opened the socket (engineio's REMOTE_ADDR is fixed)."""
    request = (sio.get_environ(sid, namespace=namespace) or {}).get("sanic.request")
    return client_address(request) if request is not None else None


class SocketIOChannel(SocketIOInput):
    """Rasa's socket.io channel ("socketio") with the guards above.

    Across replicas socket.io needs sticky sessions or websocket-only transport:
    see deploy/nginx.conf and docs/deployment.md.
    """

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        install_action_watch()
        socket_blueprint = super().blueprint(guarded(on_new_message))
        add_store_listeners(socket_blueprint)
        self._join_session_rooms()
        self._receive_within_limits(on_new_message)
        return socket_blueprint

    def _receive_within_limits(self, on_new_message: OnNewMessage) -> None:
        """Replace Rasa's user_uttered handler: the same message, stored under "socketio:<session>",
        within the client's limits. A refused message gets "Bitte etwas langsamer" in the chat."""
        sio = self.sio

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

        @sio.on("session_request", namespace=self.namespace)
        async def session_request(sid: str, data: Any) -> None:
            session_id = data.get("session_id") if isinstance(data, dict) else None
            if not isinstance(session_id, str) or not 0 < len(session_id) <= MAX_SENDER:
                session_id = uuid.uuid4().hex
            if self.session_persistence:
                await sio.enter_room(sid, session_id, namespace=self.namespace)
            await sio.emit("session_confirm", session_id, room=sid, namespace=self.namespace)

