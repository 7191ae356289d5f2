"""Tests of the place data (actions/data/places.json) and the resolver (actions/places.py).

Exhaustive parts run over every Gemeinde, every PLZ and every Gemeinde centre of
the shared geodata (../shared/data/geo).  Without that folder (fresh clone) they
read the committed actions/data/places.json instead; the reproducibility test is
then skipped.
"""
from __future__ import annotations

import csv
import json
import math
import sys
from pathlib import Path

import pytest

from actions.places import (
    AMBIGUOUS,
    FOUND,
    MAX_INPUT_CHARS,
    NOT_FOUND,
    OUTSIDE_NRW,
    get_resolver,
    haversine_km,
)

pytestmark = [pytest.mark.unit, pytest.mark.data]

REPO = Path(__file__).resolve().parent.parent

GEO_DIR = REPO.parent / "shared" / "data" / "geo"
DATA_DIR = REPO / "actions" / "data"
HAVE_GEO = (GEO_DIR / "gemeinden_nrw.csv").exists()
AACHEN = "05334002"

# Official Gemeinde names always resolve uniquely (no two Gemeinden share a name and
# an official name beats same-named Ortsteile), so no name is expected ambiguous.
AMBIGUOUS_GEMEINDE_NAMES: frozenset[str] = frozenset()

# Variants/short forms that are also Ortsteil names in another KI's area (checked
# against the data, ortsteile_nrw.csv `mehrdeutig_mit`): the bot must ask back.
AMBIGUOUS_SHORT_FORMS = frozenset({
    "Gronau",      # Gronau (Westf.) / Bonn-Gronau / Bergisch Gladbach-Gronau
    "Haltern",     # Haltern am See / Haltern (Horstmar)
    "Menden",      # Menden (Sauerland) / Sankt Augustin-Menden
    "Mülheim",     # Mülheim an der Ruhr / Köln-Mülheim / Warstein, Zülpich, Blankenheim
    "Oeynhausen",  # Bad Oeynhausen / Oeynhausen (Nieheim)
    "Sundern",     # Sundern (Sauerland) / Sundern (Gütersloh)
    "Voerde",      # Voerde (Niederrhein) / Voerde (Ennepetal)
    "Wickede",     # Wickede (Ruhr) / Dortmund-Wickede
})


def expected_ki(ags: str, kreis_ags: str) -> str:
    """54 KIs: Stadt Aachen has its own, every other Gemeinde its Kreis' KI."""
    return AACHEN if ags == AACHEN else kreis_ags


def _places_json() -> dict:
    return json.loads((DATA_DIR / "places.json").read_text(encoding="utf-8"))


def _read_csv(name: str) -> list[dict[str, str]]:
    with (GEO_DIR / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def load_gemeinden() -> list[dict]:
    """[{ags, name, kreis_ags, lat, lon}] from the shared CSV, else from places.json."""
    if HAVE_GEO:
        rows = _read_csv("gemeinden_nrw.csv")
    else:
        rows = _places_json()["gemeinden"]
    return [{"ags": r["ags"], "name": r["name"], "kreis_ags": r["kreis_ags"],
             "lat": float(r["lat"]), "lon": float(r["lon"])} for r in rows]


def load_plz() -> dict[str, set[str]]:
    """PLZ -> set of AGS, from the shared CSV, else from places.json."""
    out: dict[str, set[str]] = {}
    if HAVE_GEO:
        for r in _read_csv("plz_nrw.csv"):
            out.setdefault(r["plz"], set()).add(r["ags"])
    else:
        for plz, rows in _places_json()["plz"].items():
            out[plz] = {e["ags"] for e in rows}
    return out


GEMEINDEN = load_gemeinden()
GEMEINDE_BY_AGS = {g["ags"]: g for g in GEMEINDEN}
PLZ = load_plz()


def _ki_ids(res) -> set[str]:
    return {c.ki_id for c in res.candidates}


# ---------------------------------------------------------------- every Gemeinde
def gemeinde_name_problem(resolver, g: dict) -> str | None:
    """What is wrong with the answer to a Gemeinde's official name; None if nothing."""
    res = resolver.resolve(g["name"])
    ki = expected_ki(g["ags"], g["kreis_ags"])
    if g["name"] in AMBIGUOUS_GEMEINDE_NAMES:
        return None if res.status == AMBIGUOUS and ki in _ki_ids(res) else f"not AMBIGUOUS with KI {ki}: {res}"
    if res.status != FOUND or len(res.candidates) != 1:
        return f"not one candidate FOUND: {res}"
    (cand,) = res.candidates
    right = (cand.gemeinde is not None and cand.gemeinde.ags == g["ags"] and cand.ki_id == ki
             and cand.kreis_ags == g["kreis_ags"] and cand.via == "gemeinde")
    return None if right else f"expected AGS {g['ags']}, KI {ki}, Kreis {g['kreis_ags']} via gemeinde: {cand}"


def test_every_gemeinde_name(resolver):
    """All 396 Gemeinden; the message lists every one that fails."""
    failures = [f"{g['ags']}-{g['name']}: {problem}" for g in GEMEINDEN
                if (problem := gemeinde_name_problem(resolver, g))]
    assert not failures, f"{len(failures)} of {len(GEMEINDEN)} Gemeinde names:\n" + "\n".join(failures)


def _spellings(name: str) -> set[str]:
    plain = name.translate(str.maketrans({"ä": "a", "ö": "o", "ü": "u", "Ä": "A", "Ö": "O", "Ü": "U"}))
    ae = name.translate(str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"}))
    return {name.lower(), name.upper(), plain, ae.lower(), name.replace("ß", "ss")}


# Umlaut-free spellings that are the exact name of another place: exact spelling wins.
SPELLING_IS_OTHER_PLACE = {"Lohne": "Löhne"}   # Lohne = Ortsteil of Bad Sassendorf


def test_every_gemeinde_in_other_spellings(resolver):
    failures = []
    for g in GEMEINDEN:
        for spelling in _spellings(g["name"]):
            if SPELLING_IS_OTHER_PLACE.get(spelling) == g["name"]:
                continue
            res = resolver.resolve(spelling)
            if res.status != FOUND or res.candidates[0].gemeinde.ags != g["ags"]:
                failures.append((spelling, res.status))
    assert not failures


def test_every_gemeinde_in_a_sentence(resolver):
    failures = []
    for g in GEMEINDEN:
        res = resolver.resolve(f"Welches KI ist für {g['name']} zuständig?")
        if res.status != FOUND or res.candidates[0].gemeinde.ags != g["ags"]:
            failures.append((g["name"], res.status))
    assert not failures


def test_every_variant_and_short_form(resolver):
    failures = []
    for g in _places_json()["gemeinden"]:
        for form in g["variants"] + g["short_forms"]:
            res = resolver.resolve(form)
            agss = [c.gemeinde.ags for c in res.candidates if c.gemeinde]
            if form in AMBIGUOUS_SHORT_FORMS:
                ok = res.status == AMBIGUOUS and agss[0] == g["ags"]  # the Gemeinde first
            else:
                ok = res.status == FOUND and agss == [g["ags"]]
            if not ok:
                failures.append((form, res.status, agss))
    assert not failures


def test_every_ortsteil_with_its_gemeinde(resolver):
    """"<Gemeinde>-<Ortsteil>" and "<Gemeinde> <Ortsteil>" always name that Gemeinde."""
    failures = []
    for o in _places_json()["ortsteile"]:
        g = resolver.gemeinde(o["gemeinde_ags"])
        for text in (f"{g.name}-{o['name']}", f"{g.name} {o['name']}"):
            res = resolver.resolve(text)
            if res.status != FOUND or res.candidates[0].gemeinde.ags != g.ags:
                failures.append((text, res.status))
    assert not failures


# ---------------------------------------------------------------- every PLZ
def plz_problem(resolver, plz: str) -> str | None:
    """What is wrong with the answer to a PLZ; None if nothing."""
    agss = PLZ[plz]
    kis = {expected_ki(a, a[:5]) for a in agss}
    res = resolver.resolve(plz)
    if not all(c.via == "plz" for c in res.candidates):
        return f"a candidate not via plz: {res}"
    if len(agss) == 1:
        right = res.status == FOUND and res.candidates[0].gemeinde.ags == next(iter(agss))
        expected = f"FOUND, Gemeinde {next(iter(agss))}"
    elif len(kis) == 1:
        right = res.status == FOUND and res.candidates[0].ki_id in kis
        expected = f"FOUND, KI {kis}"
    else:
        right = (res.status == AMBIGUOUS and _ki_ids(res) == kis
                 and {c.gemeinde.ags for c in res.candidates} == agss)
        expected = f"AMBIGUOUS between KIs {sorted(kis)} and Gemeinden {sorted(agss)}"
    return None if right else f"expected {expected}: {res}"


def test_every_plz(resolver):
    """All 872 PLZ; the message lists every one that fails."""
    failures = [f"{plz}: {problem}" for plz in sorted(PLZ) if (problem := plz_problem(resolver, plz))]
    assert not failures, f"{len(failures)} of {len(PLZ)} PLZ:\n" + "\n".join(failures)


def test_plz_in_sentence_and_with_name(resolver):
    res = resolver.resolve("ich wohne in 44135")
    assert res.status == FOUND and res.candidates[0].gemeinde.name == "Dortmund"
    # 40472 is shared by Düsseldorf and Ratingen; a name in the message decides.
    assert resolver.resolve("40472").status == AMBIGUOUS
    res = resolver.resolve("40472 Ratingen")
    assert res.status == FOUND and res.candidates[0].gemeinde.name == "Ratingen"


def test_unknown_plz(resolver):
    assert resolver.resolve("10115").status == OUTSIDE_NRW          # Berlin
    assert resolver.resolve("80331 München").status == OUTSIDE_NRW
    res = resolver.resolve("Meine PLZ ist 10115")
    assert res.status == OUTSIDE_NRW and res.matched == "10115"
    # NRW Leitregion but not a delivery PLZ in the data (e.g. Postfach): not_found.
    assert resolver.resolve("40001").status == NOT_FOUND
    assert resolver.resolve("123456").status == NOT_FOUND            # no 5-digit number


def test_ags_payloads(resolver):
    res = resolver.resolve("05334002")
    assert res.status == FOUND and res.candidates[0].via == "ags"
    assert res.candidates[0].ki_id == AACHEN
    res = resolver.resolve('/inform{"ags":"05170024"}')
    assert res.status == FOUND and res.candidates[0].gemeinde.name == "Moers"
    res = resolver.resolve("05334")                                  # Kreis key
    assert res.status == FOUND and res.candidates[0].gemeinde is None
    assert res.candidates[0].ki_id == "05334"
    assert resolver.resolve("09162000").status == NOT_FOUND          # München's AGS: not NRW


# ---------------------------------------------------------------- coordinates
def test_every_gemeinde_centre_lies_in_its_kreis(resolver):
    failures = []
    for g in GEMEINDEN:
        res = resolver.resolve_coordinates(g["lat"], g["lon"])
        if res.status != FOUND or res.candidates[0].kreis_ags != g["kreis_ags"]:
            failures.append((g["name"], res.status))
    share = 1 - len(failures) / len(GEMEINDEN)
    print(f"Kreis agreement of Gemeinde centres: {share:.2%}; failures: {failures}")
    assert share >= 0.99, failures


def test_every_gemeinde_centre_gives_its_gemeinde_and_ki(resolver):
    failures = []
    for g in GEMEINDEN:
        cand = resolver.resolve_coordinates(g["lat"], g["lon"]).candidates[0]
        if cand.gemeinde.ags != g["ags"] or cand.ki_id != expected_ki(g["ags"], g["kreis_ags"]):
            failures.append(g["name"])
    assert not failures


@pytest.mark.parametrize("lat,lon,name,ki", [
    (50.9413, 6.9583, "Köln", "05315"),          # Kölner Dom
    (50.7753, 6.0839, "Aachen", AACHEN),         # Aachener Dom
    (50.8166, 6.2744, "Eschweiler", "05334"),    # Eschweiler, Markt
    (51.5136, 7.4653, "Dortmund", "05913"),      # Dortmund Hbf
    (52.0302, 8.5325, "Bielefeld", "05711"),
])
def test_coordinates_known_points(resolver, lat, lon, name, ki):
    res = resolver.resolve_coordinates(lat, lon)
    assert res.status == FOUND
    assert res.candidates[0].gemeinde.name == name and res.candidates[0].ki_id == ki
    assert res.candidates[0].via == "coordinates"


@pytest.mark.parametrize("lat,lon", [
    (53.5511, 9.9937),   # Hamburg
    (52.5200, 13.4050),  # Berlin
    (50.8514, 5.6910),   # Maastricht
    (0.0, 0.0),
])
def test_coordinates_outside_nrw(resolver, lat, lon):
    assert resolver.resolve_coordinates(lat, lon).status == OUTSIDE_NRW


@pytest.mark.parametrize("lat,lon", [
    (math.nan, 7.0), (51.0, math.inf), (91.0, 7.0), (51.0, -181.0), ("x", 7.0), (None, None),
])
def test_coordinates_invalid(resolver, lat, lon):
    assert resolver.resolve_coordinates(lat, lon).status == NOT_FOUND


def test_haversine():
    assert haversine_km(50.9413, 6.9583, 50.9413, 6.9583) == 0
    assert 33 < haversine_km(50.9413, 6.9583, 51.2200, 6.7763) < 35   # Köln–Düsseldorf
    assert haversine_km(51, 7, 52, 8) == pytest.approx(haversine_km(52, 8, 51, 7))


# ---------------------------------------------------------------- named examples
@pytest.mark.parametrize("text,gemeinde,ki,via", [
    ("Hamm", "Hamm", "05915", "gemeinde"),                       # not Düsseldorf-Hamm
    ("Hagen", "Hagen", "05914", "gemeinde"),
    ("Mülheim an der Ruhr", "Mülheim an der Ruhr", "05117", "gemeinde"),
    ("Bad Godesberg", "Bonn", "05314", "ortsteil"),
    ("Rheydt", "Mönchengladbach", "05116", "ortsteil"),
    ("Wattenscheid", "Bochum", "05911", "ortsteil"),
    ("Buer", "Gelsenkirchen", "05513", "ortsteil"),              # only Gelsenkirchen has one
    ("Gelsenkirchen-Buer", "Gelsenkirchen", "05513", "ortsteil"),
    ("Essen-Steele", "Essen", "05113", "ortsteil"),
    ("Gelsenkirchen Buer", "Gelsenkirchen", "05513", "ortsteil"),
    ("Köln-Mülheim", "Köln", "05315", "ortsteil"),
    ("Wanne-Eickel", "Herne", "05916", "ortsteil"),
    ("Gelsenkirschen", "Gelsenkirchen", "05513", "fuzzy"),
    ("Dortmunt", "Dortmund", "05913", "fuzzy"),
    ("Bielefled", "Bielefeld", "05711", "fuzzy"),
    ("Wattenscheidt", "Bochum", "05911", "fuzzy"),
    ("Cologne", "Köln", "05315", "alias"),
    ("Colonia", "Köln", "05315", "alias"),
    ("Aix-la-Chapelle", "Aachen", AACHEN, "alias"),
    ("Mönchen-Gladbach", "Mönchengladbach", "05116", "alias"),
    ("St. Augustin", "Sankt Augustin", "05382", "alias"),
    ("Koeln", "Köln", "05315", "gemeinde"),
    ("Koln", "Köln", "05315", "gemeinde"),
    ("Moenchengladbach", "Mönchengladbach", "05116", "gemeinde"),
    ("Monchengladbach", "Mönchengladbach", "05116", "gemeinde"),
    ("Dusseldorf", "Düsseldorf", "05111", "gemeinde"),
    ("Muenster", "Münster", "05515", "gemeinde"),
    ("MÜNSTER", "Münster", "05515", "gemeinde"),
    ("Aachen", "Aachen", AACHEN, "gemeinde"),
    ("Eschweiler", "Eschweiler", "05334", "gemeinde"),           # not Heinsberg-Eschweiler
    ("Herzogenrath", "Herzogenrath", "05334", "gemeinde"),
    ("Lohne", "Bad Sassendorf", "05974", "ortsteil"),            # exact spelling, not Löhne
    ("Velbert-Langenberg", "Velbert", "05158", "ortsteil"),      # "Langenberg (Rheinland)"
    ("Langenberg", "Langenberg", "05754", "gemeinde"),           # the Gemeinde wins
    ("Aachen-Brand", "Aachen", AACHEN, "ortsteil"),
    ("Bottorp", "Bottrop", "05512", "fuzzy"),                    # swapped letters, 7 long
    ("Mülhiem an der Ruhr", "Mülheim an der Ruhr", "05117", "fuzzy"),
    ("Kölner", "Köln", "05315", "alias"),                        # adjective form
])
def test_named_examples(resolver, text, gemeinde, ki, via):
    res = resolver.resolve(text)
    assert res.status == FOUND, res
    cand = res.candidates[0]
    assert cand.gemeinde.name == gemeinde and cand.ki_id == ki and cand.via == via


@pytest.mark.parametrize("text,kreis_ags,via", [
    ("Kreis Wesel", "05170", "kreis"),
    ("Landkreis Wesel", "05170", "kreis"),
    ("Rhein-Sieg-Kreis", "05382", "kreis"),
    ("Rhein Sieg Kreis", "05382", "kreis"),
    ("StädteRegion Aachen", "05334", "kreis"),
    ("Städteregion Aachen", "05334", "kreis"),
    ("Märkischer Kreis", "05962", "kreis"),
    ("Hochsauerlandkreis", "05958", "kreis"),
    ("Siegen-Wittgenstein", "05970", "kreis"),
    ("Lippe", "05766", "kreis"),
    ("Ennepe-Ruhr", "05954", "alias"),
    ("Hochsauerland", "05958", "alias"),
    ("im Märkischen Kreis", "05962", "alias"),
    ("Kreis Neuss", "05162", "alias"),
])
def test_kreis_level(resolver, text, kreis_ags, via):
    res = resolver.resolve(text)
    assert res.status == FOUND, res
    cand = res.candidates[0]
    assert cand.gemeinde is None and cand.kreis_ags == kreis_ags == cand.ki_id
    assert cand.via == via


def test_every_kreis_name(resolver):
    """Buttons for Kreis-level candidates send the Kreis name back."""
    for k in _places_json()["kreise"]:
        res = resolver.resolve(k["name"])
        assert res.status == FOUND, k["name"]
        cand = res.candidates[0]
        assert cand.kreis_ags == k["kreis_ags"] == cand.ki_id
        assert (cand.gemeinde is not None) == k["kreisfrei"]


def test_kreisfreie_stadt_is_answered_as_gemeinde(resolver):
    res = resolver.resolve("Stadt Köln")
    assert res.status == FOUND and res.candidates[0].gemeinde.name == "Köln"


def test_muelheim_is_ambiguous(resolver):
    res = resolver.resolve("Mülheim")
    assert res.status == AMBIGUOUS
    labels = [c.label for c in res.candidates]
    assert labels[0] == "Mülheim an der Ruhr"
    assert "Köln-Mülheim (Stadt Köln)" in labels
    # one candidate per Gemeinde (Köln has a Stadtbezirk and a Stadtteil "Mülheim")
    agss = [c.gemeinde.ags for c in res.candidates]
    assert len(agss) == len(set(agss))
    assert resolver.resolve("Ich wohne in Mülheim").status == AMBIGUOUS


@pytest.mark.parametrize("text,expected", [
    ("Gladbach", {"05116", "05378", "05158", "05358"}),   # curated + Ortsteile
    ("Gronau", {"05554", "05314", "05378"}),
    ("Menden", {"05962", "05382"}),
])
def test_ambiguous_names(resolver, text, expected):
    res = resolver.resolve(text)
    assert res.status == AMBIGUOUS and _ki_ids(res) == expected


def test_fuzzy_tie_is_ambiguous(resolver):
    # one letter from Gelsenkirchen and from Geilenkirchen
    res = resolver.resolve("Geslenkirchen")
    assert res.status == AMBIGUOUS and _ki_ids(res) == {"05513", "05370"}


def test_adjective_with_other_ortsteil_is_ambiguous(resolver):
    # "Nordstadt" is an Ortsteil of Bonn only; "Dortmunder" points to Dortmund.
    res = resolver.resolve("in der Dortmunder Nordstadt")
    assert res.status == AMBIGUOUS
    assert res.candidates[0].gemeinde.name == "Dortmund"


def test_same_ki_is_found(resolver):
    # "Mülheim (Zülpich)" and "Mülheim (Blankenheim)" are both in Kreis Euskirchen.
    res = resolver.resolve("Zülpich Mülheim")
    assert res.status == FOUND and res.candidates[0].ki_id == "05366"
    # several matches with the same KI: the Gemeinde wins over its Kreis
    res = resolver.resolve("Ich wohne in Moers im Kreis Wesel")
    assert res.status == FOUND and res.candidates[0].gemeinde.name == "Moers"


# ---------------------------------------------------------------- sentences
@pytest.mark.parametrize("text,gemeinde", [
    ("Welches KI ist für Moers zuständig?", "Moers"),
    ("Ich bin nach Bonn umgezogen", "Bonn"),
    ("ich wohne in gelsenkirchen buer", "Gelsenkirchen"),
    ("Hallo, ich lebe seit 2019 in Bad Godesberg und brauche Hilfe", "Bonn"),
    ("wo ist das ki in dusseldorf", "Düsseldorf"),
    ("Ich komme aus Hamburg und wohne jetzt in Bielefeld", "Bielefeld"),
    ("Ich ziehe von Berlin nach Köln", "Köln"),
    ("wohnort: 48143 münster", "Münster"),
    ("Ich wohne in Essen", "Essen"),
    ("Essen", "Essen"),
    ("Essen Integrationszentrum", "Essen"),
    ("ich bin aus essen", "Essen"),
    ("Welches KI ist für Lage zuständig?", "Lage"),
    ("ich wohne in Gelsenkirschen", "Gelsenkirchen"),
])
def test_sentences(resolver, text, gemeinde):
    res = resolver.resolve(text)
    assert res.status == FOUND, res
    assert res.candidates[0].gemeinde.name == gemeinde


def test_matched_is_the_input_span(resolver):
    res = resolver.resolve("Ich wohne in Gelsenkirchen-Buer seit zwei Jahren")
    assert res.candidates[0].matched == "Gelsenkirchen-Buer"
    assert res.candidates[0].label == "Gelsenkirchen-Buer (Stadt Gelsenkirchen)"


@pytest.mark.parametrize("text", [
    "Hamburg", "Ich wohne in Hamburg", "München", "Muenchen", "Frankfurt am Main",
    "Berlin", "Maastricht", "Brüssel", "Bremen", "10115", "Ich lebe in Bayern",
])
def test_outside_nrw(resolver, text):
    res = resolver.resolve(text)
    assert res.status == OUTSIDE_NRW and res.candidates == () and res.matched


def test_ortsteil_with_gemeinde_beats_outside_name(resolver):
    # "Bremen" is also an Ortsteil of Ense; the bare name means the city.
    res = resolver.resolve("Ense-Bremen")
    assert res.status == FOUND and res.candidates[0].gemeinde.name == "Ense"


@pytest.mark.parametrize("text", [
    "Hallo, ich brauche Hilfe",
    "Wie lange dauert das?",
    "Meine Nachbarn sind nett",
    "Mein Sohn braucht einen Kitaplatz",
    "Ich wohne im Norden",
    "Ich wohne in der Innenstadt",
    "Weiß ich nicht mehr",
    "Wir gehen morgen essen",
    "Die Lage ist schwierig",
    "Wir kamen 2015 nach Deutschland",
    "Ich möchte einen Brief senden",
    "thank you very much",
    "Ich wohne am Rhein",
    "Was macht ein Kommunales Integrationszentrum?",
    # everyday words that are Ortsteil names or one letter from a place name
    "vielen Dank",                       # ~ Velen
    "Warum willst du das wissen?",       # Wissen (Weeze)
    "Was ist deine Quelle?",             # Bielefeld-Quelle
    "Muss ich etwas zahlen?",            # ~ Ahlen
    "Ich möchte mit einem Menschen sprechen",   # ~ München
    "Es gab einen Brand",                # Aachen-Brand
    "Wo kann ich billig Handyvertrag bekommen?",  # Billig (Euskirchen)
    "Spitze!",
])
def test_no_place_in_sentence(resolver, text):
    assert resolver.resolve(text).status == NOT_FOUND


@pytest.mark.parametrize("text", [
    "", " ", "\n\t", "😀😀😀", "\x00\x01\x02\xff", "?!.,;", "a", "ab", "12", "0" * 50,
    "x" * 100_000, "Bonn" * 30_000, "\ud800", "ÄÖÜß" * 1000, "ﷺ ٱلرَّحِيمِ", "Straße 5",
])
def test_odd_input_never_raises(resolver, text):
    res = resolver.resolve(text)
    assert res.status in (NOT_FOUND, FOUND, AMBIGUOUS, OUTSIDE_NRW)
    assert len(res.query) <= MAX_INPUT_CHARS


@pytest.mark.parametrize("value", [None, 42, b"Bonn", ["Bonn"]])
def test_non_string_input(resolver, value):
    assert resolver.resolve(value).status == NOT_FOUND


def test_only_the_start_of_long_input_is_searched(resolver):
    assert resolver.resolve("Bonn " + "x" * 100_000).status == FOUND
    assert resolver.resolve("x " * MAX_INPUT_CHARS + "Bonn").status == NOT_FOUND


def test_gemeinde_lookup(resolver):
    g = resolver.gemeinde(AACHEN)
    assert g.name == "Aachen" and g.ki_id == AACHEN and g.kreis_ags == "05334" and not g.kreisfrei
    assert resolver.gemeinde("00000000") is None
    assert resolver.gemeinde(None) is None


def test_resolver_is_cached():
    assert get_resolver() is get_resolver()


# ---------------------------------------------------------------- data files
def test_ki_ids():
    places = _places_json()
    kis = {g["ki_id"] for g in places["gemeinden"]}
    assert len(places["kreise"]) == 53 and len(kis) == 54
    aachen_region = [g for g in places["gemeinden"] if g["kreis_ags"] == "05334"]
    assert len(aachen_region) == 10
    assert {g["ki_id"] for g in aachen_region if g["ags"] != AACHEN} == {"05334"}
    assert all(g["ki_id"] == expected_ki(g["ags"], g["kreis_ags"]) for g in places["gemeinden"])


def test_meta_attribution_and_sources():
    meta = _places_json()["meta"]
    text = " ".join(meta["attribution"])
    for needle in ("Destatis", "GV-ISys", "OpenStreetMap", "ODbL 1.0", "GeoNames", "CC BY 4.0",
                   "Geobasis NRW", "dl-de/zero-2-0", "NWBib", "Wikidata", "CC0"):
        assert needle in text
    assert any(p.endswith("gemeinden_nrw.csv") for p in meta["built_from"])
    assert "facts_src/place_aliases.yml" in meta["built_from"]
    if HAVE_GEO:
        sources = " ".join((GEO_DIR / "SOURCES.md").read_text(encoding="utf-8").split())
        assert all(a in sources for a in meta["attribution"])


def test_boundaries_file():
    boundaries = json.loads((DATA_DIR / "kreise_boundaries.json").read_text(encoding="utf-8"))
    assert len(boundaries) == 53 and "05334" in boundaries
    for polygons in boundaries.values():
        for rings in polygons:
            assert all(len(ring) >= 4 and ring[0] == ring[-1] for ring in rings)


@pytest.mark.skipif(not HAVE_GEO, reason=f"shared geodata not found at {GEO_DIR}")
def test_build_is_reproducible(tmp_path):
    sys.path.insert(0, str(REPO / "scripts"))
    import build_places

    build_places.build(GEO_DIR, tmp_path)
    for name in ("places.json", "kreise_boundaries.json"):
        assert (tmp_path / name).read_bytes() == (DATA_DIR / name).read_bytes(), name
