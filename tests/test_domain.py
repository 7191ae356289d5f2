"""The domain, the eligibility rules and the question texts fit together."""
import re
from pathlib import Path

import pytest
import yaml
from rasa.core.nlg.interpolator import interpolate
from structlog.testing import capture_logs

from actions.eligibility import SENSITIVE_SLOTS, slot_for_field
from actions.facts import get_facts

pytestmark = [pytest.mark.unit, pytest.mark.data]

DOMAIN = yaml.safe_load((Path(__file__).resolve().parent.parent / "domain.yml").read_text(encoding="utf-8"))
ELIGIBILITY = get_facts()["eligibility"]


def test_form_asks_exactly_the_sensitive_slots():
    assert DOMAIN["forms"]["eligibility_form"]["required_slots"] == list(SENSITIVE_SLOTS)


def test_every_rule_field_has_a_question():
    fields = {slot_for_field(c["field"]) for rule in ELIGIBILITY["programs"].values() for c in rule["criteria"]}
    assert fields <= set(ELIGIBILITY["questions"]) == set(SENSITIVE_SLOTS)


def test_the_form_asks_the_questions_of_the_facts_word_for_word():
    """domain.yml's utter_ask_* responses are generated from the facts (scripts/build_domain_responses.py).

    Compared as the user gets them: Rasa fills slot placeholders into text and buttons first.
    """
    slots = {slot: None for slot in DOMAIN["slots"]}
    for slot in SENSITIVE_SLOTS:
        question = ELIGIBILITY["questions"][slot]
        [response] = [variation for variation in DOMAIN["responses"][f"utter_ask_{slot}"]
                      if "condition" not in variation]
        with capture_logs() as logged:  # Rasa logs an error for a placeholder it cannot fill
            assert interpolate(response["text"], slots) == question["text"]
            assert interpolate(response.get("buttons", []), slots) == [
                {"title": b["title"], "payload": f'/inform{{"answer":"{b["value"]}"}}'}
                for b in question.get("buttons", [])]
        assert logged == []
    assert not [a for a in DOMAIN["actions"] if a.startswith("action_ask_")]


def test_sensitive_slots_never_steer_the_dialogue():
    for slot in SENSITIVE_SLOTS:
        assert DOMAIN["slots"][slot]["influence_conversation"] is False


def test_sessions_forget_slots():
    assert DOMAIN["session_config"]["carry_over_slots_to_new_session"] is False


def every_button_title() -> list[str]:
    """Buttons of the domain's responses, of every check question, the check menu and the topics."""
    facts = get_facts()
    titles = [b["title"] for response in DOMAIN["responses"].values() for variant in response
              for b in variant.get("buttons", [])]
    titles += [b["title"] for question in facts["eligibility"]["questions"].values()
               for b in question.get("buttons", [])]
    titles += [program["title"] for program in facts["eligibility"]["programs"].values()]
    return titles + [topic["short"] for topic in facts["topics"].values()]


def test_buttons_say_plain_words_before_any_paragraph():
    """'Bleiberecht für junge Menschen (§ 25a)', never a bare '§ 25a' (issue #16)."""
    titles = every_button_title()
    assert len(titles) > 60
    assert [t for t in titles if "§" in t and not re.match(r"^[^§]*[^\W\d_]{4,}[^§]*\(.*§", t)] == []


def test_the_off_topic_reply_says_where_to_ask_in_every_language():
    """Everyday questions (Kita, Kindergeld) are outside our facts: utter_out_of_scope names the free
    counselling that takes them, the MBE and, for young people up to 27, the JMD, with the German
    names in every language, and keeps its buttons."""
    variations = DOMAIN["responses"]["utter_out_of_scope"]
    assert {variation["metadata"]["language"] for variation in variations} == {
        "de", "de-simple", "en", "uk", "ar", "tr", "ru", "fa"}
    german = next(variation for variation in variations if "condition" not in variation)
    assert german["text"].startswith("Dazu habe ich keine Angaben. Bei Fragen aus dem Alltag")
    assert "berät Sie die Migrationsberatung (MBE) kostenlos" in german["text"]
    for variation in variations:
        assert re.search(r"Migrationsberatung[,،]? (\(MBE\)|MBE\))", variation["text"]), variation["text"]
        assert re.search(r"Jugendmigrationsdienst[,،]? (\(JMD\)|JMD\))", variation["text"]), variation["text"]
        assert "27" in variation["text"] and "Integrationszentrum" in variation["text"]
        payloads = [button["payload"] for button in variation["buttons"]]  # the two others are translated questions
        assert len(payloads) == 4 and {"/find_ki", "/check_eligibility"} <= set(payloads)
