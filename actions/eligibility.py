"""Apply the eligibility rules from the facts (one evaluator for every programme).

The rules are data (facts_src/eligibility_rules.yml → facts.json "eligibility").
Answers arrive as slot values. Three fields are derived from them:
- `years_in_germany` from the arrival date, so one question serves both the years
  and the entry-date criteria;
- `lawful_years`, where "all" means every year since arrival;
- `residence_title`: the residence status, or "ae_<kind>" once the kind of
  Aufenthaltserlaubnis is known (the law treats a work permit and a § 25 Abs. 5
  permit differently, so "Aufenthaltserlaubnis" alone decides nothing).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from actions.i18n import N_

# States and verdicts are shown in the verdict, translated there (OPEN has its own label, SKIPPED is not shown).
MET, NOT_MET, UNCLEAR, OPEN, SKIPPED = N_("erfüllt"), N_("nicht erfüllt"), N_("unklar"), "offen", "entfällt"
VERDICT_YES = N_("voraussichtlich ja")
VERDICT_NO = N_("voraussichtlich nein")
VERDICT_UNCLEAR = N_("unklar – bitte beraten lassen")

UNKNOWN = "unknown"
ALL_YEARS = "all"
GENERIC_PERMIT = "aufenthaltserlaubnis"
LEVELS = ("keine", "A1", "A2", "B1", "B2", "C1", "C2")
# Derived fields and the answers (slots) they come from, in asking order.
DERIVED_FROM = {"years_in_germany": ("arrival_date",), "residence_title": ("residence_status", "permit_kind")}
SENSITIVE_SLOTS = (
    "age", "residence_status", "permit_kind", "arrival_date", "lawful_years", "identity_60d", "duldung_months",
    "employment_months", "german_level", "livelihood_secured", "livelihood_mostly_by_work", "has_training_contract",
    "school_3_years", "has_minor_child", "obliged_by_authority", "permit_first_year", "attended_integration_course",
    "married_to_german",
)
CONDITION_QUOTE = ("value", "source_field", "evidence")  # a `value_if`'s keys besides the answer it depends on


@dataclass(frozen=True)
class CriterionResult:
    """One criterion of a rule and its state (MET, NOT_MET, UNCLEAR, OPEN or SKIPPED)."""
    criterion: Mapping[str, Any]
    state: str


@dataclass(frozen=True)
class Verdict:
    """The outcome of a rule for the answers so far, criterion by criterion."""
    program_id: str
    verdict: str | None  # None while the answers do not decide it yet
    results: tuple[CriterionResult, ...]


def slots_for_field(field: str) -> tuple[str, ...]:
    """The slots a rule field is read from (a derived field has its own sources)."""
    return DERIVED_FROM.get(field, (field,))


def slot_for_field(field: str, answers: Mapping[str, Any] | None = None) -> str:
    """The answer to ask for a field: the first of its slots not yet answered."""
    slots = slots_for_field(field)
    return next((slot for slot in slots if slot not in (answers or {})), slots[0])


def criteria_for_slot(rule: Mapping[str, Any], slot: str) -> list[Mapping[str, Any]]:
    """The criteria of `rule` that the answer to `slot` decides or switches on ("Warum fragst du das?")."""
    return [criterion for criterion in rule["criteria"]
            if slot in slots_for_field(criterion["field"]) or _informing_field(criterion) == slot]


def derive_answers(answers: Mapping[str, Any], today: dt.date) -> dict[str, Any]:
    """Answers plus derived values; 'unknown' passes through untouched."""
    derived = {key: value for key, value in answers.items() if value is not None}
    arrival = derived.get("arrival_date")
    if arrival == UNKNOWN:
        derived["years_in_germany"] = UNKNOWN
    elif arrival:
        derived["years_in_germany"] = calendar_years(dt.date.fromisoformat(str(arrival)), today)
    _derive_lawful_years(derived)
    _derive_residence_title(derived)
    return derived


def _derive_lawful_years(derived: dict[str, Any]) -> None:
    """"all" means every year since arrival; more lawful years than years here cannot be."""
    lawful, total = derived.get("lawful_years"), derived.get("years_in_germany")
    if lawful == ALL_YEARS:
        derived["lawful_years"] = total if total is not None else UNKNOWN
    elif isinstance(total, (int, float)) and isinstance(lawful, (int, float)):
        derived["lawful_years"] = min(lawful, total)


def _derive_residence_title(derived: dict[str, Any]) -> None:
    status = derived.get("residence_status")
    if status is None:
        return
    if status != GENERIC_PERMIT:
        derived["residence_title"] = status
        return
    kind = derived.get("permit_kind")
    if kind is not None:  # without the kind, the title stays open and the kind is asked
        derived["residence_title"] = UNKNOWN if kind == UNKNOWN else f"ae_{kind}"


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
    field = _informing_field(criterion)
    if field and str(answers.get(field)).lower() == str(criterion["value_if"][field]).lower():
        return criterion["value_if"]["value"]
    return criterion.get("value")


def _compare(op: str, answer: Any, threshold: Any, criterion: Mapping[str, Any]) -> str:
    if op in ("is_true", "is_false"):
        flag = _as_bool(answer)
        return UNCLEAR if flag is None else (MET if flag == (op == "is_true") else NOT_MET)
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
    """True/False once the answers say whether the criterion matters; None while unknown.

    A condition is a list of values, or a date range {from, to} (ISO dates compare as text)."""
    for field, allowed in (criterion.get("ask_if") or {}).items():
        if field not in answers:
            return None
        value = answers[field]
        if isinstance(allowed, Mapping):
            if value == UNKNOWN:
                return None  # an unknown date cannot rule the criterion out
            if not allowed.get("from", "") <= str(value) <= allowed.get("to", "9999"):
                return False
        elif value not in allowed:
            return False
    return True


def _informing_field(criterion: Mapping[str, Any]) -> str | None:
    """The answer that switches a criterion to its other threshold (`value_if`), if any."""
    condition = criterion.get("value_if") or {}
    return next((key for key in condition if key not in CONDITION_QUOTE), None)


def evaluate_criterion(criterion: Mapping[str, Any], answers: Mapping[str, Any]) -> str:
    """The state of one criterion for the (derived) answers."""
    applies = _applies(criterion, answers)
    if applies is False or criterion["op"] == "informs":
        return SKIPPED
    answer = answers.get(criterion["field"])
    if applies is None and _condition_unknown(criterion, answers):
        return UNCLEAR  # the answer that decides whether it matters is "weiß nicht"
    if applies is None or answer is None:
        return OPEN
    if answer == UNKNOWN:
        return UNCLEAR
    try:
        state = _compare(criterion["op"], answer, _threshold(criterion, answers), criterion)
        informing = _informing_field(criterion)
        if informing and answers.get(informing, UNKNOWN) == UNKNOWN:
            alternative = _compare(criterion["op"], answer, criterion["value_if"]["value"], criterion)
            if alternative != state:  # the other answer decides which threshold applies; "weiß nicht" cannot
                return OPEN if informing not in answers else UNCLEAR
    except (TypeError, ValueError):
        return UNCLEAR  # an answer of the wrong shape is treated as "not known"
    if state == NOT_MET and criterion.get("if_failed") == "unclear":
        return UNCLEAR
    return state


def _condition_unknown(criterion: Mapping[str, Any], answers: Mapping[str, Any]) -> bool:
    return any(answers.get(field) == UNKNOWN for field in (criterion.get("ask_if") or {}))


def _all_of(states: list[str]) -> str:
    """One state for criteria that must all be met."""
    for decisive in (NOT_MET, OPEN, UNCLEAR):
        if decisive in states:
            return decisive
    return MET


def _any_of(states: list[str]) -> str:
    """One state for alternatives of which one is enough."""
    for decisive in (MET, OPEN, UNCLEAR):
        if decisive in states:
            return decisive
    return NOT_MET


def _alternatives(results: tuple[CriterionResult, ...]) -> tuple[list[str], list[str]]:
    """For `combine: any`: the states of the `required` criteria, and one state per
    alternative (a `group` of criteria that must all be met; alone, a criterion is its own group)."""
    required: list[str] = []
    groups: dict[str, list[str]] = {}
    for result in results:
        if result.state == SKIPPED:
            continue
        if result.criterion.get("required"):
            required.append(result.state)
        else:
            groups.setdefault(result.criterion.get("group", result.criterion["id"]), []).append(result.state)
    return required, [_all_of(states) for states in groups.values()]


def _combined_state(results: tuple[CriterionResult, ...], combine: str) -> str:
    """`combine: any`: one alternative is enough, and the `required` criteria must hold as
    well; otherwise every criterion must be met."""
    if combine != "any":
        return _all_of([result.state for result in results if result.state != SKIPPED])
    required, alternatives = _alternatives(results)
    return _all_of([*required, _any_of(alternatives)])


VERDICT_FOR_STATE = {MET: VERDICT_YES, NOT_MET: VERDICT_NO, UNCLEAR: VERDICT_UNCLEAR, OPEN: None}


def evaluate(program_id: str, rule: Mapping[str, Any], answers: Mapping[str, Any], today: dt.date) -> Verdict:
    """The verdict of a programme's rule for the answers (times counted up to `today`)."""
    derived = derive_answers(answers, today)
    results = tuple(CriterionResult(criterion, evaluate_criterion(criterion, derived))
                    for criterion in rule["criteria"])
    return Verdict(program_id, VERDICT_FOR_STATE[_combined_state(results, rule.get("combine", "all"))], results)


def hints(verdict: Verdict, answers: Mapping[str, Any], today: dt.date) -> list[str]:
    """The sentences that explain a not-met criterion, e.g. why a § 24 permit excludes naturalisation.
    None after "voraussichtlich ja": a route that did not work does not matter then."""
    if verdict.verdict == VERDICT_YES:
        return []
    derived = derive_answers(answers, today)
    found = []
    for result in verdict.results:
        value = str(derived.get(result.criterion["field"]))
        found += [hint["text"] for hint in result.criterion.get("hints", ())
                  if result.state == NOT_MET and value in hint["when"]]
    return found


def _settled_alternatives(results: tuple[CriterionResult, ...], combine: str) -> Callable[[Mapping[str, Any]], bool]:
    """With `combine: any`, once one alternative is met the others need no question."""
    one_met = combine == "any" and MET in _alternatives(results)[1]
    return lambda criterion: one_met and not criterion.get("required")


def next_slots(program_id: str, rule: Mapping[str, Any], answers: Mapping[str, Any], today: dt.date) -> list[str]:
    """The answers still needed, in asking order; empty once the verdict is decided."""
    verdict = evaluate(program_id, rule, answers, today)
    if verdict.verdict is not None:
        return []
    derived = derive_answers(answers, today)
    settled = _settled_alternatives(verdict.results, rule.get("combine", "all"))
    needed: list[str | None] = []  # None: no informing field; dropped below
    for result in verdict.results:
        criterion = result.criterion
        if result.state != OPEN or not _applies(criterion, derived) or settled(criterion):
            continue
        if all(slot in answers for slot in slots_for_field(criterion["field"])):
            needed.append(_informing_field(criterion))  # answered; the threshold's answer is missing
        else:
            needed.append(slot_for_field(criterion["field"], answers))
    return [slot for slot in dict.fromkeys(needed) if slot]
