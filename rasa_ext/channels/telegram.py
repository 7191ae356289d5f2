"""Telegram channel configured from the environment (see docs/telegram.md).

Rasa 3.6's TelegramInput reads the token from credentials.yml and calls setWebhook
in every replica at start-up (Telegram answers 429). This channel instead

* reads TELEGRAM_TOKEN, TELEGRAM_BOT_NAME and TELEGRAM_WEBHOOK_URL from the
  environment, and optionally TELEGRAM_SECRET_TOKEN and TELEGRAM_API_URL
  (a local stand-in for the Bot API, used by the tests);
* never sets the webhook itself: scripts/telegram_set_webhook.py does that once;
* checks Telegram's secret-token header, so nobody else can post updates;
* passes texts through the same guards as the web chat (rasa_ext/channels/turns.py), so
  only our own button payloads skip NLU;
* turns a shared location into {"lng": …, "lat": …}, which the NLU component
  LocationMessageClassifier reads as share_location (the KI finder);
* puts "Hilfreich 👍" / "Nicht hilfreich 👎" under every answer from the facts and stores
  a press of one of them itself (rasa_ext/channels/feedback.py): the callback is answered with
  "Danke!", the two buttons disappear, and there is no Rasa turn.
"""
from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
import os
from typing import Any

from aiogram import Bot
from aiogram.bot.api import TELEGRAM_PRODUCTION, TelegramAPIServer
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from aiogram.utils.exceptions import TelegramAPIError
from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.channels.telegram import TelegramInput, TelegramOutput
from rasa.shared.exceptions import RasaException
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from typing_extensions import override

from rasa_ext.channels import feedback
from rasa_ext.channels.conversation_keys import client_id, conversation_key
from rasa_ext.channels.turns import OnNewMessage, guarded

logger = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_CALLBACK_DATA = 64  # bytes; Telegram rejects the whole message with a longer button payload
LONG_PAYLOAD_PREFIX = "#"
START_COMMAND = "/start"  # Telegram sends it when someone opens the bot
GREET_PAYLOAD = "/greet"


# Words first, the symbol after them (issue #16: buttons say plain words).
VOTE_BUTTONS = (("up", "Hilfreich 👍"), ("down", "Nicht hilfreich 👎"))
VOTE_PREFIX = "vote:"
THANKS = "Danke!"
VOTE_FAILED = "Das hat leider nicht geklappt."


def vote_data(unit: str, vote: str) -> str:
    """Callback data of a vote button: "vote:up:<token of the unit>", 20 bytes."""
    return f"{VOTE_PREFIX}{vote}:{feedback.unit_token(unit)}"


def is_vote(data: str | None) -> bool:
    """Callback data of a vote button."""
    return isinstance(data, str) and data.startswith(VOTE_PREFIX)


def parse_vote_data(data: str) -> tuple[str, str] | None:
    """(unit, vote) for the data of one of our vote buttons, else None."""
    _, vote, token = (data.split(":", 2) + ["", ""])[:3]
    unit = feedback.unit_of_token(token)
    return (unit, vote) if unit is not None and vote in feedback.VOTES else None


def without_vote_row(query: CallbackQuery) -> InlineKeyboardMarkup | None:
    """The message's keyboard without the vote buttons (None when nothing is left)."""
    markup = query.message.reply_markup if query.message else None
    rows = [row for row in (markup.inline_keyboard if markup else [])
            if not any(is_vote(button.callback_data) for button in row)]
    return InlineKeyboardMarkup(inline_keyboard=rows) if rows else None


def callback_data(payload: str) -> str:
    """The payload itself, or a short stand-in when it is too long for Telegram."""
    if len(payload.encode("utf-8")) <= MAX_CALLBACK_DATA:
        return payload
    return LONG_PAYLOAD_PREFIX + hashlib.sha256(payload.encode("utf-8")).hexdigest()[:32]


def pressed_title(query: CallbackQuery) -> str | None:
    """The title of the pressed button, read from the message's own keyboard."""
    markup = query.message.reply_markup if query.message else None
    for row in (markup.inline_keyboard if markup else []):
        for button in row:
            if button.callback_data == query.data:
                return button.text
    return None


def button_text(query: CallbackQuery) -> str | None:
    """What a button press says: its payload, or for a shortened payload its title (read by NLU)."""
    if query.data and query.data.startswith(LONG_PAYLOAD_PREFIX):
        return pressed_title(query)
    return query.data


def message_text(message: Message | None) -> str | None:
    """The text Rasa gets for a message: its text, a location as JSON, else None."""
    if message is None:
        return None
    if message.location is not None:
        return json.dumps({"lng": message.location.longitude, "lat": message.location.latitude})
    if message.text == START_COMMAND:
        return GREET_PAYLOAD
    return message.text


LANGUAGE_HINT = "language_hint"  # the key rasa_ext/components/language_policy.py reads


class LotseTelegramOutput(TelegramOutput):
    """Rasa's Telegram output with a configurable Bot API server and one button per row."""

    def __init__(self, access_token: str | None, server: TelegramAPIServer = TELEGRAM_PRODUCTION) -> None:
        Bot.__init__(self, access_token, server=server)  # TelegramOutput's own __init__ has no server

    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        """Rasa passes the conversation key ("telegram:42"); Telegram wants the chat id."""
        await super().send_response(client_id(self.name(), recipient_id), message)

    @override
    async def send_text_with_buttons(self, recipient_id: str, text: str, buttons: list[dict[str, Any]],
                                     button_type: str | None = "vertical", **kwargs: Any) -> None:
        short = [{**button, "payload": callback_data(str(button["payload"]))} for button in buttons]
        unit = kwargs.get(feedback.VOTE_KEY)
        if not feedback.is_known_unit(unit):
            await super().send_text_with_buttons(recipient_id, text, short, button_type=button_type, **kwargs)
            return
        markup = InlineKeyboardMarkup()
        for button in short:
            markup.row(InlineKeyboardButton(button["title"], callback_data=button["payload"]))
        markup.row(*(InlineKeyboardButton(title, callback_data=vote_data(unit, vote)) for vote, title in VOTE_BUTTONS))
        await self.send_message(recipient_id, text, reply_markup=markup)


async def stop_spinner(out: LotseTelegramOutput, query: CallbackQuery) -> None:
    """Answer the button press, or Telegram shows a loading spinner on it; the reply matters more."""
    try:
        await out.answer_callback_query(query.id)
    except TelegramAPIError as error:
        logger.warning("answerCallbackQuery failed: %s", error)


async def record_vote(app: Any, out: LotseTelegramOutput, query: CallbackQuery) -> None:
    """A press of "Hilfreich 👍" / "Nicht hilfreich 👎": stored without the chat id, answered with
    "Danke!", and the two buttons are taken off the message (one vote per answer).

    Only a button that is on the pressed message counts; other callback data is ignored."""
    parsed = parse_vote_data(query.data) if pressed_title(query) is not None else None
    engine = feedback.engine_of(app)
    stored = False
    if parsed is not None and engine is not None:
        try:
            await asyncio.get_running_loop().run_in_executor(None, feedback.store_vote, engine, *parsed, "telegram")
            stored = True
        except Exception as error:  # noqa: BLE001 - the database is down: the person is told, no details
            logger.error("Vote not stored: %s", type(error).__name__)
    try:
        await out.answer_callback_query(query.id, text=THANKS if stored else VOTE_FAILED)
        if stored and query.message is not None:
            await out.edit_message_reply_markup(chat_id=query.message.chat.id, message_id=query.message.message_id,
                                                reply_markup=without_vote_row(query))
    except TelegramAPIError as error:
        logger.warning("Answering a vote failed: %s", error)


def required_env(name: str) -> str:
    """A setting the channel cannot run without; stop with the name when it is missing."""
    value = os.environ.get(name, "").strip()
    if not value:
        raise RasaException(f"The Telegram channel needs the environment variable {name} (see docs/telegram.md).")
    return value


class TelegramFromEnv(TelegramInput):
    """Telegram ("telegram", /webhooks/telegram/webhook) with its settings from the environment."""

    @override
    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        return cls(required_env("TELEGRAM_TOKEN"), required_env("TELEGRAM_BOT_NAME"),
                   os.environ.get("TELEGRAM_WEBHOOK_URL"), debug_mode=False)

    def __init__(self, access_token: str | None, verify: str | None, webhook_url: str | None,
                 debug_mode: bool = False) -> None:
        super().__init__(access_token, verify, webhook_url, debug_mode)
        self.secret_token = os.environ.get("TELEGRAM_SECRET_TOKEN", "")
        api_url = os.environ.get("TELEGRAM_API_URL", "").strip()
        self.server = TelegramAPIServer.from_base(api_url) if api_url else TELEGRAM_PRODUCTION
        self.verified = False
        if not self.secret_token:
            logger.warning("TELEGRAM_SECRET_TOKEN is not set: anyone who knows the webhook URL can post updates.")

    @override
    def get_output_channel(self) -> LotseTelegramOutput:
        # No setWebhook here: Rasa calls this in every replica at start-up.
        return LotseTelegramOutput(self.access_token, self.server)

    def has_secret(self, request: Request) -> bool:
        """The webhook request carries our secret token (any request when none is set)."""
        if not self.secret_token:
            return True
        return hmac.compare_digest(request.headers.get(SECRET_HEADER, ""), self.secret_token)

    async def is_our_bot(self, out: LotseTelegramOutput) -> bool:
        """The token belongs to TELEGRAM_BOT_NAME; asked once, not per update."""
        if not self.verified:
            me = await out.get_me()
            self.verified = me.username == self.verify
            if not self.verified:
                logger.error("TELEGRAM_TOKEN belongs to @%s, not to TELEGRAM_BOT_NAME @%s.", me.username, self.verify)
        return self.verified

    async def handle_update(self, update: Update, out: LotseTelegramOutput, on_new_message: OnNewMessage,
                            metadata: dict[str, Any] | None) -> None:
        """Pass a text or a button press from Telegram on to Rasa; ignore everything else."""
        query = update.callback_query
        if query is not None:
            await stop_spinner(out, query)
            chat, text, sender = (query.message.chat if query.message else None), button_text(query), query.from_user
        else:
            message = update.message or update.edited_message
            chat, text = (message.chat if message else None), message_text(message)
            sender = message.from_user if message else None
        if chat is None or text is None:
            return  # stickers, photos, joins: nothing to answer
        # The app's language is a hint only: the bot follows what the person writes (language_policy.py).
        hint = getattr(sender, "language_code", None)
        metadata = {**(metadata or {}), **({LANGUAGE_HINT: hint} if isinstance(hint, str) else {})}
        await on_new_message(UserMessage(text, out, conversation_key(self.name(), chat.id), input_channel=self.name(),
                                         metadata=metadata))

    @override
    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        handle = guarded(on_new_message)
        out = self.get_output_channel()
        hook = Blueprint("telegram_webhook", __name__)

        @hook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        # Only POST /webhook: Rasa's GET /set_webhook would let anyone reset the webhook.
        @hook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            if not self.has_secret(request):
                return response.text("forbidden", status=403)
            if not isinstance(request.json, dict):
                return response.text("bad request", status=400)
            if not await self.is_our_bot(out):
                return response.text("failed", status=503)
            update = Update(**request.json)
            if update.callback_query is not None and is_vote(update.callback_query.data):
                await record_vote(request.app, out, update.callback_query)  # a vote, not a message
            else:
                await self.handle_update(update, out, handle, self.get_metadata(request))
            return response.text("success")

        return hook
