"""The facts file: schema, loader errors, build reproducibility, facts hygiene."""
from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import pytest

from actions import facts as facts_module
from actions.facts import FactsError, read_facts, validate_facts

pytestmark = [pytest.mark.unit, pytest.mark.data]

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared" / "data"


@pytest.fixture(scope="module")
def facts():
    return read_facts()


def write(tmp_path: Path, data) -> Path:
    path = tmp_path / "facts.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_committed_facts_are_valid(facts):
    assert len(facts["kis"]) == 54
    assert len(facts["programs"]) == 25
    assert set(facts["eligibility"]["programs"]) == {
        "einbuergerung", "ausbildungsduldung_60c", "beschaeftigungsduldung_60d",
        "bleiberecht_25a", "bleiberecht_25b", "integrationskurs"}


def test_every_fact_has_a_source_and_a_checked_date(facts):
    for section in ("programs", "kis"):
        for key, entry in facts[section].items():
            assert entry["source_urls"], f"{section}.{key} has no source"
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", entry["checked_date"]), f"{section}.{key} has no date"
    for program_id, rule in facts["eligibility"]["programs"].items():
        for criterion in rule["criteria"]:
            assert criterion["source_url"].startswith("http"), f"{program_id}.{criterion['id']}"


def test_missing_source_names_file_entry_and_field(facts, tmp_path):
    broken = copy.deepcopy(facts)
    broken["programs"]["integrationskurs"]["source_urls"] = []
    path = write(tmp_path, broken)
    with pytest.raises(FactsError) as error:
        read_facts(path)
    message = str(error.value)
    assert str(path) in message
    assert "'integrationskurs'" in message and "'source_urls'" in message


def test_wrong_type_in_ki_is_reported(facts, tmp_path):
    broken = copy.deepcopy(facts)
    broken["kis"]["05314"]["phone"] = 12345
    with pytest.raises(FactsError, match=r"entry '05314', field 'phone'"):
        read_facts(write(tmp_path, broken))


def test_missing_checked_date_is_reported(facts, tmp_path):
    broken = copy.deepcopy(facts)
    del broken["programs"]["einbuergerung"]["checked_date"]
    with pytest.raises(FactsError, match=r"entry 'einbuergerung'.*checked_date"):
        read_facts(write(tmp_path, broken))


def test_unknown_rule_operator_is_reported(facts, tmp_path):
    broken = copy.deepcopy(facts)
    broken["eligibility"]["programs"]["bleiberecht_25a"]["criteria"][0]["op"] = "about"
    with pytest.raises(FactsError, match=r"bleiberecht_25a"):
        read_facts(write(tmp_path, broken))


def test_rule_for_unknown_programme_is_reported(facts, tmp_path):
    broken = copy.deepcopy(facts)
    broken["eligibility"]["programs"]["phantom"] = broken["eligibility"]["programs"]["bleiberecht_25a"]
    with pytest.raises(FactsError, match=r"'phantom'"):
        validate_facts(broken, Path("facts.json"))


def test_invalid_json_and_missing_file(tmp_path):
    bad = tmp_path / "facts.json"
    bad.write_text("{ not json", encoding="utf-8")
    with pytest.raises(FactsError, match="not valid JSON"):
        read_facts(bad)
    with pytest.raises(FactsError, match="missing"):
        read_facts(tmp_path / "absent.json")


def test_facts_are_loaded_once():
    facts_module.get_facts.cache_clear()
    first = facts_module.get_facts()
    assert facts_module.get_facts() is first
    assert facts_module.get_facts.cache_info().hits >= 1


def test_unknown_contact_fields_stay_null(facts):
    """The source has no address for Bonn: nothing may be invented."""
    bonn = facts["kis"]["05314"]
    assert bonn["street"] is None and bonn["phone"] is None and bonn["email"] is None
    assert facts["kis"]["05515"]["email"] == "ki-muenster@stadt-muenster.de"


def test_current_rules_not_2019_rules(facts):
    rules = {c["id"]: c for c in facts["eligibility"]["programs"]["einbuergerung"]["criteria"]}
    assert rules["aufenthaltsdauer"]["value"] == 5
    age = {c["id"]: c for c in facts["eligibility"]["programs"]["bleiberecht_25a"]["criteria"]}
    assert age["alter_unter_27"]["value"] == 27 and age["voraufenthalt"]["value"] == 3


def test_attribution_names_every_licence(facts):
    text = " ".join(facts["meta"]["attribution"])
    for required in ("Destatis", "OpenStreetMap", "ODbL", "GeoNames", "CC BY 4.0"):
        assert required in text


@pytest.mark.skipif(not SHARED.exists(), reason="../shared/data is not beside this clone")
def test_build_reproduces_committed_facts(tmp_path):
    from scripts import build_facts
    target = build_facts.build(SHARED, tmp_path)
    assert json.loads(target.read_text(encoding="utf-8")) == read_facts()


@pytest.mark.skipif(not SHARED.exists(), reason="../shared/data is not beside this clone")
def test_build_stops_when_evidence_is_missing(tmp_path, monkeypatch):
    from scripts import build_facts
    original = build_facts.field_text
    monkeypatch.setattr(build_facts, "field_text",
                        lambda program, dotted: original(program, dotted).replace("mindestens 5 Jahre", "8 Jahre"))
    with pytest.raises(build_facts.BuildError, match="einbuergerung.aufenthaltsdauer"):
        build_facts.build(SHARED, tmp_path)


@pytest.mark.skipif(not SHARED.exists(), reason="../shared/data is not beside this clone")
@pytest.mark.parametrize("unit_id, error", [
    ("anerkennung_zustaendige_stellen_nrw.pflege_stelle",
     "unknown answer unit 'anerkennung_zustaendige_stellen_nrw.pflege"),
    ("einbuergerung.einbuergerung_aus_dem_ausland", "outside_the_check: unknown unit 'einbuergerung_aus_dem_ausland'"),
])
def test_build_stops_when_a_unit_that_the_data_names_does_not_exist(tmp_path, monkeypatch, unit_id, error):
    """A recognition route (offices.yml) and a unit outside a check (eligibility_rules.yml) name existing units."""
    from scripts import build_facts
    original = build_facts.build_answers
    monkeypatch.setattr(build_facts, "build_answers", lambda programs: [
        unit for unit in original(programs) if unit["id"] != unit_id])
    with pytest.raises(build_facts.BuildError, match=error):
        build_facts.build(SHARED, tmp_path)


@pytest.mark.skipif(not SHARED.exists(), reason="../shared/data is not beside this clone")
def test_build_stops_when_a_source_has_no_date_entry(tmp_path, monkeypatch):
    from scripts import build_facts
    original = build_facts.dated_sources
    monkeypatch.setattr(build_facts, "dated_sources",
                        lambda pid, urls, dated: original(pid, urls, dated[1:] if pid == "integrationskurs" else dated))
    with pytest.raises(build_facts.BuildError, match="source_dates.yml: integrationskurs: no date entry"):
        build_facts.build(SHARED, tmp_path)


def test_every_programme_names_its_newest_source_with_date(facts):
    for program_id, program in facts["programs"].items():
        dated = [source["date"] for source in program["sources"] if source["date"]]
        assert program["newest_source"]["date"] == (max(dated) if dated else None), program_id
        assert program["newest_source"]["url"] in program["source_urls"], program_id


def test_integrationskurs_stop_is_dated_february_2026(facts):
    """The newest source of the 2026 admission stop is from February 2026, not the check day."""
    assert facts["programs"]["integrationskurs"]["newest_source"]["date"].startswith("2026-02")
    assert facts["eligibility"]["programs"]["integrationskurs"]["newest_source"]["date"] == "2026-02-11"


def test_facts_report_lists_old_sources_oldest_first(facts):
    import datetime as dt

    from scripts.facts_report import old_sources
    old = old_sources(facts, dt.date(2026, 12, 2), 12)
    rules = [key for kind, key, _ in old if kind == "Prüfregel"]
    assert rules[0] == "beschaeftigungsduldung_60d"  # newest source 01.07.2024
    assert "integrationskurs" not in rules and "bleiberecht_25b" not in rules
    assert ("Programm", "ichduwirnrw", "2021-06-02") in old


def test_facts_report_lists_stale_facts_after_a_year(facts):
    import datetime as dt

    from scripts.facts_report import stale_facts
    assert stale_facts(facts, dt.date(2026, 12, 2), 12) == []
    later = stale_facts(facts, dt.date(2028, 1, 10), 12)
    assert len(later) == len(facts["programs"]) + len(facts["kis"])
    assert ("programs", "integrationskurs", 13) in later
