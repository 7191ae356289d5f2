"""Tell the channel that an action failed, by a hook on the action's run instead of log records.

Rasa 3.6's `MessageProcessor._run_action` catches every exception of `action.run` (action
server unreachable, timeout, HTTP 500) except ActionExecutionRejection, logs it and carries
on without the action's events: the user hears nothing. Here `_run_action` gets the action
wrapped, so that such an exception marks the current turn before Rasa catches it, exactly
as before; the channel then adds a polite "nicht verfügbar" (rasa_ext/channels/turns.py).
Outside a watched turn (e.g. `rasa shell`) Rasa gets its own action object.
"""
from __future__ import annotations

import contextvars
import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from rasa.core.actions.action import ActionExecutionRejection
from rasa.core.processor import MessageProcessor

from rasa_ext.patches.replace import replace_method


@dataclass
class TurnReport:
    """What went wrong while Rasa handled one message."""

    action_failed: bool = False


_current_turn: contextvars.ContextVar[TurnReport | None] = contextvars.ContextVar("lotse_turn", default=None)


@contextmanager
def watching_turn() -> Iterator[TurnReport]:
    """The report of the turn run inside; the context variable keeps concurrent conversations apart."""
    report = TurnReport()
    token = _current_turn.set(report)
    try:
        yield report
    finally:
        _current_turn.reset(token)


class WatchedAction:
    """The action as Rasa sees it; its `run` marks the turn when Rasa will swallow the error."""

    def __init__(self, action: Any, report: TurnReport) -> None:
        self._action = action
        self._report = report

    def __getattr__(self, name: str) -> Any:
        return getattr(self._action, name)

    async def run(self, *args: Any, **kwargs: Any) -> Any:
        """Run the action; mark the turn as failed if it raises an error Rasa would only log."""
        try:
            return await self._action.run(*args, **kwargs)
        except ActionExecutionRejection:
            raise  # Rasa handles a rejection itself, without logging an error
        except Exception:
            self._report.action_failed = True
            raise


def watching_actions(original: Callable) -> Callable:
    """MessageProcessor._run_action that wraps each action of a watched turn in WatchedAction."""
    @functools.wraps(original)
    async def _run_action(self: MessageProcessor, action: Any, *args: Any, **kwargs: Any) -> bool:
        report = _current_turn.get()
        if report is not None:
            action = WatchedAction(action, report)
        return await original(self, action, *args, **kwargs)
    return _run_action


def install() -> None:
    """Wrap `MessageProcessor._run_action`; idempotent."""
    replace_method(MessageProcessor, "_run_action", watching_actions)
