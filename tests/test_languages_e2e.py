"""Conversations in other languages through REST (issue #17): what the person reads, in their language.

Expected texts come from the committed catalogues (actions/locale/<lang>.po) and translations, so the
tests follow the translators' wording; they fail if a text shows in German or not at all.
"""
from __future__ import annotations

import re
import uuid

import pytest

from actions import eligibility
from actions.facts import get_facts
from actions.i18n import catalog

pytestmark = [pytest.mark.e2e]

ARABIC = re.compile(r"[\u0600-\u06ff]")
CYRILLIC = re.compile(r"[\u0400-\u04ff]")

# The Ausbildungsduldung check in four free-text turns, as people write them (cf. tests/test_rest_e2e.py).
CHECKS = {
    "en": ["can i get an ausbildungsduldung? please check for me", "i have a duldung",
           "for 5 months", "yes"],
    "uk": ["чи можу я отримати Ausbildungsduldung? перевірте для мене будь ласка", "у мене дульдунг (Duldung)",
           "вже 5 місяців", "так"],
    "ar": ["هل يمكنني الحصول على Ausbildungsduldung؟ افحص لي من فضلك", "عندي دولدونغ Duldung",
           "منذ 5 أشهر", "نعم"],
}


def say(bot, sender: str, text: str) -> list[dict]:
    return bot.say(sender, text)


def texts_of(messages: list[dict]) -> str:
    return "\n".join(message.get("text") or "" for message in messages)


def translated(language: str, german: str) -> str:
    """The catalogue's text for a German text; the test fails if the catalogue has none."""
    found = catalog(language).get(german)
    assert found, f"{language}: no translation of {german!r}"
    return found


@pytest.fixture(scope="module")
def bot(shared_stack):
    rasa, _actions, _db = shared_stack
    return rasa


@pytest.mark.parametrize("language", sorted(CHECKS))
def test_eligibility_check_end_to_end(bot, language: str):
    sender = uuid.uuid4().hex
    replies = [texts_of(say(bot, sender, line)) for line in CHECKS[language]]
    verdict = replies[-1]
    yes = translated(language, eligibility.VERDICT_YES)
    assert yes in verdict, verdict
    rule = get_facts()["eligibility"]["programs"]["ausbildungsduldung_60c"]
    assert translated(language, rule["criteria"][0]["text"]) in verdict  # the checklist, in the language
    assert "Nächster Schritt" not in verdict and "keine Rechtsberatung" not in verdict  # nothing German left
    script = {"uk": CYRILLIC, "ar": ARABIC}.get(language)
    assert script is None or all(script.search(reply) for reply in replies)


def test_first_english_message_answers_in_english_and_offers_the_languages(bot):
    messages = say(bot, uuid.uuid4().hex, "how much does the integration course cost?")
    shown = texts_of(messages)
    assert "2,29" in shown  # the fact, figures as in the German
    assert translated("en", "Ich antworte auf Deutsch. Ich kann auch in diesen Sprachen antworten. Wichtige Wörter "
                            "vom Amt schreibe ich auf Deutsch in Klammern dazu.") in shown
    titles = [button["title"] for message in messages for button in message.get("buttons", [])]
    assert {"Deutsch", "Einfache Sprache", "العربية", "Українська"} <= set(titles)


def test_a_language_button_switches_and_german_stays_possible(bot):
    sender = uuid.uuid4().hex
    say(bot, sender, "hello, what is the integration course?")
    chosen = texts_of(say(bot, sender, '/choose_language{"language":"uk"}'))
    assert CYRILLIC.search(chosen)
    back = texts_of(say(bot, sender, '/choose_language{"language":"de"}'))
    assert back.startswith("Gut, ich antworte ab jetzt auf Deutsch.")


def test_mixed_message_does_not_flip_the_language(bot):
    sender = uuid.uuid4().hex
    say(bot, sender, "мені потрібна допомога з інтеграційним курсом")
    reply = texts_of(say(bot, sender, "Integrationskurs Termin"))
    assert CYRILLIC.search(reply), reply
