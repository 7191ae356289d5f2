"""German answer texts, rendered from the small frozen facts (tests/fixtures/facts_small.json).

`make facts` never changes what these tests expect; the real facts build is checked in
tests/test_facts_rendered.py."""
import copy
import datetime as dt
import re

import jsonschema
import pytest

from actions import facts as facts_module
from actions import texts
from tests.support.rendering import every_rendered_answer, undated_answers

pytestmark = pytest.mark.unit

TODAY = dt.date(2026, 12, 2)


def test_small_facts_follow_the_real_schema(small_facts):
    """Only the number of KIs differs (the real schema insists on all 54)."""
    schema = copy.deepcopy(facts_module.FACTS_SCHEMA)
    for bound in ("minProperties", "maxProperties"):
        del schema["properties"]["kis"][bound]
    jsonschema.validate(small_facts, schema)


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


def test_ki_contact_shows_only_known_fields(small_facts):
    muenster = texts.ki_contact(small_facts["kis"]["05515"])
    assert "Adresse: Klemensstraße 10 (Stadthaus 1, Raum 467), 48143 Münster" in muenster
    assert "Telefon: 0251 492-7081" in muenster and "habe ich nicht" not in muenster


def test_ki_without_contact_says_so_and_where_to_look(small_facts):
    no_website = next(ki for ki in small_facts["kis"].values() if not ki["website"] and not ki["phone"])
    text = texts.ki_contact(no_website)
    assert "Telefonnummer" in text and "habe ich nicht." in text
    assert f"Bitte bei der Verwaltung von {no_website['region']} nachsehen." in text


def test_followup_without_units_admits_it(small_facts):
    text = texts.aspect_answer(small_facts["topics"]["nrw_einbuergerungsinitiative_2019"], "cost", [], TODAY)
    assert "keine gesicherten Angaben" in text


def test_followup_lists_facts_not_field_names(small_facts):
    units = [u for u in small_facts["answers"] if u["program"] == "integrationskurs" and u["aspect"] == "who"]
    text = texts.aspect_answer(small_facts["topics"]["integrationskurs"], "who", units, TODAY)
    assert text.startswith("Wer kann teilnehmen – Integrationskurs:\n• ")
    assert not re.search(r"\b[a-z]+_[a-z_]+\b|siehe (status|caveats)|Anspruch frist", text)
    assert len(text.split("\n\nQuelle: ")[0]) <= 500


def test_an_overview_cites_the_source_of_a_unit_it_shows_not_of_one_cut_off(small_facts):
    units = [u for u in small_facts["answers"] if u["program"] == "integrationskurs" and u["aspect"] == "apply"]
    long_first = {**units[0], "answer": "x " * 200, "source_url": "https://example.org/cut-off"}
    text = texts.aspect_answer(small_facts["topics"]["integrationskurs"], "apply", [long_first, *units[1:]], TODAY,
                               apply_at="beim BAMF")
    assert "Den Antrag stellen Sie beim BAMF." in text and "x x x" not in text
    assert "example.org/cut-off" not in text


@pytest.mark.parametrize("iso, german", [("2026-11-24", "24.11.2026"), ("2019-03-01", "01.03.2019")])
def test_german_date(iso, german):
    assert texts.german_date(iso) == german


def test_no_answer_claims_a_stand_and_every_answer_dates_its_source(small_facts):
    """Issue #14: "Stand: <check day>" implied the facts were current on that day; now every answer says how
    old its source is and when we checked it."""
    answers = every_rendered_answer(small_facts, TODAY)
    assert len(answers) == len(small_facts["answers"]) + 3 * len(small_facts["topics"]) + len(small_facts["kis"])
    assert undated_answers(answers) == []


def test_old_sources_say_so_and_where_to_ask(small_facts):
    old = next(u for u in small_facts["answers"] if u["source_date"] == "2021-06-02")
    assert "Die neueste Quelle ist vom 02.06.2021, die Angabe kann veraltet sein." in texts.unit_answer(old, TODAY)
    fresh = next(u for u in small_facts["answers"] if u["source_date"] == "2026-01")
    rendered = texts.unit_answer(fresh, TODAY)
    assert "veraltet" not in rendered and "(Quelle von Januar 2026, geprüft am 24.11.2026)" in rendered
