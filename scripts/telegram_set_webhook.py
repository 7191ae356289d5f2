"""Point the Telegram bot at our webhook: once per deployment, not in every replica.

Reads TELEGRAM_TOKEN, TELEGRAM_WEBHOOK_URL and (recommended) TELEGRAM_SECRET_TOKEN
from the environment; TELEGRAM_API_URL replaces https://api.telegram.org (tests).
Telegram then sends the secret in every update's X-Telegram-Bot-Api-Secret-Token
header, and rasa_ext/channels/telegram.py refuses updates without it.

    .venv/bin/python scripts/telegram_set_webhook.py --dry-run   # show, change nothing
    .venv/bin/python scripts/telegram_set_webhook.py             # set it, then show Telegram's view
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import urllib.error
import urllib.request

PRODUCTION_API = "https://api.telegram.org"
# The update kinds rasa_ext/channels/telegram.py handles; Telegram sends nothing else.
ALLOWED_UPDATES = ["message", "edited_message", "callback_query"]


def settings() -> dict:
    missing = [name for name in ("TELEGRAM_TOKEN", "TELEGRAM_WEBHOOK_URL") if not os.environ.get(name)]
    if missing:
        sys.exit(f"Missing environment variables: {', '.join(missing)} (see docs/telegram.md)")
    api = os.environ.get("TELEGRAM_API_URL") or PRODUCTION_API
    url = os.environ["TELEGRAM_WEBHOOK_URL"]
    if api == PRODUCTION_API and not url.startswith("https://"):
        sys.exit("TELEGRAM_WEBHOOK_URL must start with https:// (Telegram calls only HTTPS webhooks)")
    return {"api": api.rstrip("/"), "token": os.environ["TELEGRAM_TOKEN"], "url": url,
            "secret": os.environ.get("TELEGRAM_SECRET_TOKEN", "")}


def call(config: dict, method: str, payload: dict) -> dict:
    request = urllib.request.Request(f"{config['api']}/bot{config['token']}/{method}",
                                     data=json.dumps(payload).encode("utf-8"),
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read())
    except urllib.error.HTTPError as error:  # Telegram explains failures in the JSON body
        return json.loads(error.read() or b"{}")


def webhook_request(config: dict) -> dict:
    payload = {"url": config["url"], "allowed_updates": ALLOWED_UPDATES}
    if config["secret"]:
        payload["secret_token"] = config["secret"]
    return payload


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dry-run", action="store_true", help="print the request, send nothing")
    args = parser.parse_args()
    config = settings()
    payload = webhook_request(config)
    shown = {**payload, "secret_token": "***"} if config["secret"] else payload
    print(f"setWebhook at {config['api']}: {json.dumps(shown)}")
    if not config["secret"]:
        print("WARNING: TELEGRAM_SECRET_TOKEN is not set; anyone who knows the URL can post updates.")
    if args.dry_run:
        return 0
    result = call(config, "setWebhook", payload)
    if not result.get("ok"):
        print(f"Telegram refused: {result.get('description', result)}", file=sys.stderr)
        return 1
    info = call(config, "getWebhookInfo", {}).get("result", {})
    print(f"Webhook set: {info.get('url')} (pending updates: {info.get('pending_update_count', 0)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
