"""Conversation ids that name their channel (issue #18).

Rasa keys a conversation by the sender id the channel reports. Telegram's is the chat id, a
number that is easy to guess, and the REST channel accepts any sender string: so a REST client
could post "sender": "<someone's chat id>" into that person's Telegram conversation and read
the replies. Every channel of ours therefore stores its conversations under "<channel>:<id>".
A REST sender "telegram:42" becomes "rest:telegram:42", never Telegram's "telegram:42".
Output channels get the prefixed id back from Rasa and send to the plain id.
"""
from __future__ import annotations

from typing import Any

MAX_CLIENT_ID = 200  # with the prefix it fits the events table's VARCHAR(255)


def conversation_key(channel: str, client_id: Any) -> str:
    """The tracker's sender id: the channel name and the client's id."""
    return f"{channel}:{client_id}"


def client_id(channel: str, key: Any) -> Any:
    """The id the channel knows ("42" for "telegram:42"); other values pass unchanged."""
    prefix = f"{channel}:"
    return key[len(prefix):] if isinstance(key, str) and key.startswith(prefix) else key
