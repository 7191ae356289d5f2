"""Conversation retention (issue #18): delete conversations whose newest event is too old.

    python -m rasa_ext.stores.retention [--endpoints endpoints.yml] [--batch-size 500]   (make purge)

The period is LOTSE_RETENTION_DAYS (default 90) days after a conversation's last event. The
tracker store comes from the endpoints file, as Rasa reads it: SQLite for `make run`,
PostgreSQL for endpoints.prod.yml (its ${VARS} from the environment).

Runs while the bot serves. Each batch is one short transaction, and its DELETE checks again,
in the same statement, that no conversation of the batch has a newer event: a conversation
that got a turn after the candidates were chosen is skipped whole. A turn that is in flight
at that very moment (read before, saved after the DELETE) keeps its own new events; what
goes is older than the period, in a session that has long expired (60 min, domain.yml).

Rasa-free on purpose (SQLAlchemy, PyYAML): the scheduled job needs no model and starts fast.
Prints counts only, never a sender id or a message.
"""
from __future__ import annotations

import argparse
import os
import re
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import sqlalchemy as sa
import yaml

ENV_DAYS = "LOTSE_RETENTION_DAYS"
DEFAULT_DAYS = 90
DEFAULT_BATCH = 500
TABLE = "events"  # Rasa's SQLTrackerStore table
SQL_STORE_TYPES = {"sql", "rasa_ext.stores.tracker_store.RedactingSQLTrackerStore"}
_ENV_REFERENCE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")


class RetentionError(Exception):
    """A configuration problem, said in one line for the operator."""


# --- configuration ---------------------------------------------------------------------

def retention_days(environ: dict[str, str] | None = None) -> int:
    """Whole days from LOTSE_RETENTION_DAYS; a typo must stop the purge, not delete everything."""
    raw = (os.environ if environ is None else environ).get(ENV_DAYS, "").strip()
    if not raw:
        return DEFAULT_DAYS
    if not re.fullmatch(r"[0-9]+", raw) or int(raw) < 1:
        raise RetentionError(f"{ENV_DAYS} must be a whole number of days, at least 1 (got {raw!r})")
    return int(raw)


def cutoff_timestamp(days: int, now: float | None = None) -> float:
    """Rasa stores event timestamps as Unix seconds."""
    return (time.time() if now is None else now) - days * 86400


def expand_env(value: Any, environ: dict[str, str]) -> Any:
    """${VAR} as Rasa expands it in endpoint files; an unset variable is an error, as in Rasa."""
    if not isinstance(value, str):
        return value

    def lookup(match: re.Match) -> str:
        if match.group(1) not in environ:
            raise RetentionError(f"the tracker store needs the environment variable {match.group(1)}")
        return environ[match.group(1)]
    return _ENV_REFERENCE.sub(lookup, value)


def tracker_store_config(endpoints: Path, environ: dict[str, str] | None = None) -> dict[str, Any]:
    """The tracker_store section, expanded. Only its own variables are needed (no Redis password)."""
    environ = dict(os.environ if environ is None else environ)
    if not endpoints.is_file():
        raise RetentionError(f"endpoints file {endpoints} not found")
    config = (yaml.safe_load(endpoints.read_text(encoding="utf-8")) or {}).get("tracker_store") or {}
    if config.get("type") not in SQL_STORE_TYPES:
        raise RetentionError(f"{endpoints}: the tracker store is not an SQL store "
                             f"(type {config.get('type')!r}); nothing this purge can clean")
    return {key: expand_env(value, environ) for key, value in config.items()}


def database_url(config: dict[str, Any]) -> sa.engine.URL:
    """The URL Rasa's SQLTrackerStore.get_db_url builds from the same settings."""
    dialect = config.get("dialect", "sqlite")
    host = config.get("url") or config.get("host")
    if host and "://" in str(host):
        return sa.engine.make_url(host)
    port = config.get("port")
    if port not in (None, ""):
        try:
            port = int(port)
        except ValueError:
            raise RetentionError(f"tracker store port must be a number (got {port!r})") from None
    return sa.engine.URL.create(dialect, config.get("username"), config.get("password"), host or None,
                                port or None, database=config.get("db", "rasa.db"), query=config.get("query") or {})


def describe(url: sa.engine.URL) -> str:
    """Where the purge works, without the password."""
    if url.get_backend_name() == "sqlite":
        return f"sqlite {url.database}"
    return f"{url.get_backend_name()} {url.host}:{url.port or ''}/{url.database}"


# --- the purge -------------------------------------------------------------------------

# Keyset order (sender_id > :after), so a skipped conversation is never chosen again.
CANDIDATES = sa.text(
    f"SELECT sender_id FROM {TABLE} WHERE sender_id > :after "
    f"GROUP BY sender_id HAVING max(timestamp) < :cutoff ORDER BY sender_id LIMIT :limit")

# The re-check sits inside the DELETE: a conversation with any event at or after the cutoff
# keeps every row, even if that event arrived after the candidates were chosen.
DELETE_BATCH = sa.text(
    f"DELETE FROM {TABLE} WHERE sender_id IN :ids AND sender_id NOT IN "
    f"(SELECT sender_id FROM {TABLE} WHERE sender_id IN :ids AND timestamp >= :cutoff) "
    f"RETURNING sender_id"
).bindparams(sa.bindparam("ids", expanding=True))


@dataclass
class PurgeResult:
    """What a purge deleted, and what it kept because a new event arrived."""
    conversations: int = 0
    events: int = 0
    skipped: int = 0  # chosen, but a new event arrived before the DELETE
    batches: int = 0


def candidates(engine: sa.engine.Engine, cutoff: float, after: str, limit: int) -> list[str]:
    """Up to `limit` conversations after `after` whose last event is older than the cutoff."""
    with engine.connect() as connection:  # a plain read, no write lock
        return [row[0] for row in connection.execute(CANDIDATES, {"after": after, "cutoff": cutoff, "limit": limit})]


def delete_batch(engine: sa.engine.Engine, ids: Sequence[str], cutoff: float) -> list[str]:
    """One short transaction; returns the sender id of every deleted event."""
    with engine.begin() as connection:
        return [row[0] for row in connection.execute(DELETE_BATCH, {"ids": list(ids), "cutoff": cutoff})]


def purge(engine: sa.engine.Engine, cutoff: float, batch_size: int = DEFAULT_BATCH,
          before_delete: Callable[[list[str]], None] | None = None) -> PurgeResult:
    """Delete, batch by batch, every conversation whose newest event is older than `cutoff`.

    before_delete: called with each batch's sender ids between choosing and deleting (tests
    use it to add a turn exactly there)."""
    result = PurgeResult()
    if not sa.inspect(engine).has_table(TABLE):
        return result  # the bot has not stored anything yet
    after = ""
    while ids := candidates(engine, cutoff, after, batch_size):
        if before_delete is not None:
            before_delete(ids)
        deleted = delete_batch(engine, ids, cutoff)
        gone = set(deleted)
        result.conversations += len(gone)
        result.events += len(deleted)
        result.skipped += len(ids) - len(gone)
        result.batches += 1
        after = ids[-1]
    return result


def open_engine(url: sa.engine.URL) -> sa.engine.Engine | None:
    """None for a SQLite file that does not exist: connecting would create an empty one."""
    if url.get_backend_name() == "sqlite" and url.database and not Path(url.database).exists():
        return None
    return sa.create_engine(url)


def report(result: PurgeResult, days: int, cutoff: float, where: str) -> str:
    """The one log line of a purge: counts only, nothing about a person."""
    day = datetime.fromtimestamp(cutoff, tz=timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    line = (f"purge ({where}): retention {days} days, last event before {day}: deleted "
            f"{result.conversations} conversations, {result.events} events in {result.batches} batches")
    if result.skipped:
        line += f"; kept {result.skipped} that got a new event during the purge"
    return line


def main(argv: Sequence[str] | None = None) -> int:
    """`make purge`: delete the old conversations of the configured tracker store."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--endpoints", default=os.environ.get("RASA_ENDPOINTS", "endpoints.yml"),
                        help="endpoints file with the tracker store (default: $RASA_ENDPOINTS or endpoints.yml)")
    parser.add_argument("--batch-size", type=int, default=DEFAULT_BATCH,
                        help=f"conversations per transaction (default {DEFAULT_BATCH})")
    args = parser.parse_args(argv)
    if args.batch_size < 1:
        parser.error("--batch-size must be at least 1")
    try:
        days = retention_days()
        url = database_url(tracker_store_config(Path(args.endpoints)))
    except RetentionError as error:
        print(f"purge: ERROR: {error}", file=sys.stderr)
        return 2
    cutoff = cutoff_timestamp(days)
    engine = open_engine(url)
    result = PurgeResult()
    if engine is not None:
        try:
            result = purge(engine, cutoff, args.batch_size)
        except sa.exc.OperationalError as error:  # one line, no SQL, no parameters
            print(f"purge: ERROR: tracker store unavailable ({describe(url)}): "
                  f"{str(error.orig).strip().splitlines()[0]}", file=sys.stderr)
            return 1
        finally:
            engine.dispose()
    print(report(result, days, cutoff, describe(url)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
