"""German answer texts rendered from the facts."""
import re

import pytest

from actions import texts
from actions.facts import get_facts

FACTS = get_facts()
SENTENCE_END = re.compile(r"(?<=[a-zäöüß)\]\d]{2}[.!?])\s+(?=[A-ZÄÖÜ])")


@pytest.mark.parametrize("program_id", sorted(FACTS["topics"]))
def test_short_answer_first_then_caveat_then_source(program_id):
    program, topic = FACTS["programs"][program_id], FACTS["topics"][program_id]
    answer = texts.program_answer(program, topic)
    short = answer.split("\n\n")[0]
    assert len(SENTENCE_END.split(short)) <= 4
    assert answer.endswith(f"Quelle: {program['source_urls'][0]} · Stand: 24.11.2026")
    if program.get("caveats"):
        assert f"Hinweis: {program['caveats'][0]}" in answer


def test_ended_programme_names_replacements():
    answer = texts.program_answer(FACTS["programs"]["gemeinsam_klappts"], FACTS["topics"]["gemeinsam_klappts"],
                                  ["Kommunales Integrationsmanagement (KIM)"])
    assert "BEENDET" in answer and "Heute können Sie stattdessen nutzen: Kommunales Integrationsmanagement" in answer


def test_ki_contact_shows_only_known_fields():
    muenster = texts.ki_contact(FACTS["kis"]["05515"])
    assert "Adresse: Klemensstraße 10 (Stadthaus 1, Raum 467), 48143 Münster" in muenster
    assert "Telefon: 0251 492-7081" in muenster and "nicht gesichert" not in muenster


def test_ki_without_contact_says_so_and_where_to_look():
    no_website = next(ki for ki in FACTS["kis"].values() if not ki["website"] and not ki["phone"])
    text = texts.ki_contact(no_website)
    assert "Telefon" in text and "habe ich nicht gesichert vorliegen" in text
    assert f"bei der Verwaltung von {no_website['region']}" in text


def test_followup_without_value_admits_it():
    program = dict(FACTS["programs"]["nrw_einbuergerungsinitiative_2019"])
    text = texts.followup_answer(program, FACTS["topics"]["nrw_einbuergerungsinitiative_2019"], "cost")
    assert "keine gesicherten Angaben" in text


@pytest.mark.parametrize("iso, german", [("2026-11-24", "24.11.2026"), ("2019-03-01", "01.03.2019")])
def test_german_date(iso, german):
    assert texts.german_date(iso) == german
