#!/usr/bin/env python3
"""Build the place data of the bot from the shared NRW geodata.

Usage:  python scripts/build_places.py [--geo ../shared/data/geo] [--out actions/data]

Reads (read-only, provenance and licences in <geo>/SOURCES.md):
  gemeinden_nrw.csv, kreise_nrw.csv, plz_nrw.csv, ortsteile_nrw.csv, kreise_nrw.geojson
  and the curated aliases facts_src/place_aliases.yml.
Writes compact, deterministic JSON (sorted keys, stable order, no timestamps):
  actions/data/places.json            Gemeinden, Kreise, PLZ, Ortsteile, aliases, meta
  actions/data/kreise_boundaries.json kreis_ags -> list of polygons -> list of rings [lon, lat]

The runtime resolver (actions/places.py) reads only these two files.
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import re
import sys
from pathlib import Path
from typing import Any

import yaml

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_GEO_DIR = REPO_ROOT.parent / "shared" / "data" / "geo"
DEFAULT_OUT_DIR = REPO_ROOT / "actions" / "data"
DEFAULT_ALIASES = REPO_ROOT / "facts_src" / "place_aliases.yml"

INPUT_FILES = (
    "gemeinden_nrw.csv",
    "kreise_nrw.csv",
    "plz_nrw.csv",
    "ortsteile_nrw.csv",
    "kreise_nrw.geojson",
)

# Exact attribution texts from <geo>/SOURCES.md (S1, S2, S3, S5, S8).  The build
# checks that each one still occurs verbatim there, so they cannot drift apart.
ATTRIBUTION = (
    "Quelle: Statistisches Bundesamt (Destatis), Gemeindeverzeichnis-Informationssystem GV-ISys, "
    "Gebietsstand 30.09.2021 (© Statistische Ämter des Bundes und der Länder); "
    "Daten gefiltert auf NRW und umformatiert.",
    "© OpenStreetMap-Mitwirkende (openstreetmap.org/copyright), ODbL 1.0; "
    "PLZ-Zuordnung via suche-postleitzahl.org",
    "Postleitzahl-Koordinaten: GeoNames (https://www.geonames.org/), CC BY 4.0, über "
    "zauberware/postal-codes-json-xml-csv; verändert (gefiltert, zugeordnet, gemittelt).",
    "Verwaltungsgrenzen: Geobasis NRW (Bezirksregierung Köln), DVG2, Stand 24.01.2018, "
    "dl-de/zero-2-0; umprojiziert nach WGS84.",
    "Ortsteile: Raumsystematik der NWBib (hbz), CC0 1.0; Koordinaten: Wikidata, CC0 1.0.",
)

# 54 KIs for 53 Kreise/kreisfreie Städte: the city of Aachen is a kreisangehörige
# Gemeinde of the StädteRegion Aachen (05334) but keeps the status of a kreisfreie
# Stadt (Aachen-Gesetz 2009) and has its own KI.  The other 9 Gemeinden of 05334
# are served by the KI of the StädteRegion.  Every other Gemeinde: KI = its Kreis.
AACHEN_AGS = "05334002"
OWN_KI_AGS = frozenset({AACHEN_AGS})

# Generic short-form rules (see _short_forms): "X an der Ruhr" -> "X", "Bad X" -> "X" ...
_SUFFIX_RE = re.compile(r"\s+(?:an der|am|im)\s+\S.*$")
_PAREN_RE = re.compile(r"\s*\([^)]*\)\s*$")


def ki_id_for(ags: str, kreis_ags: str) -> str:
    """Key of the responsible KI: the Kreis key, except for Gemeinden with an own KI."""
    return ags if ags in OWN_KI_AGS else kreis_ags


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _bool(value: str) -> bool:
    if value not in ("true", "false"):
        raise ValueError(f"not a boolean: {value!r}")
    return value == "true"


def _short_forms(name: str, variants: list[str]) -> list[str]:
    """Derived everyday forms of an official name (resolved with lower priority).

    Why: users say "Mülheim", "Haltern", "Honnef", "St. Augustin".  These forms can
    collide with Ortsteile elsewhere; the resolver then asks back.
    """
    forms: list[str] = []
    base = _PAREN_RE.sub("", name).split("/")[0].strip()
    forms.append(base)
    forms.append(_SUFFIX_RE.sub("", base))
    for form in list(forms):
        if form.startswith("Bad ") and len(form) > 8:
            forms.append(form[4:])
        if form.startswith("Sankt "):
            forms.append("St. " + form[6:])
    seen = {name, *variants}
    out: list[str] = []
    for form in forms:
        if form and form not in seen:
            seen.add(form)
            out.append(form)
    return out


def _gemeinden(rows: list[dict[str, str]]) -> list[dict[str, Any]]:
    out = []
    for r in sorted(rows, key=lambda r: r["ags"]):
        variants = [v for v in r["namensvarianten"].split("|") if v]
        amtlich_short = r["name_amtlich"].split(", ")[0]
        if amtlich_short != r["name"] and amtlich_short not in variants:
            variants.append(amtlich_short)
        out.append({
            "ags": r["ags"],
            "name": r["name"],
            "name_amtlich": r["name_amtlich"],
            "kreis_ags": r["kreis_ags"],
            "kreis_name": r["kreis_name"],
            "kreisfrei": _bool(r["kreisfrei"]),
            "lat": float(r["lat"]),
            "lon": float(r["lon"]),
            "population": int(r["population"]),
            "plz": sorted(r["plz"].split()),
            "variants": variants,
            "short_forms": _short_forms(r["name"], variants),
            "ki_id": ki_id_for(r["ags"], r["kreis_ags"]),
        })
    return out


def _kreise(rows: list[dict[str, str]]) -> list[dict[str, Any]]:
    return [{
        "kreis_ags": r["kreis_ags"],
        "name": r["name"],
        "name_amtlich": r["name_amtlich"],
        "kreisfrei": _bool(r["kreisfrei"]),
        "sitz_ags": r["sitz_ags"],
        "lat": float(r["lat"]),
        "lon": float(r["lon"]),
        "ki_id": r["kreis_ags"],
    } for r in sorted(rows, key=lambda r: r["kreis_ags"])]


def _plz(rows: list[dict[str, str]]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for r in sorted(rows, key=lambda r: (r["plz"], r["ags"])):
        out.setdefault(r["plz"], []).append(
            {"ags": r["ags"], "lat": float(r["lat"]), "lon": float(r["lon"])})
    return out


def _ortsteile(rows: list[dict[str, str]]) -> list[dict[str, Any]]:
    items = [{
        "name": r["name"],
        "gemeinde_ags": r["gemeinde_ags"],
        "lat": float(r["lat"]),
        "lon": float(r["lon"]),
        "typ": r["typ"],
    } for r in rows]
    # Same-named rows exist (e.g. two "Langel" in Köln), so sort by every field.
    items.sort(key=lambda o: (o["gemeinde_ags"], o["name"], o["typ"], o["lat"], o["lon"]))
    return items


def _boundaries(geojson: dict[str, Any]) -> dict[str, list]:
    """kreis_ags -> list of polygons (each: outer ring + holes), full precision."""
    out: dict[str, list] = {}
    for feature in geojson["features"]:
        geom = feature["geometry"]
        if geom["type"] == "Polygon":
            polygons = [geom["coordinates"]]
        elif geom["type"] == "MultiPolygon":
            polygons = geom["coordinates"]
        else:
            raise ValueError(f"unsupported geometry {geom['type']}")
        out.setdefault(feature["properties"]["kreis_ags"], []).extend(polygons)
    return out


def _aliases(path: Path, gemeinden: list[dict], kreise: list[dict]) -> dict[str, Any]:
    """Validate the curated aliases against the data and resolve names to keys."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    ags_by_name = {g["name"]: g["ags"] for g in gemeinden}
    kreis_by_name = {k["name"]: k["kreis_ags"] for k in kreise}
    errors: list[str] = []

    def gem(name: str) -> str:
        if name not in ags_by_name:
            errors.append(f"unknown Gemeinde {name!r}")
        return ags_by_name.get(name, "")

    result = {
        "gemeinde": {a: gem(t) for a, t in (raw.get("gemeinde_aliases") or {}).items()},
        "kreis": {},
        "ambiguous": {a: sorted(gem(t) for t in ts)
                      for a, ts in (raw.get("ambiguous") or {}).items()},
        "outside_nrw": sorted(set(raw.get("outside_nrw") or [])),
        "homonyms": sorted(set(raw.get("homonyms") or [])),
    }
    for alias, target in (raw.get("kreis_aliases") or {}).items():
        if target not in kreis_by_name:
            errors.append(f"unknown Kreis {target!r}")
        result["kreis"][alias] = kreis_by_name.get(target, "")
    official = set(ags_by_name) | {v for g in gemeinden for v in g["variants"]}
    kreis_names = set(kreis_by_name) | {k["name_amtlich"] for k in kreise}
    unknown = sorted(set(result["homonyms"]) - official - kreis_names)
    if unknown:
        errors.append(f"homonyms that are no Gemeinde/Kreis name or variant: {unknown}")
    clash = sorted(official & set(result["outside_nrw"]))
    if clash:
        errors.append(f"outside_nrw names that are NRW Gemeinde names: {clash}")
    if errors:
        raise ValueError(f"{path}: " + "; ".join(errors))
    return result


def _check_attribution(geo_dir: Path) -> None:
    sources = geo_dir / "SOURCES.md"
    if not sources.exists():
        return
    text = " ".join(sources.read_text(encoding="utf-8").split())
    missing = [a for a in ATTRIBUTION if a not in text]
    if missing:
        raise ValueError(f"attribution text not found in {sources}: {missing}")


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _rel(path: Path) -> str:
    """Path as written into meta: relative to the repo root, '/'-separated."""
    return Path(os.path.relpath(path.resolve(), REPO_ROOT)).as_posix()


def write_if_changed(path: Path, text: str) -> None:
    """Unchanged data keep their file date, so make does not rebuild the pipeline and retrain the model."""
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


def _dump(obj: Any, path: Path) -> None:
    write_if_changed(path, json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n")


def build(geo_dir: Path, out_dir: Path, aliases_path: Path = DEFAULT_ALIASES) -> dict[str, int]:
    """Build places.json and kreise_boundaries.json into out_dir; return counts."""
    geo_dir, out_dir = Path(geo_dir), Path(out_dir)
    _check_attribution(geo_dir)
    gemeinden = _gemeinden(_read_csv(geo_dir / "gemeinden_nrw.csv"))
    kreise = _kreise(_read_csv(geo_dir / "kreise_nrw.csv"))
    plz = _plz(_read_csv(geo_dir / "plz_nrw.csv"))
    ortsteile = _ortsteile(_read_csv(geo_dir / "ortsteile_nrw.csv"))
    boundaries = _boundaries(json.loads((geo_dir / "kreise_nrw.geojson").read_text("utf-8")))
    aliases = _aliases(Path(aliases_path), gemeinden, kreise)
    _validate(gemeinden, kreise, plz, ortsteile, boundaries)

    inputs = [geo_dir / f for f in INPUT_FILES] + [Path(aliases_path)]
    counts = {
        "gemeinden": len(gemeinden), "kreise": len(kreise), "plz": len(plz),
        "ortsteile": len(ortsteile), "ki": len({g["ki_id"] for g in gemeinden}),
    }
    places = {
        "meta": {
            "attribution": list(ATTRIBUTION),
            "built_from": [_rel(p) for p in inputs],
            "input_sha256": {_rel(p): _sha256(p) for p in inputs},
            "counts": counts,
            "notes": [
                "ki_id = kreis_ags, except Gemeinde Aachen (05334002) with its own KI "
                "(54 KIs for 53 Kreise; Stadt Aachen has the status of a kreisfreie Stadt).",
                "variants = namensvarianten of gemeinden_nrw.csv (+ name_amtlich without "
                "designation if different); short_forms = derived by rule in "
                "scripts/build_places.py (may be ambiguous).",
                "Population: 31.12.2020; boundaries: DVG2 24.01.2018 (+/- 50 m). "
                "See SOURCES.md of the geo data.",
            ],
        },
        "gemeinden": gemeinden,
        "kreise": kreise,
        "plz": plz,
        "ortsteile": ortsteile,
        "aliases": aliases,
    }
    out_dir.mkdir(parents=True, exist_ok=True)
    _dump(places, out_dir / "places.json")
    _dump(boundaries, out_dir / "kreise_boundaries.json")
    return counts


def _validate(gemeinden: list[dict], kreise: list[dict], plz: dict,
              ortsteile: list[dict], boundaries: dict) -> None:
    """Hard consistency checks; a failure means the input data changed shape."""
    ags = {g["ags"] for g in gemeinden}
    kreis_keys = {k["kreis_ags"] for k in kreise}
    problems = []
    if {g["kreis_ags"] for g in gemeinden} != kreis_keys:
        problems.append("Gemeinde Kreise != kreise_nrw.csv")
    if set(boundaries) != kreis_keys:
        problems.append("boundary keys != kreise_nrw.csv")
    if any(e["ags"] not in ags for rows in plz.values() for e in rows):
        problems.append("PLZ row with unknown AGS")
    if any(o["gemeinde_ags"] not in ags for o in ortsteile):
        problems.append("Ortsteil with unknown AGS")
    if not OWN_KI_AGS <= ags:
        problems.append("Aachen (05334002) missing")
    if problems:
        raise ValueError("; ".join(problems))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--geo", type=Path, default=DEFAULT_GEO_DIR,
                        help="folder with the NRW geodata (default: <repo>/../shared/data/geo)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT_DIR,
                        help="output folder (default: <repo>/actions/data)")
    parser.add_argument("--aliases", type=Path, default=DEFAULT_ALIASES)
    args = parser.parse_args(argv)
    counts = build(args.geo, args.out, args.aliases)
    print("wrote", args.out / "places.json", "and", args.out / "kreise_boundaries.json", counts)
    return 0


if __name__ == "__main__":
    sys.exit(main())
