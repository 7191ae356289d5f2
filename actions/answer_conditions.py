"""Which conditions answer a question (issue #15): the whole list of a checkable programme's conditions, or the
one condition a longer question is about; Rasa-free, like actions/answer_choice.py.
"""
from __future__ import annotations

import functools
import re
from typing import Any

from actions.answer_embeddings import EmbeddingIndex
from actions.answer_retrieval import Retrieval
from actions.cues_by_meaning import asks_only_what_it_is, asks_to_get_it, names_only_the_rule
from actions.facts import answer_unit, get_facts, what_unit
from actions.i18n import current_language
from actions.question_kind import CUED_LANGUAGES, OFFICE_ASPECTS, asked_aspects
from actions.topics import normalise

# "Kann ich eingebürgert werden?" is too short to ask about one condition: retrieval's best unit for it is a
# guess ("Lebensunterhalt"); from about six words on, a message may say which condition it is about ("kann ich ohne
# sprachzertifikat eingebürgert werden"; make answer-dev with 6 instead of 8: 2 more right, 3 fewer wrong). A
# who-question of up to GENERAL_QUESTION_WORDS ("Welche Voraussetzungen gibt es für die Einbürgerung?") still asks
# for all of them.
DETAILED_QUESTION_WORDS = 6
GENERAL_QUESTION_WORDS = 7
DETAILED_QUESTION_WORDS_ELSEWHERE = 6  # Ukrainian, Arabic, Turkish … say as much in fewer words
GUESSED_ASPECTS = ("who", "rule", "status")  # the units that name one condition or who is left out


def is_detailed(text: str) -> bool:
    """Long enough to be about one condition (DETAILED_QUESTION_WORDS, in the conversation's language)."""
    least = DETAILED_QUESTION_WORDS if current_language() in CUED_LANGUAGES else DETAILED_QUESTION_WORDS_ELSEWHERE
    return len(re.findall(r"\w+", text)) >= least


def conditions_before_check(text: str, program_id: str, retrieval: Retrieval) -> dict[str, Any] | None:
    """"Kann ich eine Ausbildungsduldung bekommen?" asks for the conditions as well as for the check: the
    programme's list of conditions; a longer message with details ("ich bin 26 und seit 2 jahren geduldet, bekomme
    ich noch 25a vor dem 27. geburtstag?", "kann ich als eu bürger auch einen integrationskurs machen") gets the
    condition it is about, when retrieval is sure of it (also a status: the Zulassungsstopp of 2026)."""
    best = retrieval.best
    if (is_detailed(text) and best is not None and retrieval.confident and best.unit["program"] == program_id
            and best.unit["aspect"] in GUESSED_ASPECTS):
        return dict(best.unit)
    return conditions_unit(program_id)


def outside_the_check(unit: dict[str, Any]) -> bool:
    """Whether the unit is about people the programme's check does not cover (`outside_the_check` in
    eligibility_rules.yml): naturalisation from abroad is § 14, the check asks § 10."""
    rule = get_facts()["eligibility"]["programs"].get(unit["program"]) or {}
    return unit["id"].split(".", 1)[1] in rule.get("outside_the_check", [])


# Living outside Germany now, in each language (folded text): then a guess on naturalisation from abroad (§ 14) stops
# the § 10 check; "im ausland geboren" (born abroad) does not, that is most applicants.
LIVES_ABROAD = re.compile(
    r"\b(wohne|lebe|bin)\b( \w+){0,2} (im|in) ausland\b(?! geboren)|\b(aus|vom) (dem )?ausland\b"
    r"|\bausserhalb (von )?deutschland"
    r"|\bnicht mehr in deutschland\b|\bfrueher in deutschland (gelebt|gewohnt)"
    r"|\b(live|living|stay|staying|am)( \w+){0,2} (abroad|outside germany)|\bfrom abroad\b"
    r"|живу (за кордоном|не в німеччині|за границей|за рубежом|не в германии)|из.за границы|з.за кордону"
    r"|(أعيش|اعيش|ساكن|مقيم)\w*( \w+)? (خارج|في الخارج)|من الخارج|خارج (ألمانيا|المانيا)"
    r"|yurt ?d[iı][sş][iı]nda (ya[sş]|otur)|almanya d[iı][sş][iı]nda"
    r"|خارج از (آلمان|کشور)|در خارج زندگی")


def lives_abroad(text: str) -> bool:
    """"ich wohne nicht mehr in deutschland", "я живу за границей": the person lives outside Germany now."""
    return bool(LIVES_ABROAD.search(normalise(text)))


def conditions_unit(program_id: str) -> dict[str, Any] | None:
    """The unit that lists a checkable programme's conditions (`conditions_unit` in eligibility_rules.yml)."""
    rule = get_facts()["eligibility"]["programs"].get(program_id) or {}
    unit_id = rule.get("conditions_unit")
    return answer_unit(f"{program_id}.{unit_id}") if unit_id else None


# "Wer kann einen Integrationskurs machen?", "Welche Voraussetzungen gibt es?", "who is eligible": the whole
# list of conditions answers it; retrieval's best unit names one condition or one excluded group. On the
# normalised text (umlauts folded).
WHO_QUALIFIES = re.compile(r"\bwer (kann|darf|bekommt|erhaelt)\b|voraussetzung|bedingungen|fuer wen\b|"
                           r"\bwho (can|gets|may)\b|requirement|conditions|eligib")


def asks_who_qualifies(text: str) -> bool:
    """A short general question for the conditions; a longer one ("ich bin 26 und …") is about one condition,
    one that asks another aspect too ("Wer kann mir die Kosten erstatten?") about that aspect."""
    words = len(re.findall(r"\w+", text))
    short = words <= GENERAL_QUESTION_WORDS if current_language() in CUED_LANGUAGES else not is_detailed(text)
    short = short or says_nothing_more(text)
    other_aspects = set(asked_aspects(text)) - {"who"}
    folded = normalise(text)
    if OBLIGATION.search(folded):  # "Für wen ist der Kurs Pflicht?" asks who must, not who may
        return False
    return short and not other_aspects and not text.startswith("/") and bool(WHO_QUALIFIES.search(folded))


# Words of a general who-question, on the normalised text: "Welche Voraussetzungen muss ich für die Einbürgerung
# erfüllen?", "who is eligible for the integration course in germany" ask for all conditions however long they are;
# "Wer kann als Student eingebürgert werden?" names one ("student").
GENERAL_WORDS = frozenset(
    "wer was welche welcher welches muss man ich wir kann darf bekommt erhaelt gibt es sind ist die der das den dem "
    "des ein eine einen einem einer fuer an in im am zum zur zu um und oder bei mit von voraussetzungen voraussetzung "
    "bedingungen erfuellen teilnehmen machen werden bekommen haben jeder alle deutschland nrw "
    "who what which is are the a an for to of and or can get gets may be eligible requirements conditions germany "
    "take part do i".split())


def says_nothing_more(text: str) -> bool:
    """Only the words of a general who-question and of a programme's name (German and English)."""
    names = programme_name_words()
    return all(word in GENERAL_WORDS or word in names for word in normalise(text).split())


@functools.lru_cache(maxsize=1)
def programme_name_words() -> frozenset[str]:
    """The normalised words of every programme's short name and of its one-word keywords ("doppelte
    staatsbürgerschaft" names a part of the Einbürgerung, not the programme)."""
    topics = get_facts()["topics"].values()
    shorts = [normalise(topic["short"]).split() for topic in topics]
    keywords = [normalise(keyword).split() for topic in topics for keyword in topic["keywords"]]
    return frozenset(word for words in [*shorts, *(words for words in keywords if len(words) == 1)] for word in words)


# Not "muss": "Welche Voraussetzungen muss ich erfüllen?" asks for the conditions.
OBLIGATION = re.compile(r"pflicht|oblig")


def conditions_if_asked(text: str, program_id: str | None, retrieval: Retrieval) -> dict[str, Any] | None:
    """"Wer kann einen Integrationskurs machen?", "Welche Voraussetzungen …?": the programme's whole list of
    conditions, unless retrieval is sure of a unit about something else. None for a programme without one."""
    if program_id is None or not asks_who_qualifies(text) or confident_about_other_aspect(retrieval):
        return None
    return conditions_unit(program_id)


def confident_about_other_aspect(retrieval: Retrieval) -> bool:
    """Retrieval is sure of a unit about something else than who qualifies ("Wer kann mir helfen?" -> counselling).
    Rules, news and status units share the words of a who-question without answering it."""
    best = retrieval.best
    return retrieval.confident and best is not None and best.unit["aspect"] not in ("who", "rule", "status", "changes")


# A longer question about one condition that NLU read as "who may" or as a wish to check ("ich
# arbeite vollzeit, bekomme aber wohngeld, wird die einbürgerung dann schwerer"): the list of all conditions does
# not say what that one means. Retrieval's closest unit of the programme on who qualifies, a rule or a status, not
# sure enough to be an answer, is shown as a guess instead. In the other languages too ("آیا برای تابعیت آلمان باید
# تابعیت ایرانی را ترک کنم" got the list): scripts/answer_dev.py --languages, 156 real questions.
GUESS_FROM = -1.0  # the classifier's decision value, as answer_choice.LOOSE_MATCH
GUESS_FROM_BY_MEANING = EmbeddingIndex.implied_min  # the search by meaning's scale


def guess_floor() -> float:
    """The lowest score of a unit worth showing as a guess, on the scale of the conversation language's search."""
    return GUESS_FROM if current_language() in CUED_LANGUAGES else GUESS_FROM_BY_MEANING


def closest_unsure_unit(text: str, program_id: str, retrieval: Retrieval) -> dict[str, Any] | None:
    """The limits both guesses share: a typed, longer message, and retrieval's closest unit of the programme,
    close enough to show but not sure enough to be an answer."""
    best = retrieval.best
    if text.startswith("/") or not is_detailed(text):
        return None
    if best is None or retrieval.confident or best.score < guess_floor() or best.unit["program"] != program_id:
        return None
    return dict(best.unit)


def condition_guess(text: str, program_id: str, retrieval: Retrieval) -> dict[str, Any] | None:
    """The unit on the one condition a longer question is about, to show as a guess; None for a short one. The list
    of all conditions is near every question on them ("آیا برای تابعیت آلمان باید تابعیت ایرانی را ترک کنم" found it
    first): then the next close unit of the programme on one condition."""
    if closest_unsure_unit(text, program_id, retrieval) is None:
        return None
    listed = (conditions_unit(program_id) or {}).get("id")
    return next((dict(match.unit) for match in retrieval.matches
                 if match.unit["program"] == program_id and match.unit["aspect"] in GUESSED_ASPECTS
                 and match.unit["id"] != listed and match.score >= guess_floor()), None)


def apply_detail_guess(text: str, program_id: str, retrieval: Retrieval) -> dict[str, Any] | None:
    """A longer question that NLU read as "how to apply" but that retrieval places on another detail of the
    programme ("ab wie viel jahren kann ich die aufenthaltserlaubnis für gut integrierte jugendliche beantragen":
    the age): that unit as a guess, not the overview of where to apply."""
    if current_language() not in CUED_LANGUAGES or OPENS_WITH_HOW_TO_APPLY.search(normalise(text)):
        return None  # "how can I participate in an integration course?" asks just that; no cues elsewhere
    unit = closest_unsure_unit(text, program_id, retrieval)
    return unit if unit is not None and unit["aspect"] not in OFFICE_ASPECTS else None


# A message that opens by asking how or where to apply asks for the overview, however long it goes on (English
# takes more words for it: "how can I participate in an integration course?"). On the normalised text.
OPENS_WITH_HOW_TO_APPLY = re.compile(r"^ (how (do|can|should) i (apply|register|participate|take part|join|sign up)|"
                                     r"where (do|can|should) i (apply|register)|wie (kann|melde) ich mich|"
                                     r"wie beantrage ich|wo beantrage ich)\b")


def uncued_rule_unit(text: str, program_id: str | None, retrieval: Retrieval) -> dict[str, Any] | None:
    """In the languages without cue words, the unit that answers a question about a programme that NLU read as a
    wish to check, or None (the check starts). Retrieval's confident unit of the programme answers, also one on
    what its holders may do ("чи можу я працювати з 25b": yes, you may work) or on a part of it ("що таке
    Einbürgerungstest?"); a unit on who may is a wish to check. "What is it?" without such a unit gets the
    programme's overview ("что такое 25b"), also when retrieval is sure of a condition if the message names
    nothing but the rule ("ما هي المادة 25 ب من قانون الإقامة؟"); "can I get it?" ("чи можу я отримати 25b",
    answered by where to apply or what it allows) starts the check, "can I get the travel subsidy?" gets that
    unit (review findings)."""
    overview = what_unit(program_id) if program_id else None
    detail = confident_detail(program_id, retrieval)
    if overview is not None and asks_only_what_it_is(text) and (detail is None or detail["id"] == overview["id"]):
        best = retrieval.best
        sure_of_who = retrieval.confident and best is not None and best.unit["aspect"] == "who"
        keywords = get_facts()["topics"].get(program_id, {}).get("keywords", ())
        return None if sure_of_who and not names_only_the_rule(text, keywords) else dict(overview)
    if detail is None or (asks_to_get_it(text) and about_the_permit(detail)):
        return None
    return None if overview is not None and detail["id"] == overview["id"] else detail


# Units about the programme or permit itself: "can I get it?" is answered by the check, not by them.
PERMIT_ASPECTS = ("what", "status", "rule", "changes")


def about_the_permit(unit: dict[str, Any]) -> bool:
    """Where to apply for the programme itself, or what it is, allows, since when or whether it still exists."""
    return bool(unit.get("restates_office")) or unit["aspect"] in PERMIT_ASPECTS


def confident_detail(program_id: str | None, retrieval: Retrieval) -> dict[str, Any] | None:
    """Retrieval's confident unit of the programme, unless it is one on who may (a condition: the check shows them)."""
    best = retrieval.best
    if best is None or not retrieval.confident or (program_id and best.unit["program"] != program_id):
        return None
    return None if best.unit["aspect"] == "who" else dict(best.unit)
