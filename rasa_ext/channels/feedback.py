"""Anonymous votes on answers from the facts (issue #18): "Hilfreich? 👍 / 👎".

After every answer unit with buttons, the action sends the unit's id along with the message
(`vote_unit`, see actions/sdk/replies.py reply_with_unit). The web chat shows two small
buttons and POSTs the vote to /webhooks/webchat/vote (rasa_ext/channels/webchat.py); Telegram shows
two inline buttons whose callback the Telegram channel stores itself (rasa_ext/channels/telegram.py).
Neither is a user message: no Rasa turn, nothing in the conversation.

A vote is stored as the unit id, "up" or "down", the day (no time) and the channel name:
never the sender id, the client address or any text. The table `feedback_votes` lives in the
tracker store's database (SQLite rasa.db, PostgreSQL in production) and is created when
missing. `make review` (staff/review.py) counts the votes per unit.

Rasa-free on purpose (SQLAlchemy only), like rasa_ext/stores/retention.py. Which units exist
is read from rasa_ext/data/vote_units.json, written from the facts by `make facts`
(scripts/build_server_data.py): the Rasa server does not import the action package.
"""
from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
from pathlib import Path
from typing import Any, TypeGuard

import sqlalchemy as sa

VOTE_KEY = "vote_unit"  # the message field the action server fills with the unit id
VOTES = ("up", "down")
TABLE = "feedback_votes"
CHANNELS = ("webchat", "telegram")
MAX_BODY = 1_000  # bytes; a vote is about 80
TOKEN_LENGTH = 12  # hex characters of a unit's short token (Telegram's callback data is 64 bytes at most)
VOTE_UNITS = Path(__file__).resolve().parents[1] / "data" / "vote_units.json"

metadata = sa.MetaData()
votes_table = sa.Table(
    TABLE, metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("day", sa.Date, nullable=False, index=True),
    sa.Column("unit", sa.String(120), nullable=False),
    sa.Column("vote", sa.String(4), nullable=False),
    sa.Column("channel", sa.String(20), nullable=False),
)


class VoteError(ValueError):
    """A vote that is not one of ours; the message is said to the client (HTTP 400)."""


# --- which units can be voted on --------------------------------------------------------

@functools.lru_cache(maxsize=1)
def known_units() -> frozenset:
    """The ids of the facts' answer units, read once."""
    return frozenset(json.loads(VOTE_UNITS.read_text(encoding="utf-8"))["units"])


def is_known_unit(unit: Any) -> TypeGuard[str]:
    """An id of an answer unit one can vote on."""
    return isinstance(unit, str) and unit in known_units()


def unit_token(unit: str) -> str:
    """A short, stable stand-in for a unit id (unit ids are up to 63 characters)."""
    return hashlib.sha256(unit.encode("utf-8")).hexdigest()[:TOKEN_LENGTH]


@functools.lru_cache(maxsize=1)
def _units_by_token() -> dict[str, str]:
    return {unit_token(unit): unit for unit in known_units()}


def unit_of_token(token: str) -> str | None:
    """The unit id a vote button's token stands for, or None."""
    return _units_by_token().get(token)


def parse_vote(body: bytes) -> tuple[str, str]:
    """(unit, vote) from the web chat's JSON body {"unit": …, "vote": "up"|"down"}; VoteError otherwise."""
    if len(body or b"") > MAX_BODY:
        raise VoteError("Die Anfrage ist zu groß. / The request is too large.")
    try:
        data = json.loads(body or b"")
    except (ValueError, RecursionError):
        raise VoteError("Der Inhalt ist kein gültiges JSON. / The body is not valid JSON.") from None
    if not isinstance(data, dict) or set(data) != {"unit", "vote"}:
        raise VoteError("Erwartet: {\"unit\": …, \"vote\": \"up\" oder \"down\"}. / "
                        "Expected: {\"unit\": …, \"vote\": \"up\" or \"down\"}.")
    if data["vote"] not in VOTES:
        raise VoteError("'vote' muss \"up\" oder \"down\" sein. / 'vote' must be \"up\" or \"down\".")
    if not is_known_unit(data["unit"]):
        raise VoteError("Diese Antwort gibt es nicht. / Unknown answer unit.")
    return data["unit"], data["vote"]


# --- storage ----------------------------------------------------------------------------

_ready: set = set()


def ensure_table(engine: sa.engine.Engine) -> None:
    """Create feedback_votes once per database; a concurrent creation by another replica is fine."""
    if str(engine.url) in _ready:
        return
    try:
        metadata.create_all(engine, checkfirst=True)
    except sa.exc.SQLAlchemyError:
        if not sa.inspect(engine).has_table(TABLE):
            raise
    _ready.add(str(engine.url))


def store_vote(engine: sa.engine.Engine, unit: str, vote: str, channel: str,
               day: dt.date | None = None) -> None:
    """One anonymous record: unit, vote, day, channel. Nothing else is accepted."""
    if not is_known_unit(unit) or vote not in VOTES or channel not in CHANNELS:
        raise VoteError(f"not a vote: {unit!r} {vote!r} {channel!r}")
    ensure_table(engine)
    with engine.begin() as connection:
        connection.execute(votes_table.insert().values(day=day or dt.date.today(), unit=unit, vote=vote,
                                                       channel=channel))


def vote_counts(engine: sa.engine.Engine, since: dt.date) -> dict[str, dict[str, int]]:
    """{unit: {"up": n, "down": m}} for votes on or after `since`; empty without the table."""
    if not sa.inspect(engine).has_table(TABLE):
        return {}
    query = (sa.select(votes_table.c.unit, votes_table.c.vote, sa.func.count())
             .where(votes_table.c.day >= since).group_by(votes_table.c.unit, votes_table.c.vote))
    counts: dict[str, dict[str, int]] = {}
    with engine.connect() as connection:
        for unit, vote, count in connection.execute(query):
            counts.setdefault(unit, {"up": 0, "down": 0})[vote] = int(count)
    return counts


def engine_of(app: Any) -> sa.engine.Engine | None:
    """The SQLAlchemy engine of the running Rasa server's tracker store, or None (no SQL store).

    Rasa wraps the store in a FailSafeTrackerStore (`_tracker_store`); ours is an SQLTrackerStore."""
    agent = getattr(getattr(app, "ctx", None), "agent", None)
    store = getattr(agent, "tracker_store", None)
    store = getattr(store, "_tracker_store", store)
    engine = getattr(store, "engine", None)
    return engine if isinstance(engine, sa.engine.Engine) else None
