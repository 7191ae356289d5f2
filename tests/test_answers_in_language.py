"""What a person who writes in another language reads (issue #17): the answer in that language, German only
for the office terms in brackets that they will meet on letters, never German grammar around them."""
from __future__ import annotations

import datetime as dt
import re

import pytest

from actions.sdk.services import ActionAnswerFollowup, ActionAnswerService
from tests.support.sdk import make_tracker, run, texts_of

pytestmark = [pytest.mark.unit, pytest.mark.data]

TRANSLATED = ("en", "uk", "ar", "tr", "ru", "fa")
TODAY = dt.date(2026, 12, 5)
# The German term each office's translation keeps in brackets.
OFFICE_TERMS = {"einbuergerungsbehoerde": "Einbürgerungsbehörde", "auslaenderbehoerde": "Ausländerbehörde",
                "teilnahmeberechtigung": "Teilnahmeberechtigung", "leistungsstelle": "Jobcenter",
                "anerkennungsstelle": "Referenzberuf"}
GERMAN_GRAMMAR = re.compile(r"\b(bei der|beim|vom|von (Januar|Oktober|20\d\d)|die Stelle, die|Ihren)\b")


def test_every_office_is_translated_with_its_german_term(facts):
    offices = facts["offices"]["offices"]
    assert set(offices) == set(OFFICE_TERMS)
    for office_id, office in offices.items():
        for language in TRANSLATED:
            translated = office["translations"][language]
            for field in ("name", "at"):
                assert OFFICE_TERMS[office_id] in translated[field], (office_id, language, field)
                assert not GERMAN_GRAMMAR.search(translated[field]), (office_id, language, field)


@pytest.mark.parametrize("language", TRANSLATED)
def test_where_to_apply_names_the_office_in_the_persons_language(language):
    messages, _ = run(ActionAnswerFollowup(), make_tracker("/ask_how_apply", "ask_how_apply",
                                                           slots={"language": language,
                                                                  "topic": "beschaeftigungsduldung_60d"}))
    text = texts_of(messages)
    assert "Ausländerbehörde" in text and "bei der Ausländerbehörde" not in text, text


@pytest.mark.parametrize("language", TRANSLATED)
@pytest.mark.parametrize("source_date, shown", [("2026-02-09", "09.02.2026"), ("2025-10", "2025"), ("2024", "2024")])
def test_the_source_line_gives_the_sources_date_in_the_persons_language(language, source_date, shown):
    from actions import texts
    from actions.i18n import speaking
    with speaking(language):
        line = texts.source_line({"url": "https://example.org", "date": source_date}, "2026-12-02", TODAY)
    assert shown in line and "Oktober" not in line, line  # the digits as in German, the month translated
    assert not GERMAN_GRAMMAR.search(line), line


@pytest.mark.parametrize("language", ("uk", "ar", "tr", "ru", "fa"))
def test_the_closest_questions_offered_as_buttons_are_in_the_persons_language(language, facts):
    from actions.i18n import speaking
    from actions.texts import unit_choice_buttons
    unit = next(unit for unit in facts["answers"] if unit["id"] == "integrationskurs.kosten")
    with speaking(language):
        button = unit_choice_buttons([unit])[0]
    assert button["payload"] == facts["questions_by_language"][language]["integrationskurs.kosten"][0]


def test_the_closest_questions_offered_in_english_are_english_ones(facts):
    from actions.i18n import speaking
    from actions.texts import unit_choice_buttons
    unit = next(unit for unit in facts["answers"] if unit["id"] == "einbuergerung.einbuergerungstest_ablauf")
    with speaking("en"):
        assert unit_choice_buttons([unit])[0]["payload"] == "how many questions does the citizenship test have"
    german = unit_choice_buttons([unit])[0]["payload"]
    assert german == "einbürgerungstest wie viel fragen sind das"  # in German the first question


def test_an_everyday_matter_without_facts_is_named_in_english():
    messages, _ = run(ActionAnswerService(), make_tracker("my papers are expiring, fiktionsbescheinigung?",
                                                          "ask_service", slots={"language": "en"}))
    text = texts_of(messages)
    assert "Fiktionsbescheinigung" in text and "Ihren Aufenthaltspapieren" not in text, text
    assert "(Ausländerbehörde)" in text, text


@pytest.mark.parametrize("language", ("de", *TRANSLATED))
def test_how_to_register_shows_the_units_of_the_german_overview_in_every_language(language, facts):
    """The button "Wie melde ich mich an?" of the Integrationskurs: the office, then registering at a Kursträger
    in every language. The screen's limit was counted in the person's language, whose longer office line left
    room only for the shorter fee exemption."""
    from actions.translations import answer_in
    registering = next(unit for unit in facts["answers"] if unit["id"] == "integrationskurs.anmeldung")
    messages, _ = run(ActionAnswerFollowup(), make_tracker("/ask_how_apply", "ask_how_apply",
                                                           slots={"language": language, "topic": "integrationskurs"}))
    text = texts_of(messages)
    assert answer_in(dict(registering), language, facts)[0] in text, text
