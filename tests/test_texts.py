"""German answer texts rendered from the facts."""
import datetime as dt
import re

import pytest

from actions import texts
from actions.facts import get_facts

FACTS = get_facts()
SENTENCE_END = re.compile(r"(?<=[a-zäöüß)\]\d]{2}[.!?])\s+(?=[A-ZÄÖÜ])")
TODAY = dt.date(2026, 12, 2)


@pytest.mark.parametrize("source, shown, warned", [
    ({"url": "https://fr-hessen.de/x", "date": "2026-02-09"}, "(Quelle vom 09.02.2026, geprüft am 24.11.2026)", False),
    ({"url": "https://a.de/x", "date": "2025-12"}, "(Quelle von Dezember 2025, geprüft am 24.11.2026)", False),
    ({"url": "https://a.de/x", "date": "2025-11"}, "(Quelle von November 2025, geprüft am 24.11.2026)", True),
    ({"url": "https://a.de/x", "date": "2024"}, "(Quelle von 2024, geprüft am 24.11.2026)", True),
    ({"url": "https://a.de/x", "date": None}, "(Quelle ohne Datum, geprüft am 24.11.2026)", True)])
def test_source_line_shows_source_date_and_warns_after_twelve_months(source, shown, warned):
    line = texts.source_line(source, "2026-11-24", TODAY, "bei der Ausländerbehörde")
    assert line.startswith(f"Quelle: {source['url']} {shown}")
    assert ("kann veraltet sein. Im Zweifel fragen Sie bei der Ausländerbehörde nach." in line) == warned


def test_ki_contact_shows_only_known_fields():
    muenster = texts.ki_contact(FACTS["kis"]["05515"])
    assert "Adresse: Klemensstraße 10 (Stadthaus 1, Raum 467), 48143 Münster" in muenster
    assert "Telefon: 0251 492-7081" in muenster and "habe ich nicht" not in muenster


def test_ki_without_contact_says_so_and_where_to_look():
    no_website = next(ki for ki in FACTS["kis"].values() if not ki["website"] and not ki["phone"])
    text = texts.ki_contact(no_website)
    assert "Telefonnummer" in text and "habe ich nicht." in text
    assert f"Bitte bei der Verwaltung von {no_website['region']} nachsehen." in text


def test_followup_without_units_admits_it():
    text = texts.aspect_answer(FACTS["topics"]["nrw_einbuergerungsinitiative_2019"], "cost", [], TODAY)
    assert "keine gesicherten Angaben" in text


def test_followup_lists_facts_not_field_names():
    units = [u for u in FACTS["answers"] if u["program"] == "integrationskurs" and u["aspect"] == "who"]
    text = texts.aspect_answer(FACTS["topics"]["integrationskurs"], "who", units, TODAY)
    assert text.startswith("Wer kann teilnehmen – Integrationskurs:\n• ")
    assert not re.search(r"\b[a-z]+_[a-z_]+\b|siehe (status|caveats)|Anspruch frist", text)
    assert len(text.split("\n\nQuelle: ")[0]) <= 500


@pytest.mark.parametrize("iso, german", [("2026-11-24", "24.11.2026"), ("2019-03-01", "01.03.2019")])
def test_german_date(iso, german):
    assert texts.german_date(iso) == german


def every_rendered_answer() -> list[str]:
    """Every programme answer, follow-up and KI answer, as the bot would send them today."""
    answers = []
    for program_id, topic in FACTS["topics"].items():
        answers += [texts.unit_answer(u, TODAY) for u in FACTS["answers"] if u["program"] == program_id]
        for aspect in ("who", "apply", "cost"):
            units = [u for u in FACTS["answers"] if u["program"] == program_id and u["aspect"] == aspect]
            answers.append(texts.aspect_answer(topic, aspect, units, TODAY))
    answers += [texts.ki_answer(ki["region"], ki, ki["checked_date"], TODAY) for ki in FACTS["kis"].values()]
    return answers


def test_no_answer_claims_a_stand_and_every_answer_dates_its_source():
    """Issue #14: "Stand: <check day>" implied the facts were current on that day; now every answer says how
    old its source is and when we checked it."""
    answers = every_rendered_answer()
    assert len(answers) == len(FACTS["answers"]) + 3 * len(FACTS["topics"]) + 54
    for answer in answers:
        assert "Stand:" not in answer
        if "keine gesicherten Angaben" in answer:
            continue  # nothing stated, nothing to date
        assert re.search(r"\(Quelle (vom \d\d\.\d\d\.\d{4}|von [A-Za-zä]* ?\d{4}|ohne Datum), geprüft am "
                         r"\d\d\.\d\d\.\d{4}\)", answer), answer[-300:]


def test_old_sources_say_so_and_where_to_ask():
    old = next(u for u in FACTS["answers"] if u["source_date"] == "2021-06-02")
    assert "Die neueste Quelle ist vom 02.06.2021, die Angabe kann veraltet sein." in texts.unit_answer(old, TODAY)
    fresh = next(u for u in FACTS["answers"] if u["source_date"] == "2026-01")
    rendered = texts.unit_answer(fresh, TODAY)
    assert "veraltet" not in rendered and "(Quelle von Januar 2026, geprüft am 02.12.2026)" in rendered
