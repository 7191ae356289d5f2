"""Naming a store failure in one log line: which store, where, and the driver's error.

No SQL statement, no parameters and no user text get into the line.
"""
from __future__ import annotations

from typing import Any

from rasa.core.lock_store import LockError


class StoreUnavailable(Exception):
    """The tracker store could not be read or written; the turn is refused."""


def error_chain(error: BaseException) -> list[BaseException]:
    """The error and the errors it was raised from, outermost first (bounded)."""
    chain = [error]
    while len(chain) < 10 and (chain[-1].__cause__ or chain[-1].__context__) is not None:
        chain.append(chain[-1].__cause__ or chain[-1].__context__)  # type: ignore[arg-type]
    return chain


def describe_error(error: BaseException) -> str:
    """Type and first line of the telling error: no SQL statement, no parameters, no user text.

    SQLAlchemy keeps the database driver's error in `.orig`; otherwise the deepest error
    with a message is the original one (e.g. redis' ConnectionError under Rasa's LockError).
    """
    chain = error_chain(error)
    drivers = [orig for e in chain if isinstance(orig := getattr(e, "orig", None), BaseException)]
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


def is_lock_store_error(error: BaseException) -> bool:
    """The error, or one that caused it, comes from the lock store or Redis."""
    return any(isinstance(e, LockError) or type(e).__module__.startswith("redis") for e in error_chain(error))
