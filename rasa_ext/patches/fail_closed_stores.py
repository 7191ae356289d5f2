"""A tracker store error refuses the turn instead of falling back to an empty in-memory tracker.

Rasa wraps every tracker store in a FailSafeTrackerStore. On an error of the real store it
calls `on_tracker_store_error` (saving, and `on_tracker_store_retrieve_error` reading) and goes
on with an empty InMemoryTrackerStore: the bot answers as if the conversation had just begun
and, once PostgreSQL answers again, appends
a mismatched tail to the stored conversation. Rasa offers no setting for this; its only
hooks are those two methods. Ours raise StoreUnavailable, which the channel turns into a polite
refusal and one log line naming the store (rasa_ext/channels/turns.py); nothing is stored.
"""
from __future__ import annotations

from collections.abc import Callable

from rasa.core.tracker_store import FailSafeTrackerStore

from rasa_ext.patches.replace import replace_method
from rasa_ext.stores.errors import StoreUnavailable, describe_error, store_label


def refusing_turns(_original: Callable) -> Callable:
    """FailSafeTrackerStore.on_tracker_store_error that raises StoreUnavailable instead."""
    def on_tracker_store_error(self: FailSafeTrackerStore, error: Exception) -> None:
        primary = getattr(self, "_tracker_store", self)  # Rasa keeps the real store there
        raise StoreUnavailable(f"tracker store {store_label(primary)}: {describe_error(error)}") from error
    return on_tracker_store_error


ERROR_HOOKS = ("on_tracker_store_error", "on_tracker_store_retrieve_error")


def install() -> None:
    """Replace both error hooks of `FailSafeTrackerStore`; idempotent."""
    for hook in ERROR_HOOKS:
        replace_method(FailSafeTrackerStore, hook, refusing_turns)
