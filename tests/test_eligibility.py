"""The evaluator at the rule boundaries, per programme, with the committed rules."""
from __future__ import annotations

import datetime as dt

import pytest

from actions import eligibility as e
from actions.facts import get_facts

pytestmark = [pytest.mark.unit, pytest.mark.data]

TODAY = dt.date(2026, 11, 24)
RULES = get_facts()["eligibility"]["programs"]


def years_ago(years: float) -> str:
    """Whole years by the calendar, the rest in days (4.9 years = 4 years and ~329 days)."""
    whole = int(years)
    anniversary = TODAY.replace(year=TODAY.year - whole)
    return (anniversary - dt.timedelta(days=round((years - whole) * 365))).isoformat()


@pytest.mark.parametrize("start, expected", [(dt.date(2021, 11, 24), 5.0), (dt.date(2021, 11, 25), 4.99),
                                             (dt.date(2020, 2, 29), 6.74)])
def test_calendar_years(start, expected):
    assert e.calendar_years(start, TODAY) == pytest.approx(expected, abs=0.01)


def verdict(program_id: str, **answers) -> str | None:
    return e.evaluate(program_id, RULES[program_id], answers, TODAY).verdict


def state(program_id: str, criterion_id: str, **answers) -> str:
    result = e.evaluate(program_id, RULES[program_id], answers, TODAY)
    return next(r.state for r in result.results if r.criterion["id"] == criterion_id)


def needs(program_id: str, **answers) -> list[str]:
    return e.next_slots(program_id, RULES[program_id], answers, TODAY)


EINBUERGERUNG_OK = dict(residence_status="niederlassungserlaubnis", lawful_years="all", german_level="B1",
                        livelihood_secured="true")


# --- Einbürgerung: 5 lawful years since 30.10.2025 (no 3-year route) --------------------

@pytest.mark.parametrize("years, expected", [(4.9, e.VERDICT_NO), (5.0, e.VERDICT_YES), (5.1, e.VERDICT_YES),
                                             (3.0, e.VERDICT_NO), (2.9, e.VERDICT_NO)])
def test_einbuergerung_years_boundary(years, expected):
    answers = dict(arrival_date=years_ago(years), married_to_german="false", **EINBUERGERUNG_OK)
    assert verdict("einbuergerung", **answers) == expected


# --- § 9 StAG: spouses of Germans after 3 years (2 years of marriage) ---------------------------

@pytest.mark.parametrize("years, asked", [(4.9, True), (3.0, True), (2.9, False), (5.0, False), (8.0, False)])
def test_einbuergerung_asks_about_a_german_spouse_only_when_it_decides(years, asked):
    answers = dict(arrival_date=years_ago(years), **EINBUERGERUNG_OK)
    assert ("married_to_german" in needs("einbuergerung", **answers)) is asked
    assert verdict("einbuergerung", **answers) == (None if asked else
                                                   e.VERDICT_NO if years < 3 else e.VERDICT_YES)


@pytest.mark.parametrize("married, expected", [("true", e.VERDICT_YES), ("false", e.VERDICT_NO),
                                               ("unknown", e.VERDICT_UNCLEAR)])
def test_einbuergerung_spouse_of_a_german_after_3_years(married, expected):
    answers = dict(arrival_date=years_ago(3.5), married_to_german=married, **EINBUERGERUNG_OK)
    assert verdict("einbuergerung", **answers) == expected


def test_einbuergerung_spouse_needs_3_lawful_years_too():
    answers = dict(EINBUERGERUNG_OK, arrival_date=years_ago(6), lawful_years="3", married_to_german="true")
    assert verdict("einbuergerung", **answers) == e.VERDICT_YES
    assert verdict("einbuergerung", **dict(answers, lawful_years="2")) == e.VERDICT_NO
    assert verdict("einbuergerung", **dict(answers, married_to_german="false")) == e.VERDICT_NO


@pytest.mark.parametrize("status, expected", [
    ("niederlassungserlaubnis", e.MET), ("eu_freizuegigkeit", e.MET), ("aufenthaltserlaubnis", e.OPEN),
    ("aufenthaltserlaubnis_104c", e.NOT_MET), ("schutz_ukraine_24", e.NOT_MET),
    ("aufenthaltsgestattung", e.NOT_MET), ("duldung", e.NOT_MET), ("kein_titel", e.NOT_MET)])
def test_einbuergerung_each_status(status, expected):
    assert state("einbuergerung", "aufenthaltsrecht", residence_status=status) == expected


@pytest.mark.parametrize("kind, expected", [
    ("arbeit", e.MET), ("familie", e.MET), ("schutz", e.MET), ("bleiberecht", e.MET), ("humanitaer", e.NOT_MET),
    ("studium", e.NOT_MET), ("andere", e.UNCLEAR), ("unknown", e.UNCLEAR)])
def test_einbuergerung_kind_of_permit_decides(kind, expected):
    assert state("einbuergerung", "aufenthaltsrecht", residence_status="aufenthaltserlaubnis",
                 permit_kind=kind) == expected


def test_einbuergerung_generic_permit_asks_its_kind_next():
    asked = needs("einbuergerung", arrival_date=years_ago(6), residence_status="aufenthaltserlaubnis")
    assert asked[0] == "permit_kind"


@pytest.mark.parametrize("status", ["schutz_ukraine_24", "aufenthaltserlaubnis_104c"])
def test_einbuergerung_24_and_104c_say_no_with_the_hint(status):
    answers = dict(arrival_date=years_ago(6), residence_status=status)
    result = e.evaluate("einbuergerung", RULES["einbuergerung"], answers, TODAY)
    assert result.verdict == e.VERDICT_NO
    assert any("§ 8 StAG" in hint and "27.06.2024" in hint for hint in e.hints(result, answers, TODAY))


@pytest.mark.parametrize("lawful, expected", [
    (4, e.VERDICT_NO), (4.9, e.VERDICT_NO), (5, e.VERDICT_YES),
    ("all", e.VERDICT_YES), ("unknown", e.VERDICT_UNCLEAR), (0, e.VERDICT_NO),
])
def test_einbuergerung_counts_only_lawful_years(lawful, expected):
    """6 years in Germany, 4 of them on a Duldung: the law counts 2 (§ 10 StAG)."""
    answers = {**EINBUERGERUNG_OK, "lawful_years": lawful, "married_to_german": "false"}
    assert verdict("einbuergerung", arrival_date=years_ago(6), **answers) == expected


def test_einbuergerung_lawful_years_cannot_exceed_years_here():
    answers = {**EINBUERGERUNG_OK, "lawful_years": 9, "married_to_german": "false"}
    assert verdict("einbuergerung", arrival_date=years_ago(4), **answers) == e.VERDICT_NO


@pytest.mark.parametrize("level, expected", [("A2", e.NOT_MET), ("B1", e.MET), ("C1", e.MET), ("keine", e.NOT_MET),
                                             ("unknown", e.UNCLEAR)])
def test_einbuergerung_language(level, expected):
    assert state("einbuergerung", "sprache", german_level=level) == expected


def test_einbuergerung_unknown_answer_gives_unclear():
    answers = {**EINBUERGERUNG_OK, "livelihood_secured": "unknown"}
    assert verdict("einbuergerung", arrival_date=years_ago(6), **answers) == e.VERDICT_UNCLEAR


def test_einbuergerung_stops_asking_once_no():
    assert needs("einbuergerung", arrival_date=years_ago(2)) == []
    assert needs("einbuergerung") == ["arrival_date", "residence_status", "lawful_years", "german_level",
                                      "livelihood_secured"]


# --- § 25a: application before the 27th birthday, in practice from 14 -------------------

A25 = dict(residence_status="duldung", duldung_months=14, school_3_years="true")


@pytest.mark.parametrize("age, expected", [(13, e.VERDICT_UNCLEAR), (14, e.VERDICT_YES), (26, e.VERDICT_YES),
                                           (27, e.VERDICT_NO)])
def test_25a_age_boundaries(age, expected):
    assert verdict("bleiberecht_25a", age=age, arrival_date=years_ago(4), **A25) == expected


@pytest.mark.parametrize("years, expected", [(2.9, e.VERDICT_NO), (3.0, e.VERDICT_YES)])
def test_25a_three_years(years, expected):
    assert verdict("bleiberecht_25a", age=19, arrival_date=years_ago(years), **A25) == expected


@pytest.mark.parametrize("status, expected", [("duldung", e.MET), ("aufenthaltserlaubnis_104c", e.MET),
                                              ("aufenthaltsgestattung", e.NOT_MET),
                                              ("aufenthaltserlaubnis", e.NOT_MET)])
def test_25a_each_status(status, expected):
    assert state("bleiberecht_25a", "status", residence_status=status) == expected


def test_25a_months_only_asked_with_duldung():
    assert "duldung_months" not in needs("bleiberecht_25a", age=19, residence_status="aufenthaltserlaubnis_104c")
    assert needs("bleiberecht_25a", age=19, residence_status="duldung")[0] == "duldung_months"


def test_25a_too_old_stops_at_once():
    assert needs("bleiberecht_25a", age=30) == []


# --- § 25b: 6 years, 4 with a minor child ---------------------------------------------

B25 = dict(residence_status="duldung", german_level="A2", livelihood_mostly_by_work="true")


@pytest.mark.parametrize("years, child, expected", [
    (5.9, "false", e.VERDICT_NO), (6.0, "false", e.VERDICT_YES), (3.9, "true", e.VERDICT_NO),
    (4.0, "true", e.VERDICT_YES)])
def test_25b_years_with_and_without_child(years, child, expected):
    assert verdict("bleiberecht_25b", arrival_date=years_ago(years), has_minor_child=child, **B25) == expected


def test_25b_asks_about_children_only_when_it_matters():
    assert "has_minor_child" in needs("bleiberecht_25b", residence_status="duldung", arrival_date=years_ago(5))
    assert "has_minor_child" not in needs("bleiberecht_25b", residence_status="duldung", arrival_date=years_ago(7))
    assert needs("bleiberecht_25b", residence_status="duldung", arrival_date=years_ago(3)) == []


# --- § 60c Ausbildungsduldung and § 60d Beschäftigungsduldung ---------------------------

@pytest.mark.parametrize("months, expected", [(2, e.VERDICT_NO), (3, e.VERDICT_YES)])
def test_60c_three_months_duldung(months, expected):
    assert verdict("ausbildungsduldung_60c", residence_status="duldung", duldung_months=months,
                   has_training_contract="true") == expected


def test_60c_gestattung_is_unclear_and_training_required():
    assert verdict("ausbildungsduldung_60c", residence_status="aufenthaltsgestattung",
                   has_training_contract="true") == e.VERDICT_UNCLEAR
    assert verdict("ausbildungsduldung_60c", residence_status="duldung", duldung_months=5,
                   has_training_contract="false") == e.VERDICT_NO


D60 = dict(residence_status="duldung", duldung_months=12, employment_months=12, german_level="A2")


@pytest.mark.parametrize("arrival, expected", [("2022-12-31", e.VERDICT_YES), ("2023-01-01", e.VERDICT_NO)])
def test_60d_entry_date(arrival, expected):
    assert verdict("beschaeftigungsduldung_60d", arrival_date=arrival, identity_60d="bis_2024", **D60) == expected


@pytest.mark.parametrize("field, value", [("duldung_months", 11), ("employment_months", 11), ("german_level", "A1")])
def test_60d_each_threshold(field, value):
    answers = {**D60, field: value}
    assert verdict("beschaeftigungsduldung_60d", arrival_date="2020-05-01", identity_60d="bis_2024",
                   **answers) == e.VERDICT_NO


@pytest.mark.parametrize("arrival, identity, expected", [
    ("2019-05-01", "bis_2024", e.VERDICT_YES), ("2019-05-01", "ab_2025", e.VERDICT_NO),
    ("2019-05-01", "nein", e.VERDICT_NO), ("2019-05-01", "unknown", e.VERDICT_UNCLEAR),
    ("2017-01-01", "ab_2025", e.VERDICT_NO), ("2016-12-31", "ab_2025", e.VERDICT_YES),
    ("2015-03-01", "nein", e.VERDICT_NO), ("2022-12-31", "bis_2024", e.VERDICT_YES)])
def test_60d_identity_deadline_by_entry_date(arrival, identity, expected):
    """Entry 2017-2022: identity clarified by 31.12.2024; entry up to 2016: by the application."""
    assert verdict("beschaeftigungsduldung_60d", arrival_date=arrival, identity_60d=identity, **D60) == expected


def test_60d_identity_asked_only_after_the_entry_date():
    assert "identity_60d" not in needs("beschaeftigungsduldung_60d", residence_status="duldung", duldung_months=14)
    assert "identity_60d" in needs("beschaeftigungsduldung_60d", residence_status="duldung", duldung_months=14,
                                   arrival_date="2019-05-01")


# --- Integrationskurs: right OR obligation --------------------------------------------

FIRST_COURSE = dict(attended_integration_course="false")


@pytest.mark.parametrize("status, kind, first_year, obliged, expected", [
    ("aufenthaltserlaubnis", "arbeit", "true", None, e.VERDICT_YES),
    ("aufenthaltserlaubnis", "familie", "true", None, e.VERDICT_YES),
    ("aufenthaltserlaubnis", "schutz", "true", None, e.VERDICT_YES),
    ("aufenthaltserlaubnis", "familie", "false", "false", e.VERDICT_NO),
    ("aufenthaltserlaubnis", "humanitaer", None, "false", e.VERDICT_NO),
    ("aufenthaltserlaubnis", "studium", None, "false", e.VERDICT_NO),
    ("aufenthaltserlaubnis", "humanitaer", None, "true", e.VERDICT_YES),
    ("aufenthaltserlaubnis", "bleiberecht", None, "false", e.VERDICT_UNCLEAR),
    ("aufenthaltserlaubnis", "unknown", None, "false", e.VERDICT_UNCLEAR),
    ("duldung", None, None, "true", e.VERDICT_YES),
    ("duldung", None, None, "false", e.VERDICT_NO),
    ("aufenthaltsgestattung", None, None, "false", e.VERDICT_NO),
    ("niederlassungserlaubnis", None, None, "false", e.VERDICT_UNCLEAR)])
def test_integrationskurs(status, kind, first_year, obliged, expected):
    """Only first-time permits listed in § 44 Abs. 1 give a right, and only for a year (§ 44 Abs. 2)."""
    given = {"residence_status": status, "permit_kind": kind, "permit_first_year": first_year,
             "obliged_by_authority": obliged}
    answers = {key: value for key, value in given.items() if value is not None}
    assert verdict("integrationskurs", **answers, **FIRST_COURSE) == expected


def test_integrationskurs_course_already_attended_says_no():
    answers = dict(residence_status="aufenthaltserlaubnis", permit_kind="arbeit", permit_first_year="true")
    assert verdict("integrationskurs", **answers, attended_integration_course="true") == e.VERDICT_NO
    assert verdict("integrationskurs", **answers, attended_integration_course="unknown") == e.VERDICT_UNCLEAR
    assert verdict("integrationskurs", **answers) is None  # still asks


def test_integrationskurs_obligation_asked_only_without_right():
    assert needs("integrationskurs", residence_status="duldung") == ["obliged_by_authority",
                                                                      "attended_integration_course"]
    assert needs("integrationskurs", residence_status="aufenthaltserlaubnis", permit_kind="arbeit",
                 permit_first_year="true") == ["attended_integration_course"]


def test_wrong_answer_types_do_not_crash():
    assert state("bleiberecht_25a", "alter_unter_27", age="neunzehn") == e.UNCLEAR
