"""The real facts build (actions/data/facts.json), rendered as the bot would send it.

Unlike tests/test_texts.py these read the live facts, so a `make facts` run can change what
they see: that is their purpose (tier `unit`, tag `data`)."""
import datetime as dt

import pytest

from tests.support.rendering import every_rendered_answer, undated_answers

pytestmark = [pytest.mark.unit, pytest.mark.data]

TODAY = dt.date(2026, 12, 2)


def test_every_real_answer_dates_its_source_and_claims_no_stand(facts):
    """Issue #14, over every programme answer, follow-up and all 54 KI answers of the live facts."""
    answers = every_rendered_answer(facts, TODAY)
    assert len(answers) == len(facts["answers"]) + 3 * len(facts["topics"]) + 54
    assert undated_answers(answers) == []

