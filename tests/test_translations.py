"""Translations of the answer units (issue #17): the German hash, stale detection, the figure check,
the lookup with its German fallback, and the committed translation files."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from actions.translations import answer_in, german_hash
from scripts.translations import (
    INTERNAL,
    TranslationError,
    build_translations,
    counts,
    entry_problems,
    figure_problems,
    figures,
    german_units,
    load_files,
    problems_of,
    todo,
)

FIXTURES = Path(__file__).resolve().parent / "fixtures"
GERMAN = yaml.safe_load((FIXTURES / "translations_german.yml").read_text(encoding="utf-8"))
KIND, STAY, LANGUAGE = (unit["id"] for unit in GERMAN)  # LANGUAGE's English translation is stale
GERMAN_BY_ID = {unit["id"]: unit for unit in GERMAN}


@pytest.fixture(scope="module")
def built():
    """facts.json's part for the fixture files: (facts with answers, translations and notes, stats lines)."""
    translations, notes, lines = build_translations(GERMAN, FIXTURES / "translations")
    return {"answers": GERMAN, "translations": translations, "stale_notes": notes}, lines


def entry(unit_id: str, answer: str, context: str | None = None, de_hash: str | None = None) -> dict:
    return {"de_hash": de_hash or german_hash(GERMAN_BY_ID[unit_id]), "answer": answer, "context": context}


def write(directory: Path, lang: str, units: dict, **top) -> Path:
    document = {"language": lang, "stale_note": "German shown.", "units": units, **top}
    (directory / f"{lang}.yml").write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    return directory


# --- hash ----------------------------------------------------------------------------------

@pytest.mark.unit
def test_the_hash_is_sha256_of_answer_newline_context_cut_to_12_hex_digits():
    import hashlib
    unit = GERMAN_BY_ID[KIND]
    expected = hashlib.sha256((unit["answer"] + "\n" + unit["context"]).encode("utf-8")).hexdigest()[:12]
    assert german_hash(unit) == expected == "6a73289fff42"


@pytest.mark.unit
def test_no_context_hashes_like_an_empty_one_and_any_change_changes_the_hash():
    unit = {"answer": "Die Einbürgerung kostet 255 €.", "context": None}
    assert german_hash(unit) == german_hash({"answer": unit["answer"]}) == german_hash({**unit, "context": ""})
    assert german_hash(unit) != german_hash({**unit, "answer": "Die Einbürgerung kostet 250 €."})
    assert german_hash(unit) != german_hash({**unit, "context": "Für Kinder 51 €."})


# --- stale detection and the build ------------------------------------------------------------

@pytest.mark.unit
def test_only_translations_of_the_current_german_reach_the_facts(built):
    facts, _ = built
    assert set(facts["translations"]["en"]) == {KIND, STAY}  # LANGUAGE was translated from an older text
    assert set(facts["translations"]["uk"]) == {KIND}
    assert facts["translations"]["en"][STAY]["context"] is None
    assert facts["stale_notes"]["uk"].startswith("Цю відповідь")


@pytest.mark.unit
def test_the_build_reports_translated_stale_and_missing_per_language(built):
    _, lines = built
    assert lines == ["en: 2 translated, 1 stale (German shown), 0 missing",
                     "uk: 1 translated, 0 stale (German shown), 2 missing"]


@pytest.mark.unit
def test_a_changed_german_answer_makes_its_translation_stale():
    documents = load_files(FIXTURES / "translations")
    changed = [{**unit, "answer": unit["answer"].replace("51 €", "52 €")} if unit["id"] == KIND else unit
               for unit in GERMAN]
    assert counts(documents["en"], changed) == {"translated": 1, "stale": 2, "missing": 0}
    translations, _, _ = build_translations(changed, FIXTURES / "translations")
    assert KIND not in translations["en"] and translations["uk"] == {}


# --- lookup ------------------------------------------------------------------------------------

@pytest.mark.unit
def test_a_current_translation_is_shown_without_a_note(built):
    facts, _ = built
    answer, context, note = answer_in(GERMAN_BY_ID[KIND], "en", facts)
    assert answer.startswith("For a minor child") and context == "For adults it is 255 €." and note is None


@pytest.mark.unit
def test_a_stale_translation_is_never_shown_german_comes_with_the_note_in_the_persons_language(built):
    facts, _ = built
    unit = GERMAN_BY_ID[LANGUAGE]
    assert answer_in(unit, "en", facts) == (unit["answer"], unit["context"], facts["stale_notes"]["en"])


@pytest.mark.unit
def test_a_missing_translation_falls_back_to_german_with_the_note(built):
    facts, _ = built
    unit = GERMAN_BY_ID[STAY]
    assert answer_in(unit, "uk", facts) == (unit["answer"], None, facts["stale_notes"]["uk"])


@pytest.mark.unit
@pytest.mark.parametrize("lang", ["de", None, "tr"])
def test_german_none_or_a_language_without_translations_gives_german_without_a_note(built, lang):
    facts, _ = built
    unit = GERMAN_BY_ID[KIND]
    assert answer_in(unit, lang, facts) == (unit["answer"], unit["context"], None)
    assert answer_in(unit, "en", {"answers": GERMAN}) == (unit["answer"], unit["context"], None)


# --- figures -----------------------------------------------------------------------------------

@pytest.mark.unit
def test_figures_are_read_as_links_dates_paragraphs_amounts_levels_and_numbers():
    text = "Seit 27.06.2024 nach § 25 Abs. 5 AufenthG: 255 €, B1, 50 %, 5 Jahre, www.ichduwir.nrw."
    assert sorted(figures(text)) == ["amount 255 €", "amount 50 %", "date 27.06.2024", "figure 5", "level B1",
                                     "link www.ichduwir.nrw", "paragraph § 25 Abs. 5"]


@pytest.mark.unit
@pytest.mark.parametrize("translated", [
    "Naturalisation costs 51 € for a child; for adults it is 255 €.",
    "For a child it costs €51. Adults pay 255 euros.",  # the currency may be written the English way
])
def test_the_same_figures_in_another_order_or_currency_notation_pass(translated):
    assert figure_problems("Für ein Kind 51 €. Für Erwachsene sind es 255 €.", translated) == []


@pytest.mark.unit
@pytest.mark.parametrize("german, translated", [
    ("Die Einbürgerung kostet 255 €.", "Naturalisation costs 250 €."),
    ("Sie müssen nichts nachweisen (§ 10 Abs. 6 StAG).", "You do not have to prove anything."),
    ("Sie müssen nichts nachweisen (§ 10 StAG).", "You do not have to prove anything (§ 11 StAG)."),
    ("Sie müssen mindestens 5 Jahre hier leben.", "You must have lived here for at least five years."),
    ("Das gilt seit 27.06.2024.", "This applies since 27 June 2024."),
    ("Das gilt seit 27.06.2024.", "This applies since 06/27/2024."),
    ("Die Webseite ist www.ichduwir.nrw.", "The website is www.ichduwir.de."),
    ("Die nächste Stelle finden Sie über migrationsberatung.org.", "Find the nearest one on migrationsberatung.de."),
    ("E-Mail: zag@brms.nrw.de.", "E-mail: zag@bezreg-muenster.de."),
    ("Sie bekommen 50 % zurück.", "You get 50 € back."),
    ("Das Land gibt 130 Mio. €.", "The state gives 130 €."),
    ("Ab Niveau B1.", "From level B2."),
    ("Stand 2019.", "As of 2019, 3 years ago."),
])
def test_a_changed_dropped_or_worded_figure_fails(german, translated):
    assert figure_problems(german, translated)


@pytest.mark.unit
def test_a_figure_given_twice_in_german_must_appear_twice():
    assert figure_problems("§ 16g gilt. Mit § 16g dürfen Sie arbeiten.", "§ 16g applies. With it you may work.")


# --- fields and files --------------------------------------------------------------------------

@pytest.mark.unit
@pytest.mark.parametrize("unit_id, bad, expected", [
    (KIND, {"de_hash": "6a73289fff42", "answer": "x 51 € 255 €"}, "exactly the fields"),
    (KIND, {**entry(KIND, "x 51 € 255 €", "y"), "note": "z"}, "exactly the fields"),
    (KIND, entry(KIND, "x 51 € 255 €", "y", de_hash="6A73289FFF42"), "de_hash"),
    (KIND, entry(KIND, "", "For adults 255 €."), "answer is empty"),
    (KIND, entry(KIND, "Costs 51 € and 255 €.", None), "context must be null exactly"),
    (STAY, entry(STAY, "5 years since 27.06.2024, before 8 years.", "More."), "context must be null exactly"),
    (KIND, entry(KIND, "It costs 51 € " + "and so on " * 40, "255 €."), "longer than 350"),
    (KIND, entry(KIND, "See cost_child: 51 €.", "255 €."), "internal name"),
    (KIND, entry(KIND, "Hinweis: 51 €.", "255 €."), "internal name"),
])
def test_a_missing_or_wrong_field_fails(unit_id, bad, expected):
    problems = entry_problems(bad, GERMAN_BY_ID[unit_id])
    assert any(expected in problem for problem in problems), problems


@pytest.mark.unit
def test_a_stale_translation_is_not_held_to_the_new_figures_but_still_to_its_fields():
    stale = entry(KIND, "Naturalisation costs 49 €.", None, de_hash="0123456789ab")
    assert entry_problems(stale, GERMAN_BY_ID[KIND]) == []
    assert entry_problems({**stale, "answer": ""}, GERMAN_BY_ID[KIND]) == ["answer is empty"]


@pytest.mark.unit
def test_an_unknown_unit_id_or_a_bad_file_header_fails(tmp_path):
    write(tmp_path, "en", {"einbuergerung.gibt_es_nicht": entry(KIND, "51 € 255 €", "x")})
    write(tmp_path, "xx", {}, stale_note="two\nlines")
    problems = problems_of(load_files(tmp_path), GERMAN)
    assert any("en.yml: einbuergerung.gibt_es_nicht: no German unit" in problem for problem in problems)
    assert any(problem.startswith("xx.yml: language must be") for problem in problems)
    assert any(problem.startswith("xx.yml: stale_note must be one line") for problem in problems)
    with pytest.raises(TranslationError, match="problem"):
        build_translations(GERMAN, tmp_path)


@pytest.mark.unit
def test_a_unit_translated_twice_in_one_file_fails(tmp_path):
    text = (FIXTURES / "translations" / "uk.yml").read_text(encoding="utf-8")
    duplicate = text.split("units:\n", 1)[1]
    (tmp_path / "uk.yml").write_text(text + duplicate, encoding="utf-8")
    with pytest.raises(TranslationError, match="given twice"):
        load_files(tmp_path)


@pytest.mark.unit
def test_todo_lists_missing_and_stale_units_with_the_current_hash_as_yaml_to_fill():
    documents = load_files(FIXTURES / "translations")
    listed = todo("en", GERMAN, documents["en"])
    assert LANGUAGE in listed and KIND not in listed and german_hash(GERMAN_BY_ID[LANGUAGE]) in listed
    assert "# stale, was: If illness" in listed
    skeleton = yaml.safe_load("units:\n" + listed.split("\n", 1)[1])["units"]
    assert skeleton[LANGUAGE] == {"de_hash": german_hash(GERMAN_BY_ID[LANGUAGE]), "answer": "", "context": ""}
    assert set(yaml.safe_load("u:\n" + todo("uk", GERMAN, documents["uk"]).split("\n", 1)[1])["u"]) == {STAY, LANGUAGE}


# --- the committed translations ------------------------------------------------------------------

@pytest.mark.unit
@pytest.mark.data
def test_every_committed_translation_file_passes_the_build_checks():
    assert problems_of(load_files(), german_units()) == []


@pytest.mark.unit
@pytest.mark.data
def test_no_committed_translation_shows_a_field_name_or_a_note_label():
    for lang, document in load_files().items():
        for unit_id, translated in (document.get("units") or {}).items():
            for text in (translated["answer"], translated["context"] or "", document["stale_note"]):
                assert not INTERNAL.search(text), f"{lang}.yml: {unit_id}: {text!r}"


@pytest.mark.unit
def test_einfache_sprache_meets_its_readability_target():
    """scripts/readability.py: first Wiener Sachtextformel, median <= 7 and no answer above 10."""
    import statistics

    from scripts.readability import MAX_MEDIAN, MAX_SCORE, scores

    simple = FIXTURES.parent.parent / "facts_src" / "translations" / "de-simple.yml"
    by_unit = scores({"translations": {"de-simple": yaml.safe_load(simple.read_text(encoding="utf-8"))["units"]}})
    assert len(by_unit) >= 400
    assert statistics.median(by_unit.values()) <= MAX_MEDIAN
    assert {unit: round(score, 1) for unit, score in by_unit.items() if score > MAX_SCORE} == {}
