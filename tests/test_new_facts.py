"""Facts added on 06.12.2026 that real questions asked for (documents for naturalisation, the DTZ's parts, anabin,
who takes the Kenntnisprüfung): the answer a person sees states the fact, with its source. The questions are
written for this test, none is an example question of a unit."""
import pytest

from tests.support.sdk import make_tracker, run, texts_of

pytestmark = [pytest.mark.unit, pytest.mark.data]


@pytest.mark.parametrize("language, question, facts, source", [
    ("de", "was für papiere muss ich beim einbürgerungsantrag abgeben", ["Geburtsurkunde", "Einkommensnachweise"],
     "kreis-olpe.de"),
    ("de", "wieviel minuten hat der schriftliche teil vom dtz", ["100 Minuten"], "kreis-alzey-worms.de"),
    ("de", "was genau ist diese anabin seite", ["Kultusministerkonferenz", "H+"], "kmk.org"),
    ("en", "does every doctor from abroad need the kenntnisprüfung", ["where you studied, not your citizenship"],
     "bezreg-muenster.de"),
    # "які папери …" is still unsure (the unit has 3 Ukrainian examples)
    ("uk", "які документи потрібні для einbürgerung", ["Aufenthaltstitel", "B1"], "kreis-olpe.de"),
])
def test_a_question_on_a_new_fact_gets_it_with_its_source(language, question, facts, source):
    from actions.sdk.services import ActionAnswerService
    text = texts_of(run(ActionAnswerService(), make_tracker(question, "ask_service", slots={"language": language}))[0])
    assert all(fact in text for fact in facts), text
    assert source in text  # the page that backs the fact


@pytest.mark.parametrize("language, question, facts, source", [
    ("de", "behörde entscheidet seit monaten nicht über meine einbürgerung kann ich klagen",
     ["Untätigkeitsklage", "§ 75 VwGO"], "anwalt24.de"),
    ("de", "läuft ein strafverfahren gegen mich, kann ich trotzdem eingebürgert werden", ["§ 12a Abs. 3 StAG"],
     "landesrecht-bw.de"),
    ("uk", "що таке duldung light", ["§ 60b AufenthG"], "deubner-recht.de"),
])
def test_a_question_on_duldung_asylum_or_the_naturalisation_procedure_gets_its_fact(language, question, facts, source):
    """Facts added on 06.12.2026 (Duldung, rejected asylum claims, the naturalisation procedure), asked in words
    that no example question uses."""
    from actions.sdk.services import ActionAnswerService
    text = texts_of(run(ActionAnswerService(), make_tracker(question, "ask_service", slots={"language": language}))[0])
    assert "nicht sicher" not in text and "Не знаю" not in text, text  # the fact itself, not a marked guess
    assert all(fact in text for fact in facts), text
    assert source in text



@pytest.mark.parametrize("language, question, facts, source", [
    ("de", "wie oft kann man den einbürgerungstest machen wenn man durchfällt", ["beliebig oft", "25 €"], "brisant.de"),
    ("de", "wird meine frau automatisch mit mir deutsch", ["Miteinbürgerung"], "stadt-koeln.de"),
    ("de", "wie viel kostet die verlängerung der duldung bei der ausländerbehörde", ["33 €"], "deubner-recht.de"),
    ("de", "gibt es bei der kenntnisprüfung pflege auch einen schriftlichen teil", ["keinen schriftlichen"],
     "PflAPrV"),
    ("en", "how many attempts do doctors have for the kenntnisprüfung", ["3 attempts"], "ÄApprO"),
])
def test_a_question_on_a_fact_added_on_07_12_gets_it_with_its_source(language, question, facts, source):
    """Facts added on 07.12.2026 (retaking the Einbürgerungstest, Miteinbürgerung, the fee for a Duldung, the
    Kenntnisprüfung), asked in words that no example question uses."""
    from actions.sdk.services import ActionAnswerService
    text = texts_of(run(ActionAnswerService(), make_tracker(question, "ask_service", slots={"language": language}))[0])
    assert all(fact in text for fact in facts), text
    assert source in text
