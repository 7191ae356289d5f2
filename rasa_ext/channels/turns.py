"""One user message through Rasa, with the guards every channel shares.

* The text NLU gets: a slash payload only when one of our own buttons offers it
  (rasa_ext/channels/payloads.py), no control characters, at most MAX_TEXT characters.
* Limits per client (rasa_ext/channels/client_limits.py): a polite "Bitte etwas langsamer".
* When the action server is unreachable, Rasa 3.6 logs the failed action and carries on
  silently; the patch rasa_ext/patches/action_failures.py marks the turn and we add a
  polite message.
* When the tracker store or the lock store is down, the turn is refused (Rasa would fall
  back to an empty in-memory tracker, see rasa_ext/patches/fail_closed_stores.py): one log
  line names the store, the stored conversation stays as it was.
"""
from __future__ import annotations

import functools
import logging
import re
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import UserMessage
from sanic import Blueprint
from sanic.request import Request

from rasa_ext.channels.client_limits import ClientLimits
from rasa_ext.channels.payloads import sanitize_text
from rasa_ext.patches import keep_alive
from rasa_ext.patches.action_failures import watching_turn
from rasa_ext.stores import sql_events
from rasa_ext.stores.errors import StoreUnavailable, describe_error, is_lock_store_error, store_label

logger = logging.getLogger(__name__)

OnNewMessage = Callable[[UserMessage], Awaitable[Any]]

MAX_TEXT = 5_000  # longer texts are cut before NLU; nobody asks a question that long
UNAVAILABLE = ("Entschuldigung, dieser Teil des Dienstes ist gerade nicht verfügbar. "
               "Bitte versuchen Sie es in ein paar Minuten noch einmal.")
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
LONE_SURROGATES = re.compile(r"[\ud800-\udfff]")  # valid in JSON, but not encodable as UTF-8


def clean_text(text: Any) -> Any:
    """The text NLU gets: printable, at most MAX_TEXT characters, only our own payloads."""
    if not isinstance(text, str):
        return text
    text = LONE_SURROGATES.sub("\ufffd", CONTROL_CHARS.sub("", text))[:MAX_TEXT]
    return sanitize_text(text)


# --- stores --------------------------------------------------------------------------------

# Filled at start-up, read when a turn is refused: the log line names the store and its address.
LOCK_STORE_LABEL = {"label": "lock store"}


async def name_lock_store(app: Any, _loop: Any = None) -> None:
    """Remember the lock store's name for the log line of a refused turn (a start-up listener)."""
    lock_store = getattr(getattr(app.ctx, "agent", None), "lock_store", None)
    if lock_store is not None:
        LOCK_STORE_LABEL["label"] = f"lock store {store_label(lock_store)}"


def add_store_listeners(blueprint: Blueprint) -> None:
    """Name the lock store once the agent is loaded; close the worker's pooled connections at stop."""
    blueprint.listener("after_server_start")(name_lock_store)
    blueprint.listener("before_server_stop")(keep_alive.close_sessions)
    blueprint.listener("before_server_stop")(sql_events.close_pools)


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
    with watching_turn() as report:
        try:
            await on_new_message(message)
        except Exception as error:  # noqa: BLE001 - any failure here must not become a 5xx/crash
            log_refused_turn(error)
            return False
    if report.action_failed:
        await message.output_channel.send_response(message.sender_id, {"text": UNAVAILABLE})
    return True


@functools.lru_cache(maxsize=1)
def client_limits() -> ClientLimits:
    """One set of buckets per server process, shared by REST and socket.io."""
    return ClientLimits.from_env()


async def limited_turn(on_new_message: OnNewMessage, message: UserMessage, address: str | None) -> bool | None:
    """run_turn within the client's limits: None when the client has to slow down."""
    limits = client_limits()
    if not limits.admit(message.sender_id, address):
        return None
    try:
        return await run_turn(on_new_message, message)
    finally:
        limits.finish(message.sender_id)


def client_address(request: Request) -> str | None:
    """The client's address; behind a proxy only if Sanic is told to trust it (SANIC_PROXIES_COUNT)."""
    return request.remote_addr or request.ip


def guarded(on_new_message: OnNewMessage) -> OnNewMessage:
    """on_new_message for channels that push replies (socket.io, REST streaming, Telegram)."""
    async def handle(message: UserMessage) -> None:
        if not await run_turn(on_new_message, message):
            await message.output_channel.send_response(message.sender_id, {"text": UNAVAILABLE})
    return handle
