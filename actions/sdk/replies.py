"""Replies that several actions send: a unit's answer, "not sure" with choices, a matter outside our
facts, the recognition authority's unit, and a question about a service as a whole."""
from __future__ import annotations

import datetime as dt
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import answer_choice as choice
from actions import offices, texts
from actions.answer_conditions import outside_the_check
from actions.answer_embeddings import encoder
from actions.answer_retrieval import Retrieval, get_index
from actions.answer_retrieval_translated import get_embedding_index, search_in
from actions.check_answers import eligibility_titles, related_checks
from actions.counselling import counselling_unit, rejected_asylum_unit_id
from actions.ended_programmes import with_notes
from actions.facts import answer_unit, get_facts, is_id_of
from actions.i18n import GERMAN, current_language, speaking, t
from actions.other_person import other_person
from actions.places import get_resolver
from actions.question_kind import (
    CUED_LANGUAGES,
    OFFICE_ASPECTS,
    asked_aspects,
    is_short_followup,
)
from actions.sdk.tracker import asked_again, latest_text
from actions.topics import match_topic
from actions.worry import after_rejected_asylum, asks_ways_to_stay, asks_what_now_after_rejection, cued_way

# Train the answer classifier (about 2 s) and load the vectors of the search by meaning (0.6 s) when the
# action server loads this module, not on the first question.
get_index()
if get_embedding_index() is not None:
    encoder()  # a broken encoder package fails the start, not a person's question

POPULAR_TOPICS = ("integrationskurs", "migrationsberatung_mbe", "einbuergerung", "anerkennung_berufsabschluesse",
                  "kommunale_integrationszentren", "kim_nrw")
# The message field that names the answered unit; rasa_ext/channels/feedback.py reads it (VOTE_KEY there).
VOTE_KEY = "vote_unit"
# Questions about these are answered from the units, not with the authority that decides.
NOT_WHO_DECIDES = {"cost", "documents", "duration", "deadline"}


def reply_counselling(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[dict[str, Any]]:
    """Who counsels in person: the responsible KI when the place is known, and MBE/JMD."""
    facts = get_facts()
    programs = facts["programs"]
    ki = facts["kis"].get(tracker.get_slot("ki_id") or "")
    dispatcher.utter_message(text=texts.handover_answer(ki, programs["migrationsberatung_mbe"],
                                                        programs["jugendmigrationsdienste_jmd"], today()))
    return []


def today() -> dt.date:
    """Today's date: the reference for the freshness of sources."""
    return dt.date.today()


def recognition_unit(tracker: Tracker, retrieval: Retrieval | None = None) -> dict[str, Any] | None:
    """The unit naming the recognition authority when someone asks about recognising a named profession, unless
    retrieval (searched here if the caller has not) is sure of a unit on another detail ("Muss ich als
    Krankenpfleger eine Prüfung machen?": the Kenntnisprüfung, not the Bezirksregierung)."""
    text = latest_text(tracker)
    if set(asked_aspects(text)) & NOT_WHO_DECIDES:
        return None  # "Was kostet die Anerkennung bei der IHK FOSA?" asks the cost, not who decides
    route = offices.recognition_route(text) if offices.asks_about_recognition(text) else None
    if route is None:
        return None
    if current_language() in CUED_LANGUAGES and not offices.asks_who_decides(text):
        return None  # "Welche Infos stehen in der Zeugnisbewertung?": its unit, or a guess, not the authority
    retrieval = retrieval if retrieval is not None else retrieve(tracker, for_guesses=False)
    if retrieval.confident and retrieval.best is not None and retrieval.best.unit["aspect"] not in OFFICE_ASPECTS:
        return None  # "Muss ich als Krankenpfleger eine Prüfung machen?": the Kenntnisprüfung
    return answer_unit(route["unit"])


def topic_of_message(tracker: Tracker) -> str | None:
    """A topic button, or a programme named in the text."""
    topics = get_facts()["topics"]
    chosen = next(tracker.get_latest_entity_values("topic"), None)
    if chosen in topics:
        return chosen
    return match_topic(latest_text(tracker), topics)


def region_of_message_or_memory(tracker: Tracker) -> str | None:
    """The KI region of a place named now ("… in Gelsenkirchen"), else of the place given earlier."""
    resolution = get_resolver().resolve(latest_text(tracker))
    ki_id = resolution.candidates[0].ki_id if resolution.status == "found" else tracker.get_slot("ki_id")
    ki = get_facts()["kis"].get(ki_id or "")
    return ki["region"] if ki else None


def apply_at_for(program_id: str, tracker: Tracker) -> str | None:
    """Where to apply, for the person's region when a place is known."""
    office_id = offices.apply_office_id(program_id)
    if office_id is None:
        return None
    return offices.office_label(office_id, region_of_message_or_memory(tracker), at=True)


def apply_at_in_both(program_id: str, tracker: Tracker) -> tuple[str | None, str | None]:
    """Where to apply, in the conversation's language and in German (which measures an overview's screen); the
    place is resolved once."""
    office_id = offices.apply_office_id(program_id)
    if office_id is None:
        return None, None
    region = region_of_message_or_memory(tracker)
    with speaking(GERMAN):
        german = offices.office_label(office_id, region, at=True)
    return offices.office_label(office_id, region, at=True), german


def retrieve(tracker: Tracker, for_guesses: bool = True) -> Retrieval:
    """The answer units for the latest message, with the conversation's topic as context (for_guesses: see
    search_in)."""
    return search_in(current_language(), latest_text(tracker), context_topic=tracker.get_slot("topic"),
                     for_guesses=for_guesses)


def placed_by_search(tracker: Tracker) -> Retrieval | None:
    """The search of a typed message that it places: sure of a unit, or in a programme (Retrieval.implied);
    handed on to answer_question, which need not search again. None: "Was kostet das?" without a topic gets
    the question which programme, and "weiter" no answer."""
    if latest_text(tracker).startswith("/"):
        return None
    retrieval = retrieve(tracker)
    return retrieval if retrieval.confident or retrieval.implied is not None else None


def is_anchored(unit: dict[str, Any], named: str | None, tracker: Tracker) -> bool:
    """A unit of the programme named in the message or talked about before."""
    return unit["program"] in (named, tracker.get_slot("topic"))


def reply_with_unit(dispatcher: CollectingDispatcher, unit: dict[str, Any],
                    buttons: bool = True) -> list[dict[str, Any]]:
    """The unit's answer with source and date; without buttons inside a running check, whose open
    question follows. An answer with buttons carries its unit id (`vote_unit`): the web chat and
    Telegram offer "Hilfreich? 👍 / 👎" under it (rasa_ext/channels/feedback.py); other channels ignore it."""
    checkable = unit["program"] in get_facts()["eligibility"]["programs"] and not outside_the_check(unit)
    others = {} if checkable else related_checks(unit["program"])
    unit, extra = with_notes(unit)
    vote = {VOTE_KEY: unit["id"]} if buttons else {}
    dispatcher.utter_message(text=texts.unit_answer(unit, today(), extra),
                             buttons=texts.unit_buttons(unit, checkable, others) if buttons else [], **vote)
    return [SlotSet("topic", unit["program"])]


def reply_unsure(dispatcher: CollectingDispatcher, tracker: Tracker, retrieval: Retrieval,
                 guess: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """Say what is unclear and offer the closest units, never a confident guess. The guess the caller chose, else
    the closest unit of a programme the person named, or the search placed the question in (Retrieval.implied), is
    shown, introduced as a guess. Only a named programme becomes the conversation's topic: a guessed one would
    make the next follow-up ("und was kostet das?") a sure answer about it."""
    named = topic_of_message(tracker)
    searched = guess is None  # the caller's own guess (one condition, an ended permit's detail) stands alone
    guess = guess or choice.tentative_unit(named or retrieval.implied, retrieval)
    choices = choice.unsure_choices(retrieval, shown=guess)
    if guess is not None:
        reply_guess(dispatcher, choice.guesses_to_show(guess, retrieval) if searched else [guess], choices)
        return [SlotSet("topic", guess["program"])] if named else []
    if not choices:
        ask_for_topic(dispatcher)
        return []
    topic = get_facts()["topics"].get(tracker.get_slot("topic") or "")
    dispatcher.utter_message(text=texts.unsure_answer(topic["short"] if topic else None),
                             buttons=texts.unit_choice_buttons(choices))
    return []


def reply_guess(dispatcher: CollectingDispatcher, guesses: list[dict[str, Any]], choices: list[dict[str, Any]]) -> None:
    """The guess, introduced as one ("Da bin ich nicht sicher, ob das Ihre Frage beantwortet. …"), with the closest
    units after it (answer_choice.guesses_to_show) unless its programme has ended, whose note needs the room."""
    guess, extra = with_notes(guesses[0])
    if len(guesses) > 1 and not extra:
        shown = {unit["id"] for unit in guesses}
        dispatcher.utter_message(text=texts.tentative_answers(guesses, today()),
                                 buttons=texts.unit_choice_buttons([c for c in choices if c["id"] not in shown]))
        return
    dispatcher.utter_message(text=texts.tentative_answer(guess, today(), extra),
                             buttons=texts.unit_choice_buttons(choices))


def reply_outside_topic(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[dict[str, Any]] | None:
    """"meine Papiere laufen ab", "Jobcenter-Geld": no facts here, said plainly, with the office in charge
    and free counselling. None when the message names one of our programmes or matches no such matter."""
    text = latest_text(tracker)
    topic = offices.outside_topic(text)
    if topic is None or text.startswith("/") or topic_of_message(tracker) is not None:
        return None
    office = offices.office_label(topic["office"], region_of_message_or_memory(tracker))
    dispatcher.utter_message(text=texts.outside_topic_answer(offices.outside_topic_about(topic), office),
                             buttons=texts.outside_topic_buttons())
    return []


def reply_other_person(dispatcher: CollectingDispatcher, program_id: str, person: str) -> list[dict[str, Any]]:
    """"gilt das auch für meine Frau?": their own situation decides; the check for them, if there is one."""
    facts = get_facts()
    checkable = program_id in facts["eligibility"]["programs"]
    dispatcher.utter_message(text=texts.other_person_answer(person, facts["topics"][program_id]["short"], checkable),
                             buttons=texts.other_person_buttons(program_id, checkable))
    return [SlotSet("topic", program_id)]


def reply_ways_to_stay(dispatcher: CollectingDispatcher, tracker: Tracker,
                       retrieval: Retrieval | None = None) -> list[dict[str, Any]] | None:
    """"ich habe eine Duldung, welche Möglichkeiten habe ich?": the unit on the ways out of a Duldung, then the
    offer to check those the checks cover; after a rejected asylum claim first the asylum unit (counselling at
    once), then all ways. A way that the person's words point to comes first ("ich hab duldung und arbeite"). None
    when the message names a programme or asks something else ("asyl abgelehnt, bis wann muss ich klagen?" gets
    its asylum unit alone)."""
    text, named = latest_text(tracker), topic_of_message(tracker)
    if text.startswith("/") or (named is not None and not related_checks(named)):  # the Duldung overview may be named
        return None
    if not asks_ways_to_stay(text):
        asks_now = asks_what_now_after_rejection(text)
        return reply_after_rejected_asylum(dispatcher, tracker, retrieval) if asks_now else None
    rules = get_facts()["eligibility"]
    ways = rules.get("ways_from_duldung", [])
    titles = {pid: title for pid, title in eligibility_titles().items() if pid in ways}
    cued = cued_way(text, ways)
    if cued:
        unit = way_unit(text, cued)
    elif after_rejected_asylum(text):  # "asylantrag abgelehnt, was kann ich tun?": counselling at once, then the ways
        unit = answer_unit((rules.get("rejected_asylum_units") or [""])[0])
    else:
        unit = answer_unit(rules.get("ways_from_duldung_unit") or "")
    events = reply_with_unit(dispatcher, unit, buttons=False) if unit else []
    if unit is not None and unit["id"] == rules.get("ways_from_duldung_unit"):
        answer, buttons = texts.choose_check(titles)  # the unit has named the ways: only the offer to check one
    else:
        answer, buttons = texts.ways_to_stay(titles)
    dispatcher.utter_message(text=answer, buttons=buttons)
    return events


def reply_after_rejected_asylum(dispatcher: CollectingDispatcher, tracker: Tracker,
                                retrieval: Retrieval | None = None) -> list[dict[str, Any]] | None:
    """"asyl abgelehnt, bis wann muss ich klagen?": the deadlines are too short for a list of choices, so the
    asylum unit that retrieval ranks first answers, else the one that sends to counselling at once."""
    retrieval = retrieve(tracker) if retrieval is None else retrieval  # ranked by both searches: its order counts
    units = get_facts()["eligibility"].get("rejected_asylum_units", [])
    unit_id = rejected_asylum_unit_id(retrieval, units, latest_text(tracker))
    unit = answer_unit(unit_id) if unit_id else None
    return reply_with_unit(dispatcher, unit, buttons=False) if unit else None  # no buttons under the deadlines


def way_unit(text: str, way: str) -> dict[str, Any] | None:
    """The way's unit that the search is clearly sure of ("nach der Ausbildung" → "3+2"), else what the way is."""
    retrieval = search_in(current_language(), text, context_topic=way, for_guesses=False)
    return choice.clear_unit_of(retrieval, way) or answer_unit(f"{way}.was_ist_das")


def ask_for_topic(dispatcher: CollectingDispatcher) -> None:
    """Ask which programme is meant, with buttons for the most asked ones."""
    dispatcher.utter_message(text=texts.unknown_topic(),
                             buttons=texts.topic_buttons(get_facts()["topics"], POPULAR_TOPICS))


def answer_question(dispatcher: CollectingDispatcher, tracker: Tracker,
                    retrieval: Retrieval | None = None) -> list[dict[str, Any]]:
    """A question about a service: the recognition authority, a unit that answers it, or choices."""
    if asked_again(tracker):
        dispatcher.utter_message(text=t(texts.ASKED_AGAIN))
    retrieval = retrieve(tracker) if retrieval is None else retrieval  # a caller may have searched already
    own = counselling_unit(latest_text(tracker), topic_of_message(tracker) or retrieval.implied, retrieval)
    if own is not None:  # "wo lasse ich mich beraten, bevor ich bei der Handwerkskammer …": not the chamber
        return reply_with_unit(dispatcher, own)
    recognition = recognition_unit(tracker, retrieval)
    if recognition is not None:
        return reply_with_unit(dispatcher, recognition)
    ways = reply_ways_to_stay(dispatcher, tracker, retrieval)
    if ways is not None:
        return ways
    named = topic_of_message(tracker)
    program_id = named or tracker.get_slot("topic")
    text = latest_text(tracker)
    person = other_person(text)
    if person is not None and is_short_followup(text) and is_id_of(program_id, get_facts()["programs"]):
        return reply_other_person(dispatcher, program_id, person)  # "und für meine Frau?"
    unit = choice.choose_unit(text, named, retrieval)
    if unit is not None and is_anchored(unit, named, tracker):
        return reply_with_unit(dispatcher, unit)
    # "Jobcenter-Geld" before a unit that only shares a word, not before one whose aspect the question asks
    outside = None if choice.asks_what_it_answers(text, unit) else reply_outside_topic(dispatcher, tracker)
    if outside is not None:
        return outside
    if unit is not None:
        return reply_with_unit(dispatcher, unit)
    if person is not None and is_id_of(program_id, get_facts()["programs"]):
        return reply_other_person(dispatcher, program_id, person)
    return reply_unsure(dispatcher, tracker, retrieval)
