"""Free-text answers to the questions added for issue #14: kind of permit, lawful years, identity."""
import datetime as dt

import pytest

from actions.permit_answers import parse_identity_60d, parse_lawful_years, parse_permit_first_year, parse_permit_kind

pytestmark = pytest.mark.unit


@pytest.mark.parametrize("text, kind", [
    ("für Arbeit", "arbeit"), ("Blaue Karte", "arbeit"), ("§ 18b", "arbeit"), ("paragraph 18a", "arbeit"),
    ("Familiennachzug zu meinem Mann", "familie"), ("§ 28", "familie"), ("wegen meiner frau", "familie"),
    ("Ich bin als Flüchtling anerkannt", "schutz"), ("subsidiärer Schutz", "schutz"), ("25 abs 2", "schutz"),
    ("§ 25 Abs. 5", "humanitaer"), ("abschiebungsverbot", "humanitaer"), ("§ 25 Absatz 3", "humanitaer"),
    ("§ 25b", "bleiberecht"), ("Bleiberecht 25a", "bleiberecht"),
    ("Studium", "studium"), ("§ 16b", "studium"), ("für die ausbildung", "studium"),
    ("etwas anderes", "andere"),
    ("Arbeit und Familie", None), ("weiß nicht", None), ("", None), ("ja", None)])
def test_permit_kind(text, kind):
    assert parse_permit_kind(text) == kind


@pytest.mark.parametrize("text, years", [
    ("alle", "all"), ("die ganze Zeit", "all"), ("immer", "all"), ("4 Jahre", 4), ("vier", 4), ("4,9 Jahre", 4.9),
    ("18 Monate", 1.5), ("keine", 0), ("gar keins", 0), ("hmm", None)])
def test_lawful_years(text, years):
    assert parse_lawful_years(text) == years


@pytest.mark.parametrize("text, value", [
    ("seit 2023 geklärt", "bis_2024"), ("ja, seit 2019", "bis_2024"), ("2024", "bis_2024"),
    ("erst 2025", "ab_2025"), ("ich habe seit 2026 einen Pass", "ab_2025"),
    ("noch nicht", "nein"), ("nein", "nein"), ("ungeklärt", "nein"),
    ("ja", None), ("weiß nicht", None)])
def test_identity_60d(text, value):
    """A plain "ja" says nothing about the 31.12.2024 deadline, so the question is asked again."""
    assert parse_identity_60d(text) == value


@pytest.mark.parametrize("text, value", [
    ("ja", "true"), ("nein", "false"), ("vor 3 monaten bekommen", "true"), ("schon 2 jahre her", "false"),
    ("seit 14 Monaten", "false"), ("im August 2026", "true"), ("hmm", None)])
def test_permit_first_year(text, value):
    assert parse_permit_first_year(text, dt.date(2026, 12, 2)) == value
