"""Which unit a message gets (actions/answer_choice.py), without Rasa."""
import pytest

from actions import answer_choice as choice
from actions.answer_retrieval import get_index


def chosen(text: str, named: str | None) -> dict | None:
    return choice.choose_unit(text, named, get_index().search(text))


@pytest.mark.parametrize("text, named", [("sprachkurs", "integrationskurs"), ("deutscher pass?", "einbuergerung"),
                                         ("Was ist KIM?", "kim_nrw"), ('/ask_service{"topic":"laki"}', "laki")])
def test_a_bare_name_or_topic_button_gets_what_it_is(text, named):
    assert chosen(text, named)["aspect"] == "what"


def test_a_detail_gets_the_unit_of_that_detail():
    unit = chosen("Wie viel kostet die Einbürgerung für mein Kind?", "einbuergerung")
    assert "51 €" in unit["answer"]


def test_without_a_confident_match_or_a_programme_there_is_no_guess():
    assert chosen("wie wird das wetter morgen", None) is None


def test_an_ended_programme_says_what_replaces_it():
    unit, extra = choice.with_notes(choice.what_unit("gemeinsam_klappts"))
    assert "Heute können Sie stattdessen nutzen: Kommunales Integrationsmanagement" in extra
