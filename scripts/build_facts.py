#!/usr/bin/env python3
"""Build actions/data/facts.json from the project's facts and the shared geodata.

The project owns its facts (issue #14): facts_src/{programs.yml,kommunale_integrationszentren.csv,
source_dates.yml,eligibility_rules.yml,topics.yml}, maintained in the repo with a review
(facts_src/CHANGELOG.md). Only the geodata for the KI locations is read from
../shared/data/geo/{kreise_nrw.csv,gemeinden_nrw.csv,plz_nrw.csv}.

The output is committed, so a fresh clone works without ../shared.
Nothing is invented: empty source cells stay null, every eligibility threshold and hint
must be backed by an `evidence` phrase found in the programme's source field, and every
source URL needs a date entry (null for an undated page).

Usage: python scripts/build_facts.py [--shared ../shared/data] [--out actions/data]
"""
from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from actions.i18n import LANGUAGES  # noqa: E402
from scripts.answer_units import YAML_LOADER, load_units  # noqa: E402
from scripts.answer_units import field_text as unit_field_text  # noqa: E402
from scripts.fact_dates import newest_date  # noqa: E402
from scripts.translations import TranslationError, build_questions, build_translations  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
FACTS_SRC = REPO / "facts_src"
DEFAULT_SHARED = REPO.parent / "shared" / "data"
STADT_AACHEN_AGS = "05334002"
RECOGNITION_OFFICES = "anerkennung_zustaendige_stellen_nrw"  # the programme whose units the recognition routes name

ATTRIBUTION = [
    "Programm- und KI-Fakten: eigene Zusammenfassung öffentlicher Quellen (Einzelnachweise je Eintrag "
    "in source_urls; Quellenliste: facts_src/SOURCES.md), geprüft am {checked}.",
    "Gemeinden und Kreise: Statistisches Bundesamt (Destatis), Gemeindeverzeichnis-Informationssystem "
    "GV-ISys, Gebietsstand 30.09.2021 (© Statistische Ämter des Bundes und der Länder); Daten gefiltert "
    "auf NRW und umformatiert.",
    "KI-Standorte aus PLZ: © OpenStreetMap-Mitwirkende (openstreetmap.org/copyright), ODbL 1.0; "
    "PLZ-Zuordnung via suche-postleitzahl.org. Postleitzahl-Koordinaten: GeoNames "
    "(https://www.geonames.org/), CC BY 4.0, über zauberware/postal-codes-json-xml-csv; verändert "
    "(gefiltert, zugeordnet, gemittelt).",
]


class BuildError(Exception):
    """A source file does not support a fact we were asked to publish."""


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def blank_to_none(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None


def split_urls(value: str | None) -> list[str]:
    return [url.strip() for url in (value or "").split(";") if url.strip()]


# --- programmes -------------------------------------------------------------------

def build_programs(programs_yml: Path, dates_yml: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    document = yaml.load(programs_yml.read_text(encoding="utf-8"), Loader=YAML_LOADER)
    dates = yaml.load(dates_yml.read_text(encoding="utf-8"), Loader=YAML_LOADER)
    programs = {entry["id"]: entry for entry in document["programs"]}
    for program_id, program in programs.items():
        program["sources"] = dated_sources(program_id, program["source_urls"], dates.get(program_id, []))
        program["newest_source"] = newest_source(program["sources"])
    return document["meta"], programs


def dated_sources(program_id: str, urls: list[str], dated: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every source URL with its date; a URL without a date entry stops the build."""
    date_of = {entry["url"]: entry.get("date") for entry in dated}
    missing = [url for url in urls if url not in date_of]
    if missing:
        raise BuildError(f"source_dates.yml: {program_id}: no date entry for {missing}")
    return [{"url": url, "date": None if date_of[url] is None else str(date_of[url])} for url in urls]


def field_text(program: dict[str, Any], dotted: str) -> str:
    """The text of a nested field such as 'who_is_eligible.alter'."""
    text = unit_field_text(program, dotted)
    if text is None:
        raise BuildError(f"{program['id']}: field {dotted!r} not in programs.yml")
    return text


def check_quote(program: dict[str, Any], where: str, quoted: dict[str, Any]) -> None:
    text = field_text(program, quoted["source_field"])
    if quoted["evidence"] not in text:
        raise BuildError(f"eligibility_rules.yml: {program['id']}.{where}: evidence "
                         f"{quoted['evidence']!r} not found in {quoted['source_field']}: {text!r}")


def newest_source(sources: list[dict[str, Any]]) -> dict[str, Any]:
    """The source with the newest date; the first one when none is dated."""
    dated = [source for source in sources if source.get("date")]
    return max(dated, key=lambda source: source["date"]) if dated else {**sources[0], "date": None}


def check_evidence(rules: dict[str, Any], programs: dict[str, Any]) -> None:
    """Every threshold and hint must quote its source; a changed source stops the build."""
    for program_id, rule in rules["programs"].items():
        if program_id not in programs:
            raise BuildError(f"eligibility_rules.yml: unknown programme {program_id!r}")
        program = programs[program_id]
        for criterion in rule["criteria"]:
            check_quote(program, criterion["id"], criterion)
            if "evidence" in criterion.get("value_if", {}):  # the other threshold quotes its own source
                check_quote(program, f"{criterion['id']}.value_if", criterion["value_if"])
            for hint in criterion.get("hints", []):
                check_quote(program, f"{criterion['id']}.hints", hint)
            criterion["legal_basis"] = program["legal_basis"]
            criterion["source_url"] = program["source_urls"][0]
        # The rule's own sources vouch for it; the programme's only when the rule names none.
        rule["newest_source"] = newest_source(rule.get("sources") or [program["newest_source"]])
    for program_id, ended in rules["ended"].items():
        for replacement in [program_id, *ended["replaced_by"]]:
            if replacement not in programs:
                raise BuildError(f"eligibility_rules.yml: ended.{program_id}: unknown {replacement!r}")
    for program_id in rules.get("ways_from_duldung", []):
        if program_id not in rules["programs"]:
            raise BuildError(f"eligibility_rules.yml: ways_from_duldung: {program_id!r} has no check")


def check_topics(topics: dict[str, Any], programs: dict[str, Any]) -> None:
    missing = sorted(set(programs) - set(topics))
    unknown = sorted(set(topics) - set(programs))
    if missing or unknown:
        raise BuildError(f"topics.yml: missing {missing}, unknown {unknown}")
    for program_id, topic in topics.items():
        for spec in topic.get("highlights", []):
            path = spec if isinstance(spec, str) else spec["path"]
            field_text(programs[program_id], path)  # raises on a path the source lacks
        unknown_related = set(topic.get("related", [])) - set(programs)
        if unknown_related:
            raise BuildError(f"topics.yml: {program_id}.related: unknown {sorted(unknown_related)}")


def check_conditions_units(rules: dict[str, Any], answers: list[dict[str, Any]]) -> None:
    """Every programme's conditions_unit names one of its own answer units, the ways to stay name units too."""
    unit_ids = {unit["id"] for unit in answers}
    for program_id, rule in rules["programs"].items():
        unit_id = rule.get("conditions_unit")
        if unit_id is not None and f"{program_id}.{unit_id}" not in unit_ids:
            raise BuildError(f"eligibility_rules.yml: {program_id}.conditions_unit: unknown unit {unit_id!r}")
        for unit_id in rule.get("outside_the_check", []):
            if f"{program_id}.{unit_id}" not in unit_ids:
                raise BuildError(f"eligibility_rules.yml: {program_id}.outside_the_check: unknown unit {unit_id!r}")
    for unit_id in [rules.get("ways_from_duldung_unit"), *rules.get("rejected_asylum_units", [])]:
        if unit_id is not None and unit_id not in unit_ids:
            raise BuildError(f"eligibility_rules.yml: unknown unit {unit_id!r} for the ways to stay")


def build_offices(offices: dict[str, Any], programs: dict[str, Any], rules: dict[str, Any],
                  unit_ids: set[str]) -> dict[str, Any]:
    """Offices and where to apply; each recognition route names an answer unit that exists."""
    for program_id, office in offices["apply_at"].items():
        if program_id not in programs or office not in offices["offices"]:
            raise BuildError(f"offices.yml: apply_at.{program_id}: unknown programme or office {office!r}")
    for office_id, office in offices["offices"].items():
        for language, translated in office.get("translations", {}).items():
            if language not in LANGUAGES or not translated.get("name") or not translated.get("at"):
                raise BuildError(f"offices.yml: {office_id}.translations.{language}: unknown language or empty name/at")
    for program_id, rule in rules["programs"].items():
        if rule["decides"] not in offices["offices"]:
            raise BuildError(f"eligibility_rules.yml: {program_id}.decides: unknown office {rule['decides']!r}")
    for topic in offices.get("outside_topics", []):
        if topic["office"] not in offices["offices"] or not topic["patterns"]:
            raise BuildError(f"offices.yml: outside topic {topic['id']!r}: unknown office or no patterns")
        for pattern in topic["patterns"]:
            re.compile(pattern)  # a broken pattern fails the build, not the bot
    routes = []
    for route in offices["recognition_routes"]:
        unit_id = f"{RECOGNITION_OFFICES}.{route['unit']}"
        if unit_id not in unit_ids:
            raise BuildError(f"offices.yml: recognition route to unknown answer unit {unit_id!r}")
        routes.append({"keywords": route["keywords"], "unit": unit_id, "school": bool(route.get("school"))})
    return {**offices, "recognition_routes": routes}


def build_answers(programs: dict[str, Any]) -> list[dict[str, Any]]:
    """The answer units (facts_src/answers/), checked against programs.yml, each with its source's date."""
    near: list[str] = []
    units, problems = load_units(programs, near_duplicates=near)
    if problems:
        raise BuildError("facts_src/answers: " + "; ".join(problems[:10]))
    for pair in near:  # not an error: two questions may differ in one word that matters
        print(f"build_facts: warning: near-duplicate example questions of two units: {pair}", file=sys.stderr)
    built = []
    for unit in units:
        program = programs[unit["program"]]
        dates = {source["url"]: source["date"] for source in program["sources"]}
        built.append({"id": unit["id"], "program": unit["program"], "aspect": unit["aspect"],
                      "questions": unit["questions"], "answer": unit["answer"], "context": unit.get("context"),
                      "source_url": unit["source_url"], "source_date": dates.get(unit["source_url"]),
                      "checked_date": program["checked_date"],
                      "restates_office": bool(unit.get("restates_office"))})
    return built


def add_translations(facts: dict[str, Any]) -> None:
    """The current translations of the answer units (facts_src/translations/) and each language's
    stale note; a translation made from an older German text is left out, so the German is shown."""
    try:
        translations, notes, lines = build_translations(facts["answers"])
    except TranslationError as error:
        raise BuildError(f"facts_src/translations: {error}") from error
    facts["translations"], facts["stale_notes"] = translations, notes
    for line in lines:
        print(f"translations {line}")
    try:
        facts["questions_by_language"] = build_questions(facts["answers"])
    except TranslationError as error:
        raise BuildError(f"facts_src/questions: {error}") from error
    for lang, units in facts["questions_by_language"].items():
        print(f"questions {lang}: {sum(map(len, units.values()))} for {len(units)} units")


# --- Kommunale Integrationszentren ---------------------------------------------------

def ki_id_for_row(row: dict[str, str], kreis_by_name: dict[str, dict[str, str]]) -> str:
    region = row["kreis_or_city"].strip()
    if region.startswith("Stadt Aachen"):
        # The city of Aachen belongs to the StädteRegion but runs its own KI (54 KIs, 53 Kreise).
        return STADT_AACHEN_AGS
    if region not in kreis_by_name:
        raise BuildError(f"kommunale_integrationszentren.csv: no Kreis named {region!r}")
    return kreis_by_name[region]["kreis_ags"]


def region_label(ki_id: str, kreis: dict[str, str] | None) -> str:
    if ki_id == STADT_AACHEN_AGS:
        return "Stadt Aachen"
    assert kreis is not None
    return f"Stadt {kreis['name']}" if kreis["kreisfrei"] == "true" else kreis["name"]


def ki_location(row: dict[str, str], ki_id: str, geo: dict[str, Any]) -> dict[str, Any]:
    """Where to measure distances to: the address's PLZ, else the named town, else the Kreis seat."""
    plz = blank_to_none(row["plz"])
    if plz and plz in geo["plz"]:
        lat, lon = geo["plz"][plz]
        return {"lat": lat, "lon": lon, "location_basis": f"PLZ {plz} der Anschrift"}
    city = re.sub(r"\s*\(.*\)$", "", row["city"] or "").strip()
    kreis_ags = ki_id[:5]
    for gemeinde in geo["gemeinden"]:
        if gemeinde["kreis_ags"] == kreis_ags and city and gemeinde["name"] == city:
            return {"lat": float(gemeinde["lat"]), "lon": float(gemeinde["lon"]),
                    "location_basis": f"Ortsmitte {city}"}
    if ki_id == STADT_AACHEN_AGS:
        gemeinde = next(g for g in geo["gemeinden"] if g["ags"] == STADT_AACHEN_AGS)
        return {"lat": float(gemeinde["lat"]), "lon": float(gemeinde["lon"]), "location_basis": "Ortsmitte Aachen"}
    kreis = geo["kreis_by_ags"][kreis_ags]
    basis = "Stadtmitte" if kreis["kreisfrei"] == "true" else "Kreissitz"
    return {"lat": float(kreis["lat"]), "lon": float(kreis["lon"]),
            "location_basis": f"{basis} {kreis['sitz_name']}"}


def build_kis(ki_csv: Path, geo: dict[str, Any], checked_date: str) -> dict[str, Any]:
    kis: dict[str, Any] = {}
    for row in read_csv(ki_csv):
        ki_id = ki_id_for_row(row, geo["kreis_by_name"])
        kreis = geo["kreis_by_ags"].get(ki_id)
        kis[ki_id] = {
            "ki_id": ki_id,
            "region": region_label(ki_id, kreis),
            "name": row["official_name"].strip(),
            "street": blank_to_none(row["street"]),
            "plz": blank_to_none(row["plz"]),
            "city": blank_to_none(row["city"]),
            "phone": blank_to_none(row["phone"]),
            "email": blank_to_none(row["email"]),
            "website": blank_to_none(row["website"]),
            "address_status": blank_to_none(row["address_status"]),
            "notes": blank_to_none(row["notes"]),
            "source_urls": split_urls(row["source_url"]),
            "source_date": blank_to_none(row["source_date"]),
            "newest_source_date": newest_date(row["source_date"]),
            "checked_date": checked_date,
            **ki_location(row, ki_id, geo),
        }
    if len(kis) != 54:
        raise BuildError(f"expected 54 KIs, found {len(kis)}")
    return dict(sorted(kis.items()))


def load_geo(geo_dir: Path) -> dict[str, Any]:
    kreise = read_csv(geo_dir / "kreise_nrw.csv")
    plz: dict[str, tuple[float, float]] = {}
    for row in read_csv(geo_dir / "plz_nrw.csv"):
        plz.setdefault(row["plz"], (float(row["lat"]), float(row["lon"])))
    return {
        "kreis_by_name": {k["name"]: k for k in kreise},
        "kreis_by_ags": {k["kreis_ags"]: k for k in kreise},
        "gemeinden": read_csv(geo_dir / "gemeinden_nrw.csv"),
        "plz": plz,
    }


# --- assembly ------------------------------------------------------------------------

def build(shared: Path, out_dir: Path) -> Path:
    meta, programs = build_programs(FACTS_SRC / "programs.yml", FACTS_SRC / "source_dates.yml")
    rules = yaml.load((FACTS_SRC / "eligibility_rules.yml").read_text(encoding="utf-8"), Loader=YAML_LOADER)
    topics = yaml.load((FACTS_SRC / "topics.yml").read_text(encoding="utf-8"), Loader=YAML_LOADER)["topics"]
    check_evidence(rules, programs)
    check_topics(topics, programs)
    offices = yaml.load((FACTS_SRC / "offices.yml").read_text(encoding="utf-8"), Loader=YAML_LOADER)
    checked = meta["checked_date"]
    answers = build_answers(programs)
    facts = {
        "meta": {
            "checked_date": checked,
            "hinweis": meta["hinweis"],
            "attribution": [line.format(checked=checked) for line in ATTRIBUTION],
            "built_from": ["facts_src/programs.yml", "facts_src/source_dates.yml",
                           "facts_src/kommunale_integrationszentren.csv", "shared/data/geo",
                           "facts_src/eligibility_rules.yml", "facts_src/topics.yml", "facts_src/offices.yml",
                           "facts_src/answers", "facts_src/translations",
                           "facts_src/questions"],
        },
        "programs": programs,
        "topics": topics,
        "kis": build_kis(FACTS_SRC / "kommunale_integrationszentren.csv", load_geo(shared / "geo"),
                         meta.get("kis_checked_date", checked)),
        "eligibility": rules,
        "answers": answers,
        "offices": build_offices(offices, programs, rules, {unit["id"] for unit in answers}),
    }
    check_conditions_units(rules, facts["answers"])
    add_translations(facts)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / "facts.json"
    target.write_text(json.dumps(facts, ensure_ascii=False, indent=1, sort_keys=False) + "\n", encoding="utf-8")
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--out", type=Path, default=REPO / "actions" / "data")
    args = parser.parse_args(argv)
    try:
        target = build(args.shared, args.out)
    except (BuildError, OSError) as error:
        print(f"build_facts: {error}", file=sys.stderr)
        return 1
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
