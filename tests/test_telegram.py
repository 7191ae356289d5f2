"""Telegram end to end: recorded updates go to the webhook on 127.0.0.1; the replies are
captured by a local stand-in for the Telegram Bot API (TELEGRAM_API_URL)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import threading
import urllib.error
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml
from aiogram.types import CallbackQuery

from actions.facts import get_facts
from actions.i18n import catalog
from rasa_ext.channels.telegram import MAX_CALLBACK_DATA, button_text, callback_data, vote_data
from tests.support.servers import REPO, get, local_stack, post_json
from tests.support.socket_chat import SocketChat

pytestmark = pytest.mark.data

FIXTURES = Path(__file__).parent / "fixtures" / "telegram"
BOT_NAME = "integrationslotse_test_bot"
TOKEN = "123456789:stand-in-token-for-tests"
SECRET = "stand-in-secret-for-tests"
REST_TOKEN = "stand-in-rest-token"  # as in production: REST only with a token
TIMEOUT = 60.0

needs_model = pytest.mark.e2e  # Rasa with the Telegram channel against a fake Bot API


class BotAPIStandIn(ThreadingHTTPServer):
    """Answers like the Bot API and records every call as (method, fields)."""

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), BotAPIHandler)
        self.calls: list[tuple[str, dict]] = []
        self.lock = threading.Lock()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def record(self, method: str, fields: dict) -> None:
        with self.lock:
            self.calls.append((method, fields))

    def sent_to(self, chat_id: int) -> list[dict]:
        with self.lock:
            return [fields for method, fields in self.calls
                    if method == "sendMessage" and str(fields.get("chat_id")) == str(chat_id)]

    def methods(self) -> list[str]:
        with self.lock:
            return [method for method, _ in self.calls]


def request_fields(handler: BaseHTTPRequestHandler) -> dict:
    body = handler.rfile.read(int(handler.headers.get("Content-Length") or 0)).decode("utf-8")
    if handler.headers.get("Content-Type", "").startswith("application/json"):
        return json.loads(body or "{}")
    return {key: values[-1] for key, values in urllib.parse.parse_qs(body).items()}


def bot_api_result(method: str, fields: dict):
    if method == "getMe":
        return {"id": 7000000000, "is_bot": True, "first_name": "Integrationslotse NRW", "username": BOT_NAME}
    if method == "sendMessage":
        return {"message_id": 1, "date": 1764000000, "text": fields.get("text", ""),
                "chat": {"id": int(fields["chat_id"]), "type": "private"}}
    if method == "getWebhookInfo":
        return {"url": "", "pending_update_count": 0}
    return True


class BotAPIHandler(BaseHTTPRequestHandler):
    def do_POST(self) -> None:  # noqa: N802 - http.server's naming
        method = self.path.rstrip("/").rsplit("/", 1)[-1]
        fields = request_fields(self)
        self.server.record(method, fields)
        body = json.dumps({"ok": True, "result": bot_api_result(method, fields)}).encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_args) -> None:
        pass


@pytest.fixture(scope="module")
def bot_api():
    server = BotAPIStandIn()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def telegram_env(bot_api: BotAPIStandIn) -> dict:
    return {"TELEGRAM_TOKEN": TOKEN, "TELEGRAM_BOT_NAME": BOT_NAME, "TELEGRAM_SECRET_TOKEN": SECRET,
            "TELEGRAM_WEBHOOK_URL": "https://lotse.example/webhooks/telegram/webhook",
            "TELEGRAM_API_URL": bot_api.url, "LOTSE_REST_TOKEN": REST_TOKEN}


@pytest.fixture(scope="module")
def rasa(bot_api):
    """Rasa with the default channels plus the documented Telegram block."""
    with tempfile.TemporaryDirectory(prefix="lotse-telegram-") as tmp:
        credentials = Path(tmp) / "credentials.yml"
        credentials.write_text((REPO / "credentials.yml").read_text(encoding="utf-8") + "\n"
                               + (REPO / "credentials.telegram.yml").read_text(encoding="utf-8"), encoding="utf-8")
        with local_stack(credentials=credentials, env=telegram_env(bot_api)) as (server, _actions, db):
            server.extra["db"] = db
            yield server


def post_update(rasa, name: str, secret: str | None = SECRET, body: bytes | None = None) -> int:
    """POST a recorded update (or `body`) to the webhook as Telegram would; returns the HTTP status."""
    headers = {"Content-Type": "application/json"}
    if secret:
        headers["X-Telegram-Bot-Api-Secret-Token"] = secret
    request = urllib.request.Request(f"{rasa.url}/webhooks/telegram/webhook",
                                     data=body if body is not None else (FIXTURES / name).read_bytes(),
                                     headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def chat_of(name: str) -> int:
    update = json.loads((FIXTURES / name).read_text(encoding="utf-8"))
    message = update.get("message") or update["callback_query"]["message"]
    return message["chat"]["id"]


def replies(bot_api: BotAPIStandIn, name: str) -> str:
    return "\n".join(fields["text"] for fields in bot_api.sent_to(chat_of(name)))


def keyboard(fields: dict) -> list[list[dict]]:
    return json.loads(fields["reply_markup"])["inline_keyboard"] if "reply_markup" in fields else []


@needs_model
def test_the_webhook_is_not_set_at_start_up(rasa, bot_api):
    assert "setWebhook" not in bot_api.methods()


GREETING = yaml.safe_load((REPO / "facts_src" / "responses.yml").read_text(encoding="utf-8"))["utter_greet"][0]["text"]
GREETING_BUTTONS = ["Beratung in meiner Nähe (KI)", "Sprachkurs (Integrationskurs)", "Deutscher Pass (Einbürgerung)",
                    "Prüfen, was für mich infrage kommt"]


def in_language(german: str, language: str) -> str:
    """What the person reads in their app's language (the catalogue's text; German for "de")."""
    return german if language == "de" else catalog(language)[german]


def assert_greeting(bot_api: BotAPIStandIn, name: str, language: str = "de") -> None:
    """Two short sentences and four buttons in plain words, one per row (readable on a phone), in the
    language of the person's Telegram app (its language_code is the bot's hint until they write)."""
    greeting = in_language(GREETING, language)
    assert replies(bot_api, name).startswith(greeting[:40])
    rows = [row for fields in bot_api.sent_to(chat_of(name)) for row in keyboard(fields)]
    assert [button["text"] for row in rows for button in row] == [in_language(t, language) for t in GREETING_BUTTONS]
    assert all(len(row) == 1 for row in rows)


@needs_model
def test_text_gets_the_greeting_with_buttons(rasa, bot_api):
    assert post_update(rasa, "text_hallo.json") == 200
    assert_greeting(bot_api, "text_hallo.json")


@needs_model
def test_start_command_gets_the_greeting(rasa, bot_api):
    """Telegram sends /start when someone opens the bot: the greeting, not silence or a fallback."""
    assert post_update(rasa, "command_start.json") == 200
    assert_greeting(bot_api, "command_start.json", "uk")  # Oleh's app is in Ukrainian


@needs_model
def test_location_gets_the_ki(rasa, bot_api):
    assert post_update(rasa, "location_koeln.json") == 200
    assert "Stadt Köln" in replies(bot_api, "location_koeln.json")


@needs_model
def test_button_press_gets_its_answer(rasa, bot_api):
    assert post_update(rasa, "callback_integrationskurs.json") == 200
    course = next(unit for unit in get_facts()["answers"] if unit["id"] == "integrationskurs.was_ist_das")
    # Olena's app is in Ukrainian, and a button press shows no language of its own: the answer is Ukrainian.
    ukrainian = get_facts()["translations"]["uk"][course["id"]]["answer"]
    assert ukrainian[:40] in replies(bot_api, "callback_integrationskurs.json")
    with bot_api.lock:
        answered = [fields.get("callback_query_id") for method, fields in bot_api.calls
                    if method == "answerCallbackQuery"]
    assert "3009000000000000003" in answered  # the button's loading spinner stops


@needs_model
def test_updates_without_the_secret_are_refused(rasa, bot_api):
    before = len(bot_api.methods())
    assert post_update(rasa, "text_hallo.json", secret=None) == 403
    assert post_update(rasa, "text_hallo.json", secret="wrong") == 403
    assert len(bot_api.methods()) == before
    # Rasa's own GET /set_webhook would let anyone reset the webhook: not offered.
    assert get(f"{rasa.url}/webhooks/telegram/set_webhook")[0] == 404


@pytest.mark.unit
def test_set_webhook_script_sets_it_once_with_the_secret(bot_api):
    env = {**os.environ, **telegram_env(bot_api)}
    script = [sys.executable, str(REPO / "scripts" / "telegram_set_webhook.py")]
    dry = subprocess.run([*script, "--dry-run"], env=env, capture_output=True, text=True, timeout=60)
    assert dry.returncode == 0 and SECRET not in dry.stdout and TOKEN not in dry.stdout
    assert "setWebhook" not in bot_api.methods()
    done = subprocess.run(script, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    with bot_api.lock:
        calls = [fields for method, fields in bot_api.calls if method == "setWebhook"]
    assert calls == [{"url": env["TELEGRAM_WEBHOOK_URL"], "secret_token": SECRET,
                      "allowed_updates": ["message", "edited_message", "callback_query"]}]


@pytest.mark.unit
def test_a_payload_too_long_for_telegram_sends_the_button_title():
    payload = '/ask_service{"topic":"koordinierungsstelle_muslimisches_engagement"}'
    data = callback_data(payload)
    assert len(data.encode("utf-8")) <= MAX_CALLBACK_DATA < len(payload.encode("utf-8"))
    query = CallbackQuery(**{"id": "1", "data": data, "chat_instance": "1", "message": {
        "message_id": 1, "date": 1764000000, "chat": {"id": 1, "type": "private"},
        "reply_markup": {"inline_keyboard": [[{"text": "Koordinierungsstelle Muslimisches Engagement",
                                               "callback_data": data}]]}}})
    assert button_text(query) == "Koordinierungsstelle Muslimisches Engagement"


def text_update(chat_id: int, text: str, update_id: int) -> bytes:
    update = json.loads((FIXTURES / "text_hallo.json").read_text(encoding="utf-8"))
    update["update_id"] = update_id
    update["message"].update({"text": text, "chat": {**update["message"]["chat"], "id": chat_id}})
    update["message"]["from"]["id"] = chat_id
    return json.dumps(update).encode("utf-8")


@needs_model
def test_other_channels_cannot_reach_a_telegram_conversation(rasa, bot_api):
    """Issue #18: a chat id is easy to guess. A REST or socket.io client that uses it (or
    "telegram:<id>") gets a new, empty conversation of its own: no glimpse of the check running in
    Telegram, and nothing is sent to the Telegram chat. REST needs the token, as in production."""
    chat = 700000077
    assert post_update(rasa, "", body=text_update(chat, "Ich möchte die Einbürgerung prüfen", 815009001)) == 200
    asked = replies_to(bot_api, chat)
    assert "Seit wann leben Sie in Deutschland?" in asked
    for sender in (str(chat), f"telegram:{chat}"):
        reply = rest_reply(rasa, sender, "hallo")
        assert reply.startswith("Hallo! Ich bin der Integrationslotse NRW"), reply
        assert "begonnene Prüfung" not in reply and "Seit wann" not in reply
        browser = SocketChat(rasa.url, sender, "websocket")
        try:
            reply = browser.say("hallo", "Hallo! Ich bin der Integrationslotse NRW")
        finally:
            browser.close()
        assert "begonnene Prüfung" not in reply and "Seit wann" not in reply
    assert replies_to(bot_api, chat) == asked
    assert post_update(rasa, "", body=text_update(chat, "hallo", 815009002)) == 200
    assert "begonnene Prüfung fortsetzen" in replies_to(bot_api, chat)  # Telegram's own check is still there


@needs_model
def test_rest_without_the_token_is_refused(rasa, bot_api):
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": REST_TOKEN}):
        status, body = post_json(f"{rasa.url}/webhooks/rest/webhook", {"sender": "x", "message": "hallo"},
                                 headers=headers)
        assert status == 401 and json.loads(body)["error"] == "unauthorized", (headers, status)


def rest_reply(rasa, sender: str, text: str) -> str:
    status, body = post_json(f"{rasa.url}/webhooks/rest/webhook", {"sender": sender, "message": text},
                             headers={"Authorization": f"Bearer {REST_TOKEN}"})
    assert status == 200, (status, body[:300])
    return " ".join(m.get("text", "") for m in json.loads(body))


def replies_to(bot_api: BotAPIStandIn, chat_id: int) -> str:
    return "\n".join(fields["text"] for fields in bot_api.sent_to(chat_id))


# --- "Hilfreich 👍 / Nicht hilfreich 👎" (issue #18) ----------------------------------------------

def db_rows(db, query: str, *args) -> list[tuple]:
    import sqlite3
    connection = sqlite3.connect(db)
    try:
        return connection.execute(query, args).fetchall()
    finally:
        connection.close()


def calls_of(bot_api: BotAPIStandIn, method: str) -> list[dict]:
    with bot_api.lock:
        return [fields for name, fields in bot_api.calls if name == method]


@needs_model
def test_an_answer_carries_vote_buttons_and_a_vote_is_stored_without_a_turn(rasa, bot_api):
    chat = 700000088
    assert post_update(rasa, "", body=text_update(chat, "Was ist ein Integrationskurs?", 815009101)) == 200
    [answer] = [fields for fields in bot_api.sent_to(chat) if "Deutschkurs" in fields["text"]]
    rows = keyboard(answer)
    assert [button["text"] for button in rows[-1]] == ["Hilfreich 👍", "Nicht hilfreich 👎"]  # one row, words first
    assert all(len(row) == 1 for row in rows[:-1]) and len(rows) > 2  # the follow-ups stay one per row
    down = rows[-1][1]["callback_data"]
    assert down.startswith("vote:down:") and len(down.encode("utf-8")) <= MAX_CALLBACK_DATA

    db = rasa.extra["db"]
    key = f"telegram:{chat}"
    events_before = db_rows(db, "SELECT count(*) FROM events WHERE sender_id = ?", key)[0][0]
    sent_before = len(bot_api.sent_to(chat))
    update = {"update_id": 815009102, "callback_query": {
        "id": "3009000000000000088", "from": {"id": chat, "is_bot": False, "first_name": "Olena"},
        "message": {"message_id": 88, "date": 1764000300, "text": answer["text"],
                    "chat": {"id": chat, "first_name": "Olena", "type": "private"},
                    "reply_markup": {"inline_keyboard": rows}},
        "chat_instance": "-5300000000000000088", "data": down}}
    assert post_update(rasa, "", body=json.dumps(update).encode("utf-8")) == 200

    unit = next(u["id"] for u in get_facts()["answers"] if u["program"] == "integrationskurs" and u["aspect"] == "what")
    assert db_rows(db, "SELECT unit, vote, channel FROM feedback_votes") == [(unit, "down", "telegram")]
    assert [name for (name,) in db_rows(db, "SELECT name FROM pragma_table_info('feedback_votes')")] == [
        "id", "day", "unit", "vote", "channel"]  # no chat id
    answered = [f for f in calls_of(bot_api, "answerCallbackQuery")
                if f.get("callback_query_id") == update["callback_query"]["id"]]
    assert answered and answered[-1].get("text") == "Danke!"
    [edited] = [f for f in calls_of(bot_api, "editMessageReplyMarkup") if str(f.get("message_id")) == "88"]
    left = json.loads(edited["reply_markup"])["inline_keyboard"]
    assert left == rows[:-1]  # the vote buttons are gone, the follow-ups stay
    # No Rasa turn: nothing stored in the conversation, nothing sent.
    assert db_rows(db, "SELECT count(*) FROM events WHERE sender_id = ?", key)[0][0] == events_before
    assert len(bot_api.sent_to(chat)) == sent_before

    # Callback data that is not on the message's keyboard is not stored.
    forged = json.loads(json.dumps(update))
    forged["update_id"], forged["callback_query"]["id"] = 815009103, "3009000000000000089"
    other = next(u["id"] for u in get_facts()["answers"] if u["program"] == "einbuergerung")
    forged["callback_query"]["data"] = vote_data(other, "up")
    assert post_update(rasa, "", body=json.dumps(forged).encode("utf-8")) == 200
    assert db_rows(db, "SELECT count(*) FROM feedback_votes")[0][0] == 1
