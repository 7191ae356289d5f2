"""Answers about programmes that have ended (actions/ended_programmes.py), without Rasa."""
import pytest

from actions.answer_retrieval import Match, Retrieval
from actions.ended_programmes import ended_detail, holds_it

pytestmark = [pytest.mark.unit, pytest.mark.data]

CHANCEN = "chancen_aufenthaltsrecht_104c"


def chancen_unit(facts, unit_id):
    return next(unit for unit in facts["answers"] if unit["id"] == f"{CHANCEN}.{unit_id}")


@pytest.mark.parametrize("message", ["hab chancen aufenthalt bekommen was gilt jetzt für meine familie",
                                     "was muss ich in den 18 monaten chancen aufenthalt schaffen",
                                     "welche rechte hab ich mit dem chancenaufenthaltsrecht?"])
def test_a_holder_of_an_ended_permit_gets_the_closest_detail_as_a_guess(facts, message):
    """Many still hold a Chancen-Aufenthaltsrecht: "it has ended" does not answer them; a close detail may."""
    next_permit = chancen_unit(facts, "danach")
    loose = Retrieval((Match(next_permit, -0.5),), confident=False)
    assert holds_it(message)
    assert ended_detail(message, CHANCEN, loose) is None  # not sure: no sure answer
    assert ended_detail(message, CHANCEN, loose, sure=False)["id"] == next_permit["id"]


@pytest.mark.parametrize("message", ["kann ich chancen aufenthalt noch bekommen",
                                     "wie viele haben den chancen aufenthalt bekommen"])
def test_someone_without_the_permit_gets_no_guessed_detail(facts, message):
    """Who may still get it is answered by its end; only a sure match answers another detail."""
    loose = Retrieval((Match(chancen_unit(facts, "danach"), -0.5),), confident=False)
    assert ended_detail(message, CHANCEN, loose, sure=False) is None


def test_a_guess_is_never_the_overview_who_or_how_to_apply(facts):
    message = "hab chancen aufenthalt bekommen und jetzt"
    for unit_id in ("was_ist_das", "gibt_es_noch", "familie"):  # what it is, whether it exists, who may get it
        loose = Retrieval((Match(chancen_unit(facts, unit_id), -0.5),), confident=False)
        assert ended_detail(message, CHANCEN, loose, sure=False) is None
    far = Retrieval((Match(chancen_unit(facts, "danach"), -1.3),), confident=False)
    assert ended_detail(message, CHANCEN, far, sure=False) is None  # too far to be worth showing
