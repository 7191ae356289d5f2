"""With the patches switched off (LOTSE_RASA_PATCHES=0) the bot still works: stock Rasa, stock speed.

A real Rasa server and action server over REST; the server log shows that no patch went in.
"""
from __future__ import annotations

import uuid

import pytest

from tests.support.servers import local_stack

pytestmark = pytest.mark.e2e  # skipped without a trained model (tests/conftest.py)


@pytest.fixture(scope="module")
def stock_bot():
    with local_stack(env={"LOTSE_RASA_PATCHES": "0"}) as (rasa, _actions, _db):
        yield rasa


def texts(bot, sender: str, message: str) -> str:
    return "\n".join(m.get("text", "") for m in bot.say(sender, message))


def test_a_short_conversation_without_patches(stock_bot):
    sender = uuid.uuid4().hex
    greeting = texts(stock_bot, sender, "Hallo")
    assert "Integrationslotse NRW" in greeting and "keine Rechtsberatung" in greeting
    answer = texts(stock_bot, sender, "Welches KI ist für Bochum zuständig?")
    assert answer.startswith("Für Bochum ist zuständig: das Kommunale Integrationszentrum")


def test_the_server_ran_without_patches(stock_bot):
    log = stock_bot.log.read_text(encoding="utf-8", errors="replace")
    assert "Rasa patches switched off" in log
    assert "Rasa patch installed" not in log
