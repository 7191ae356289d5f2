"""Tests for the actions/answer_parsing package (free-text answers of the pre-check)."""

import datetime as dt
import threading

import pytest

from actions import answer_parsing as ap
from actions.answer_parsing import (
    GERMAN_LEVELS,
    RESIDENCE_STATUSES,
    parse_age,
    parse_all,
    parse_arrival,
    parse_german_level,
    parse_months,
    parse_number,
    parse_residence_status,
    parse_yes_no,
    years_since,
)
from actions.sdk.eligibility_form import ValidateEligibilityForm
from tests.support.sdk import make_tracker, run, slots_set, texts_of

pytestmark = pytest.mark.unit

TODAY = dt.date(2026, 11, 24)


# --------------------------------------------------------------------------
# parse_number
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("19", 19),
        ("abc 12 def", 12),
        ("neunzehn", 19),
        ("einundzwanzig", 21),
        ("zwölf", 12),
        ("zwoelf", 12),
        ("fünf", 5),
        ("fuenf", 5),
        ("null", 0),
        ("seit einem Jahr", 1),
        ("ein Jahr", 1),
        ("eine Duldung", None),  # article, not a number
        ("B1", None),  # glued to a letter: a code
        ("104c", None),
        ("", None),
        ("keine Zahl hier", None),
    ],
)
def test_parse_number(text, expected):
    assert parse_number(text) == expected


# --------------------------------------------------------------------------
# parse_age
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("19", 19),
        ("ich bin 19", 19),
        ("Ich bin 19 Jahre alt", 19),
        ("19 Jahre alt", 19),
        ("19 Jahre", 19),
        ("ich bin 19jahre alt", 19),
        ("ich bin 19 Jahre", 19),
        ("Ich bin 19 Jahre und habe eine Duldung", 19),
        ("19-jährig", 19),
        ("neunzehn", 19),
        ("Ich bin einundzwanzig", 21),
        ("nein, ich bin 21", 21),
        ("ich bin nicht 19, sondern 21", 21),
        ("nein ich bin jetzt 22", 22),
        ("Alter: 27", 27),
        ("Mein Sohn ist 5, ich bin 30", 30),
        ("Ich bin 19, seit 2 Jahren in Deutschland", 19),
        ("13", 13),
        ("14", 14),
        ("26", 26),
        ("27", 27),
        ("dreizehn", 13),
        ("vierzehn", 14),
        ("sechsundzwanzig", 26),
        ("siebenundzwanzig", 27),
        ("0", 0),
        ("120", 120),
    ],
)
def test_parse_age(text, expected):
    assert parse_age(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "seit 2019",
        "2019",
        "seit 5 Jahren in Deutschland",
        "seit 5 Jahren",
        "vor 2 Jahren",
        "seit 18 Monaten",
        "ich bin 5 Jahre hier",
        "ich bin 5 Jahre geduldet",
        "seit 3,5 Jahren",
        "B1",
        "b 1",
        "A2",
        "§ 24",
        "104c",
        "104 c",
        "03/2019",
        "3.2019",
        "2019-03",
        "seit März 2019",
        "am 19. März",
        "ich habe 2 Kinder",
        "um 14 Uhr",
        "121",
        "Duldung",
        "ja",
        "",
    ],
)
def test_parse_age_no_misfire(text):
    assert parse_age(text) is None


# --------------------------------------------------------------------------
# parse_residence_status
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Duldung", "duldung"),
        ("ich habe eine duldung", "duldung"),
        ("DULDUNG", "duldung"),
        ("ich bin geduldet", "duldung"),
        ("Duldung light", "duldung"),
        ("Dulldung", "duldung"),
        ("Aufenthaltsgestattung", "aufenthaltsgestattung"),
        ("Gestattung", "aufenthaltsgestattung"),
        ("bin im Asylverfahren", "aufenthaltsgestattung"),
        ("Asylantrag gestellt", "aufenthaltsgestattung"),
        ("asyl", "aufenthaltsgestattung"),
        ("Aufenthaltserlaubnis", "aufenthaltserlaubnis"),
        ("aufenthalserlaubnis", "aufenthaltserlaubnis"),
        ("Aufenthaltstitel", "aufenthaltserlaubnis"),
        ("ich bin anerkannt", "aufenthaltserlaubnis"),
        ("Flüchtlingsschutz", "aufenthaltserlaubnis"),
        ("Fluechtlingsschutz", "aufenthaltserlaubnis"),
        ("subsidiärer Schutz", "aufenthaltserlaubnis"),
        ("Blaue Karte EU", "aufenthaltserlaubnis"),
        ("104c", "aufenthaltserlaubnis_104c"),
        ("Aufenthaltserlaubnis nach § 104c", "aufenthaltserlaubnis_104c"),
        ("Chancen-Aufenthalt", "aufenthaltserlaubnis_104c"),
        ("Chancenaufenthaltsrecht", "aufenthaltserlaubnis_104c"),
        ("Niederlassungserlaubnis", "niederlassungserlaubnis"),
        ("unbefristet", "niederlassungserlaubnis"),
        ("Daueraufenthalt-EU", "niederlassungserlaubnis"),
        ("EU-Bürger", "eu_freizuegigkeit"),
        ("ich komme aus der EU", "eu_freizuegigkeit"),
        ("Freizügigkeit", "eu_freizuegigkeit"),
        ("Ukraine", "schutz_ukraine_24"),
        ("ich komme aus der Ukraine", "schutz_ukraine_24"),
        ("§ 24", "schutz_ukraine_24"),
        ("§24 AufenthG", "schutz_ukraine_24"),
        ("paragraph 24", "schutz_ukraine_24"),
        ("Aufenthaltserlaubnis nach §24", "schutz_ukraine_24"),
        ("keine papiere", "kein_titel"),
        ("kein Aufenthaltstitel", "kein_titel"),
        ("ohne Papiere", "kein_titel"),
        ("keine Duldung mehr, jetzt Aufenthaltserlaubnis", "aufenthaltserlaubnis"),
        ("ich habe eine Duldung und möchte eine Ausbildungsduldung", "duldung"),
    ],
)
def test_parse_residence_status(text, expected):
    assert parse_residence_status(text) == expected
    assert expected in RESIDENCE_STATUSES


@pytest.mark.parametrize(
    "text",
    [
        "Beschäftigungsduldung",
        "Beschaeftigungsduldung",
        "Ausbildungsduldung",
        "Ausbildungs-Duldung",
        "aus Polen",
        "mein Abschluss ist anerkannt",
        "unbefristeter Arbeitsvertrag",
        "Asylantrag abgelehnt",
        "ich bin 19",
        "seit 2019",
        "seit 5 Jahren in Deutschland",
        "B1",
        "ja",
        "",
    ],
)
def test_parse_residence_status_none(text):
    assert parse_residence_status(text) is None


# --------------------------------------------------------------------------
# parse_arrival / years_since
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("seit März 2019", dt.date(2019, 3, 1)),
        ("seit Maerz 2019", dt.date(2019, 3, 1)),
        ("seit März 2019 in Deutschland", dt.date(2019, 3, 1)),
        ("seit 2019", dt.date(2019, 7, 1)),  # year only -> middle of the year
        ("2019", dt.date(2019, 7, 1)),
        ("Anfang 2020 gekommen", dt.date(2020, 1, 1)),
        ("seit 5 Jahren", dt.date(2021, 11, 24)),
        ("seit fünf Jahren", dt.date(2021, 11, 24)),
        ("seit ca. 5 Jahren in Deutschland", dt.date(2021, 11, 24)),
        ("seit 3,5 Jahren", dt.date(2023, 5, 24)),
        ("seit dreieinhalb Jahren", dt.date(2023, 5, 24)),
        ("seit 18 Monaten", dt.date(2025, 5, 24)),
        ("vor zwei Jahren gekommen", dt.date(2024, 11, 24)),
        ("seit einem Jahr", dt.date(2025, 11, 24)),
        ("seit anderthalb Jahren", dt.date(2025, 5, 24)),
        ("5 Jahre", dt.date(2021, 11, 24)),  # whole answer is a duration
        ("03/2019", dt.date(2019, 3, 1)),
        ("3.2019", dt.date(2019, 3, 1)),
        ("2019-03", dt.date(2019, 3, 1)),
        ("01.03.2019", dt.date(2019, 3, 1)),
        ("seit Mai", dt.date(2026, 5, 1)),
        ("ich bin 2000 geboren und seit 2019 hier", dt.date(2019, 7, 1)),
        ("ich bin 19 und seit 2 Jahren in Deutschland", dt.date(2024, 11, 24)),
    ],
)
def test_parse_arrival(text, expected):
    assert parse_arrival(text, TODAY) == expected


@pytest.mark.parametrize(
    "text",
    [
        "ich bin 19",
        "19",
        "19 Jahre alt",
        "seit 2030",  # future
        "in 2 Jahren",  # future
        "seit 1940",  # before 1950
        "geboren im Jahr 2000",
        "2000 Euro",
        "B1",
        "Duldung",
        "ja",
        "",
    ],
)
def test_parse_arrival_none(text):
    assert parse_arrival(text, TODAY) is None


def test_years_since_example():
    arrival = parse_arrival("seit März 2019 in Deutschland", TODAY)
    assert arrival == dt.date(2019, 3, 1)
    assert years_since(arrival, TODAY) == pytest.approx(7.73, abs=0.005)


def test_years_since_exact_years():
    assert years_since(dt.date(2022, 11, 24), TODAY) == pytest.approx(4.0, abs=0.003)
    assert years_since(TODAY, TODAY) == 0.0


def test_parse_arrival_accepts_datetime_today():
    assert parse_arrival("seit 2019", dt.datetime(2026, 11, 24, 12, 0)) == dt.date(2019, 7, 1)


# --------------------------------------------------------------------------
# parse_months
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("seit 14 Monaten", 14),
        ("seit vierzehn Monaten", 14),
        ("seit 2 Jahren", 24),
        ("ein Jahr", 12),
        ("anderthalb Jahre", 18),
        ("seit einem halben Jahr", 6),
        ("1 Jahr und 6 Monate", 18),
        ("seit Januar 2025", 22),
        ("seit 2024", 28),  # 2024-07-01 -> 2026-11-24
        ("seit 3 Wochen", 0),
        ("seit 10 Wochen", 2),
        ("14", 14),
        ("gar nicht", 0),
        ("noch nicht", 0),
        ("nein", 0),
        ("nein, seit 14 Monaten", 14),
    ],
)
def test_parse_months(text, expected):
    assert parse_months(text, TODAY) == expected


@pytest.mark.parametrize("text", ["ich bin 19", "B1", "Duldung", "19 Jahre alt", ""])
def test_parse_months_none(text):
    assert parse_months(text, TODAY) is None


# --------------------------------------------------------------------------
# parse_german_level
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("B1", "B1"),
        ("b1", "B1"),
        ("b 1", "B1"),
        ("b-2", "B2"),
        ("Niveau A2", "A2"),
        ("Deutsch-Test B1 bestanden", "B1"),
        ("DTZ B1", "B1"),
        ("c1", "C1"),
        ("Goethe Zertifikat C2", "C2"),
        ("A1", "A1"),
        ("kein deutsch", "keine"),
        ("keine Deutschkenntnisse", "keine"),
        ("gar nicht", "keine"),
        ("ich spreche noch kein Deutsch", "keine"),
        ("Muttersprache", "C2"),
        ("Muttersprachler", "C2"),
        ("Deutsch ist meine Muttersprache", "C2"),
        ("deutscher Schulabschluss", "B1"),
        ("Schulabschluss in Deutschland", "B1"),
        # first certified level wins; planned/in-progress levels are skipped
        ("A2, bald B1", "A2"),
        ("habe A2 und mache gerade B1", "A2"),
        ("B1, nicht B2", "B1"),
        ("Meine Muttersprache ist Arabisch, Deutsch B1", "B1"),
    ],
)
def test_parse_german_level(text, expected):
    assert parse_german_level(text) == expected
    assert expected in GERMAN_LEVELS


@pytest.mark.parametrize(
    "text",
    [
        "ich mache gerade B1",
        "B1 nicht bestanden",
        "meine Muttersprache ist Arabisch",
        "Deutsch ist nicht meine Muttersprache",
        "kein deutscher Schulabschluss",
        "ich bin 19",
        "seit 2019",
        "seit 5 Jahren",
        "Duldung",
        "104c",
        "§ 24",
        "ja",
        "",
    ],
)
def test_parse_german_level_none(text):
    assert parse_german_level(text) is None


# --------------------------------------------------------------------------
# parse_yes_no
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("ja", True),
        ("Ja!", True),
        ("jaaa", True),
        ("jo", True),
        ("jep", True),
        ("jawohl", True),
        ("genau", True),
        ("stimmt", True),
        ("klar", True),
        ("yes", True),
        ("yeah", True),
        ("richtig", True),
        ("habe ich", True),
        ("ja, habe ich", True),
        ("doch", True),
        ("auf jeden Fall", True),
        ("nein", False),
        ("Nein.", False),
        ("nee", False),
        ("nö", False),
        ("noe", False),
        ("no", False),
        ("nope", False),
        ("ne", False),
        ("habe ich nicht", False),
        ("stimmt nicht", False),
        ("keine", False),
        ("kein", False),
        ("auf keinen Fall", False),
        ("nein, ich bin 21", False),
    ],
)
def test_parse_yes_no(text, expected):
    assert parse_yes_no(text) is expected


@pytest.mark.parametrize(
    "text",
    [
        "weiß nicht",
        "keine Ahnung",
        "vielleicht",
        "hab ne Duldung",  # "ne" = "eine" here
        "19",
        "ich bin 19",
        "B1",
        "seit 2019",
        "Duldung",
        "",
    ],
)
def test_parse_yes_no_none(text):
    assert parse_yes_no(text) is None


# --------------------------------------------------------------------------
# parse_all
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Ich bin 19 und habe eine Duldung", {"age": 19, "residence_status": "duldung"}),
        (
            "seit März 2019 in Deutschland, B1",
            {"arrival_date": "2019-03-01", "german_level": "B1"},
        ),
        (
            "Ich bin 19 Jahre alt, seit 2 Jahren in Deutschland, Duldung, Deutsch A2",
            {
                "age": 19,
                "residence_status": "duldung",
                "arrival_date": "2024-11-24",
                "german_level": "A2",
            },
        ),
        ("nein, ich bin 21", {"age": 21}),
        ("Ich bin 19 Jahre und habe eine Duldung", {"age": 19, "residence_status": "duldung"}),
        (
            "Ich bin 27 und seit 2019 hier mit Duldung, Deutsch A2",
            {
                "age": 27,
                "residence_status": "duldung",
                "arrival_date": "2019-07-01",
                "german_level": "A2",
            },
        ),
        # a Duldung duration is not an arrival date
        ("Duldung seit 2 Jahren", {"residence_status": "duldung"}),
        # bare values are left to the question-specific parsers
        ("14", {}),
        ("19 Jahre", {}),
        ("keine", {}),
        ("ja", {}),
        ("", {}),
    ],
)
def test_parse_all(text, expected):
    assert parse_all(text, TODAY) == expected


def test_parse_all_never_contains_yes_no_or_months():
    result = parse_all("ja, seit 14 Monaten, ich bin 19", TODAY)
    assert set(result) <= {"age", "residence_status", "arrival_date", "german_level"}
    assert result == {"age": 19}


# --------------------------------------------------------------------------
# Robustness
# --------------------------------------------------------------------------

ALL_PARSERS = [
    parse_number,
    parse_age,
    parse_residence_status,
    lambda s: parse_arrival(s, TODAY),
    lambda s: parse_months(s, TODAY),
    parse_german_level,
    parse_yes_no,
    lambda s: parse_all(s, TODAY) or None,
]
JUNK = ["", "   ", "😀😀😀", "🙂 ??? !!!", "\x00\x01", "null", "None", "1" * 5000, "§§§", "ا ب ت", "—-—"]
# Junk that still reads as an answer: "null" is the German zero, "null"/"None" name no German.
JUNK_READ_AS = {(parse_number, "null"): 0, (parse_age, "null"): 0, (ALL_PARSERS[4], "null"): 0,
                (parse_german_level, "null"): "keine", (parse_german_level, "None"): "keine"}


@pytest.mark.parametrize("junk", JUNK)
@pytest.mark.parametrize("parser", ALL_PARSERS)
def test_junk_is_not_understood(parser, junk):
    """No exception, and no made-up answer: the form asks again (see the next test)."""
    assert parser(junk) == JUNK_READ_AS.get((parser, junk))


@pytest.mark.parametrize("junk", [junk for junk in JUNK if junk not in ("null", "None")])
def test_junk_at_a_question_gets_the_question_again_with_an_example(junk):
    tracker = make_tracker(junk, slots={"program": "bleiberecht_25a", "requested_slot": "age"},
                           active_loop="eligibility_form")
    messages, events = run(ValidateEligibilityForm(), tracker)
    assert texts_of(messages).startswith("Das habe ich leider nicht verstanden. Bitte antworten Sie zum Beispiel so: ")
    assert "„weiß ich nicht“ oder „abbrechen“" in texts_of(messages)
    assert slots_set(events) == {"age": None, "requested_slot": "age"}


@pytest.mark.parametrize("parser", ALL_PARSERS)
def test_non_string_input_returns_none(parser):
    assert parser(None) is None


def test_emoji_around_answer():
    assert parse_age("ich bin 19 😊") == 19
    assert parse_residence_status("🙏 Duldung 🙏") == "duldung"


def test_100kb_input():
    text = ("ich bin seit 5 jahren in deutschland und habe eine duldung b1 " * 2000)[:100_000]
    result = parse_all(text, TODAY)
    assert result["residence_status"] == "duldung"
    assert result["german_level"] == "B1"
    assert parse_age("a" * 100_000) is None
    assert parse_months("1." * 50_000, TODAY) is None


def test_100kb_input_without_length_cap(monkeypatch):
    # The scanning itself must be linear (no catastrophic backtracking);
    # the length cap is only a safety net.
    monkeypatch.setattr(ap.normalisation, "MAX_CHARS", 10**7)
    text = ("seit 3,5 jahren hier, b 1, 104 c, dul" + "a" * 50 + " ") * 1200
    assert len(text) >= 100_000

    def parse_everything():
        parse_all(text, TODAY)
        parse_age(text)
        parse_months(text, TODAY)
        parse_yes_no(text)
        parse_number(text)
    # About 1 s on two busy cores; catastrophic backtracking would take hours. A daemon thread
    # lets the test fail after the bound instead of hanging the run.
    worker = threading.Thread(target=parse_everything, daemon=True)
    worker.start()
    worker.join(timeout=30)
    assert not worker.is_alive(), "parsing 100 kB took over 30 s: a pattern backtracks"
