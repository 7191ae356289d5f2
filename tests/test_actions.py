"""Actions with CollectingDispatcher and tracker fixtures: what the user reads, what is remembered."""
from __future__ import annotations

import datetime as dt
import logging
import re
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import ActiveLoop, SlotSet

from actions import check_answers, eligibility, texts
from actions.answer_retrieval import Match, Retrieval
from actions.sdk.during_check import ActionExplainQuestion
from actions.sdk.eligibility import ActionCancelEligibility, ActionEligibilityVerdict, ActionStartEligibility
from actions.sdk.eligibility_form import ValidateEligibilityForm
from actions.sdk.ki import ActionAnswerOrFallback, ActionFindKi
from actions.sdk.services import ActionAnswerFollowup, ActionAnswerService, ActionEmergency, ActionHumanHandover
from tests.support.sdk import make_tracker, run, slots_set, texts_of

pytestmark = [pytest.mark.unit, pytest.mark.data]


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setattr(check_answers, "today", lambda: dt.date(2026, 11, 24))


# --- KI finder ------------------------------------------------------------------------

def test_ki_for_town_names_ki_and_remembers_place():
    messages, events = run(ActionFindKi(), make_tracker("Welches KI ist für Moers zuständig?", "find_ki"))
    assert "Kommunale Integrationszentrum Kreis Wesel" in texts_of(messages)
    assert re.search(r"\(Quelle (vom|von|ohne) [^,]+, geprüft am \d\d\.\d\d\.\d{4}\)", texts_of(messages))
    assert slots_set(events)["ki_id"] == "05170"


def test_a_question_with_a_place_gets_its_fact_before_the_ki_of_the_place():
    """"gehört das integrationszentrum in essen jetzt zur ausländerbehörde?" asks a fact: the fact, then the KI."""
    messages, events = run(ActionFindKi(), make_tracker("gehört das integrationszentrum in essen jetzt zur "
                                                        "ausländerbehörde?", "find_ki"))
    assert len(messages) == 2 and "zusammengelegt" in messages[0]["text"], texts_of(messages)
    assert "Kommunale Integrationszentrum Stadt Essen" in messages[1]["text"] and slots_set(events)["ki_id"]
    messages, _ = run(ActionFindKi(), make_tracker("wie erreiche ich das integrationszentrum in bonn?", "find_ki"))
    assert len(messages) == 1 and "Stadt Bonn" in messages[0]["text"], texts_of(messages)  # the KI is the answer


def test_ki_for_plz_and_missing_fields_are_named():
    messages, _ = run(ActionFindKi(), make_tracker("ich wohne in 53111", "inform_place"))
    text = texts_of(messages)
    assert "Stadt Bonn" in text and "https://www.integration-in-bonn.de" in text
    assert re.search(r"(Anschrift|Telefonnummer|E-Mail-Adresse)[^.]* habe ich nicht\. Bitte auf der Website", text)


def test_ki_without_place_asks_for_it():
    messages, events = run(ActionFindKi(), make_tracker("Wo ist das nächste Integrationszentrum?", "find_ki"))
    assert "In welcher Stadt oder Gemeinde wohnen Sie?" in texts_of(messages)
    assert events == []


def test_ki_uses_remembered_place():
    slots = {"gemeinde_ags": "05314000", "place_label": "Bonn", "ki_id": "05314"}
    messages, _ = run(ActionFindKi(), make_tracker("Wo in meiner Nähe?", "ask_nearby", slots=slots))
    assert "Für Bonn ist zuständig: das Kommunale Integrationszentrum Stadt Bonn" in texts_of(messages)


def test_a_place_named_in_a_nearby_question_is_used_not_asked_for():
    question = "Welche Unterstützung bietet die Stadt Dortmund bei der Einbürgerung?"
    messages, _ = run(ActionFindKi(), make_tracker(question, "ask_nearby"))
    assert "In welcher Stadt" not in texts_of(messages) and "Dortmund" in texts_of(messages), texts_of(messages)


@pytest.mark.parametrize("ki_id, place, message, expected", [
    ("05515", "Münster", "und die Adresse?",
     "Anschrift des Kommunalen Integrationszentrums Stadt Münster: "
     "Klemensstraße 10 (Stadthaus 1, Raum 467), 48143 Münster"),
    ("05515", "Münster", "Telefonnummer?",
     "Telefonnummer des Kommunalen Integrationszentrums Stadt Münster: 0251 492-7081"),
    ("05113", "Essen", "hat das KI eine Mail?",
     "Die E-Mail-Adresse des Kommunalen Integrationszentrums Stadt Essen habe ich nicht. Bitte auf der Website https://"),
    ("05314", "Bonn", "und die adresse", "Die Anschrift des Kommunalen Integrationszentrums Stadt Bonn habe ich nicht. "
                                         "Bitte auf der Website https://www.integration-in-bonn.de nachsehen.")])
def test_a_contact_follow_up_gets_that_one_detail(ki_id, place, message, expected):
    """"und die Adresse?" after a KI answer: the address alone, not the whole answer again."""
    slots = {"gemeinde_ags": None, "kreis_ags": ki_id, "ki_id": ki_id, "place_label": place}
    for action, intent in ((ActionFindKi(), "ask_nearby"), (ActionAnswerOrFallback(), "nlu_fallback")):
        messages, _ = run(action, make_tracker(message, intent, slots=slots))
        assert texts_of(messages).startswith(expected) and "Quelle" not in texts_of(messages), texts_of(messages)


@pytest.mark.parametrize("message, person", [("gilt das auch für meine Frau?", "Ihre Frau"),
                                             ("und bei meinem sohn?", "Ihren Sohn"),
                                             ("was ist mit meinen Kindern, gilt das für die auch", "Ihre Kinder"),
                                             ("und für mein Auto?", None)])
def test_the_same_question_about_someone_else_says_their_own_situation_decides(message, person):
    from actions.sdk.services import ActionAnswerFollowup
    messages, events = run(ActionAnswerFollowup(), make_tracker(message, "ask_who", slots={"topic": "einbuergerung"}))
    text = texts_of(messages)
    if person is None:  # no person named: who qualifies, i.e. the programme's whole list of conditions
        assert text.startswith("Sie brauchen: 5 Jahre") and "Grundgesetz" in text, text
        return
    assert text.startswith(f"Ob das auch für {person} gilt, hängt von der eigenen Lage ab"), text
    assert [b["title"] for b in messages[0]["buttons"]] == ["Prüfung durchgehen", "Beratung in meiner Nähe (KI)"]
    assert slots_set(events) == {"topic": "einbuergerung"}


@pytest.mark.parametrize("message, fact", [
    ("wie finde ich einen integrationskurs in meiner nähe", "Kursträger"),
    ("gibt es eine migrationsberatung in meiner nähe", "migrationsberatung.org")])
def test_another_programme_near_me_gets_its_unit_not_the_question_for_the_place(message, fact):
    """NLU reads these as "find the KI"; the person asks for a course or a counselling office, which a unit answers."""
    text = texts_of(run(ActionFindKi(), make_tracker(message, "find_ki"))[0])
    assert fact in text and "In welcher Stadt" not in text, text
    text = texts_of(run(ActionFindKi(), make_tracker("wo ist das nächste integrationszentrum", "find_ki"))[0])
    assert text.startswith("In welcher Stadt oder Gemeinde wohnen Sie?"), text


def test_kreis_level_place_is_remembered_too():
    slots = {"gemeinde_ags": None, "kreis_ags": "05170", "ki_id": "05170", "place_label": "Kreis Wesel"}
    messages, _ = run(ActionFindKi(), make_tracker("Wo in meiner Nähe?", "ask_nearby", slots=slots))
    assert "Für Kreis Wesel ist zuständig: das Kommunale Integrationszentrum Kreis Wesel" in texts_of(messages)


def test_ambiguous_place_offers_buttons():
    messages, _ = run(ActionFindKi(), make_tracker("Mülheim", "inform_place"))
    titles = [b["title"] for b in messages[0]["buttons"]]
    assert "gibt es mehrmals" in messages[0]["text"]
    assert any("Mülheim an der Ruhr" in t for t in titles) and any("Köln" in t for t in titles)


def test_button_choice_resolves_by_ags():
    entities = [{"entity": "place_ags", "value": "05117000"}]
    messages, events = run(ActionFindKi(), make_tracker('/inform_place{"place_ags":"05117000"}', "inform_place",
                                                        entities))
    assert "Stadt Mülheim an der Ruhr" in texts_of(messages)
    assert slots_set(events)["ki_id"] == "05117"


@pytest.mark.parametrize("text", ["Xyzdorf", "ich wohne in Xyzdorf", "Integrationszentrum Xyzdorf",
                                  "wir wohnen seit drei Jahren mit der Familie in Xyzdorf"])
def test_an_unknown_place_is_named_as_unknown(text):
    messages, _ = run(ActionFindKi(), make_tracker(text, "inform_place"))
    assert "kenne ich leider nicht" in texts_of(messages)


@pytest.mark.parametrize("text, fact", [
    ("finden 2026 überhaupt noch integrationskurse statt", "keine freiwilligen Zulassungen"),
    ("bin aus der ukraine geflohen, wohin kann ich mich mit meinen fragen wenden", "Migrationsberatung"),
])
def test_a_question_read_as_a_place_is_answered_as_a_question(text, fact):
    messages, _ = run(ActionFindKi(), make_tracker(text, "inform_place"))
    assert "kenne ich leider nicht" not in texts_of(messages)
    assert fact in texts_of(messages)


@pytest.mark.parametrize("text", ["Hamburg", "Ich wohne in 10115"])
def test_outside_nrw_points_to_nationwide_counselling(text):
    messages, events = run(ActionFindKi(), make_tracker(text, "inform_place"))
    assert "nicht in Nordrhein-Westfalen" in texts_of(messages)
    assert "Migrationsberatung" in texts_of(messages)
    assert events == []


def shared_location(lat: float, lon: float) -> Tracker:
    entities = [{"entity": "lat", "value": lat}, {"entity": "lon", "value": lon}]
    return make_tracker(f'{{"lng": {lon}, "lat": {lat}}}', "share_location", entities)


def test_shared_location_far_outside_nrw_shows_no_coordinates():
    """Hannover: about 100 km from the nearest NRW KI, so no KI is offered."""
    messages, events = run(ActionFindKi(), shared_location(52.3759, 9.732))
    text = texts_of(messages)
    assert text.startswith("Ihr Standort liegt außerhalb von Nordrhein-Westfalen.")
    assert "Migrationsberatung" in text and "Jugendmigrationsdienst" in text
    assert "52.3759" not in text and "9.732" not in text and "KI in NRW" not in text
    assert events == []


def test_shared_location_just_across_the_border_names_nearest_nrw_ki():
    """Venlo (Netherlands) lies a few kilometres from the Kreis Viersen."""
    messages, _ = run(ActionFindKi(), shared_location(51.3704, 6.1724))
    text = texts_of(messages)
    assert "außerhalb von Nordrhein-Westfalen" in text
    assert re.search(r"Das nächste KI in NRW ist das KI Kreis Viersen, Luftlinie etwa \d+ km", text), text
    assert "51.3704" not in text


def test_shared_location_resolves_by_boundary_and_names_nearest():
    entities = [{"entity": "lat", "value": 50.9413}, {"entity": "lon", "value": 6.9583}]
    messages, events = run(ActionFindKi(), make_tracker('{"lng": 6.9583, "lat": 50.9413}', "share_location",
                                                        entities))
    assert "Kommunale Integrationszentrum Stadt Köln" in texts_of(messages)
    assert slots_set(events)["ki_id"] == "05315"


def test_nearest_differs_from_responsible_near_a_border():
    """Monheim am Rhein (Kreis Mettmann) lies closer to the KI in Leverkusen or Düsseldorf."""
    messages, _ = run(ActionFindKi(), make_tracker("nächstes Integrationszentrum für Monheim am Rhein", "find_ki"))
    text = texts_of(messages)
    assert "Kreis Mettmann" in text
    assert "Am nächsten liegt (Luftlinie)" in text and " km" in text


def test_move_changes_remembered_place():
    slots = {"gemeinde_ags": "05314000", "place_label": "Bonn", "ki_id": "05314"}
    messages, events = run(ActionFindKi(), make_tracker("Ich bin nach Essen umgezogen", "inform_place", slots=slots))
    assert slots_set(events)["ki_id"] == "05113"
    assert "Stadt Essen" in texts_of(messages)


# --- services ----------------------------------------------------------------------------

def test_service_answer_has_source_date_and_followups():
    messages, events = run(ActionAnswerService(), make_tracker("Was ist ein Integrationskurs?", "ask_service"))
    text = texts_of(messages)
    assert text.startswith("Der Integrationskurs ist ein Deutschkurs")
    assert "Quelle: https://" in text and "geprüft am" in text and "Stand:" not in text
    assert "Zulassungen" in text  # the 2026 admission stop is shown
    assert [b["title"] for b in messages[0]["buttons"]][:4] == ["Das für mich prüfen", "Wer kann teilnehmen?",
                                                               "Wie melde ich mich an?", "Was kostet es?"]
    assert slots_set(events) == {"topic": "integrationskurs"}


def test_ended_programme_says_so_and_names_replacement():
    messages, _ = run(ActionAnswerService(), make_tracker("gibt es noch gemeinsam klappts", "ask_service"))
    text = texts_of(messages)
    assert "31.12.2022" in text and "Heute können Sie stattdessen nutzen: Kommunales Integrationsmanagement" in text


def test_followup_refers_to_last_topic():
    messages, _ = run(ActionAnswerFollowup(), make_tracker("und was kostet das?", "ask_cost",
                                                           slots={"topic": "integrationskurs"}))
    assert "2,29 € pro Unterrichtseinheit" in texts_of(messages)


@pytest.mark.parametrize("topic,message,expected", [
    ("bleiberecht_25a", "darf ich damit arbeiten?", "Mit der Aufenthaltserlaubnis nach § 25a dürfen Sie arbeiten."),
    ("duldung_asyl", "darf ich damit arbeiten?", "Darf ich mit duldung arbeiten?"),
    ("duldung_asyl", "en:can i work with it?", "Can i work with a duldung?"),
    ("bleiberecht_25a", "darf ich dabei arbeiten?", "Mit der Aufenthaltserlaubnis nach § 25a dürfen Sie arbeiten."),
    ("bleiberecht_25a", "uk:чи можна з ним працювати?", "за § 25a ви можете працювати"),
    ("einbuergerung", "en:how long does it take?", "3 to 36 months"),
])
def test_a_follow_up_that_points_back_stays_in_the_programme_just_talked_about(topic, message, expected):
    """"damit" refers to § 25a or the Duldung just explained: the Chancen-Aufenthaltsrecht's unit "Ja, mit dem
    Chancen-Aufenthaltsrecht dürfen Sie arbeiten" has the closer words but answers another permit."""
    shown = shown_after(topic, message)
    assert expected in shown and "Chancen" not in shown, shown


def shown_after(topic: str, message: str) -> str:
    """The reply's text and button titles to "[lang:]message" in a conversation about `topic`."""
    language, text = message.split(":", 1) if message[2:3] == ":" else ("de", message)
    messages, _ = run(ActionAnswerService(), make_tracker(text, "ask_service",
                                                         slots={"topic": topic, "language": language}))
    return texts_of(messages) + " ".join(b["title"] for m in messages for b in m.get("buttons") or [])


@pytest.mark.parametrize("topic,message,expected", [
    ("einbuergerung", "gibt es Kinderbetreuung?", "Kinderbetreuung"),  # "es" does not point back
    ("einbuergerung", "gibt es Abendkurse?", "Teilzeitkurse"),
    ("integrationskurs", "en:can I become a citizen with this?", "citizenship"),  # no course unit is near it
])
def test_a_new_question_about_another_programme_is_not_kept_in_the_topic(topic, message, expected):
    shown = shown_after(topic, message)
    assert expected in shown, shown


def test_who_question_about_a_part_of_the_programme_gets_that_part_first():
    """"Wer bekommt den Anerkennungszuschuss?": the who-overview starts with the grant's income limit, not with
    the general conditions of recognition that would fill the screen."""
    asked = make_tracker("wer bekommt eigentlich den anerkennungszuschuss", "ask_who")
    messages, _ = run(ActionAnswerFollowup(), asked)
    first = texts_of(messages).split("\n")[1]
    assert first.startswith("• Den Anerkennungszuschuss gibt es nur bis") and "26.000" in first, first
    messages, _ = run(ActionAnswerFollowup(), make_tracker("wer kann eine anerkennung beantragen", "ask_who"))
    assert "Anerkennungszuschuss" not in texts_of(messages).split("\n")[1], texts_of(messages)


def test_a_cost_question_gets_the_cost_though_retrieval_is_sure_of_another_detail():
    asked = make_tracker("jobcenter hat mich zum integrationskurs verpflichtet, muss ich den selber bezahlen?",
                         "ask_cost")
    messages, _ = run(ActionAnswerFollowup(), asked)
    assert "2,29 €" in texts_of(messages), texts_of(messages)


@pytest.mark.parametrize("message, intent, facts, never", [
    # § 9 StAG (version in force since 26.06.2024): the bot said it could not tell
    ("bin mit einem deutschen verheiratet, wann kann ich mich einbürgern lassen", "ask_service",
     ["3 Jahren", "seit 2 Jahren", "§ 9 StAG"], "kann ich nicht sicher sagen"),
    # only a dated source may give a fee: the 1.050 EUR came from an undated blog
    ("wer macht die kenntnisprüfung für ärzte in nrw und was kostet sie", "ask_service",
     ["Ärztekammer Westfalen-Lippe", "kann ich nicht sicher sagen"], "1.050"),
    ("was kostet die kenntnisprüfung für ärzte in nrw", "ask_cost", ["150-700 EUR"], "1.050"),
    # the test "Leben in Deutschland" proves the knowledge for naturalisation only from 17 of 33 points
    ("wie viele punkte brauche ich im test leben in deutschland", "ask_service", ["15 Punkten", "17 von 33 Punkten"],
     None)])
def test_facts_checked_on_06_12_2026(message, intent, facts, never):
    action = {"ask_service": ActionAnswerService(), "ask_cost": ActionAnswerFollowup()}[intent]
    text = texts_of(run(action, make_tracker(message, intent))[0])
    assert all(fact in text for fact in facts) and (never is None or never not in text), text


@pytest.mark.parametrize("message, intent, fact", [
    ("wie viele richtige antworten brauch ich beim einbürgerungstest", "ask_service", "mindestens 17 richtigen"),
    ("einbürgerungstest wie lange hab ich zeit", "nlu_fallback", "60 Minuten"),
    ("wo meld ich mich für den einbürgerungstest an", "ask_how_apply", "Volkshochschule"),
    ("wo beantrage ich die einbürgerung", "ask_how_apply", "Einbürgerungsbehörde")])
def test_questions_about_the_naturalisation_test_get_its_facts(message, intent, fact):
    action = {"ask_service": ActionAnswerService(), "nlu_fallback": ActionAnswerOrFallback(),
              "ask_how_apply": ActionAnswerFollowup()}[intent]
    messages, _ = run(action, make_tracker(message, intent))
    assert fact in texts_of(messages), texts_of(messages)


def test_a_longer_own_case_without_programme_gets_its_answer_and_a_wish_to_check_the_list_of_checks():
    messages, _ = run(ActionStartEligibility(), make_tracker(
        "unser azubi hat nur duldung, darf er die lehre bei uns zu ende machen", "check_eligibility"))
    assert "Ausbildungsduldung" in texts_of(messages) and "Welche Möglichkeit" not in texts_of(messages)
    messages, _ = run(ActionStartEligibility(), make_tracker("ich möchte gern prüfen lassen ob ich bleiben darf",
                                                             "check_eligibility"))
    assert texts_of(messages).startswith("Welche Möglichkeit soll ich mit Ihnen prüfen?")


@pytest.mark.parametrize("message, intent, language", [
    ("wie krieg ich mit meiner duldung ne arbeitserlaubnis", "ask_service", "de"),
    ("can i work if i only have a duldung", "nlu_fallback", "en")])
def test_work_with_a_duldung_needs_the_immigration_offices_permit(message, intent, language):
    action = ActionAnswerService() if intent == "ask_service" else ActionAnswerOrFallback()
    text = texts_of(run(action, make_tracker(message, intent, slots={"language": language}))[0])
    assert "Beschäftigungserlaubnis" in text and "Ausländerbehörde" in text, text


def test_what_to_bring_for_the_application_gets_the_papers_not_the_office():
    asked = make_tracker("was brauche ich für einen antrag auf ausbildungsduldung", "ask_how_apply")
    messages, _ = run(ActionAnswerFollowup(), asked)
    assert "Ausbildungsvertrag" in texts_of(messages) and "So melden Sie sich an" not in texts_of(messages)
    messages, _ = run(ActionAnswerFollowup(), make_tracker("wo beantrage ich die ausbildungsduldung", "ask_how_apply"))
    assert "Ausländerbehörde" in texts_of(messages), texts_of(messages)


@pytest.mark.parametrize("message, fact", [
    ("wer darf eigentlich die beschäftigungsduldung beantragen", "seit 12 Monaten eine Duldung"),
    ("wer kann bei uns eine anerkennung beantragen", "im Ausland gemacht"),
])
def test_who_may_apply_gets_who_may_not_where_to_apply(message, fact):
    """"beantragen" in "wer kann … beantragen" is the verb of a who-question: the conditions, not the offices."""
    text = texts_of(run(ActionAnswerFollowup(), make_tracker(message, "ask_how_apply"))[0])
    assert fact in text and "So melden Sie sich an" not in text, text
    text = texts_of(run(ActionAnswerFollowup(), make_tracker("wer ist für die beschäftigungsduldung zuständig",
                                                             "ask_how_apply"))[0])
    assert "Ausländerbehörde" in text, text


def test_a_cost_question_on_a_part_no_cost_unit_names_gets_that_part_not_other_offices_costs():
    """No cost unit of the offices names the IHK FOSA: its own unit (with its fee) as a guess, not the Approbation's."""
    text = texts_of(run(ActionAnswerFollowup(), make_tracker("wie teuer ist das bei der ihk fosa eigentlich",
                                                             "ask_cost"))[0])
    assert "IHK FOSA" in text and "100-600 EUR" in text and "Approbation" not in text, text


def test_where_to_apply_for_a_permit_with_a_duldung_is_no_list_of_ways_to_stay():
    messages, _ = run(ActionAnswerFollowup(), make_tracker("wo beantrage ich mit duldung eine aufenthaltserlaubnis",
                                                           "ask_how_apply"))
    assert "Wege, in Deutschland zu bleiben" not in texts_of(messages), texts_of(messages)


@pytest.mark.parametrize("message, intent", [("ich hab nur duldung welche möglichkeiten hab ich", "nlu_fallback"),
                                             ("asyl abgelehnt, was kann ich jetzt noch tun?", "ask_service"),
                                             ("any chance to stay in germany with duldung?", "check_eligibility"),
                                             ("hab duldung und arbeite, krieg ich ne aufenthaltserlaubnis",
                                              "check_eligibility"),
                                             ("wie komme ich raus aus der duldung", "nlu_fallback"),
                                             ("ich habe eine Duldung, wie komme ich an eine Aufenthaltserlaubnis",
                                              "nlu_fallback"),
                                             ("asyl abgelehnt, wie komme ich an einen aufenthaltstitel",
                                              "ask_service"),
                                             ("welche möglichkeiten hab ich nach der ablehnung vom asylantrag",
                                              "ask_service")])
def test_ways_to_stay_with_a_duldung_lists_the_checks(message, intent):
    action = {"nlu_fallback": ActionAnswerOrFallback(), "ask_service": ActionAnswerService(),
              "check_eligibility": ActionStartEligibility()}[intent]
    messages, _ = run(action, make_tracker(message, intent))
    messages = [message for message in messages if message.get("text")]  # not the language offer of English
    text = texts_of(messages)
    assert "§ 60d" in text and "§ 25b" in text, text
    assert "Einbürgerung" not in [b["title"] for b in messages[-1]["buttons"]]
    assert [b["payload"] for b in messages[-1]["buttons"]][0].startswith("/check_eligibility")
    if "asyl" in message:  # a rejected claim: counselling at once comes first, its deadlines are short
        assert "Beratungsstelle" in messages[0]["text"], text
    elif "arbeite" not in message:  # the ways out of a Duldung, also those no check covers (a cued way: below)
        assert "§ 19d" in messages[0]["text"], text


@pytest.mark.parametrize("message, first", [
    ("hab duldung und arbeite, krieg ich ne aufenthaltserlaubnis", "Die Beschäftigungsduldung ist"),
    ("kann jungen leuten mit duldung leichter eine aufenthaltserlaubnis gegeben werden",
     "§ 25a AufenthG ist ein Bleiberecht für junge Geduldete")])
def test_a_way_the_person_points_to_comes_first_then_the_others(message, first):
    """"ich arbeite", "als Jugendlicher": that way's answer first, then all ways to check, without a verdict."""
    messages, _ = run(ActionStartEligibility(), make_tracker(message, "check_eligibility"))
    assert texts_of(messages[:1]).startswith(first), texts_of(messages)
    assert "Wege, in Deutschland zu bleiben" in messages[-1]["text"] and len(messages[-1]["buttons"]) == 4


def test_two_ways_the_person_points_to_get_the_overview_of_all_ways():
    messages, _ = run(ActionStartEligibility(), make_tracker(
        "ich hab duldung, mache eine ausbildung und arbeite nebenbei, welche möglichkeiten hab ich",
        "check_eligibility"))
    assert messages[0]["text"].startswith("Mögliche Wege: Ausbildung (Ausbildungsduldung § 60c")
    assert messages[-1]["text"] == "Welche Möglichkeit soll ich mit Ihnen prüfen?" and len(messages[-1]["buttons"]) == 4


@pytest.mark.parametrize("message, language, fact", [
    ("asylantrag abgelehnt, bis wann muss ich klagen", "de", "Rechtsbehelfsbelehrung"),  # the deadline to sue
    ("my asylum was rejected, how long do I have to go to court?", "en", "decision (Bescheid)"),
    ("asylum rejected what can i do", "en", "counselling centre"),
    ("мені відмовили в притулку, що робити?", "uk", "(Klage)"),
    ("Мне отказали в убежище, что делать?", "ru", "(Klage)"),
    ("تم رفض طلب اللجوء الخاص بي، ماذا أفعل؟", "ar", "(Klage)"),
    ("iltica başvurum reddedildi ne yapmalıyım", "tr", "(Klage)"),
    ("پناهندگی من رد شده است حالا چه کنم؟", "fa", "(Klage)"),
])
def test_after_a_rejected_asylum_claim_an_asylum_unit_answers_without_a_list_of_choices(message, language, fact):
    """Its deadlines are too short for "Meinen Sie eine dieser Fragen?": the asylum unit that retrieval ranks first,
    one on a deadline when a deadline is asked, answers at once."""
    messages, _ = run(ActionAnswerService(), make_tracker(message, "ask_service", slots={"language": language}))
    assert fact in messages[0]["text"], texts_of(messages)


@pytest.mark.parametrize("message, fact", [
    ("wer prüft die gleichwertigkeit von meiner pflegeausbildung", "Bezirksregierung Münster"),
    ("bin apotheker aus einem nicht eu land wer prüft meine ausbildung in nrw", "Approbation")])
def test_who_checks_a_qualification_is_answered_not_taken_as_a_wish_to_check(message, fact):
    """"wer prüft …" asks which office checks; only "prüf …", "prüfen lassen" ask the bot to check."""
    text = texts_of(run(ActionStartEligibility(), make_tracker(message, "check_eligibility"))[0])
    assert fact in text and "Welche Möglichkeit soll ich mit Ihnen prüfen?" not in text, text


@pytest.mark.parametrize("message, intent", [("wie beantrage ich das chancen-aufenthaltsrecht", "ask_how_apply"),
                                             ("was kostet chancen aufenthaltsrecht", "ask_cost")])
def test_how_to_apply_for_an_ended_programme_says_it_has_ended(message, intent):
    messages, _ = run(ActionAnswerFollowup(), make_tracker(message, intent))
    text = texts_of(messages)
    assert "am 31.12.2025 ausgelaufen" in text and "So melden Sie sich an" not in text, text
    assert "Heute können Sie stattdessen nutzen" in text


def test_followup_without_topic_asks_which():
    messages, _ = run(ActionAnswerFollowup(), make_tracker("wer darf das machen?", "ask_who"))
    assert "Zu welchem Angebot" in texts_of(messages)


def test_handover_with_known_place_gives_ki_contact():
    messages, _ = run(ActionHumanHandover(), make_tracker("Ich möchte mit einem Menschen sprechen", "human_handover",
                                                          slots={"ki_id": "05515"}))
    text = texts_of(messages)
    assert "ki-muenster@stadt-muenster.de" in text and "Migrationsberatung" in text


@pytest.mark.parametrize("message, intent, action, language, expected", [
    ("an wen kann ich mich wenden", "nlu_fallback", ActionAnswerOrFallback, "de", "Migrationsberatung für Erwachsene"),
    ("wohin kann ich mich mit meinen fragen wenden", "out_of_scope", ActionAnswerOrFallback, "de",
     "Jugendmigrationsdienst"),
    ("who can I turn to with my questions", "ask_who", ActionAnswerFollowup, "en", "migrationsberatung.org"),
    ("куди мені звернутися з питаннями", "ask_who", ActionAnswerFollowup, "uk", "migrationsberatung.org")])
def test_a_wish_for_counselling_in_everyday_words_gets_the_counselling_services(message, intent, action, language,
                                                                                 expected):
    text = texts_of(run(action(), make_tracker(message, intent, slots={"language": language}))[0])
    assert expected in text and "nicht verstanden" not in text, text
    assert "aufsuchen" not in text and "Standortsuche" not in text, text  # the German programme field, untranslated


# --- eligibility --------------------------------------------------------------------------

def test_which_law_applies_to_an_old_application_is_answered_not_checked():
    messages, events = run(ActionStartEligibility(), make_tracker(
        "hab meinen einbürgerungsantrag vor august 2023 gestellt, gilt für mich das alte recht?", "check_eligibility"))
    assert "§ 40a StAG" in texts_of(messages) and slots_set(events).get("check_ready") is False


def test_a_bare_word_gets_no_sure_answer_about_a_unit_that_shares_it():
    text = texts_of(run(ActionAnswerOrFallback(), make_tracker("zurück", "nlu_fallback"))[0])
    assert "Kostenbeitrag" not in text or text.startswith("Da bin ich nicht sicher"), text


def test_start_check_prefills_answers_from_request():
    messages, events = run(ActionStartEligibility(),
                           make_tracker("Ich bin 19 und habe eine Duldung, bekomme ich 25a?", "check_eligibility"))
    slots = slots_set(events)
    assert slots["program"] == "bleiberecht_25a" and slots["check_ready"] is True
    assert slots["age"] == 19 and slots["residence_status"] == "duldung"
    assert "Ihre Antworten lösche ich nach dem Ergebnis" in texts_of(messages)


def test_start_check_from_a_typed_payload_prefills_nothing():
    # the channel strips the "/", so the text reaches NLU and may start a check, but it answers nothing
    messages, events = run(ActionStartEligibility(),
                           make_tracker('check_eligibility{"program":"einbuergerung","age":30}', "check_eligibility"))
    slots = slots_set(events)
    assert "age" not in slots or slots["age"] is None
    assert "30" not in texts_of(messages)


def test_start_check_for_ended_programme_explains_and_offers_replacements():
    messages, events = run(ActionStartEligibility(),
                           make_tracker("kann ich bei Gemeinsam klappt's mitmachen", "check_eligibility"))
    assert "gibt es nicht mehr" in texts_of(messages)
    assert {b["payload"] for b in messages[0]["buttons"]} >= {'/check_eligibility{"program":"bleiberecht_25a"}'}
    assert slots_set(events) == {"check_ready": False}


@pytest.mark.parametrize("program_id", ["gemeinsam_klappts", "durchstarten_ausbildung_arbeit",
                                        "chancen_aufenthaltsrecht_104c"])
@pytest.mark.parametrize("language", ["de", "en"])
def test_an_ended_programme_is_explained_in_plain_words_not_with_its_research_note(program_id, language):
    """The programmes' status field reads "AUSGELAUFEN am 31.12.2025; Übergangsregelung: …": a note, German only."""
    tracker = make_tracker("/check_eligibility", "check_eligibility", slots={"language": language},
                           entities=[{"entity": "program", "value": program_id}])
    text = texts_of(run(ActionStartEligibility(), tracker)[0])
    assert re.search(r"\b(20\d\d)\b", text) and not re.search(r"AUSGELAUFEN|BEENDET|Übergangsregelung", text), text


def test_start_check_without_programme_offers_choices():
    messages, events = run(ActionStartEligibility(), make_tracker("bin ich berechtigt?", "check_eligibility"))
    assert len(messages[0]["buttons"]) == 6 and slots_set(events)["check_ready"] is False


def form_tracker(text: str, requested: str, slots: dict, intent: str = "inform", entities=None) -> Tracker:
    return make_tracker(text, intent, entities, {**slots, "requested_slot": requested}, "eligibility_form")


def validate(tracker: Tracker) -> tuple[list[dict], dict[str, Any]]:
    messages, events = run(ValidateEligibilityForm(), tracker)
    return messages, slots_set(events)


def test_form_fills_several_answers_and_asks_next_needed():
    messages, slots = validate(form_tracker("Ich bin 19 und habe eine Duldung", "age", {"program": "bleiberecht_25a"}))
    assert slots["age"] == 19 and slots["residence_status"] == "duldung"
    assert slots["requested_slot"] == "duldung_months"


@pytest.mark.parametrize("text, requested, slot, value", [
    ("Duldung, wie schon gesagt", "residence_status", "residence_status", "duldung"),
    ("ich bin 19, wie gesagt", "age", "age", 19)])
def test_form_answer_with_a_question_word_after_a_comma_is_an_answer(text, requested, slot, value):
    """A question word after a comma asks a rule only in a question that says nothing about oneself (review finding)."""
    _, slots = validate(form_tracker(text, requested, {"program": "bleiberecht_25a"}))
    assert slots[slot] == value


def test_form_answers_log_no_warning(caplog):
    """Parsing the answer is its validation; rasa_sdk warned once per answer that no validate_<slot> existed."""
    with caplog.at_level(logging.WARNING, logger="rasa_sdk"):
        validate(form_tracker("Ich bin 19 und habe eine Duldung", "age", {"program": "bleiberecht_25a"}))
    assert [record.getMessage() for record in caplog.records] == []


def test_form_correction_overwrites_age():
    _, slots = validate(form_tracker("nein, ich bin 21", "residence_status",
                                     {"program": "bleiberecht_25a", "age": 19}, intent="deny"))
    assert slots["age"] == 21


def test_form_invalid_answer_reasks_with_example():
    messages, slots = validate(form_tracker("blablub", "age", {"program": "bleiberecht_25a"}))
    assert "zum Beispiel so: „19“" in texts_of(messages)
    assert slots["age"] is None and slots["requested_slot"] == "age"


def test_form_button_answer_is_accepted_only_if_offered():
    ok = [{"entity": "answer", "value": "duldung"}]
    _, slots = validate(form_tracker('/inform{"answer":"duldung"}', "residence_status",
                                     {"program": "bleiberecht_25a", "age": 19}, entities=ok))
    assert slots["residence_status"] == "duldung"
    forged = [{"entity": "answer", "value": "niederlassungserlaubnis_gefaelscht"}]
    messages, slots = validate(form_tracker('/inform{"answer":"niederlassungserlaubnis_gefaelscht"}',
                                            "residence_status", {"program": "bleiberecht_25a", "age": 19},
                                            entities=forged))
    assert slots.get("residence_status") is None


def test_form_does_not_reread_the_message_after_an_interruption():
    tracker = form_tracker("Was kostet der Integrationskurs? ich bin 19", "age", {"program": "bleiberecht_25a"})
    tracker.events.insert(-1, {"event": "action", "name": "action_answer_service"})
    messages, slots = validate(tracker)
    assert messages == [] and "age" not in slots


def test_form_other_topic_steps_aside():
    messages, events = run(ValidateEligibilityForm(), form_tracker("Was kostet der Integrationskurs?", "age",
                                                                   {"program": "bleiberecht_25a"},
                                                                   intent="ask_service"))
    assert messages == []
    assert [e for e in events if e["name"] != "requested_slot"] == []  # nothing filled: Rasa lets the rules answer


def test_form_answers_a_question_the_nlu_was_unsure_about_and_asks_again():
    """NLU unsure about "Was kostet ein Integrationskurs?" inside a check: the fact, then the open question."""
    messages, slots = validate(form_tracker("Was kostet ein Integrationskurs?", "age",
                                            {"program": "bleiberecht_25a"}, intent="nlu_fallback"))
    text = texts_of(messages)
    assert "Euro" in text or "€" in text, text
    assert text.endswith("Jetzt zurück zu Ihrer Prüfung (oder schreiben Sie „abbrechen“):")
    assert not any(m.get("buttons") for m in messages)
    assert slots["age"] is None and slots["requested_slot"] == "age" and "topic" not in slots


def test_form_the_same_question_again_offers_the_ways_out():
    tracker = form_tracker("Was kostet ein Integrationskurs?", "age", {"program": "bleiberecht_25a"},
                           intent="nlu_fallback")
    tracker.events[1:1] = [{"event": "user", "text": "Was kostet ein Integrationskurs?"},
                           {"event": "bot", "text": "Ein Integrationskurs kostet …"},
                           {"event": "action", "name": "action_listen"}]
    messages, slots = validate(tracker)
    assert texts_of(messages).startswith("Hier kommen wir gerade nicht weiter.")
    assert [b["title"] for b in messages[0]["buttons"]] == ["Weiß ich nicht", "Prüfung abbrechen"]


def test_form_stops_asking_when_verdict_is_clear():
    _, slots = validate(form_tracker("ich bin 30", "age", {"program": "bleiberecht_25a"}))
    assert slots["age"] == 30 and slots["requested_slot"] is None


def test_verdict_names_office_and_resets_answers():
    slots = {"program": "einbuergerung", "arrival_date": "2019-03-01", "residence_status": "niederlassungserlaubnis",
             "lawful_years": "all", "german_level": "B1", "livelihood_secured": "true", "ki_id": "05314"}
    messages, events = run(ActionEligibilityVerdict(), make_tracker("ja", "affirm", slots=slots))
    text = texts_of(messages)
    assert "Ergebnis Einbürgerung: voraussichtlich ja." in text
    assert "Entscheiden wird die Einbürgerungsbehörde der Stadt Bonn" in text and "keine Rechtsberatung" in text
    assert "Kommunale Integrationszentrum" not in text.split("Nächster Schritt:")[1]
    reset = slots_set(events)
    answered = {"arrival_date", "residence_status", "lawful_years", "german_level", "livelihood_secured"}
    assert {slot for slot, value in reset.items() if value is None and slot in eligibility.SENSITIVE_SLOTS} == answered
    assert reset["program"] is None


def test_verdict_no_lists_failed_criterion():
    slots = {"program": "bleiberecht_25a", "age": 27}
    messages, _ = run(ActionEligibilityVerdict(), make_tracker("27", slots=slots))
    assert "voraussichtlich nein" in texts_of(messages)
    assert "❌ Antrag vor dem 27. Geburtstag – nicht erfüllt" in texts_of(messages)


@pytest.mark.parametrize("program, slots", [
    ("bleiberecht_25a", {"age": 27}),
    ("einbuergerung", {"arrival_date": "2024-01-01"}),
    ("integrationskurs", {"residence_status": "duldung", "obliged_by_authority": "false"}),
    ("beschaeftigungsduldung_60d", {"residence_status": "duldung", "duldung_months": 20,
                                    "arrival_date": "2019-05-01", "identity_60d": "ab_2025"})])
def test_after_no_the_next_step_is_advice_not_an_application(program, slots):
    messages, _ = run(ActionEligibilityVerdict(), make_tracker("x", slots={"program": program, **slots}))
    step = texts_of(messages).split("Nächster Schritt:")[1].split("Entscheiden wird")[0]
    assert "voraussichtlich nein" in texts_of(messages)
    assert "beraten" in step and "Antrag stellen" not in step and "stellen Sie den Antrag" not in step


def test_why_explains_the_open_question():
    messages, _ = run(ActionExplainQuestion(), make_tracker("Warum fragst du das?", "ask_why",
                                                            slots={"program": "bleiberecht_25a",
                                                                   "requested_slot": "age"}))
    assert "Antrag vor dem 27. Geburtstag" in texts_of(messages)


def test_cancel_leaves_form_and_forgets():
    messages, events = run(ActionCancelEligibility(), make_tracker("abbrechen", "stop", slots={
        "program": "bleiberecht_25a", "age": 19}, active_loop="eligibility_form"))
    assert "abgebrochen" in texts_of(messages)
    assert ActiveLoop(None) in events and SlotSet("age", None) in events


# --- the office that decides (issue #14) ------------------------------------------------

def test_where_to_apply_for_naturalisation_names_the_authority_not_the_ki():
    messages, _ = run(ActionAnswerFollowup(), make_tracker("Wo kann ich in Gelsenkirchen die Einbürgerung beantragen?",
                                                           "ask_how_apply"))
    text = texts_of(messages)
    assert "Den Antrag stellen Sie bei der Einbürgerungsbehörde der Stadt Gelsenkirchen." in text
    assert "Das Kommunale Integrationszentrum berät Sie, entscheidet aber nicht." in text


def test_ki_finder_asked_where_to_apply_puts_the_authority_first():
    messages, _ = run(ActionFindKi(), make_tracker("Wo beantrage ich die Einbürgerung in Gelsenkirchen?", "find_ki"))
    text = texts_of(messages)
    assert text.startswith("Den Antrag (Einbürgerung) stellen Sie bei der Einbürgerungsbehörde der Stadt "
                           "Gelsenkirchen, nicht beim Kommunalen Integrationszentrum.")
    assert "das Kommunale Integrationszentrum Stadt Gelsenkirchen" in text


def test_nearby_under_a_programme_answer_names_the_office_of_the_kreis():
    slots = {"topic": "bleiberecht_25b", "gemeinde_ags": "05170024", "place_label": "Moers", "ki_id": "05170"}
    messages, _ = run(ActionFindKi(), make_tracker("Wo in meiner Nähe?", "ask_nearby", slots=slots))
    assert "bei der Ausländerbehörde für Kreis Wesel (manche größeren Städte im Kreis haben eine eigene)" in \
        texts_of(messages)


@pytest.mark.parametrize("message, unit_id, authority", [
    ("Ich bin Krankenschwester. Wo kann ich meinen Abschluss anerkennen lassen?", "pflege_stelle", "ZAG-PuG"),
    ("wo lasse ich meine ausbildung als pflegefachfrau anerkennen", "pflege_stelle", "ZAG-PuG"),
    ("wie lasse ich mein examen als krankenpfleger anerkennen", "pflege_stelle", "ZAG-PuG"),
    ("Wie kann ich meinen Abschluss als Krankenschwester anerkennen?", "pflege_stelle", "ZAG-PuG"),
    ("I am a teacher from Ukraine, what do I need to do for recognition?", "lehrkraft_stelle",
     "Bezirksregierung Detmold"),
    ("Anerkennung Elektriker Ausbildung aus Syrien möglich?", "handwerk", "Handwerkskammer des Bezirks"),
    ("Anerkennung als Ärztin aus Syrien, wo?", "arzt_approbation", "Approbation oder Berufserlaubnis"),
    ("ich bin gärtner, wer erkennt das an? anerkennung", "gruene_berufe", "Landwirtschaftskammer Niedersachsen"),
    ("Wo kann ich meinen Abschluss als Erzieherin anerkennen lassen?", "erzieherin", "Syrien, Iran oder Afghanistan"),
    ("hab in syrien studiert, wer erkennt mein studium an", "zab_studium", "Zeugnisbewertung der ZAB"),
    ("where do I get my university degree recognised", "zab_studium", "ZAB")])
def test_recognition_names_the_authority_for_the_profession(message, unit_id, authority):
    """The profession's unit: who decides, with its source and date (not the KI, not a general summary)."""
    for action, intent in ((ActionAnswerFollowup(), "ask_how_apply"), (ActionFindKi(), "find_ki"),
                           (ActionAnswerService(), "ask_service")):
        messages, events = run(action, make_tracker(message, intent, slots={"topic": "anerkennung_berufsabschluesse"}))
        text = texts_of(messages)
        assert authority in text and ("Quelle: " in text or "Source: " in text), (intent, text)
        assert messages[0]["vote_unit"] == f"anerkennung_zustaendige_stellen_nrw.{unit_id}", (intent, text)
        assert slots_set(events) == {"topic": "anerkennung_zustaendige_stellen_nrw"}


def test_recognition_question_about_the_office_gets_the_fact_the_unit_holds():
    """"Seit wann …?" is answered by the route's unit, which holds the date (the old route text did not)."""
    messages, _ = run(ActionAnswerService(), make_tracker(
        "seit wann ist münster für die anerkennung von pflegeberufen zuständig", "ask_service"))
    assert "seit 01.07.2021" in texts_of(messages), texts_of(messages)


def test_a_school_certificate_for_studying_is_for_the_university_not_the_bezirksregierung():
    messages, _ = run(ActionAnswerService(), make_tracker("hab schulabschluss aus syrien und will hier studieren, "
                                                          "wer erkennt den an?", "ask_service"))
    text = texts_of(messages)
    assert "Hochschule" in text and "Bezirksregierung Köln" not in text, text
    messages, _ = run(ActionAnswerService(), make_tracker("wer erkennt meinen schulabschluss aus syrien an?",
                                                          "ask_service"))
    assert "Bezirksregierung Köln" in texts_of(messages), texts_of(messages)


@pytest.mark.parametrize("message, fact", [
    ("is naturalisation possible if i have a criminal record", "Straftat"),
    ("was passiert wenn ich den integrationskurs einfach abbreche", "nicht teilnehmen")])
def test_a_question_nlu_read_as_cost_without_cost_words_gets_its_fact_not_the_cost_overview(message, fact):
    messages, _ = run(ActionAnswerFollowup(), make_tracker(message, "ask_cost"))
    text = texts_of(messages)
    assert fact in text and "Kosten –" not in text, text


def test_out_of_scope_still_answers_when_a_unit_clearly_fits():
    messages, events = run(ActionAnswerOrFallback(), make_tracker("was kostet der einbürgerungstest", "out_of_scope"))
    assert "25 €" in texts_of(messages) and slots_set(events) == {"topic": "einbuergerung"}
    messages, _ = run(ActionAnswerOrFallback(), make_tracker("Wie wird das Wetter morgen?", "out_of_scope"))
    assert messages[0].get("response") == "utter_out_of_scope"
    messages, _ = run(ActionAnswerOrFallback(), make_tracker("asdf qwertz", "nlu_fallback"))
    assert messages[0].get("response") == "utter_default"


@pytest.mark.parametrize("message, fact", [
    ("Wie viele Stunden pro Woche muss ich für die Beschäftigungsduldung arbeiten?", "20 Stunden"),
    ("B1 oder B2 für den deutschen Pass?", "B1")])
def test_a_question_about_a_rule_is_answered_with_the_check_as_a_button(message, fact):
    messages, events = run(ActionStartEligibility(), make_tracker(message, "check_eligibility"))
    text = texts_of(messages)
    assert fact in text and "wir prüfen gemeinsam" not in text
    assert messages[0]["buttons"][0]["title"] == "Das für mich prüfen"
    assert any(e.get("name") == "check_ready" and e.get("value") is False for e in events)  # no form starts


@pytest.mark.parametrize("message, intent", [
    ("Muss ich einen Einstufungstest machen?", "inform"),
    ("Einbürgerungstest: wie bekomme ich einen Termin?", "check_eligibility"),
    ("kann mein minderjähriges Kind zusammen mit mir eingebürgert werden?", "check_eligibility"),
    ("Welche Rechte habe ich, wenn mein Einbürgerungsantrag abgelehnt wird?", "check_eligibility")])
def test_a_question_is_answered_and_starts_no_check(message, intent):
    """Real questions that started a check or showed the check menu (issue #15): an answer or choices."""
    messages, events = run(ActionStartEligibility(), make_tracker(message, intent))
    text = texts_of(messages)
    assert "wir prüfen gemeinsam" not in text and not text.startswith("Welche Möglichkeit soll ich"), text
    assert slots_set(events)["check_ready"] is False


@pytest.mark.parametrize("message", ["Kann ich eingebürgert werden?", "Ich möchte die Einbürgerung prüfen",
                                     "wohne seit 6 jahren hier, kann ich eingebürgert werden?",
                                     "ich wohne seit 6 Jahren hier, wann kann ich eingebürgert werden?"])
def test_asking_about_oneself_still_starts_the_check(message):
    messages, events = run(ActionStartEligibility(), make_tracker(message, "check_eligibility"))
    assert "Gut, wir prüfen gemeinsam: Einbürgerung." in texts_of(messages)
    assert slots_set(events)["check_ready"] is True


@pytest.mark.parametrize("message, noted", [
    ("ich habe eine Duldung, wie kann ich ein Bleiberecht bekommen?", "Ich habe notiert: Aufenthaltsstatus Duldung."),
    ("Hallo, welche Chancen habe ich auf ein Bleiberecht", "Gut, wir prüfen gemeinsam")])
def test_a_wish_to_be_checked_with_a_comma_starts_the_check(message, noted):
    """A question word after a comma made a rule question for one session: a greeting or one's own status before it
    then lost the check (review finding)."""
    messages, events = run(ActionStartEligibility(), make_tracker(message, "check_eligibility"))
    assert noted in texts_of(messages) and slots_set(events)["check_ready"] is True


def test_why_in_a_question_without_a_check_is_answered():
    messages, _ = run(ActionExplainQuestion(), make_tracker("Was ist der JMD und warum ist er so wichtig?", "ask_why"))
    assert "Im Moment stelle ich Ihnen keine Frage" not in texts_of(messages)
    assert "Jugendmigrationsdienst" in texts_of(messages)
    messages, _ = run(ActionExplainQuestion(), make_tracker("warum?", "ask_why"))
    assert texts_of(messages).startswith("Im Moment stelle ich Ihnen keine Frage")
    # the offer to check comes with its choices: a question without buttons was a dead end on a phone
    assert [b["payload"] for b in messages[0]["buttons"]][0].startswith("/check_eligibility")


def test_a_long_message_read_as_why_without_a_check_is_answered_when_it_names_a_programme():
    """No question mark, no question word at the start: a long message that names a programme is about it."""
    message = "hab briefe vom amt bekommen und versteh die nicht, hilft da die migrationsberatung"
    messages, _ = run(ActionExplainQuestion(), make_tracker(message, "ask_why"))
    assert "Im Moment stelle ich Ihnen keine Frage" not in texts_of(messages)
    assert "Migrationsberatung" in texts_of(messages), texts_of(messages)
    messages, _ = run(ActionExplainQuestion(), make_tracker("why do you need to know all this about me", "ask_why"))
    assert texts_of(messages).startswith("Im Moment stelle ich Ihnen keine Frage")


@pytest.mark.parametrize("message", ["wer kann mir da helfen", "wer kann mir helfen?"])
def test_who_can_help_me_taken_as_a_wish_for_help_gets_the_counselling_services(message):
    from actions.sdk.services import ActionHelp
    text = texts_of(run(ActionHelp(), make_tracker(message, "help"))[0])
    assert "Migrationsberatung für Erwachsene (MBE)" in text and "Ich kann:" not in text, text


@pytest.mark.parametrize("message, fact", [
    ("muss ich als krankenpfleger aus syrien eine kenntnisprüfung machen?", "wesentlichen Unterschieden"),
    ("was steht eigentlich in der zeugnisbewertung von der zab drin?", "Studiengang und Hochschule"),
])
def test_a_recognition_question_on_another_detail_gets_that_detail_not_the_authority(message, fact):
    """Named profession or office, but the question asks the exam or the contents: the unit that says it."""
    for action, intent in ((ActionAnswerService(), "ask_service"), (ActionAnswerFollowup(), "ask_how_apply")):
        text = texts_of(run(action, make_tracker(message, intent))[0])
        assert fact in text and "Über die Anerkennung entscheidet" not in text, (intent, text)


@pytest.mark.parametrize("message, fact", [
    ("darf ich mit 16g nebenbei jobben", "20 Stunden pro Woche"),
    ("darf ich mit dem chancen aufenthalt arbeiten", "dürfen Sie arbeiten"),
])
def test_a_question_typed_without_question_mark_is_answered_not_taken_as_a_wish_to_check(message, fact):
    text = texts_of(run(ActionStartEligibility(), make_tracker(message, "check_eligibility"))[0])
    assert fact in text and "Welche Möglichkeit soll ich mit Ihnen prüfen?" not in text, text


@pytest.mark.parametrize("message, fact", [
    ("hab meine zeugnisse auf der flucht verloren was mach ich jetzt mit der anerkennung", "Qualifikationsanalyse"),
    ("komme aus der ukraine, darf ich als lehrerin hier gleich arbeiten", "reglementierten Berufen"),
])
def test_a_message_about_a_programme_without_a_check_is_answered_not_met_with_the_checks(message, fact):
    """NLU read a wish to check; no check fits recognition, whose units answer it (asked or told)."""
    text = texts_of(run(ActionStartEligibility(), make_tracker(message, "check_eligibility"))[0])
    assert fact in text and "Welche Möglichkeit soll ich mit Ihnen prüfen?" not in text, text


@pytest.mark.parametrize("message", ["kann ich in deutschland bleiben", "ich will bleiben"])
def test_a_wish_to_stay_without_question_mark_still_gets_the_checks(message):
    text = texts_of(run(ActionStartEligibility(), make_tracker(message, "check_eligibility"))[0])
    assert "Welche Möglichkeit soll ich mit Ihnen prüfen?" in text


def test_the_end_of_a_programme_after_a_yes_does_not_start_with_no():
    """"Ja, … dürfen Sie arbeiten." followed by the status unit's own "Nein." read as a contradiction."""
    text = texts_of(run(ActionStartEligibility(),
                        make_tracker("darf ich mit dem chancen aufenthalt arbeiten", "check_eligibility"))[0])
    assert "ausgelaufen" in text and "Nein." not in text, text


@pytest.mark.parametrize("intent,message,fact", [
    ("ask_who", "für wen ist durchstarten", "30.06.2023 ausgelaufen"),
    ("ask_how_apply", "wie beantrage ich das chancen aufenthaltsrecht", "31.12.2025 ausgelaufen"),
])
def test_an_ended_programme_answers_who_or_how_without_the_no_of_its_own_question(intent, message, fact):
    """"Für wen ist Durchstarten?" – "Nein. Die Initiative … ist ausgelaufen" answered a question nobody asked."""
    text = texts_of(run(ActionAnswerFollowup(), make_tracker(message, intent))[0])
    assert fact in text and not text.startswith("Nein"), text


@pytest.mark.parametrize("answer, shown", [("Nein. Das Chancen-Aufenthaltsrecht ist ausgelaufen.",
                                             "Das Chancen-Aufenthaltsrecht ist ausgelaufen."),
                                            ("Так. Можна працювати.", "Можна працювати."),
                                            ("Ca. 16.600 waren noch gültig.", "Ca. 16.600 waren noch gültig."),
                                            ("Nein, wer in Deutschland zur Schule geht, hat keinen Anspruch.",
                                             "Wer in Deutschland zur Schule geht, hat keinen Anspruch."),
                                            ("لا، لا يوجد حد للعمر.", "لا يوجد حد للعمر."),
                                            ("Neinsager gibt es.", "Neinsager gibt es.")])
def test_only_a_bare_yes_or_no_is_left_out_of_an_answer_that_replies_to_another_question(answer, shown):
    assert texts.without_bare_reply_word(answer) == shown


def test_a_single_guess_starts_without_the_yes_or_no_of_its_own_question():
    """"darf mein 17 jähriger sohn einen integrationskurs machen?" says nothing of school: a guess of the unit for
    school children is shown, but not as „Nein, …“ (review finding)."""
    text = texts_of(run(ActionAnswerService(), make_tracker("darf mein 17 jähriger sohn einen integrationskurs machen?",
                                                            "ask_service"))[0])
    assert text.startswith("Da bin ich nicht sicher") and "\n\nNein" not in text, text


def test_a_guess_lists_an_ended_programme_without_the_no_of_its_own_question():
    text = texts_of(run(ActionAnswerService(), make_tracker("wer kann chancen aufenthaltsrecht bekommen",
                                                            "ask_service"))[0])
    assert "• Das Chancen-Aufenthaltsrecht ist am 31.12.2025 ausgelaufen" in text and "• Nein." not in text, text


def test_a_longer_question_on_one_condition_gets_that_condition_as_a_guess_not_the_whole_list():
    """NLU reads it as "who may": the list of all conditions would not say what an EU citizen can do in 2026."""
    asked = "meine schwester ist eu bürgerin und wohnt in köln, darf sie in den integrationskurs gehen"
    text = texts_of(run(ActionAnswerFollowup(), make_tracker(asked, "ask_who"))[0])
    assert "nicht sicher" in text and "EU-Bürger" in text and "Einen Anspruch haben" not in text, text
    # A wish to check with a question about one condition: that condition as a guess, then the check.
    wish = "kann ich mich einbürgern lassen wenn mein deutsch noch nicht so gut ist wie verlangt"
    checked = texts_of(run(ActionStartEligibility(), make_tracker(wish, "check_eligibility"))[0])
    assert "nicht sicher" in checked and "Niveau B1" in checked and "wir prüfen gemeinsam" in checked, checked
    short = texts_of(run(ActionAnswerFollowup(), make_tracker("wer kann eingebürgert werden?", "ask_who"))[0])
    assert short.startswith("Sie brauchen: 5 Jahre"), short


@pytest.mark.parametrize("message, fact", [
    ("which documents do i need to bring for the recognition of my degree", "Lebenslauf, Ausweis"),
    ("how long does the recognition of my diploma take", "3-4 Monate"),
])
def test_an_english_detail_read_as_how_to_apply_gets_the_detail_not_the_overview(message, fact):
    """English names the aspect with its own cue words, as German does ("Welche Unterlagen …?")."""
    text = texts_of(run(ActionAnswerFollowup(), make_tracker(message, "ask_how_apply"))[0])
    assert fact in text and "So melden Sie sich an" not in text, text


def test_a_longer_question_read_as_how_to_apply_but_about_a_detail_gets_a_guess_not_the_overview():
    """"Wie alt muss ich sein …, damit ich … beantragen kann?" asks the age; the overview says where to apply."""
    asked = "wie alt muss ich sein damit ich das bleiberecht für jugendliche beantragen kann"
    text = texts_of(run(ActionAnswerFollowup(), make_tracker(asked, "ask_how_apply"))[0])
    assert "nicht sicher" in text and "So melden Sie sich an" not in text, text
    short_question = make_tracker("wo beantrage ich die einbürgerung?", "ask_how_apply")
    short = texts_of(run(ActionAnswerFollowup(), short_question)[0])
    assert short.startswith("So melden Sie sich an – Einbürgerung"), short
    opening = make_tracker("how can I take part in an integration course in my town", "ask_how_apply")
    assert texts_of(run(ActionAnswerFollowup(), opening)[0]).startswith("So melden Sie sich an – Integrationskurs")


@pytest.mark.parametrize("topic", ["einbuergerung", "ausbildungsduldung_60c", "beschaeftigungsduldung_60d",
                                   "bleiberecht_25b", "aufenthaltserlaubnis_16g"])
def test_the_button_how_to_apply_says_where_once(topic):
    """The office line and the unit that says the same ("Den Antrag stellen Sie bei der Ausländerbehörde.") were
    shown one under the other; the source of that unit is still cited."""
    tracker = make_tracker("/ask_how_apply", "ask_how_apply", slots={"topic": topic})
    text = texts_of(run(ActionAnswerFollowup(), tracker)[0])
    assert text.count("Den Antrag stellen Sie") == 1 and "Quelle: http" in text, text
    assert "keine gesicherten Angaben" not in text, text


def test_a_unit_that_adds_to_the_office_line_stays_in_the_overview():
    tracker = make_tracker("/ask_how_apply", "ask_how_apply", slots={"topic": "bleiberecht_25a"})
    assert "27. Geburtstag" in texts_of(run(ActionAnswerFollowup(), tracker)[0])


@pytest.mark.parametrize("message", ["wie melde ich mich beim integrationskurs an",
                                     "wie kann ich am integrationskurs teilnehmen"])
def test_asking_how_to_register_gets_the_overview_of_where_to_apply_not_a_guess(message):
    """"melde … an" and "teilnehmen" ask how to apply, as "anmelden" does (written for this test)."""
    text = texts_of(run(ActionAnswerFollowup(), make_tracker(message, "ask_how_apply"))[0])
    assert text.startswith("So melden Sie sich an – Integrationskurs") and "nicht sicher" not in text, text
    assert "Den Antrag stellen Sie beim BAMF" in text, text


def test_how_to_apply_for_a_named_part_shows_that_part_next_to_the_office():
    """"wo beantrage ich den Berechtigungsschein": the unit on it, although it makes the overview longer."""
    message = make_tracker("wo beantrage ich den berechtigungsschein für den integrationskurs", "ask_how_apply")
    text = texts_of(run(ActionAnswerFollowup(), message)[0])
    assert text.startswith("So melden Sie sich an – Integrationskurs"), text
    assert "Den Antrag stellen Sie beim BAMF" in text  # the office first
    assert "Den Berechtigungsschein bekommen Sie meist von der Ausländerbehörde" in text, text
    button = texts_of(run(ActionAnswerFollowup(), make_tracker("/ask_how_apply", "ask_how_apply",
                                                               slots={"topic": "integrationskurs"}))[0])
    assert "zugelassenen Kursträger" in button and "Den Berechtigungsschein bekommen" not in button  # as before


@pytest.mark.parametrize("message, intent, not_expected", [
    ("wie komme ich an die Unterlagen für die Einbürgerung", "ask_how_apply", "So melden Sie sich an"),
    ("wie kann ich kostenlos am integrationskurs teilnehmen", "ask_how_apply", "So melden Sie sich an"),
    ("ich melde mich krank beim integrationskurs, was passiert", "ask_how_apply", "So melden Sie sich an")])
def test_a_question_that_only_sounds_like_registering_gets_no_overview_of_where_to_apply(message, intent,
                                                                                          not_expected):
    """Papers, the fee or being ill are asked, not where to apply (review finding; written for this test)."""
    text = texts_of(run(ActionAnswerFollowup(), make_tracker(message, intent))[0])
    assert not_expected not in text, text


def test_a_cost_question_about_recognition_gets_no_authority_instead():
    from actions.sdk.services import ActionAnswerService
    messages, _ = run(ActionAnswerService(),
                      make_tracker("Was kostet die Anerkennung bei der IHK FOSA?", "ask_service"))
    assert "Über die Anerkennung entscheidet" not in texts_of(messages)



@pytest.mark.parametrize("message, fact", [
    ("mit welcher prüfung endet der integrationskurs", "Deutsch-Test für Zuwanderer"),
    ("krieg ich was vom geld zurück wenn ich die prüfung bestehe", "50 %"),
])
def test_a_question_with_pruefung_typed_without_question_mark_is_answered_when_no_check_runs(message, fact):
    """NLU reads "Prüfung" as "stop the check"; with no check running, the question is answered."""
    from actions.sdk.eligibility import ActionNoCheckRunning
    text = texts_of(run(ActionNoCheckRunning(), make_tracker(message, "stop"))[0])
    assert fact in text and "Es läuft gerade keine Prüfung" not in text, text
    for stop in ("ich will die prüfung abbrechen", "kann ich die prüfung abbrechen"):
        messages, _ = run(ActionNoCheckRunning(), make_tracker(stop, "stop"))
        assert [m.get("response") for m in messages] == ["utter_no_check_running"], stop


def test_a_long_question_that_contains_weitermachen_is_no_command_to_go_on():
    from actions.sdk.eligibility import ActionNoCheckRunning
    message = "soll ich lieber auf die neuen regeln warten oder mit meinem einbürgerungsantrag weitermachen"
    text = texts_of(run(ActionNoCheckRunning(), make_tracker(message, "continue_check"))[0])
    assert "Antrag" in text and "Es läuft gerade keine Prüfung" not in text, text  # an answer on the application


def test_a_long_statement_with_pruefung_is_no_command_either():
    """No question word at the start, no question mark: a long message that names a programme (the recognition's
    Eignungsprüfung) is not "stop the check"; a long command that names none is."""
    from actions.sdk.eligibility import ActionNoCheckRunning
    message = "mein bescheid sagt anpassungslehrgang oder eignungsprüfung für meinen beruf, wer hilft mir"
    messages, _ = run(ActionNoCheckRunning(), make_tracker(message, "continue_check"))
    titles = [button["title"] for m in messages for button in m.get("buttons") or []]
    for command in ("Ich möchte bitte gerne mit der Prüfung von vorhin weitermachen",
                    "stop please, I do not want to continue this anymore"):
        commanded, _ = run(ActionNoCheckRunning(), make_tracker(command, "continue_check"))
        assert [m.get("response") for m in commanded] == ["utter_no_check_running"], command
    assert "Es läuft gerade keine Prüfung" not in texts_of(messages)
    assert "Anpassungsqualifizierung" in texts_of(messages) and titles, texts_of(messages)  # the closest unit, marked


@pytest.mark.parametrize("message, fact", [
    ("muss ich für die anerkennung als erzieher die originale schicken", "ohne Originale"),
    ("welche infos stehen in der zeugnisbewertung drin", "Studiengang und Hochschule"),
])
def test_a_recognition_question_that_asks_no_authority_gets_no_authority(message, fact):
    """Only "wer/wo/wie bekomme ich …" or a bare profession gets who decides; other details their unit."""
    for action, intent in ((ActionAnswerService(), "ask_service"), (ActionFindKi(), "find_ki")):
        text = texts_of(run(action, make_tracker(message, intent))[0])
        assert fact in text and "Über die Anerkennung entscheidet" not in text, (intent, text)


def test_a_question_about_the_kis_work_is_answered_without_asking_the_town():
    messages, _ = run(ActionFindKi(), make_tracker("gibt es beim kommunalen integrationszentrum sprachmittler "
                                                   "zum übersetzen", "find_ki"))
    assert "Sprachmittlerpool" in texts_of(messages) and "In welcher Stadt" not in texts_of(messages)
    messages, _ = run(ActionFindKi(), make_tracker("wie kann ich das integrationszentrum erreichen", "find_ki"))
    assert texts_of(messages) == texts.ask_place()


def test_a_question_about_what_counselling_offers_is_answered_a_wish_to_talk_gets_the_services():
    messages, _ = run(ActionHumanHandover(), make_tracker("mit welchen anliegen kann ich zur migrationsberatung "
                                                          "kommen, z.b. wohnungssuche", "human_handover"))
    assert texts_of(messages).startswith("Die Migrationsberatung (MBE) berät Sie auch bei Fragen zum Wohnen.")
    for wish in ("Kann ich mit jemandem von der Migrationsberatung sprechen?",
                 "Hilfe bei der Einbürgerung, wer berät mich kostenlos?"):
        messages, _ = run(ActionHumanHandover(), make_tracker(wish, "human_handover"))
        assert texts_of(messages).startswith("Persönlich beraten Sie diese Stellen."), texts_of(messages)


@pytest.mark.parametrize("message", ["wurde rassistisch beleidigt, wo krieg ich beratung",
                                     "mein vermieter hat mich benachteiligt, wer kann mir helfen"])
def test_a_wish_for_counselling_after_discrimination_gets_the_anti_discrimination_offices(message):
    messages, _ = run(ActionHumanHandover(), make_tracker(message, "human_handover"))
    assert "Servicestellen für Antidiskriminierungsarbeit" in texts_of(messages), texts_of(messages)


def test_the_plural_of_a_programme_asks_for_its_overview():
    text = texts_of(run(ActionAnswerService(), make_tracker("was sind integrationskurse", "ask_service"))[0])
    assert text.startswith("Der Integrationskurs ist ein Deutschkurs bis Niveau B1"), text


@pytest.mark.parametrize("message, fact", [
    ("was ist der einbürgerungstest genau", "Rechts- und Gesellschaftsordnung"),
    ("was ist der anerkennungszuschuss?", "100 bis höchstens 600 €"),
])
def test_a_part_of_a_programme_named_in_a_what_question_gets_its_unit_not_the_overview(message, fact):
    for action, intent in ((ActionAnswerOrFallback(), "nlu_fallback"), (ActionAnswerService(), "ask_service")):
        text = texts_of(run(action, make_tracker(message, intent))[0])
        assert fact in text, (intent, text)


@pytest.mark.parametrize("message, fact", [
    ("what exactly is a citizenship test", "(Rechts- und Gesellschaftsordnung)"),  # the test, not naturalisation
    ("what is this anerkennungsbescheid", "full, partial or no equivalence"),  # the decision, not recognition
])
def test_a_part_of_a_programme_named_in_an_english_what_question_gets_its_unit_not_the_overview(message, fact):
    for action, intent in ((ActionAnswerOrFallback(), "nlu_fallback"), (ActionAnswerService(), "ask_service")):
        text = texts_of(run(action, make_tracker(message, intent, slots={"language": "en"}))[0])
        assert fact in text, (intent, text)


@pytest.mark.parametrize("message, fact", [
    ("wie lang dauert die gleichwertigkeitsfeststellung wenn alle papiere da sind", "3-4 Monate"),
    ("übernimmt das jobcenter die gebühr für die gleichwertigkeitsprüfung", "Jobcenter"),
])
def test_everyday_names_of_recognition_name_the_programme(message, fact):
    """"Gleichwertigkeitsprüfung" names recognition: not the pointer for residence papers or money from the Amt."""
    text = texts_of(run(ActionAnswerOrFallback(), make_tracker(message, "nlu_fallback"))[0])
    assert fact in text and "keine gesicherten Angaben" not in text, text


def test_a_detail_of_an_ended_programme_is_answered_how_to_apply_for_it_gets_its_end():
    """People still hold a Chancen-Aufenthaltsrecht: what it allows is answered, with the note that it ended."""
    text = texts_of(run(ActionStartEligibility(), make_tracker("darf ich mit chancen aufenthalt arbeiten",
                                                               "check_eligibility"))[0])
    assert "dürfen Sie arbeiten" in text and "am 31.12.2025 ausgelaufen" in text, text
    for message in ("wie beantragt man den chancen aufenthalt", "bis wann kann ich den chancen aufenthalt beantragen"):
        text = texts_of(run(ActionStartEligibility(), make_tracker(message, "check_eligibility"))[0])
        assert "am 31.12.2025 ausgelaufen" in text and "§ 25a oder § 25b, spätestens" not in text, text
    text = texts_of(run(ActionAnswerFollowup(), make_tracker("bis wann kann ich das chancen-aufenthaltsrecht "
                                                             "beantragen", "ask_how_apply"))[0])
    assert "am 31.12.2025 ausgelaufen" in text and "§ 25a oder § 25b, spätestens" not in text, text
    text = texts_of(run(ActionStartEligibility(), make_tracker("was muss ich vor ablauf vom chancen aufenthalt "
                                                               "beantragen", "check_eligibility"))[0])
    assert "§ 25a oder § 25b" in text, text  # a holder asks what to apply for next


def test_a_holder_asking_a_detail_of_an_ended_programme_gets_a_marked_guess_not_only_its_end(monkeypatch, facts):
    """"hab chancen aufenthalt bekommen, was muss ich in den 18 monaten schaffen": when the search is not sure, the
    closest detail is shown as a guess; "it has ended" alone would not help someone who holds the permit."""
    next_permit = next(unit for unit in facts["answers"] if unit["id"] == "chancen_aufenthaltsrecht_104c.danach")
    loose = Retrieval((Match(next_permit, -0.5),), confident=False)
    monkeypatch.setattr("actions.sdk.eligibility.search_in", lambda *args, **kwargs: loose)
    message = "hab chancen aufenthalt bekommen, was muss ich in den 18 monaten schaffen?"
    text = texts_of(run(ActionStartEligibility(), make_tracker(message, "check_eligibility"))[0])
    assert text.startswith("Da bin ich nicht sicher") and next_permit["answer"][:60] in text, text
    text = texts_of(run(ActionStartEligibility(), make_tracker("kann ich noch chancen aufenthalt beantragen?",
                                                               "check_eligibility"))[0])
    assert "gibt es nicht mehr" in text and next_permit["answer"][:60] not in text, text


def test_a_longer_question_on_one_condition_gets_that_condition_in_every_language():
    """Read as "who may": the one condition as a guess, not the list of all conditions (which f3d46b4 gave)."""
    message = "если я получаю социальную помощь могу ли я получить немецкое гражданство"  # in no training file
    text = texts_of(run(ActionAnswerFollowup(), make_tracker(message, "ask_who", slots={"language": "ru"}))[0])
    assert text.startswith("Я не уверен, что это отвечает на ваш вопрос.") and "Lebensunterhalt" in text, text
    assert not text.startswith("Нужно: 5 лет"), text


def test_continue_or_stop_words_in_a_real_question_get_an_answer():
    from actions.sdk.eligibility import ActionNoCheckRunning
    messages, _ = run(ActionNoCheckRunning(),
                      make_tracker("kann ich meine ausbildung nach ablehnung vom asylantrag weitermachen?",
                                   "continue_check"))
    assert messages and messages[0].get("response") != "utter_no_check_running"
    assert "Es läuft gerade keine Prüfung" not in texts_of(messages)
    messages, _ = run(ActionNoCheckRunning(), make_tracker("weiter", "continue_check"))
    assert [m.get("response") for m in messages] == ["utter_no_check_running"]


def test_a_typed_follow_up_about_another_aspect_gets_no_overview_of_the_wrong_one():
    from actions.sdk.services import ActionAnswerFollowup
    messages, _ = run(ActionAnswerFollowup(), make_tracker("Welche Unterlagen muss ich für die Anerkennung einreichen?",
                                                           "ask_how_apply",
                                                           slots={"topic": "anerkennung_berufsabschluesse"}))
    assert not texts_of(messages).startswith("So melden Sie sich an"), texts_of(messages)
    messages, _ = run(ActionAnswerFollowup(), make_tracker("/ask_how_apply", "ask_how_apply",
                                                           slots={"topic": "anerkennung_berufsabschluesse"}))
    assert texts_of(messages).startswith("So melden Sie sich an – Anerkennung ausländischer Abschlüsse:")


@pytest.mark.parametrize("message, intent, fact", [
    ("Sprachkurs", "nlu_fallback", "Der Integrationskurs ist ein Deutschkurs"),
    ("deutscher pass?", "out_of_scope", "Einbürgerung heißt"),
])
def test_a_programme_in_everyday_words_is_understood_even_when_nlu_is_not(message, intent, fact):
    messages, _ = run(ActionAnswerOrFallback(), make_tracker(message, intent))
    assert texts_of(messages).startswith(fact), texts_of(messages)


# --- questions that are not what their intent suggests (issue #15) ---------------------

def test_a_rule_question_about_oneself_is_answered_not_checked():
    """"Darf ich … auch Teilzeit …?" asks a rule that applies to the person; no check starts. (The first sentence
    here, "darf ich … meinen arbeitgeber wechseln?", has no unit: since the unit on working with a Duldung it gets
    the closest questions as buttons, no check either.)"""
    messages, events = run(ActionStartEligibility(), make_tracker(
        "darf ich für die beschäftigungsduldung auch teilzeit arbeiten?", "check_eligibility"))
    assert "Gut, wir prüfen gemeinsam" not in texts_of(messages) and "20 Stunden pro Woche" in texts_of(messages)
    assert slots_set(events) == {"topic": "beschaeftigungsduldung_60d", "check_ready": False}


@pytest.mark.parametrize("message", ["Integrationskurs: Entstehen für mich Kosten und in welcher Höhe?",
                                     "Wie viel kostet der Integrationskurs für mich?",
                                     "Was kostet die Einbürgerung für mich?"])
def test_a_cost_question_for_oneself_is_answered_not_checked(message):
    """"für mich" in a question about the cost asks the cost, not for the check."""
    messages, events = run(ActionStartEligibility(), make_tracker(message, "check_eligibility"))
    assert "Gut, wir prüfen gemeinsam" not in texts_of(messages) and not slots_set(events)["check_ready"]
    assert "€" in texts_of(messages), texts_of(messages)


def test_papers_read_as_who_get_choices_not_the_list_of_conditions():
    messages, _ = run(ActionAnswerFollowup(), make_tracker("Welche Unterlagen muss ich einreichen?", "ask_who",
                                                           slots={"topic": "einbuergerung"}))
    assert not texts_of(messages).startswith("Sie brauchen: 5 Jahre"), texts_of(messages)


@pytest.mark.parametrize("request_text", ["prüf das für mich: Integrationskurs, was kostet der?",
                                          "pruef das bitte bei mir: was kostet der Integrationskurs?"])
def test_prüf_das_für_mich_still_starts_the_check(request_text):
    messages, events = run(ActionStartEligibility(), make_tracker(request_text, "check_eligibility"))
    assert slots_set(events)["check_ready"] is True and "Gut, wir prüfen gemeinsam" in texts_of(messages)


def test_asking_whether_one_qualifies_gets_the_conditions_then_the_check():
    """The question is answered even if the person stops the check (issue #15)."""
    messages, events = run(ActionStartEligibility(), make_tracker("kann ich eine ausbildungsduldung bekommen?",
                                                                  "check_eligibility"))
    conditions, intro = messages[0]["text"], messages[1]["text"]
    assert "seit 3 Monaten eine Duldung" in conditions and "Quelle:" in conditions and not messages[0]["buttons"]
    assert intro.startswith("Gut, wir prüfen gemeinsam: Ausbildungsduldung")
    assert slots_set(events)["program"] == "ausbildungsduldung_60c"


def test_a_detailed_question_gets_the_condition_it_is_about():
    messages, _ = run(ActionStartEligibility(), make_tracker(
        "ich bin 26 und seit 2 jahren geduldet, bekomme ich noch 25a vor dem 27. geburtstag?", "check_eligibility"))
    assert "vor Ihrem 27. Geburtstag" in messages[0]["text"]


def test_a_short_question_gets_the_list_of_conditions_not_one_guessed_condition():
    messages, _ = run(ActionStartEligibility(), make_tracker("Kann ich eingebürgert werden?", "check_eligibility"))
    assert messages[0]["text"].startswith("Sie brauchen: 5 Jahre rechtmäßigen Aufenthalt")


@pytest.mark.parametrize("message", ["Ich möchte die Einbürgerung prüfen", "prüf das für mich mit der einbürgerung",
                                     '/check_eligibility{"program":"einbuergerung"}'])
def test_a_plain_request_to_check_starts_it_without_a_lecture(message):
    messages, _ = run(ActionStartEligibility(), make_tracker(message, "check_eligibility"))
    assert texts_of(messages).startswith("Gut, wir prüfen gemeinsam: Einbürgerung")


def test_a_who_helps_question_read_as_a_ki_search_gets_its_answer():
    messages, _ = run(ActionFindKi(), make_tracker("wer hilft mir wenn ich die briefe von der behörde nicht verstehe?",
                                                   "find_ki"))
    assert "Migrationsberatung (MBE) hilft Ihnen mit Briefen von Behörden" in texts_of(messages)


def test_a_search_for_the_ki_without_a_place_still_asks_for_the_place():
    messages, _ = run(ActionFindKi(), make_tracker("wo ist das nächste integrationszentrum?", "find_ki"))
    assert texts_of(messages) == texts.ask_place()


def test_a_not_understood_message_naming_a_programme_gets_the_close_units():
    messages, _ = run(ActionAnswerOrFallback(), make_tracker("integrationskurs aber ich habe ein baby", "nlu_fallback"))
    assert texts_of(messages).startswith("Da bin ich nicht sicher") and messages[0]["buttons"]
    messages, _ = run(ActionAnswerOrFallback(), make_tracker("asdf qwertz", "nlu_fallback"))
    assert messages[0].get("response") == "utter_default"


def test_papers_running_out_get_the_office_in_charge_and_counselling():
    messages, _ = run(ActionAnswerOrFallback(),
                      make_tracker("meine papiere laufen ab was soll ich tun", "nlu_fallback"))
    text = texts_of(messages)
    assert text.startswith("Zu Ihren Aufenthaltspapieren (verlängern, abgelaufen, Fiktionsbescheinigung) habe ich "
                           "keine gesicherten Angaben. Zuständig ist die Ausländerbehörde")
    assert "Migrationsberatung für Erwachsene (MBE)" in text and messages[0]["buttons"][0]["payload"] == "/find_ki"


def test_a_permit_running_out_after_an_answer_starts_no_check():
    """Said after an answer on naturalisation, it is news about the person's papers, not an answer to a check."""
    messages, events = run(ActionStartEligibility(), make_tracker(
        "meine aufenthaltserlaubnis läuft nächsten monat ab", "inform", slots={"topic": "einbuergerung"}))
    assert "Gut, wir prüfen gemeinsam" not in texts_of(messages)
    assert "Zuständig ist die Ausländerbehörde" in texts_of(messages) and slots_set(events)["check_ready"] is False


def test_money_from_the_jobcenter_gets_an_honest_pointer():
    messages, _ = run(ActionAnswerService(), make_tracker("jobcenter geld", "ask_service"))
    assert "Zu Geld vom Amt (Bürgergeld, Sozialhilfe und andere Leistungen) habe ich keine gesicherten Angaben" \
        in texts_of(messages)


@pytest.mark.parametrize("message, start", [
    ("ich bekomme bürgergeld, muss ich für den kurs trotzdem selbst bezahlen", "Sie können vom Kostenbeitrag befreit"),
    ("was kostet es wenn die ausländerbehörde meinen pass verlängert", "Zu Ihren Aufenthaltspapieren")])
def test_a_sure_unit_whose_aspect_is_asked_answers_before_the_pointer_for_an_everyday_matter(message, start):
    """"Bürgergeld" or "Ausländerbehörde" in a question about the course's fee: the fee exemption; a passport's renewal
    has no unit sure of it and keeps the honest pointer."""
    messages, _ = run(ActionAnswerFollowup(), make_tracker(message, "ask_cost"))
    assert texts_of(messages).startswith(start), texts_of(messages)


def test_who_can_take_part_read_as_a_follow_up_gets_the_list_of_conditions():
    messages, _ = run(ActionAnswerFollowup(), make_tracker("Wer kann einen Integrationskurs machen?", "ask_who"))
    assert texts_of(messages).startswith("Einen Anspruch haben"), texts_of(messages)


def test_help_that_names_a_programme_gets_the_answer_and_plain_help_the_menu():
    from actions.sdk.services import ActionHelp
    messages, _ = run(ActionHelp(), make_tracker("Wie funktioniert die Einbürgerung?", "help"))
    assert "Einbürgerung" in texts_of(messages) and "Quelle:" in texts_of(messages), texts_of(messages)
    messages, _ = run(ActionHelp(), make_tracker("Was kannst du?", "help"))
    assert [m.get("response") for m in messages] == ["utter_help"]


def test_weiter_during_a_check_goes_on_and_the_same_message_again_gets_the_ways_out():
    from actions.sdk.during_check import ActionResumeCheck
    messages, _ = run(ActionResumeCheck(), make_tracker("weiter", "continue_check", active_loop="eligibility_form"))
    assert messages[0].get("response") == "utter_resume_check" and "abbrechen" in texts_of(messages)
    tracker = make_tracker("asdf qwertz blub", "continue_check", active_loop="eligibility_form")
    tracker.events.insert(0, {"event": "user", "text": "asdf qwertz blub"})
    messages, _ = run(ActionResumeCheck(), tracker)
    assert texts_of(messages).startswith("Hier kommen wir gerade nicht weiter.")
    assert [b["title"] for b in messages[0]["buttons"]] == ["Weiß ich nicht", "Prüfung abbrechen"]


@pytest.mark.parametrize("message", ["hilfe bei behörden briefe", "wo bekomme ich hilfe beim ausfüllen von formularen"])
def test_a_plain_question_taken_for_an_emergency_gets_its_answer_without_110(message):
    """Issue #15, point 6: 110/112 belong to acute danger, not to a question about letters from an office."""
    text = texts_of(run(ActionEmergency(), make_tracker(message, "emergency"))[0])
    assert "Behördenpost" in text and "110" not in text, text


def test_help_alone_taken_for_an_emergency_still_gets_110():
    text = texts_of(run(ActionEmergency(), make_tracker("Hilfe!", "emergency"))[0])
    assert "Polizei unter 110" in text, text


@pytest.mark.parametrize("message, intent", [
    ("wer berät mich kostenlos zur anerkennung von meinem berufsabschluss", "ask_service"),
    ("wer berät mich kostenlos zur anerkennung von meinem berufsabschluss", "ask_cost"),
    ("wo kann ich mich beraten lassen bevor ich die anerkennung beantrage", "ask_service"),
    ("vor dem antrag bei der handwerkskammer will ich mich erst beraten lassen, wo geht das", "ask_service"),
    ("an wen wende ich mich zur beratung wenn ich meinen abschluss anerkennen lassen will", "human_handover"),
])
def test_counselling_about_recognition_gets_the_iq_counselling(message, intent):
    """A wish for counselling that names a programme: its own counselling unit, not its costs (the word
    "kostenlos"), not the chamber named, and not the general list of counselling services (issue #15)."""
    action = {"human_handover": ActionHumanHandover(), "ask_cost": ActionAnswerFollowup()}.get(
        intent, ActionAnswerService())
    text = texts_of(run(action, make_tracker(message, intent))[0])
    assert "IQ-Anerkennungsberatung" in text and "Persönlich beraten Sie diese Stellen" not in text, text


@pytest.mark.parametrize("message, fact", [("Was kostet die Anerkennung?", "100-600 €"),
                                           ("Was ist die Migrationsberatung?", "Migrationsberatung")])
def test_a_question_without_a_wish_for_counselling_keeps_its_answer(message, fact):
    text = texts_of(run(ActionAnswerService(), make_tracker(message, "ask_service"))[0])
    assert fact in text and "IQ-Anerkennungsberatung" not in text, text


@pytest.mark.parametrize("message, language, starts", [
    ("kann ich mich aus dem ausland einbürgern lassen", "de", False),
    ("kann ich mich einbürgern lassen? bin seit 6 jahren hier", "de", True),
    ("ich bin im ausland geboren, kann ich mich einbürgern lassen?", "de", True),  # born abroad: most applicants
    ("ich habe früher in deutschland gelebt und wohne jetzt in polen, einbürgerung möglich?", "de", False),
    ("я живу за границей, могу ли я получить немецкое гражданство?", "ru", False),  # § 14 only as a guess there
])
def test_naturalisation_from_abroad_is_answered_without_the_check_of_a_stay_in_germany(message, language, starts):
    """§ 14 StAG (living abroad) is not the § 10 that the check asks (review findings of 06.12.2026)."""
    messages, events = run(ActionStartEligibility(), make_tracker(message, "check_eligibility",
                                                                  slots={"language": language}))
    text = texts_of(messages)
    assert (slots_set(events)["check_ready"] is True) is starts, text
    if not starts:
        assert "§ 14 StAG" in text
        buttons = [b["payload"] for m in messages for b in m.get("buttons", [])]
        assert buttons and not any(payload.startswith("/check_eligibility") for payload in buttons)
