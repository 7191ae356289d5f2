"""`make review` (issue #18): redaction, grouping, and a report nobody can trace to a person."""
from __future__ import annotations

import asyncio
import datetime as dt
import re
import time

import pytest
import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, ActiveLoop, BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from actions import texts
from actions.facts import get_facts
from rasa_ext.channels import feedback
from rasa_ext.stores import redaction
from staff import review

pytestmark = [pytest.mark.unit, pytest.mark.data]

DOMAIN = Domain.from_path("domain.yml")
FALLBACK = DOMAIN.responses["utter_default"][0]["text"]
OUT_OF_SCOPE = DOMAIN.responses["utter_out_of_scope"][0]["text"]
UNIT = next(u for u in get_facts()["answers"] if u["program"] == "einbuergerung")
OTHER_UNIT = next(u for u in get_facts()["answers"] if u["program"] == "integrationskurs")


# --- redaction ------------------------------------------------------------------------------

@pytest.mark.parametrize("text, gone, kept", [
    ("Ich heiße Amira Haddad und wohne in Köln", ["Amira", "Haddad"], ["wohne in Köln", "[Name]"]),
    ("ich heisse jamal, wie geht einbürgerung", ["jamal"], ["einbürgerung"]),
    ("Mein Name ist Olena Petrenko. Was kostet der Kurs?", ["Olena", "Petrenko"], ["Was kostet der Kurs?"]),
    ("mein Vorname ist Karim", ["Karim"], ["[Name]"]),
    ("Schreiben Sie mir: amira.haddad@example.org", ["amira", "example"], ["[E-Mail]"]),
    ("meine mail ist olena (at) web (dot) de", ["olena", "web (dot)"], ["[E-Mail]"]),
    ("Tel. 0171 2345678 bitte zurückrufen", ["0171", "2345678"], ["bitte zurückrufen"]),
    ("ruf an unter +49 (221) 123-45-67", ["221", "123-45-67", "+49"], ["ruf an unter"]),
    ("ich wohne in 44135 Dortmund", ["44135"], ["Dortmund"]),
    ("Aktenzeichen 12345, geboren 12.03.1990", ["12345", "1990", "12.03"], []),
    ("Ich wohne Hauptstraße 12a", ["Hauptstraße 12"], ["[Adresse]"]),
    ("Frau Schmidt vom Amt sagt nein", ["Schmidt"], ["Frau [Name]"]),
    ("Ich bin 19 und habe 2 Kinder", [], ["19", "2 Kinder"]),  # short numbers say nothing about a person
    ("Was ist § 25b?", [], ["§ 25b"]),
])
def test_redaction(text, gone, kept):
    redacted = review.redact(text)
    for part in gone:
        assert part not in redacted, (text, redacted)
    for part in kept:
        assert part in redacted, (text, redacted)
    assert not re.search(r"\d{4}", redacted)


def test_no_name_without_a_name():
    assert review.redact("ich heiße und") == "ich heiße und"
    assert review.redact("Kann meine Frau mitkommen?") == "Kann meine Frau mitkommen?"


# --- grouping --------------------------------------------------------------------------------

def test_similar_messages_form_groups_with_counts_and_one_example():
    items = [("unsicher", "Was kostet der Führerschein?"), ("unsicher", "Was kostet der Führerschein?"),
             ("unsicher", "wieviel kostet führerschein"), ("nicht verstanden", "Führerschein Kosten?"),
             ("unsicher", "Wie finde ich eine Wohnung?"), ("unsicher", "wohnung finden"),
             ("nicht verstanden", "Kindergeld beantragen"), ("nicht verstanden", "wie beantrage ich kindergeld"),
             ("nicht verstanden", "hallo wie gehts")]
    groups = review.group_similar(items)
    assert [(g.count, g.example) for g in groups] == [
        (4, "Was kostet der Führerschein?"), (2, "Kindergeld beantragen"), (2, "Wie finde ich eine Wohnung?"),
        (1, "hallo wie gehts")]
    assert groups[0].kinds == {"unsicher": 3, "nicht verstanden": 1}
    assert sum(g.count for g in groups) == len(items)


def test_identical_texts_differing_in_case_and_punctuation_are_one():
    groups = review.group_similar([("unsicher", "Wohngeld?"), ("unsicher", "wohngeld"), ("unsicher", "WOHNGELD !")])
    assert [(g.count, g.example) for g in groups] == [(3, "Wohngeld?")]


def test_no_messages_no_groups():
    assert review.group_similar([]) == []


def test_the_bots_own_wordings_are_recognised():
    kinds = review.reply_kinds()
    assert review.kind_of_reply(FALLBACK, kinds) == "nicht verstanden"
    assert review.kind_of_reply(OUT_OF_SCOPE, kinds) == "außerhalb des Themas"
    assert review.kind_of_reply(texts.unsure_answer("Integrationskurs"), kinds) == "unsicher"
    assert review.kind_of_reply(texts.tentative_answer(UNIT, dt.date(2026, 1, 1)), kinds) == "unsicher"
    assert review.kind_of_reply(texts.unknown_topic(), kinds) == "Thema unklar"
    assert review.kind_of_reply(texts.place_not_found("Atlantis"), kinds) == "Ort unbekannt"
    assert review.kind_of_reply(texts.unit_answer(UNIT, dt.date(2026, 1, 1)), kinds) is None
    assert review.REDACTED == redaction.REDACTED


# --- the whole report on a seeded store ------------------------------------------------------

NOW = time.time()
DAY = 86400
SENDERS = ["socketio:5f2c9a1e0b7d4c3a", "telegram:700000123", "rest:amira-haddad", "socketio:0d9e8f7a6b5c4d3e",
           "telegram:700000456"]
# What people wrote that the bot could not answer, with what must never appear in the report.
PERSONAL = ["Amira", "Haddad", "Olena", "Petrenko", "0171", "2345678", "amira.haddad@example.org", "example.org",
            "44135", "12345", "700000123", "700000456", "5f2c9a1e0b7d4c3a", "amira-haddad", "Hauptstraße"]


def conversation(sender: str, turns: list[tuple[str, str]], start: float) -> DialogueStateTracker:
    events = [ActionExecuted("action_listen", timestamp=start)]
    for offset, (user, bot) in enumerate(turns):
        stamp = start + offset * 60
        events += [UserUttered(user, {"name": "nlu_fallback", "confidence": 0.3}, timestamp=stamp),
                   BotUttered(bot, timestamp=stamp + 1), ActionExecuted("action_listen", timestamp=stamp + 2)]
    return DialogueStateTracker.from_events(sender, events)


def seed(db) -> None:
    store = SQLTrackerStore(DOMAIN, dialect="sqlite", db=str(db))
    unsure = texts.unsure_answer(None)
    trackers = [
        conversation(SENDERS[0], [
            ("Hallo, ich heiße Amira Haddad und suche einen Führerscheinkurs", FALLBACK),
            ("Was ist ein Integrationskurs?", texts.unit_answer(OTHER_UNIT, dt.date(2026, 1, 1))),  # answered
            ("Meine Nummer ist 0171 2345678, bitte rufen Sie mich an", OUT_OF_SCOPE),
        ], NOW - 3 * DAY),
        conversation(SENDERS[1], [
            ("Mein Name ist Olena Petrenko, wie bekomme ich einen Führerschein?", FALLBACK),
            ("schreib an amira.haddad@example.org", OUT_OF_SCOPE),
            ("/ask_cost", texts.unknown_topic()),  # a button press: not a typed question
            ('{"lng": 6.9583, "lat": 50.9413}', texts.place_not_found("x")),  # a shared location
        ], NOW - 2 * DAY),
        conversation(SENDERS[2], [
            ("wo gibt es Wohngeld in 44135, Akte 12345", unsure),
            ("Wohngeld beantragen Hauptstraße 7", unsure),
        ], NOW - 1 * DAY),
        conversation(SENDERS[3], [("Führerschein machen?", FALLBACK)], NOW - 40 * DAY),  # before the period
    ]
    # A question in a running check: answers there are personal; left out.
    in_check = conversation(SENDERS[4], [], NOW - DAY)
    in_check.update(ActiveLoop("eligibility_form"))
    in_check.update(UserUttered("ich bin 23, seit 2015 mit Duldung", {"name": "inform"}, timestamp=NOW - DAY + 500))
    in_check.update(BotUttered(FALLBACK, timestamp=NOW - DAY + 501))
    in_check.update(ActiveLoop(None))
    in_check.update(UserUttered("Wohngeld beantragen wie?", {"name": "nlu_fallback"}, timestamp=NOW - DAY + 600))
    in_check.update(BotUttered(unsure, timestamp=NOW - DAY + 601))  # after the check: counted
    for tracker in [*trackers, in_check]:
        asyncio.run(store.save(tracker))
    store.engine.dispose()


def test_review_groups_what_went_wrong_and_nobody_can_be_traced(tmp_path, capsys):
    db = tmp_path / "rasa.db"
    seed(db)
    engine = sa.create_engine(f"sqlite:///{db}")
    for vote in ("down", "down", "down", "up"):
        feedback.store_vote(engine, UNIT["id"], vote, "webchat")
    feedback.store_vote(engine, OTHER_UNIT["id"], "up", "telegram")
    engine.dispose()
    endpoints = tmp_path / "endpoints.yml"
    endpoints.write_text(f'tracker_store:\n  type: rasa_ext.stores.tracker_store.RedactingSQLTrackerStore\n'
                         f'  dialect: "sqlite"\n  db: "{db}"\n', encoding="utf-8")

    assert review.main(["--days", "30", "--endpoints", str(endpoints)]) == 0
    report = capsys.readouterr().out
    print(report)

    for secret in PERSONAL:
        assert secret not in report, secret
    assert not re.search(r"\d{4}", report.replace(f"{dt.date.today():%d.%m.%Y}", "")
                         .replace(f"{dt.date.fromtimestamp(NOW - 30 * DAY):%d.%m.%Y}", "")), report
    assert not re.search(r"\d{1,2}:\d{2}", report)  # no times of day
    assert "[Name]" in report and "[Nummer]" in report and "[E-Mail]" in report and "[Zahl]" in report
    # Two Führerschein questions from two people are one group; the old one is outside the period.
    assert re.search(r"2×  „[^“]*Führerschein", report), report
    assert "Führerschein machen" not in report
    assert re.search(r"3×  „[^“]*Wohngeld", report), report
    # Left out: the answered question, button presses, locations, answers given during a check.
    assert "Integrationskurs?" not in report and "/ask_cost" not in report and "lng" not in report
    assert "ich bin 23" not in report and "Duldung" not in report
    assert "1. Nachrichten ohne sichere Antwort: 7 in" in report
    # Votes: the unit with the most 👎 first, with counts.
    assert "2. Bewertungen der Antworten: 5 Stimmen zu 2 Antworten" in report
    down = report.split("Meiste 👎")[1].split("Meiste 👍")[0]
    assert re.search(rf"3 👎\s+1 👍\s+{re.escape(UNIT['id'])}", down), report
    up = report.split("Meiste 👍")[1]
    assert UNIT["id"] in up and OTHER_UNIT["id"] in up


def test_review_of_an_empty_store(tmp_path, capsys):
    endpoints = tmp_path / "endpoints.yml"
    endpoints.write_text(f'tracker_store:\n  type: sql\n  dialect: "sqlite"\n  db: "{tmp_path / "none.db"}"\n',
                         encoding="utf-8")
    assert review.main(["--endpoints", str(endpoints)]) == 0
    out = capsys.readouterr().out
    assert "0 in 0 Gruppen" in out and "0 Stimmen" in out
    assert not (tmp_path / "none.db").exists()  # nothing created by looking
