"""Cue words of Ukrainian, Russian, Arabic, Turkish and Dari/Farsi (actions/cues_by_meaning.py) and the answer a
person sees because of them."""
import pytest

from tests.support.sdk import make_tracker, run, slots_set, texts_of

pytestmark = [pytest.mark.unit, pytest.mark.data]


@pytest.fixture(scope="module")
def keywords_25b():
    from actions.facts import get_facts
    return get_facts()["topics"]["bleiberecht_25b"]["keywords"]


@pytest.mark.parametrize("question", [
    "ما هي المادة 25 ب من قانون الإقامة؟",  # what is article 25 b of the residence law
    "ماده ۲۵ ب چیست؟",  # Persian digits
    "что такое параграф 25b закона о пребывании",
    "İkamet Yasası 25b maddesi nedir",  # a capital İ lowers to "i̇", two characters
])
def test_a_question_naming_nothing_but_the_rule_asks_what_it_is(question, keywords_25b):
    from actions.cues_by_meaning import names_only_the_rule
    assert names_only_the_rule(question, keywords_25b)


@pytest.mark.parametrize("question", [
    "що таке 25b для українців",  # for whom: more than the rule
    "25b nedir, alabilir miyim?",
])
def test_a_question_saying_more_than_the_rule_is_not_bare(question, keywords_25b):
    from actions.cues_by_meaning import names_only_the_rule
    assert not names_only_the_rule(question, keywords_25b)


@pytest.mark.parametrize("language, question, says", [
    ("ar", "ما هي المادة 25 ب من قانون الإقامة؟", "Bleiberecht"),  # started the check: retrieval sure of a condition
    ("tr", "İkamet Yasası 25b maddesi nedir", "Bleiberecht"),
])
def test_what_is_the_paragraph_gets_what_it_is_not_the_check(language, question, says):
    from actions.sdk.eligibility import ActionStartEligibility
    messages, events = run(ActionStartEligibility(), make_tracker(question, "check_eligibility",
                                                                  slots={"language": language}))
    assert says in texts_of(messages).split("\n")[0]  # the overview: "§ 25b AufenthG is a right to stay (Bleiberecht)"
    assert slots_set(events).get("check_ready") is False


@pytest.mark.parametrize("question, gets", [
    ("چطور میتونم آلمانی یاد بگیرم", False),  # how can I learn German: no permit to get
    ("میتونم وقت بگیرم برای مشاوره", False),  # can I get an appointment
    ("можно ли мне оформить заявление онлайн", False),  # may I file the application online
    ("могу ли я оформить 25b", True),
    ("میتوانم اقامت بگیرم", True),
])
def test_can_i_get_it_is_about_getting_something(question, gets):
    from actions.cues_by_meaning import asks_to_get_it
    assert asks_to_get_it(question) is gets


def test_turkish_capitals_are_read_like_small_letters():
    from actions.cues_by_meaning import asks_to_get_it, aspect_asked_by_meaning
    assert asks_to_get_it("25B ALABİLİR MİYİM")  # review finding: "İ".lower() hid the cue
    assert aspect_asked_by_meaning("İKAMET YASASI 25B MADDESİ NEDİR") == "what"
