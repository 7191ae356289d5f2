"""Facts added on 06.12.2026 that real questions asked for (documents for naturalisation, the DTZ's parts, anabin,
who takes the Kenntnisprüfung): the answer a person sees states the fact, with its source. The questions are
written for this test, none is an example question of a unit."""
import pytest

from tests.support.sdk import make_tracker, run, texts_of

pytestmark = [pytest.mark.unit, pytest.mark.data]


@pytest.mark.parametrize("language, question, facts", [
    ("de", "was für papiere muss ich beim einbürgerungsantrag abgeben", ["Geburtsurkunde", "Einkommensnachweise"]),
    ("de", "wieviel minuten hat der schriftliche teil vom dtz", ["100 Minuten"]),
    ("de", "was genau ist diese anabin seite", ["Kultusministerkonferenz", "H+"]),
    ("en", "does every doctor from abroad need the kenntnisprüfung", ["EU", "Switzerland"]),
    ("uk", "які документи потрібні для einbürgerung", ["B1"]),  # "які папери …" is still unsure (3 examples)
])
def test_a_question_on_a_new_fact_gets_it_with_its_source(language, question, facts):
    from actions.sdk.services import ActionAnswerService
    text = texts_of(run(ActionAnswerService(), make_tracker(question, "ask_service", slots={"language": language}))[0])
    assert all(fact in text for fact in facts), text
    assert "http" in text  # the source
