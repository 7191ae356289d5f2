"""The action server's texts in the conversation's language (issue #17): what a person reads.

A test catalogue stands in for actions/locale/en.po (empty until translated): the ids are the German
texts, as scripts/i18n.py extracts them. German stays exactly as before (tests/test_actions.py)."""
from __future__ import annotations

import ast
import datetime as dt
import json
import re
from pathlib import Path

import pytest

import actions.i18n
from actions import check_answers, texts
from actions.i18n import speaking
from actions.sdk.choose_language import ActionChooseLanguage
from actions.sdk.during_check import ActionExplainQuestion
from actions.sdk.eligibility import ActionCancelEligibility, ActionEligibilityVerdict
from actions.sdk.eligibility_form import ValidateEligibilityForm
from actions.sdk.ki import ActionFindKi
from actions.sdk.language import OFFER_RESPONSE
from actions.sdk.services import ActionAnswerService
from actions.sdk.tracker import failed_just_before
from scripts import i18n as extraction
from tests.support.sdk import make_tracker, run, slots_set, texts_of

pytestmark = pytest.mark.unit

ACTIONS = Path(__file__).resolve().parent.parent / "actions"
TODAY = dt.date(2026, 11, 24)
ENGLISH = {
    "In welcher Stadt oder Gemeinde wohnen Sie?": "Which town or municipality do you live in?",
    "Sie können auch Ihre Postleitzahl nennen.": "You can also give your postcode.",
    "In Ordnung, ich habe die Prüfung abgebrochen und Ihre Antworten gelöscht.":
        "All right, I have stopped the check and deleted your answers.",
    "Das habe ich leider nicht verstanden.": "Sorry, I did not understand that.",
    "Bitte antworten Sie zum Beispiel so: „{example}“.": "Please answer like this, for example: “{example}”.",
    "Ich frage das, weil für {title} gilt: {reasons}.": "I ask because for {title} this applies: {reasons}.",
    "Bleiberecht für gut integrierte junge Menschen (§ 25a)": "Right to stay for well-integrated young people (§ 25a)",
    "Antrag vor dem 27. Geburtstag": "application before the 27th birthday",
    "Ergebnis {title}: {verdict}.": "Result {title}: {verdict}.",
    "voraussichtlich nein": "probably not",
    "nicht erfüllt": "not met",
    "Wer kann teilnehmen?": "Who can take part?",
}


@pytest.fixture(autouse=True)
def english(monkeypatch):
    """The test catalogue for English; no other language has translations."""
    monkeypatch.setattr(actions.i18n, "catalog", lambda language: ENGLISH if language == "en" else {})
    monkeypatch.setattr(check_answers, "today", lambda: TODAY)


def test_a_text_is_english_in_an_english_conversation_and_german_otherwise():
    with speaking("en"):
        assert texts.ask_place() == "Which town or municipality do you live in? You can also give your postcode."
    for language in ("de", None, "xx"):
        with speaking(language):
            assert texts.ask_place() == ("In welcher Stadt oder Gemeinde wohnen Sie? "
                                         "Sie können auch Ihre Postleitzahl nennen.")
    with speaking("uk"):  # no translation yet: German, never an empty text
        assert texts.ask_place().startswith("In welcher Stadt")


def test_an_action_answers_in_the_language_of_the_slot_and_offers_the_others_once():
    english = make_tracker("cancel", "stop", slots={"language": "en", "program": "bleiberecht_25a", "age": 19},
                           active_loop="eligibility_form")
    messages, events = run(ActionCancelEligibility(), english)
    assert messages[0]["text"] == "All right, I have stopped the check and deleted your answers."
    assert messages[-1].get("response") == OFFER_RESPONSE and slots_set(events)["language_offered"] == "en"
    messages, events = run(ActionCancelEligibility(), make_tracker("abbrechen", "stop", slots={"program": "x"}))
    assert texts_of(messages) == "In Ordnung, ich habe die Prüfung abgebrochen und Ihre Antworten gelöscht."
    assert "language_offered" not in slots_set(events)


def switched_to_english(text: str):
    """The tracker after `text`, read as `choose_language`, switched the conversation to English."""
    tracker = make_tracker(text, "choose_language", slots={"language": "en"})
    tracker.events.append({"event": "slot", "name": "language", "value": "en"})
    return tracker


@pytest.mark.parametrize("text", ["English please", "Can you speak English?", "Please answer me in English from now on",
                                  "I don't speak German, English please", "Can we continue in English please?"])
def test_a_wish_for_a_language_is_confirmed(text):
    messages, _events = run(ActionChooseLanguage(), switched_to_english(text))
    assert messages[0].get("response") == "utter_language_chosen"


def test_a_question_about_a_language_course_is_answered_not_taken_as_a_wish_for_english():
    messages, _events = run(ActionChooseLanguage(), switched_to_english("What does the German language course cost?"))
    assert all(message.get("response") != "utter_language_chosen" for message in messages)
    assert texts_of(messages).strip()


@pytest.mark.data
def test_texts_from_the_facts_are_translated_where_they_are_shown():
    """The check's title and criteria come from the facts; their ids are in the catalogue."""
    slots = {"language": "en", "program": "bleiberecht_25a", "requested_slot": "age"}
    messages, _ = run(ActionExplainQuestion(), make_tracker("Why do you ask?", "ask_why", slots=slots))
    assert messages[0]["text"].startswith("I ask because for Right to stay for well-integrated young people "
                                          "(§ 25a) this applies: application before the 27th birthday")
    messages, _ = run(ActionEligibilityVerdict(), make_tracker("27", slots={"language": "en",
                                                                            "program": "bleiberecht_25a", "age": 27}))
    text = texts_of(messages)
    assert text.startswith("Result Right to stay for well-integrated young people (§ 25a): probably not.")
    assert "❌ application before the 27th birthday – not met" in text


@pytest.mark.data
def test_the_form_reads_and_asks_again_in_the_conversations_language():
    tracker = make_tracker("blablub", "inform", slots={"language": "en", "program": "bleiberecht_25a",
                                                       "requested_slot": "age"}, active_loop="eligibility_form")
    messages, events = run(ValidateEligibilityForm(), tracker)
    assert texts_of(messages).startswith("Sorry, I did not understand that. Please answer like this, for example: "
                                         "“19”.")
    assert slots_set(events)["age"] is None


@pytest.mark.data
def test_an_action_that_asks_for_the_place_asks_in_english():
    messages, _ = run(ActionFindKi(), make_tracker("wo ist das nächste integrationszentrum?", "find_ki",
                                                   slots={"language": "en", "language_offered": "en"}))
    assert [m.get("text") for m in messages] == [
        "Which town or municipality do you live in? You can also give your postcode."]


@pytest.mark.data
def test_a_unit_answer_comes_in_the_translation_of_the_facts(facts):
    messages, _ = run(ActionAnswerService(), make_tracker("Was ist ein Integrationskurs?", "ask_service",
                                                          slots={"language": "en"}))
    translated = facts["translations"]["en"]["integrationskurs.was_ist_das"]["answer"]
    assert messages[0]["text"].startswith(translated)
    assert "Who can take part?" in [button["title"] for button in messages[0]["buttons"]]


def test_a_stale_translation_shows_the_german_unit_with_the_languages_note(monkeypatch, small_facts):
    unit = next(u for u in small_facts["answers"] if u.get("context"))
    current = {"translations": {"en": {unit["id"]: {"answer": "The answer.", "context": "The context."}}},
               "stale_notes": {"en": "This answer was updated in German."}}
    monkeypatch.setattr(texts.service_answers, "get_facts", lambda: current)
    with speaking("en"):
        assert texts.unit_answer(unit, TODAY).startswith("The answer. The context.\n\nQuelle: ")
    monkeypatch.setattr(texts.service_answers, "get_facts", lambda: {**current, "translations": {}})
    with speaking("en"):
        stale = texts.unit_answer(unit, TODAY)
    assert stale.startswith(f"This answer was updated in German.\n{unit['answer']} {unit['context']}\n\n")
    german = texts.unit_answer(unit, TODAY)
    assert german.startswith(f"{unit['answer']} {unit['context']}\n\n") and "updated" not in german


def test_a_context_left_out_for_the_phone_screen_stays_out_in_every_language(monkeypatch, small_facts):
    unit = {**next(u for u in small_facts["answers"] if u.get("context")), "context": None}
    current = {"translations": {"en": {unit["id"]: {"answer": "The answer.", "context": "The context."}}}}
    monkeypatch.setattr(texts.service_answers, "get_facts", lambda: current)
    with speaking("en"):
        assert "The context." not in texts.unit_answer(unit, TODAY)


def test_an_english_request_to_answer_again_is_recognised_as_one():
    """The person switched to English after the bot's request: the second failure offers the ways out."""
    with speaking("en"):
        sent = texts.invalid_answer("19")
    assert sent.startswith("Sorry, I did not understand that.")
    for bot_text, failed in ((sent, True), (texts.invalid_answer("19"), True), ("Which town?", False)):
        tracker = make_tracker("blub", slots={"language": "en"})
        tracker.events[1:1] = [{"event": "user", "text": "bla"}, {"event": "bot", "text": bot_text},
                               {"event": "action", "name": "action_listen"}]
        assert failed_just_before(tracker) is failed, bot_text


def test_every_action_runs_in_the_conversations_language():
    """Every action's run is decorated (actions/sdk/language.py); the form validation sets the language itself."""
    from rasa_sdk import Action

    from actions.sdk import choose_language, eligibility, eligibility_form, ki, services
    classes = [cls for module in (choose_language, eligibility, eligibility_form, ki, services)
               for cls in vars(module).values()
               if isinstance(cls, type) and issubclass(cls, Action) and cls.__module__ == module.__name__]
    assert len(classes) >= 10
    undecorated = [cls.__name__ for cls in classes if not hasattr(vars(cls).get("run"), "__wrapped__")]
    assert undecorated == ["ValidateEligibilityForm"]


# --- what Babel extracts ----------------------------------------------------------------------

def marked_calls() -> list[tuple[str, ast.Call]]:
    """(where, call) of every t(…) and N_(…) in actions/."""
    calls = []
    for path in sorted(ACTIONS.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("t", "N_"):
                calls.append((f"{path.relative_to(ACTIONS.parent)}:{node.lineno}", node))
    return calls


BUILDS_TEXT = ("format", "join", "replace", "strip", "upper", "lower", "capitalize", "title")


def builds_a_text(argument: ast.expr) -> bool:
    """An argument that makes its text when it runs (an f-string, "a" + b, "…".format(), str(…)): no id."""
    for node in ast.walk(argument):
        if isinstance(node, (ast.JoinedStr, ast.BinOp)):
            return True
        if isinstance(node, ast.Call) and (isinstance(node.func, ast.Attribute) and node.func.attr in BUILDS_TEXT
                                           or isinstance(node.func, ast.Name) and node.func.id in ("str", "repr")):
            return True
    return False


def has_a_string(argument: ast.expr) -> bool:
    """Babel takes any string in t(…) for the id: t(rule["title"]) would add the id "title"."""
    return any(isinstance(node, ast.Constant) and isinstance(node.value, str) for node in ast.walk(argument))


def test_every_marked_text_is_a_plain_literal_that_babel_extracts():
    calls = marked_calls()
    literals = {call.args[0].value for _, call in calls
                if len(call.args) == 1 and isinstance(call.args[0], ast.Constant)}
    assert len(literals) > 100, "the check must see the texts"
    wrong = [f"{where}: {ast.unparse(call)[:80]}" for where, call in calls
             if len(call.args) != 1 or call.keywords or builds_a_text(call.args[0])
             or (call.func.id == "N_" and not isinstance(call.args[0], ast.Constant))
             or (isinstance(call.args[0], ast.Constant) and not isinstance(call.args[0].value, str))
             or (not isinstance(call.args[0], ast.Constant) and has_a_string(call.args[0]))]
    assert wrong == [], ("t()/N_() take one German text as written (t(\"…{name}…\").format(name=…)), or a "
                         "variable that holds one:\n  " + "\n  ".join(wrong))
    extracted = {message for message, _ in extraction.from_code()}
    assert literals - extracted == set(), "inside an f-string Babel does not see t(): move it out"
    assert extracted - literals == set()


def test_placeholders_are_names_of_lower_case_letters():
    bad = [text for text in {message for message, _ in extraction.from_code()}
           if any(not re.fullmatch(r"[a-z_]+", name) for name in re.findall(r"\{([^}]*)\}", text))]
    assert bad == []


@pytest.mark.data
def test_the_catalogue_template_is_current():
    """`python scripts/i18n.py update` after changing a German text (of the code, the responses or the facts)."""
    assert extraction.check() == []
    template = extraction.TEMPLATE.read_text(encoding="utf-8")
    assert json.dumps("Gut, wir prüfen gemeinsam: {title}.", ensure_ascii=False) in template
