"""The conversation's language for the action server's texts (issue #17). Rasa-free.

Every fixed text is written in German in the code and passes through `t()`: gettext's model, with
the German text as the message id. The translations are gettext catalogues,
`actions/locale/<language>.po`, read with Babel (`make i18n` extracts the German texts and updates
the catalogues: scripts/i18n.py). A German text that changes gets a new id, so its old translation
is no longer found (Babel marks it fuzzy) and the German text is shown until it is translated
again: a stale translation is never shown.

The language of the running action is a context variable. rasa-sdk runs every action call in its
own asyncio task, and a task starts with a copy of the context, so concurrent conversations
never see each other's language.
"""
from __future__ import annotations

import contextvars
import functools
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from babel.messages.pofile import read_po

GERMAN = "de"
SIMPLE_GERMAN = "de-simple"
# The values of the `language` slot (rasa_ext/components/language_detection.py sets it; a test
# checks that both lists agree).
LANGUAGES = (GERMAN, SIMPLE_GERMAN, "en", "uk", "ar", "tr", "ru", "fa")
RIGHT_TO_LEFT = ("ar", "fa")
LOCALE_DIR = Path(__file__).resolve().parent / "locale"

_language: contextvars.ContextVar[str] = contextvars.ContextVar("language", default=GERMAN)


@functools.cache
def catalog(language: str) -> dict[str, str]:
    """{German text: translation} of one language; fuzzy (stale) and empty entries left out."""
    path = LOCALE_DIR / f"{language}.po"
    if language == GERMAN or not path.is_file():
        return {}
    with path.open("rb") as po_file:
        messages = read_po(po_file, locale=None)
    return {message.id: message.string for message in messages
            if message.id and isinstance(message.id, str) and message.string and isinstance(message.string, str)
            and not message.fuzzy}


def current_language() -> str:
    """The language of the conversation whose action is running."""
    return _language.get()


def t(german: str) -> str:
    """The German text in the conversation's language, or German when no current translation exists."""
    language = _language.get()
    if language == GERMAN or not german:
        return german
    return catalog(language).get(german, german)


def N_(german: str) -> str:  # noqa: N802 (gettext's name for it)
    """Mark a German text for translation where it is defined (a module constant); translate it with
    `t()` where it is shown. scripts/i18n.py extracts both."""
    return german


def in_every_language(german: str) -> tuple[str, ...]:
    """The German text and all its translations: to recognise a text the bot sent in any language."""
    return (german, *(catalog(language)[german] for language in LANGUAGES if german in catalog(language)))


@contextmanager
def speaking(language: object) -> Iterator[str]:
    """Run a block in the conversation's language (German for an unknown or missing value)."""
    chosen = language if isinstance(language, str) and language in LANGUAGES else GERMAN
    token = _language.set(chosen)
    try:
        yield chosen
    finally:
        _language.reset(token)
