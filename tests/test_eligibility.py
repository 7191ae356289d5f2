"""The evaluator at the rule boundaries, per programme, with the committed rules."""
from __future__ import annotations

import datetime as dt

import pytest

from actions import eligibility as e
from actions.facts import get_facts

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


EINBUERGERUNG_OK = dict(residence_status="niederlassungserlaubnis", german_level="B1", livelihood_secured="true")


# --- Einbürgerung: 5 years since 30.10.2025 (no 3-year route) --------------------------

@pytest.mark.parametrize("years, expected", [(4.9, e.VERDICT_NO), (5.0, e.VERDICT_YES), (5.1, e.VERDICT_YES),
                                             (3.0, e.VERDICT_NO)])
def test_einbuergerung_years_boundary(years, expected):
    assert verdict("einbuergerung", arrival_date=years_ago(years), **EINBUERGERUNG_OK) == expected


@pytest.mark.parametrize("status, expected", [
    ("niederlassungserlaubnis", e.MET), ("eu_freizuegigkeit", e.MET), ("aufenthaltserlaubnis", e.UNCLEAR),
    ("aufenthaltserlaubnis_104c", e.UNCLEAR), ("schutz_ukraine_24", e.UNCLEAR),
    ("aufenthaltsgestattung", e.NOT_MET), ("duldung", e.NOT_MET), ("kein_titel", e.NOT_MET)])
def test_einbuergerung_each_status(status, expected):
    assert state("einbuergerung", "aufenthaltsrecht", residence_status=status) == expected


@pytest.mark.parametrize("level, expected", [("A2", e.NOT_MET), ("B1", e.MET), ("C1", e.MET), ("keine", e.NOT_MET),
                                             ("unknown", e.UNCLEAR)])
def test_einbuergerung_language(level, expected):
    assert state("einbuergerung", "sprache", german_level=level) == expected


def test_einbuergerung_unknown_answer_gives_unclear():
    answers = {**EINBUERGERUNG_OK, "livelihood_secured": "unknown"}
    assert verdict("einbuergerung", arrival_date=years_ago(6), **answers) == e.VERDICT_UNCLEAR


def test_einbuergerung_stops_asking_once_no():
    assert needs("einbuergerung", arrival_date=years_ago(2)) == []
    assert needs("einbuergerung") == ["arrival_date", "residence_status", "german_level", "livelihood_secured"]


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
    assert verdict("beschaeftigungsduldung_60d", arrival_date=arrival, **D60) == expected


@pytest.mark.parametrize("field, value", [("duldung_months", 11), ("employment_months", 11), ("german_level", "A1")])
def test_60d_each_threshold(field, value):
    answers = {**D60, field: value}
    assert verdict("beschaeftigungsduldung_60d", arrival_date="2020-05-01", **answers) == e.VERDICT_NO


# --- Integrationskurs: right OR obligation --------------------------------------------

@pytest.mark.parametrize("status, obliged, expected", [
    ("aufenthaltserlaubnis", None, e.VERDICT_YES),
    ("duldung", "true", e.VERDICT_YES),
    ("duldung", "false", e.VERDICT_NO),
    ("aufenthaltsgestattung", "false", e.VERDICT_NO),
    ("niederlassungserlaubnis", "false", e.VERDICT_UNCLEAR)])
def test_integrationskurs(status, obliged, expected):
    answers = {"residence_status": status}
    if obliged is not None:
        answers["obliged_by_authority"] = obliged
    assert verdict("integrationskurs", **answers) == expected


def test_integrationskurs_obligation_asked_only_without_right():
    assert needs("integrationskurs", residence_status="duldung") == ["obliged_by_authority"]
    assert needs("integrationskurs", residence_status="aufenthaltserlaubnis") == []


def test_wrong_answer_types_do_not_crash():
    assert state("bleiberecht_25a", "alter_unter_27", age="neunzehn") == e.UNCLEAR
