"""Which answer unit to give, and what to add to it (issue #15); Rasa-free, so it can be tested alone.

actions/answer_retrieval.py ranks the units for a message; this module decides what the person gets: a confident
match, "what it is" for a bare programme name or a topic button, the closest unit of a named programme, or nothing
(then the bot says it is unsure and offers choices).
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from actions.answer_conditions import conditions_if_asked, is_detailed
from actions.answer_retrieval import Retrieval
from actions.counselling import counselling_unit
from actions.facts import get_facts, what_unit
from actions.i18n import current_language
from actions.overview_request import detail_words, names_only_the_programme
from actions.part_words import (
    about_part,
    asked_about,
    asked_words,
    named_part,
    unit_tokens,
    unit_words,
    uses_part,
    uses_word,
)
from actions.question_kind import ASPECT_CUES, CUED_LANGUAGES, asked_aspects, is_short_followup
from actions.topics import family, match_topic, normalise

# Classifier decision values. A named programme's unit that is not a confident match is shown only as a marked guess.
LOOSE_MATCH = -1.0
CHOICE_MATCH = -1.2  # a unit this close is worth offering as a button
MAX_BEFORE_BUTTONS = 400  # characters of answer and context: a phone screen
CLEAR_LEAD = 0.25  # decision values: a smaller lead over the next unit is a near tie, no sure detail


def choose_unit(text: str, named: str | None, retrieval: Retrieval) -> dict[str, Any] | None:
    """What it is for a bare programme name or a topic button, else a confident match, else None (unsure)."""
    best = retrieval.best
    if named is not None and text.startswith("/"):
        return what_unit(named)  # a topic button: what it is, not one detail
    if named is not None and names_only_the_programme(text, named):
        # "Sprachkurs", "deutscher Pass?", "Wie funktioniert das Anerkennungsverfahren?": what it is
        return part_of_programme(text, named, retrieval) or what_unit(named)
    conditions = unless_about_a_part(text, named, conditions_if_asked(text, named, retrieval))
    if conditions is not None:
        return conditions
    counselling = counselling_unit(text, named or retrieval.implied, retrieval)  # "wer berät mich bei …?"
    if counselling is not None:
        return counselling
    if best is not None and retrieval.confident and retrieval.alone:
        return dict(best.unit)
    return None


def asks_what_it_answers(text: str, unit: Mapping[str, Any] | None) -> bool:
    """A longer question whose cue words ask the aspect the chosen unit answers ("muss ich mit Bürgergeld für den Kurs
    zahlen?": the fee exemption): a word of an everyday matter we have no facts on ("Ausländerbehörde", "Bürgergeld")
    does not outweigh it. Only a sure unit: a guess placed by the search ("was kostet es, wenn die Ausländerbehörde
    meinen Pass verlängert": the Duldung's fee) would mislead where the honest pointer helps."""
    return unit is not None and is_detailed(text) and unit["aspect"] in asked_aspects(text)


def part_of_programme(text: str, program_id: str, retrieval: Retrieval) -> dict[str, Any] | None:
    """"Was ist der Einbürgerungstest?", "what is an anerkennungsbescheid?" names a part of the programme that a unit
    of its own explains: of the closest units, the first that, unlike the programme's overview, uses the word, and of
    several one that says what it is (in German and English also when not sure: the word decides; the search by
    meaning's scores have another scale)."""
    best, what = retrieval.best, what_unit(program_id)
    if best is None or best.unit["program"] != program_id or what is None:
        return None
    if not (retrieval.confident or (current_language() in CUED_LANGUAGES and best.score >= LOOSE_MATCH)):
        return None
    names = parts_beyond(what, text, program_id)
    if not names:
        return None  # the programme's own name ("Kommunale Integrationszentren") asks for the overview
    using = [match.unit for match in retrieval.matches[:PART_CANDIDATES]
             if match.unit["program"] == program_id and about_part(match.unit, names)]
    explaining = [unit for unit in using if unit["aspect"] == "what"]
    if using:
        return dict((explaining or using)[0])
    # "Doppelpass?": the unit on dual citizenship never says the everyday word, its example questions do, and the
    # classifier is sure of it ("muslim associations", a keyword of the whole programme, is in no unit's examples).
    sure_of_part = (current_language() in CUED_LANGUAGES and best.score >= PART_SURE
                    and best.unit["id"] != what["id"] and asked_about(best.unit, names))
    return dict(best.unit) if sure_of_part else None


PART_CANDIDATES = 3  # the closest units a named part is looked for in
# A classifier score this far above a sure answer (0.0) ties a bare part word to one unit ("doppelpass" 0.84);
# "sprachkurs" (-0.42), "staatsbürgerschaft" (0.03) or "dual citizenship" (0.05) still get the overview.
PART_SURE = 0.8


def unless_about_a_part(text: str, program_id: str | None, listed: dict[str, Any] | None) -> dict[str, Any] | None:
    """The list of conditions, unless the message asks who may take a part of the programme (asks_about_a_part)."""
    if listed is None or program_id is None or asks_about_a_part(text, program_id, listed):
        return None
    return listed


def asks_about_a_part(text: str, program_id: str, listed: Mapping[str, Any]) -> bool:
    """"Wer darf bei der DTZ-Prüfung mitmachen?", "wer darf den einbürgerungstest machen": who may take a part of the
    programme (a test, a special course), not who qualifies for it. A part: a word the programme's overview does not
    use (parts_beyond) and that neither its nor the list's example questions use ("Sprachkurs", "eingebürgert" and
    "Staatsangehörigkeit" ask for the programme). German and English only: the example questions are in these."""
    what = what_unit(program_id)
    if text.startswith("/") or what is None or current_language() not in CUED_LANGUAGES:
        return False
    asked = asked_words(listed) + asked_words(what)
    return any(not all(uses_word(asked, word) for word in name) for name in parts_beyond(what, text, program_id))


def part_instead_of_overview(text: str, program_id: str, aspect: str, retrieval: Retrieval) -> dict[str, Any] | None:
    """"Was kostet das Verfahren bei der IHK FOSA?" names a part of the programme that none of the aspect's units
    (the overview) uses: the closest unit that uses it, to show as a guess, not costs of other offices."""
    what = what_unit(program_id)
    if text.startswith("/") or what is None or current_language() not in CUED_LANGUAGES:
        return None
    names = parts_beyond(what, text, program_id)
    overview = [unit for unit in get_facts()["answers"] if unit["program"] == program_id and unit["aspect"] == aspect]
    if not names or any(uses_part(unit, names) for unit in overview):
        return None
    return next((dict(match.unit) for match in retrieval.matches[:PART_CANDIDATES]
                 if match.unit["program"] == program_id and match.score >= LOOSE_MATCH
                 and uses_part(match.unit, names)), None)


def part_names(text: str, program_id: str) -> list[tuple[str, ...]]:
    """The ways the message names a part of the programme, each as its words: the keyword or compound
    ("reglementierte berufe", "einbuergerungstest"), the compound's own part ("anerkennungsbescheid": "bescheid"),
    and in English the only word besides the programme's names ("citizenship test": "test")."""
    short = normalise(get_facts()["topics"][program_id]["short"]).split()
    word = named_part(text, program_id)
    word = None if word in short else word  # "Integrationsrat / Ausschuss für …": a word of the name, no part
    names = [tuple(word.split())] if word else []
    rest = next((word[len(stem):].removeprefix("s") for stem in short if word and word.startswith(stem)), "")
    names += [(rest,)] if len(rest) >= COMPOUND_REST_MIN else []
    extra = detail_words(text, program_id) if current_language() == "en" else []
    if len(extra) == 1 and len(extra[0]) >= COMPOUND_REST_MIN:
        names.append((extra[0],))  # one word besides the names; more ("who can take part …") ask something else
    return names


COMPOUND_REST_MIN = 4  # "bescheid", "test"; not a linking letter or an ending


def parts_beyond(overview: Mapping[str, Any], text: str, program_id: str) -> list[tuple[str, ...]]:
    """The parts the message names (part_names), each by its words that the programme's overview does not use
    ("citizenship test": "test"); none when the overview uses them all (the programme's own name)."""
    overview_tokens = unit_tokens(overview)
    names = [tuple(word for word in name if not uses_word(overview_tokens, word))
             for name in part_names(text, program_id)]
    return [name for name in names if name]


def overview_fits(text: str, aspect: str) -> bool:
    """Whether an aspect's overview answers: a button or "und wie geht das?" does; a longer German or English question,
    or one naming a programme, only when its cue words ask that aspect (development split: 11 fewer wrong of 721)."""
    asked = asked_aspects(text)
    if aspect in ASPECT_CUES and current_language() in CUED_LANGUAGES and not text.startswith("/") and (
            not is_short_followup(text) or match_topic(text, get_facts()["topics"]) is not None):
        return aspect in asked  # "is naturalization possible despite previous convictions?" read as "cost"
    return text.startswith("/") or not asked or aspect in asked  # other languages: no cue words


def aspect_confirmed(text: str, aspect: str, retrieval: Retrieval) -> bool:
    """Whether the overview of the aspect NLU read fits a typed question. Without cue words (not German or English)
    NLU reads "what changed?" as "how to apply" too often: the closest unit must be of that aspect as well."""
    if text.startswith("/") or aspect not in CONFIRMED_ASPECTS or current_language() in CUED_LANGUAGES:
        return True
    return retrieval.best is not None and retrieval.best.unit["aspect"] == aspect


CONFIRMED_ASPECTS = {"apply", "cost", "who"}  # "source" lists the sources, which fits any question


def tentative_unit(named: str | None, retrieval: Retrieval) -> dict[str, Any] | None:
    """Not a confident match, but the closest unit of the programme the person named: a guess to show as one."""
    best = retrieval.best
    if best is not None and best.unit["program"] in family(named, get_facts()["topics"]) and best.score >= LOOSE_MATCH:
        return dict(best.unit)
    return None


# A guess is shown with the units closest after it in its programme, as far as MAX_BEFORE_BUTTONS allows for their
# answers (as for every answer, the sources follow): a wrong guess often has the right unit second. They are the
# units the buttons would offer (unsure_choices), of the guess's programme; in the other languages the search by
# meaning's scores lie above CHOICE_MATCH, so there, as for the buttons, the programme and the rank decide
# (development split, languages: 116 right of 178 so, 114 with the search by meaning's floor for a guess).
MORE_GUESSES = 2


def guesses_to_show(guess: Mapping[str, Any], retrieval: Retrieval) -> list[dict[str, Any]]:
    """The guess and the next closest units of its programme, in order, as far as their answers fit; then each
    one's context as far as room is left, the guess's first (facts before contexts)."""
    shown, used = [dict(guess)], bullet_length(guess["answer"])
    for unit in unsure_choices(retrieval, shown=dict(guess)):
        if unit["program"] != guess["program"] or used + bullet_length(unit["answer"]) > MAX_BEFORE_BUTTONS:
            continue  # a shorter unit further down may still fit
        used += bullet_length(unit["answer"])
        shown.append(unit)
        if len(shown) > MORE_GUESSES:
            break
    if len(shown) == 1:
        return shown  # a guess alone is shown as any answer, with its context
    for unit in shown:
        context = len(unit.get("context") or "") + 1
        if used + context > MAX_BEFORE_BUTTONS:
            unit["context"] = None
        else:
            used += context
    return shown


def bullet_length(answer: str) -> int:
    """The characters of an answer as a bullet of a list."""
    return len(f"• {answer}\n")


def closest_first(units: list[Mapping[str, Any]], retrieval: Retrieval, text: str = "",
                  program_id: str | None = None) -> list[Mapping[str, Any]]:
    """An aspect's units for its overview, those closest to the typed question first ("Wo kann ich den
    Integrationskurs machen?": registering at a Kursträger before the fee exemption), then those that use the
    part of the programme the question names ("Wer kann den Anerkennungszuschuss bekommen?": the grant's
    income limit before the general conditions, which would fill the screen); else as written."""
    rank = {match.unit["id"]: position for position, match in enumerate(retrieval.matches)}
    word = named_part(text, program_id) if text and not text.startswith("/") and program_id else None
    return sorted(units, key=lambda unit: (rank.get(unit["id"], len(rank)),
                                           word is None or word not in unit_words(unit)))


def unsure_choices(retrieval: Retrieval, shown: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """The close units as choices, without the one already shown as a guess."""
    return [dict(match.unit) for match in retrieval.matches
            if match.score >= CHOICE_MATCH and (shown is None or match.unit["id"] != shown["id"])]


def has_close_units(retrieval: Retrieval, named: str | None) -> bool:
    """Whether a message NLU did not understand, but that names one of our programmes ("Gibt es beim
    Integrationskurs Kinderbetreuung?"), has units close enough to offer. Without a programme the
    classifier's scores do not tell a question from noise ("asdf", "Ich mag Pizza")."""
    return named is not None and (tentative_unit(named, retrieval) is not None or bool(unsure_choices(retrieval)))


def clear_unit_of(retrieval: Retrieval, program_id: str) -> dict[str, Any] | None:
    """Retrieval's confident best unit when it is one of `program_id` and clearly ahead of the next; a near tie
    ("hab duldung und arbeite, krieg ich ne aufenthaltserlaubnis": work with a Duldung, or what § 60d is) is None."""
    matches = retrieval.matches
    if not retrieval.confident or not matches or matches[0].unit["program"] != program_id:
        return None
    if len(matches) > 1 and matches[0].score - matches[1].score < CLEAR_LEAD:
        return None
    return dict(matches[0].unit)
