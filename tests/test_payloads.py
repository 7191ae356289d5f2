"""Only the bot's own button payloads skip NLU; everything else is read as text."""
import pytest

from rasa_ext.channels.payloads import is_allowed_payload, sanitize_text

pytestmark = pytest.mark.unit


@pytest.mark.parametrize("payload", [
    "/find_ki", "/ask_cost", "/check_eligibility",
    '/check_eligibility{"program":"einbuergerung"}',
    '/ask_service{"topic":"integrationskurs"}',
    '/inform{"answer":"duldung"}', '/inform{"answer":"true"}',
    '/inform_place{"place_ags":"05117000"}', '/inform_place{"place_ags": "Kreis Wesel"}',
    '/share_location{"lat": 51.4556, "lon": 7.0116}',
])
def test_own_button_payloads_are_kept(payload):
    assert is_allowed_payload(payload)
    assert sanitize_text(payload) == payload


@pytest.mark.parametrize("payload", [
    '/inform{"age": 19}',                                    # sets a slot directly
    '/inform{"answer":"niederlassungserlaubnis_x"}',         # not an offered option
    '/check_eligibility{"program":"einbuergerung","age":30}',  # extra entity
    "/eligibility_form", "/action_eligibility_verdict",      # jump into the form or its end
    '/inform_place{"place_ags":"02000000"}',                 # Hamburg's AGS
    '/share_location{"lat": "x", "lon": 7}', '/share_location{"lat": 95, "lon": 7}',
    "/restart{", "/" + "a" * 400, '/ask_service{"topic":"integrationskurs"', "/nlu_fallback",
])
def test_foreign_payloads_lose_their_slash(payload):
    assert not is_allowed_payload(payload)
    assert not sanitize_text(payload).startswith("/")


@pytest.mark.parametrize("value", ["Hallo", "", None, 42, "  Moers"])
def test_ordinary_input_untouched(value):
    assert sanitize_text(value) == value
