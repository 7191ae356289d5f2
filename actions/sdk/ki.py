"""KI finder action and the fallback: thin glue between the tracker, the resolver and the texts."""
from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from typing_extensions import override

from actions import answer_choice as choice
from actions import offices, texts
from actions.facts import get_facts, is_id_of
from actions.ki_lookup import match_kis, nearest_ki
from actions.places import Candidate, Resolution, get_resolver
from actions.question_kind import (
    OFFICE_ASPECTS,
    as_typed_question,
    asked_aspects,
    asked_ki_field,
    asks_only_where_to_turn,
    asks_where_to_turn,
    is_content_question,
    may_be_answered_without_place,
    names_the_ki,
    wants_nearest,
)
from actions.sdk.language import in_conversation_language
from actions.sdk.replies import (
    is_anchored,
    recognition_unit,
    reply_counselling,
    reply_outside_topic,
    reply_unsure,
    reply_ways_to_stay,
    reply_with_unit,
    retrieve,
    today,
    topic_of_message,
)
from actions.sdk.tracker import latest_intent, latest_text, shared_point
from actions.topics import match_topic

# A location this close to NRW may belong to someone who lives in NRW (a commuter, the border).
NEAREST_OUTSIDE_NRW_KM = 50


def resolve_message(tracker: Tracker) -> tuple[Resolution | None, tuple[float, float] | None]:
    """What the latest message says about the place: a button, a location, or free text."""
    resolver = get_resolver()
    intent = latest_intent(tracker)
    if intent == "share_location":
        point = shared_point(tracker)
        return (resolver.resolve_coordinates(*point) if point else None), point
    chosen = next(tracker.get_latest_entity_values("place_ags"), None)
    if chosen:
        return resolver.resolve(str(chosen)), None
    if intent == "ask_nearby" and latest_text(tracker).startswith("/"):
        return None, None  # the button "Wo in meiner Nähe?" names no place; "… die Stadt Dortmund …?" does
    return resolver.resolve(latest_text(tracker)), None


def remembered(tracker: Tracker) -> Candidate | None:
    """The place given earlier in this session: a Gemeinde, or only a Kreis."""
    ki_id = tracker.get_slot("ki_id")
    if not is_id_of(ki_id, get_facts()["kis"]):
        return None
    gemeinde = get_resolver().gemeinde(tracker.get_slot("gemeinde_ags") or "")
    label = tracker.get_slot("place_label") or (gemeinde.name if gemeinde else get_facts()["kis"][ki_id]["region"])
    if gemeinde is not None:
        return Candidate(label, gemeinde, gemeinde.kreis_ags, gemeinde.kreis_name, gemeinde.ki_id, "memory", label)
    return Candidate(label, None, tracker.get_slot("kreis_ags") or ki_id[:5], label, ki_id, "memory", label)


def apply_office_note(tracker: Tracker, region: str) -> str | None:
    """"Wo beantrage ich die Einbürgerung in Gelsenkirchen?": the office first, the KI as advice."""
    facts = get_facts()
    program_id = match_topic(latest_text(tracker), facts["topics"])
    if program_id is None and latest_intent(tracker) == "ask_nearby":
        program_id = tracker.get_slot("topic")  # the "Wo in meiner Nähe?" button under a programme answer
    office_id = offices.apply_office_id(program_id)
    if office_id is None:
        return None
    office = offices.office_label(office_id, region, at=True)
    return texts.apply_office_note(facts["topics"][program_id]["short"], office)


def answer_for(candidate: Candidate, tracker: Tracker, point: tuple[float, float] | None) -> str:
    """The KI answer for a place: office note if asked where to apply, contact, and the nearest KI if asked."""
    facts = get_facts()
    match = match_kis(facts["kis"], candidate, point)
    text = texts.ki_answer(candidate.label, match.responsible, match.responsible["checked_date"], today())
    note = apply_office_note(tracker, match.responsible["region"])
    if note:
        text = f"{note}\n\n{text}"
    nearest_asked = (point is not None or latest_intent(tracker) == "ask_nearby"
                     or wants_nearest(latest_text(tracker)))
    if nearest_asked and match.nearest is not None:
        assert match.nearest_km is not None and match.responsible_km is not None  # match_kis sets them with `nearest`
        if match.nearest["ki_id"] != match.responsible["ki_id"]:
            text += "\n\n" + texts.nearest_note(match.nearest, match.nearest_km, match.responsible_km)
        else:
            text += "\n\n" + texts.nearest_same_note(match.nearest_km)
    return text


def outside_nrw_answer(resolution: Resolution, point: tuple[float, float] | None) -> str:
    """No KI outside NRW: national counselling, and the nearest KI for a shared point close to NRW."""
    if point is None:
        return texts.outside_nrw(resolution.matched or resolution.query)
    nearest, nearest_km = nearest_ki(get_facts()["kis"], *point)
    return texts.outside_nrw_location(nearest if nearest_km <= NEAREST_OUTSIDE_NRW_KM else None, nearest_km)


def answer_for_remembered(known: Candidate, tracker: Tracker) -> str:
    """The KI of the place given before: only the detail asked for, else the whole answer."""
    field = asked_ki_field(latest_text(tracker))
    if field is not None:
        return texts.ki_field_answer(get_facts()["kis"][known.ki_id], field)
    return answer_for(known, tracker, None)


def remember(candidate: Candidate) -> list[dict[str, Any]]:
    """Slots that keep the place for follow-ups ("und die Adresse?")."""
    gemeinde_ags = candidate.gemeinde.ags if candidate.gemeinde else None
    return [SlotSet("gemeinde_ags", gemeinde_ags), SlotSet("kreis_ags", candidate.kreis_ags),
            SlotSet("ki_id", candidate.ki_id), SlotSet("place_label", candidate.label)]


def answer_instead_of_place(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[dict[str, Any]] | None:
    """A unit for a longer question without a place when retrieval is sure of it, or the closest unit as a marked
    guess when the question names another programme than the KI ("wie finde ich einen integrationskurs in meiner
    nähe": a course, not the KI of the town); None: ask for the place."""
    text = latest_text(tracker)
    named = topic_of_message(tracker)
    other_programme = named is not None and named != KI_PROGRAMME and not text.startswith("/")
    if not (may_be_answered_without_place(text) or other_programme):
        return None
    retrieval = retrieve(tracker, for_guesses=other_programme)  # both searches (30 ms) only when a guess may follow
    unit = choice.choose_unit(text, named, retrieval) if retrieval.confident else None
    if unit is not None and names_the_ki(text) and unit["aspect"] in OFFICE_ASPECTS:
        return None  # "wie erreiche ich das Integrationszentrum?": that of the person's town
    if unit is not None:
        return reply_with_unit(dispatcher, unit)
    if other_programme and choice.tentative_unit(named, retrieval) is not None:
        return reply_unsure(dispatcher, tracker, retrieval)
    return None


KI_PROGRAMME = "kommunale_integrationszentren"
PLACE_ANSWER_MAX_WORDS = 10  # "wir wohnen seit drei Jahren mit der Familie in Xyzdorf" is still a place answer


def could_name_a_place(tracker: Tracker) -> bool:
    """Whether a message NLU read as a place that we do not know may still be one: one that names the KI, or one
    not too long, with no question with content and no programme named. Else it is a question
    ("wer sucht die schule für mein kind aus, wenn wir neu zugezogen sind") and is answered as one instead of
    "Den Ort „wer sucht die …“ kenne ich nicht"."""
    text, named = latest_text(tracker), topic_of_message(tracker)
    if named == KI_PROGRAMME:  # "wo ist das KI in Xyzdorf?": the place is what we do not know
        return True
    return (named is None and len(text.split()) <= PLACE_ANSWER_MAX_WORDS
            and not is_content_question(as_typed_question(text)))


def unit_besides_place(tracker: Tracker) -> dict[str, Any] | None:
    """"ist das integrationszentrum in duisburg jetzt bei der ausländerbehörde?" names a place but asks a fact that
    the KI of the place alone does not answer: the unit retrieval is sure of, before the KI. Not for the KI's
    contact or office ("wie erreiche ich das KI in Köln?"), which the KI answer gives."""
    text = latest_text(tracker)
    if text.startswith("/") or not is_content_question(as_typed_question(text)):
        return None
    retrieval = retrieve(tracker, for_guesses=False)
    unit = choice.choose_unit(text, topic_of_message(tracker), retrieval) if retrieval.confident else None
    if unit is None or unit["aspect"] in OFFICE_ASPECTS or unit == choice.what_unit(KI_PROGRAMME):
        return None
    return unit


class ActionFindKi(Action):
    """Responsible (and, if asked, nearest) KI for a named, remembered or shared place."""

    @override
    def name(self) -> str:
        return "action_find_ki"

    @override
    @in_conversation_language
    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        recognition = recognition_unit(tracker)
        if recognition is not None:  # "Wo lasse ich meine Pflegeausbildung anerkennen?": no KI decides that
            return reply_with_unit(dispatcher, recognition)
        resolution, point = resolve_message(tracker)
        if resolution is not None and resolution.status == "found":
            candidate = resolution.candidates[0]
            unit = unit_besides_place(tracker) if point is None else None
            answered = reply_with_unit(dispatcher, unit, buttons=False) if unit is not None else []
            dispatcher.utter_message(text=answer_for(candidate, tracker, point))
            return [*answered, *remember(candidate)]
        if resolution is not None and resolution.status == "ambiguous":
            dispatcher.utter_message(text=texts.ambiguous_place(resolution.candidates[0].matched or resolution.query),
                                     buttons=texts.place_buttons(resolution))
            return []
        if resolution is not None and resolution.status == "outside_nrw":
            dispatcher.utter_message(text=outside_nrw_answer(resolution, point))
            return []
        return self.without_new_place(dispatcher, tracker, resolution)

    @staticmethod
    def without_new_place(dispatcher: CollectingDispatcher, tracker: Tracker,
                          resolution: Resolution | None) -> list[dict[str, Any]]:
        """Reply when the message names no place we know: the remembered place, a unit, or ask for one."""
        known = remembered(tracker)
        named_unknown_place = latest_intent(tracker) == "inform_place"
        if named_unknown_place and not could_name_a_place(tracker):  # "finden 2026 noch integrationskurse statt"
            return answer_or_fallback(dispatcher, tracker)
        if named_unknown_place and resolution is not None:
            dispatcher.utter_message(text=texts.place_not_found(resolution.query))
        elif known is not None:
            dispatcher.utter_message(text=answer_for_remembered(known, tracker))
        else:
            answered = answer_instead_of_place(dispatcher, tracker)
            if answered is not None:
                return answered
            dispatcher.utter_message(text=texts.ask_place())
        return []


class ActionAnswerOrFallback(Action):
    """Out of scope or not understood by NLU: the KI of the place given before for "und die Adresse?",
    what a programme is for its bare name ("Sprachkurs"), a unit only when retrieval is confident, an
    honest pointer for everyday matters outside our facts, "not sure" with the close units when a
    programme is named (a guess only marked as one), else the polite fallback."""

    @override
    def name(self) -> str:
        return "action_answer_or_fallback"

    @override
    @in_conversation_language
    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        return answer_or_fallback(dispatcher, tracker)


FALLBACK_RESPONSES = ("utter_default", "utter_out_of_scope")  # the polite "not understood" of answer_or_fallback


def answer_or_fallback(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[dict[str, Any]]:
    """The answer to a message the NLU could not place (see ActionAnswerOrFallback)."""
    text = latest_text(tracker)
    known = remembered(tracker)
    if known is not None and ("contact" in asked_aspects(text) or asked_ki_field(text)):
        dispatcher.utter_message(text=answer_for_remembered(known, tracker))
        return []
    ways = reply_ways_to_stay(dispatcher, tracker)
    if ways is not None:
        return ways
    retrieval = retrieve(tracker)
    if not text.startswith("/"):
        # A bare programme name in everyday words ("Sprachkurs", "deutscher Pass?") or a confident match
        named = topic_of_message(tracker)
        unit = choice.choose_unit(text, named, retrieval)
        if unit is not None and is_anchored(unit, named, tracker):
            return reply_with_unit(dispatcher, unit)
        outside = reply_outside_topic(dispatcher, tracker)  # "Jobcenter-Geld" before a unit sharing a word
        if outside is not None:
            return outside
        if unit is not None:
            return reply_with_unit(dispatcher, unit)
        if named is None and asks_only_where_to_turn(text):  # "an wen kann ich mich wenden?": who counsels
            return reply_counselling(dispatcher, tracker)
        if choice.has_close_units(retrieval, named or retrieval.implied):
            # "not sure" with the close units, not "not understood"
            return reply_unsure(dispatcher, tracker, retrieval)
        if asks_where_to_turn(text):  # "wer hilft mir dabei?" with a matter we hold no unit for
            return reply_counselling(dispatcher, tracker)
    fallback = "utter_out_of_scope" if latest_intent(tracker) == "out_of_scope" else "utter_default"
    dispatcher.utter_message(response=fallback)
    return []
