"""Apply the eligibility rules from the facts (one evaluator for every programme).

The rules are data (facts_src/eligibility_rules.yml → facts.json "eligibility").
Answers arrive as slot values; `years_in_germany` is derived from the arrival
date so one question serves both the years and the entry-date criteria.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Mapping

MET, NOT_MET, UNCLEAR, OPEN, SKIPPED = "erfüllt", "nicht erfüllt", "unklar", "offen", "entfällt"
VERDICT_YES = "voraussichtlich ja"
VERDICT_NO = "voraussichtlich nein"
VERDICT_UNCLEAR = "unklar – bitte beraten lassen"

UNKNOWN = "unknown"
LEVELS = ("keine", "A1", "A2", "B1", "B2", "C1", "C2")
# Derived fields and the answer (slot) they come from.
DERIVED_FROM = {"years_in_germany": "arrival_date"}
SENSITIVE_SLOTS = (
    "age", "residence_status", "arrival_date", "duldung_months", "employment_months", "german_level",
    "livelihood_secured", "livelihood_mostly_by_work", "has_training_contract", "school_3_years",
    "has_minor_child", "obliged_by_authority",
)


@dataclass(frozen=True)
class CriterionResult:
    criterion: Mapping[str, Any]
    state: str


@dataclass(frozen=True)
class Verdict:
    program_id: str
    verdict: str | None  # None while the answers do not decide it yet
    results: tuple[CriterionResult, ...]


def slot_for_field(field: str) -> str:
    return DERIVED_FROM.get(field, field)


def derive_answers(answers: Mapping[str, Any], today: dt.date) -> dict[str, Any]:
    """Answers plus derived values; 'unknown' passes through untouched."""
    derived = {key: value for key, value in answers.items() if value is not None}
    arrival = derived.get("arrival_date")
    if arrival == UNKNOWN:
        derived["years_in_germany"] = UNKNOWN
    elif arrival:
        derived["years_in_germany"] = calendar_years(dt.date.fromisoformat(str(arrival)), today)
    return derived


def calendar_years(start: dt.date, today: dt.date) -> float:
    """Whole calendar years plus the fraction since the last anniversary: someone who came
    on 24.11.2021 has exactly 5 years on 24.11.2026, leap days notwithstanding."""
    whole = today.year - start.year - ((today.month, today.day) < (start.month, start.day))
    try:
        anniversary = start.replace(year=start.year + whole)
    except ValueError:  # 29 February in a non-leap year
        anniversary = start.replace(year=start.year + whole, day=28)
    return whole + (today - anniversary).days / 366


def _as_bool(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    return {"true": True, "false": False}.get(str(value).lower())


def _threshold(criterion: Mapping[str, Any], answers: Mapping[str, Any]) -> Any:
    condition = criterion.get("value_if")
    if condition:
        field = next(key for key in condition if key != "value")
        if str(answers.get(field)).lower() == str(condition[field]).lower():
            return condition["value"]
    return criterion.get("value")


def _compare(op: str, answer: Any, threshold: Any, criterion: Mapping[str, Any]) -> str:
    if op == "is_true":
        flag = _as_bool(answer)
        return UNCLEAR if flag is None else (MET if flag else NOT_MET)
    if op == "one_of":
        if answer in criterion.get("met", ()):
            return MET
        return UNCLEAR if answer in criterion.get("unclear", ()) else NOT_MET
    if op == "level_at_least":
        if answer not in LEVELS:
            return UNCLEAR
        return MET if LEVELS.index(answer) >= LEVELS.index(threshold) else NOT_MET
    if op == "date_on_or_before":
        return MET if str(answer) <= str(threshold) else NOT_MET
    number = float(answer)
    passed = {">=": number >= threshold, "<": number < threshold, "<=": number <= threshold}[op]
    return MET if passed else NOT_MET


def _applies(criterion: Mapping[str, Any], answers: Mapping[str, Any]) -> bool | None:
    """True/False once the answers say whether the criterion matters; None while unknown."""
    for field, allowed in (criterion.get("ask_if") or {}).items():
        if field not in answers:
            return None
        if answers[field] not in allowed:
            return False
    return True


def _informing_field(criterion: Mapping[str, Any]) -> str | None:
    condition = criterion.get("value_if")
    return next((key for key in condition if key != "value"), None) if condition else None


def evaluate_criterion(criterion: Mapping[str, Any], answers: Mapping[str, Any]) -> str:
    applies = _applies(criterion, answers)
    if applies is False or criterion["op"] == "informs":
        return SKIPPED
    answer = answers.get(criterion["field"])
    if applies is None or answer is None:
        return OPEN
    if answer == UNKNOWN:
        return UNCLEAR
    try:
        state = _compare(criterion["op"], answer, _threshold(criterion, answers), criterion)
        informing = _informing_field(criterion)
        if informing and informing not in answers:
            alternative = _compare(criterion["op"], answer, criterion["value_if"]["value"], criterion)
            if alternative != state:
                return OPEN  # the other answer decides which threshold applies
    except (TypeError, ValueError):
        return UNCLEAR  # an answer of the wrong shape is treated as "not known"
    if state == NOT_MET and criterion.get("if_failed") == "unclear":
        return UNCLEAR
    return state


def _decide(states: list[str], combine: str) -> str | None:
    if combine == "any":
        if MET in states:
            return VERDICT_YES
        if OPEN in states:
            return None
        return VERDICT_UNCLEAR if UNCLEAR in states else VERDICT_NO
    if NOT_MET in states:
        return VERDICT_NO
    if OPEN in states:
        return None
    return VERDICT_UNCLEAR if UNCLEAR in states else VERDICT_YES


def evaluate(program_id: str, rule: Mapping[str, Any], answers: Mapping[str, Any], today: dt.date) -> Verdict:
    derived = derive_answers(answers, today)
    results = tuple(CriterionResult(c, evaluate_criterion(c, derived)) for c in rule["criteria"])
    verdict = _decide([r.state for r in results if r.state != SKIPPED], rule.get("combine", "all"))
    return Verdict(program_id, verdict, results)


def next_slots(program_id: str, rule: Mapping[str, Any], answers: Mapping[str, Any], today: dt.date) -> list[str]:
    """The answers still needed, in asking order; empty once the verdict is decided."""
    verdict = evaluate(program_id, rule, answers, today)
    if verdict.verdict is not None:
        return []
    derived = derive_answers(answers, today)
    needed: list[str] = []
    for result in verdict.results:
        criterion = result.criterion
        if result.state != OPEN or not _applies(criterion, derived):
            continue
        own_slot = slot_for_field(criterion["field"])
        needed.append(_informing_field(criterion) if own_slot in answers else own_slot)
    return list(dict.fromkeys(needed))
