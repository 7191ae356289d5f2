"""Which unit a message gets (actions/answer_choice.py), without Rasa."""
import datetime as dt

import pytest

from actions import answer_choice as choice
from actions import answer_conditions as conditions
from actions import texts
from actions.answer_retrieval import Match, Retrieval, get_index
from actions.ended_programmes import with_notes

pytestmark = [pytest.mark.unit, pytest.mark.data]


def chosen(text: str, named: str | None) -> dict | None:
    return choice.choose_unit(text, named, get_index().search(text))


@pytest.mark.parametrize("text, named", [("sprachkurs", "integrationskurs"), ("deutscher pass?", "einbuergerung"),
                                         ("Was ist KIM?", "kim_nrw"), ('/ask_service{"topic":"laki"}', "laki")])
def test_a_bare_name_or_topic_button_gets_what_it_is(text, named):
    assert chosen(text, named)["aspect"] == "what"


@pytest.mark.parametrize("text, fact", [("doppelpass?", "Mehrere Staatsangehörigkeiten sind erlaubt"),
                                        ("doppelte staatsbürgerschaft", "Mehrere Staatsangehörigkeiten sind erlaubt")])
def test_a_bare_word_for_a_part_gets_that_part_not_the_overview(text, fact):
    """The dual-citizenship unit never says "Doppelpass", but the classifier is sure of it."""
    assert fact in chosen(text, "einbuergerung")["answer"]


def test_a_detail_gets_the_unit_of_that_detail():
    unit = chosen("Wie viel kostet die Einbürgerung für mein Kind?", "einbuergerung")
    assert "51 €" in unit["answer"]


def test_without_a_confident_match_or_a_programme_there_is_no_guess():
    assert chosen("wie wird das wetter morgen", None) is None


def test_an_ended_programme_says_what_replaces_it():
    unit, extra = with_notes(choice.what_unit("gemeinsam_klappts"))
    assert "Heute können Sie stattdessen nutzen: Kommunales Integrationsmanagement" in extra


def test_the_rule_question_of_the_issue_gets_its_fact():
    unit = chosen("Wie viele Stunden pro Woche muss ich für die Beschäftigungsduldung arbeiten?",
                  "beschaeftigungsduldung_60d")
    assert "20 Stunden" in unit["answer"]


@pytest.mark.parametrize("text, named, fact", [
    ("Wer kann einen Integrationskurs machen?", "integrationskurs", "Einen Anspruch haben"),
    ("Welche Voraussetzungen gibt es für die Einbürgerung?", "einbuergerung", "5 Jahre"),
    ("who is eligible for the Ausbildungsduldung?", "ausbildungsduldung_60c", "Duldung")])
def test_a_general_who_question_gets_the_whole_list_of_conditions(text, named, fact):
    unit = chosen(text, named)
    assert unit["id"] == conditions.conditions_unit(named)["id"] and fact in unit["answer"], unit["answer"]


@pytest.mark.parametrize("text, named", [
    ("Wer ist für die Einbürgerung zuständig?", "einbuergerung"),
    ("Wer hat Anspruch auf Fahrtkosten beim Integrationskurs?", "integrationskurs")])
def test_a_who_question_about_something_else_is_not_sent_to_the_list_of_conditions(text, named):
    unit = chosen(text, named)
    assert unit is None or unit["id"] != conditions.conditions_unit(named)["id"], unit


@pytest.mark.parametrize("text, named, part", [
    ("wer darf den einbürgerungstest machen", "einbuergerung", True),
    ("wer darf bei der dtz prüfung mitmachen", "integrationskurs", True),
    ("Wer kann eingebürgert werden?", "einbuergerung", False),  # how people ask for the list itself
    ("Wer bekommt die deutsche Staatsangehörigkeit?", "einbuergerung", False),  # the programme in other words
    ("wer kann einen Sprachkurs machen", "integrationskurs", False),
    ("Wer kann einen Integrationskurs machen?", "integrationskurs", False),
    ('/ask_who{"topic":"ausbildungsduldung_60c"}', "ausbildungsduldung_60c", False)])
def test_who_may_take_a_part_of_the_programme_is_not_who_qualifies_for_it(text, named, part):
    listed = conditions.conditions_unit(named)
    assert choice.asks_about_a_part(text, named, listed) is part
    if not text.startswith("/"):
        unit = chosen(text, named)
        assert (unit is not None and unit["id"] == listed["id"]) is not part, unit


@pytest.mark.parametrize("language, text, named", [("ru", "кто может получить гражданство", "einbuergerung"),
                                                   ("tr", "kimler vatandaşlık alabilir", "einbuergerung")])
def test_a_who_question_in_another_language_keeps_the_list_of_conditions(language, text, named):
    from actions.i18n import speaking
    with speaking(language):
        assert not choice.asks_about_a_part(text, named, conditions.conditions_unit(named))


def test_who_must_take_part_is_not_who_may():
    assert not conditions.asks_who_qualifies("Für wen ist der Integrationskurs Pflicht?")
    assert conditions.asks_who_qualifies("Für wen ist der Integrationskurs?")
    assert conditions.asks_who_qualifies("Welche Voraussetzungen muss ich erfüllen?")


def test_a_longer_question_about_one_condition_is_not_sent_to_the_list():
    detailed = "ich bin 26 und seit 2 jahren geduldet, welche voraussetzungen gelten für mich?"
    assert not conditions.asks_who_qualifies(detailed)


@pytest.mark.parametrize("general", ["Welche Voraussetzungen muss ich für die Einbürgerung erfüllen?",
                                     "who is eligible for the integrationskurs in germany?"])
def test_a_longer_general_who_question_still_asks_for_all_conditions(general):
    assert conditions.asks_who_qualifies(general)
    assert not conditions.asks_who_qualifies("welche voraussetzungen gibt es für die doppelte staatsbürgerschaft "
                                             "in deutschland")  # a part of the Einbürgerung: its own answer


def test_a_question_on_one_condition_whose_closest_unit_is_the_list_gets_the_next_one(facts):
    """The list of all conditions lies near every question on them (a Dari question on giving up the old
    citizenship found it first); the guess is then the next close unit on one condition."""
    units = {unit["id"]: unit for unit in facts["answers"]}
    listed = conditions.conditions_unit("einbuergerung")
    dual = units["einbuergerung.doppelte_staatsangehoerigkeit"]
    retrieval = Retrieval((Match(listed, -0.3), Match(dual, -0.5)), confident=False)
    text = "muss ich meinen alten pass abgeben wenn ich deutscher werde"
    assert conditions.condition_guess(text, "einbuergerung", retrieval)["id"] == dual["id"]
    alone = Retrieval((Match(listed, -0.3),), confident=False)
    assert conditions.condition_guess(text, "einbuergerung", alone) is None  # then the list itself, not a guess


def test_a_loose_match_of_a_named_programme_is_only_a_marked_guess():
    """Not confident: no sure answer; the closest unit of the named programme is shown as a guess."""
    text = "integrationskurs aber ich habe ein baby"
    retrieval = get_index().search(text)
    assert not retrieval.confident and choice.choose_unit(text, "integrationskurs", retrieval) is None
    guess = choice.tentative_unit("integrationskurs", retrieval)
    assert guess["program"] == "integrationskurs"
    shown = texts.tentative_answer(guess, dt.date(2026, 12, 2))
    assert shown.startswith("Da bin ich nicht sicher, ob das Ihre Frage beantwortet.") and guess["answer"] in shown
    assert guess["id"] not in [unit["id"] for unit in choice.unsure_choices(retrieval, shown=guess)]


def test_no_guess_without_a_named_programme():
    retrieval = get_index().search("integrationskurs aber ich habe ein baby")
    assert choice.tentative_unit(None, retrieval) is None


@pytest.mark.parametrize("text, aspect, fits", [
    ("/ask_how_apply", "apply", True),
    ("wo kann ich das beantragen?", "apply", True),
    ("und wie geht das?", "apply", True),
    ("Welche Unterlagen muss ich für die Anerkennung einreichen?", "apply", False),
    ("Was kostet die Anmeldung?", "apply", True),
    ("wie lange dauert das?", "who", False),
    ("und für mein Auto?", "who", True),  # a short follow-up without cue or programme: the topic's overview
    ("is naturalization possible despite previous convictions", "cost", False),  # NLU read "cost"; no cost asked
    ("gibt es strafe wenn ich den integrationskurs abbreche", "cost", False),
    ("who needs to attend a german integration course", "who", True),
    ("ich möchte an einem integrationskurs teilnehmen, was muss ich tun", "apply", False)])
def test_an_overview_answers_only_the_aspect_asked(text, aspect, fits):
    assert choice.overview_fits(text, aspect) is fits


@pytest.mark.parametrize("text, named", [
    ("wie funktioniert eigentlich die anerkennung", "anerkennung_berufsabschluesse"),
    ("worum geht es bei KIM", "kim_nrw"),
    ("was muss ich über den integrationskurs wissen", "integrationskurs"),
])
def test_a_request_for_the_whole_picture_gets_what_it_is(text, named):
    assert chosen(text, named)["aspect"] == "what"


def test_a_part_of_a_programme_with_a_unit_of_its_own_gets_that_unit():
    """The keyword "Einbürgerungstest" names the programme, but the person asks about the test: what the test is,
    not what Einbürgerung is."""
    unit = chosen("einbürgerungstest - was ist das", "einbuergerung")
    assert unit["id"] == "einbuergerung.einbuergerungstest_was", unit["id"]
    assert unit["answer"].startswith("Mit dem Einbürgerungstest prüft der Staat")


def test_the_programmes_own_name_in_another_form_still_gets_what_it_is():
    assert chosen("Was ist Kommunale Integrationszentren (KI)?", "kommunale_integrationszentren")["aspect"] == "what"


def test_every_programmes_full_name_gets_what_it_is(facts):
    """A word of the programme's own name is no part of it: "Was ist Integrationsrat / Ausschuss für …?" gets what
    the committee is, not the unit on its new name (which uses "Integrationsrat" and the overview does not)."""
    for program_id, topic in facts["topics"].items():
        unit = chosen(f"Was ist {topic['short']}?", program_id)
        assert unit["program"] == program_id and unit["aspect"] == "what", (program_id, unit["id"])


def test_naming_recognition_does_not_push_down_the_office_that_decides():
    """"anerkennen" names the recognition procedure; the offices are its related programme (topics.yml),
    so the office for nursing still answers "anerkennung krankenpfleger wer ist zuständig"."""
    unit = chosen("anerkennung krankenpfleger wer ist zuständig in nrw", "anerkennung_berufsabschluesse")
    assert "Bezirksregierung Münster" in unit["answer"]


@pytest.mark.parametrize("language, text, overview", [
    ("uk", "що таке Integrationskurs?", True),
    ("tr", "Integrationskurs nedir?", True),
    ("uk", "що таке Integrationskurs онлайн?", False),  # one more word may be the detail asked
    ("de", "Integrationskurs online?", True),            # German cues would have named a detail
    ("de", "deutscher pass?", True),
    ("de", "hallo ich hab eine frage zur einbürgerung", True),  # announced, not yet asked
    ("de", "hallo, ich habe eine frage zur einbürgerung: wie viel kostet das?", False),
    ("de", "hallo, ich hab eine frage zum integrationskurs, kinderbetreuung?", False),  # no spare word then
    ("de", "hallo, ich habe eine frage wegen der einbürgerung", True),
    ("de", "guten tag, ich habe eine frage zu meinem integrationskurs", True),
    ("en", "hi, quick question about citizenship", True),
    ("uk", "привіт, у мене питання стосовно Integrationskurs", True),
    ("tr", "merhaba, Integrationskurs hakkında birkaç sorum var", True),
    ("en", "hi, i have a question about the integration course", True),
    ("ru", "привет, у меня вопрос по Integrationskurs", True),
    ("tr", "merhaba, Integrationskurs hakkında bir sorum var", True)])
def test_an_overview_request_in_each_language(language, text, overview):
    from actions.i18n import speaking
    named = "einbuergerung" if any(word in text for word in ("pass", "einbürgerung", "citizenship")) \
        else "integrationskurs"
    with speaking(language):
        assert choice.names_only_the_programme(text, named) is overview


def test_outside_german_and_english_an_aspect_overview_needs_a_unit_of_that_aspect():
    from actions.answer_retrieval_translated import search_in
    from actions.i18n import speaking
    changed = "що змінилося в Einbürgerung у 2024?"  # read by NLU as "how to apply"
    with speaking("uk"):
        retrieval = search_in("uk", changed, context_topic="einbuergerung")
        assert retrieval.best.unit["aspect"] != "apply"
        assert not choice.aspect_confirmed(changed, "apply", retrieval)
        assert choice.aspect_confirmed('/ask_how_apply', "apply", retrieval)
    with speaking("de"):
        assert choice.aspect_confirmed("Wie melde ich mich an?", "apply", retrieval)


def test_a_guess_shows_the_next_closest_units_of_its_programme_as_far_as_the_screen_allows():
    units = {unit["id"]: unit for unit in get_index().units}
    guess, second, third = (units[f"einbuergerung.{aspect}"] for aspect in ("kosten_kind", "kosten_erwachsene",
                                                                            "straftaten"))
    other = units["integrationskurs.kosten"]
    ranked = Retrieval((Match(guess, -0.3), Match(other, -0.4), Match(second, -0.5), Match(third, -0.6)), False)
    shown = choice.guesses_to_show(guess, ranked)
    ids = [unit["id"] for unit in shown]
    assert other["id"] not in ids and ids[:2] == [guess["id"], second["id"]]  # another programme's stays a button
    lengths = sum(choice.bullet_length(unit["answer"]) for unit in (guess, second, third))
    assert ids[2:] == ([third["id"]] if lengths <= choice.MAX_BEFORE_BUTTONS else [])
    used = sum(choice.bullet_length(unit["answer"]) + len(unit.get("context") or "") for unit in shown)
    assert used <= choice.MAX_BEFORE_BUTTONS  # contexts only as far as room is left
    alone = choice.guesses_to_show(guess, Retrieval((Match(guess, -0.3), Match(second, -1.5)), False))  # too far
    assert alone == [dict(guess)]  # with its context, as before


def test_a_guess_in_ukrainian_shows_its_neighbours_in_ukrainian_with_each_source_once():
    from actions.sdk.services import ActionAnswerService
    from tests.support.sdk import make_tracker, run, texts_of
    # "naturalisation, and if I got Bürgergeld last year" (written for this test; the illness question used before now
    # gets the hardship rule of 07.12.2026 alone, whose answer leaves no room for a second one)
    tracker = make_tracker("einbürgerung а якщо я отримував bürgergeld минулого року", "ask_service",
                           slots={"language": "uk"})
    text = texts_of(run(ActionAnswerService(), tracker)[0])
    assert text.startswith("Не знаю напевно, чи це відповідає на ваше запитання. Найближчі за змістом відомості:")
    assert "§ 40a StAG" in text  # the old rule on the means of living for applications until 23.08.2023
    facts = text.split("\n\n")[1]
    assert facts.count("• ") >= 2 and "Da bin ich" not in text
    urls = [line.split()[1] for line in text.splitlines() if line.startswith("Джерело: ")]
    assert len(urls) == len(set(urls)) >= 2


def test_a_question_that_asks_two_things_gets_both_facts_as_a_marked_guess():
    from actions.sdk.services import ActionAnswerService
    from tests.support.sdk import make_tracker, run, texts_of
    messages, _ = run(ActionAnswerService(), make_tracker("wie lange dauert anerkennung und was kostet das",
                                                          "ask_service"))
    text = texts_of(messages)
    assert text.startswith("Da bin ich nicht sicher, ob das Ihre Frage beantwortet. "
                           "Am nächsten kommen diese Auskünfte:")
    assert "3-4 Monate" in text and "100-600 €" in text  # how long and what it costs
    assert "andere Stellen können andere Gebühren haben" in text  # a context that fits stays
    facts = text.split("\n\n")[1]
    assert len(facts) <= choice.MAX_BEFORE_BUTTONS and facts.count("• ") in (2, 3)
    urls = [line.split()[1] for line in text.splitlines() if line.startswith("Quelle: ")]
    assert len(urls) == len(set(urls)) >= 2  # each source once
    assert text.count("die Angaben können veraltet sein") == 1  # one warning for the undated sources, not one each
    buttons = [button["title"] for message in messages for button in message.get("buttons", [])]
    # the fact shown is not offered again as a button
    assert not any("kostet" in title.lower() and "anerkennung" in title.lower() for title in buttons)
