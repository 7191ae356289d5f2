"""End to end through the REST channel: real Rasa server, real action server, SQLite store."""
from __future__ import annotations

import json
import sqlite3
import uuid

import pytest

from actions.facts import get_facts
from rasa_ext.channels.conversation_keys import conversation_key
from tests.support.ki_places import expected_reply, gemeinde_question, gemeinde_sample, plz_message, plz_sample
from tests.support.servers import local_stack

pytestmark = [pytest.mark.e2e, pytest.mark.data]

FACTS = get_facts()


@pytest.fixture(scope="module")
def bot():
    with local_stack() as (rasa, _actions, db):
        rasa.extra["db"] = db
        yield rasa


def fresh() -> str:
    return uuid.uuid4().hex


def reply(bot, text: str, sender: str | None = None) -> str:
    return "\n".join(m.get("text", "") for m in bot.say(sender or fresh(), text))


def test_the_server_logs_one_line_per_installed_patch(bot):
    from rasa_ext.patches import PATCHES
    log = bot.log.read_text(encoding="utf-8", errors="replace")
    assert [f"Rasa patch installed: {p.module} " in log for p in PATCHES] == [True] * len(PATCHES)


def test_greeting_in_german_with_no_legal_advice(bot):
    text = reply(bot, "Hallo")
    assert "Integrationslotse NRW" in text and "keine Rechtsberatung" in text


def test_greeting_during_a_check_asks_to_continue_or_restart(bot):
    """A second browser tab or Telegram's /start greets while a check runs: one clear question, no mixed menus."""
    sender = fresh()
    first_question = reply(bot, "Kann ich mich einbürgern lassen?", sender)
    messages = bot.say(sender, "/greet")
    assert [m.get("text") for m in messages] == ["Möchten Sie die begonnene Prüfung fortsetzen oder neu beginnen?"]
    assert [b["title"] for b in messages[0]["buttons"]] == ["Prüfung fortsetzen", "Neu beginnen"]
    resumed = reply(bot, "/continue_check", sender)
    assert resumed.startswith("Gut, wir machen weiter.")
    assert first_question.splitlines()[-1] in resumed


def test_restart_greets_again(bot):
    sender = fresh()
    reply(bot, "Kann ich mich einbürgern lassen?", sender)
    texts = [m.get("text", "") for m in bot.say(sender, "/restart_conversation")]
    assert texts[0].startswith("Alles klar, wir fangen neu an") and texts[1].startswith("Hallo! Ich bin")
    assert "Es läuft gerade keine Prüfung" in reply(bot, "/continue_check", sender)


def test_help_offers_buttons(bot):
    messages = bot.say(fresh(), "Was kannst du?")
    assert any(m.get("buttons") for m in messages)


def test_sample_of_gemeinden_gets_its_ki(bot):
    """20 Gemeinden through NLU, policy and action server (tests/support/ki_places.py picks them; all 396
    go through NLU and the KI finder in process in tests/test_ki_sweep.py); the message lists every failure."""
    failures = []
    for gemeinde in gemeinde_sample():
        text = reply(bot, gemeinde_question(gemeinde.name))
        if expected_reply(gemeinde.ki_id) not in text:
            failures.append(f"{gemeinde.ags} {gemeinde.name} (KI {gemeinde.ki_id}): {text[:200]!r}")
    assert not failures, f"{len(failures)} Gemeinden without their KI:\n" + "\n".join(failures)


def test_sample_of_single_kreis_plz_gets_its_ki(bot):
    """20 PLZ within one Kreis over REST (all 869 in process in tests/test_ki_sweep.py)."""
    failures = []
    for plz, ki_id in plz_sample():
        text = reply(bot, plz_message(plz))
        if expected_reply(ki_id) not in text:
            failures.append(f"{plz} (KI {ki_id}): {text[:200]!r}")
    assert not failures, f"{len(failures)} PLZ without their KI:\n" + "\n".join(failures)


def test_place_is_remembered_and_can_change(bot):
    sender = fresh()
    assert "Stadt Bonn" in reply(bot, "Welches KI ist für Bonn zuständig?", sender)
    assert "Stadt Bonn" in reply(bot, "Wo in meiner Nähe?", sender)
    assert "Stadt Essen" in reply(bot, "Ich bin nach Essen umgezogen", sender)
    assert "Stadt Essen" in reply(bot, "Wo ist das nächste Integrationszentrum?", sender)


def test_outside_nrw(bot):
    assert "nicht in Nordrhein-Westfalen" in reply(bot, "Ich wohne in Hamburg")


def test_telegram_location_text(bot):
    assert "Stadt Köln" in reply(bot, '{"lng": 6.958307, "lat": 50.941357}')


def what_it_is(program_id: str) -> dict:
    return next(u for u in FACTS["answers"] if u["program"] == program_id and u["aspect"] == "what")


@pytest.mark.parametrize("program_id", sorted(FACTS["topics"]))
def test_every_topic_is_answered_with_source_and_date(bot, program_id):
    """"Was ist …?" gets the programme's "what it is" unit: the fact first, then source and date."""
    topic = FACTS["topics"][program_id]
    text = reply(bot, f"Was ist {topic['short']}?")
    assert text.startswith(what_it_is(program_id)["answer"]), text[:200]
    assert "Quelle: http" in text and ", geprüft am " in text and "Stand:" not in text


def test_followups_keep_the_topic(bot):
    sender = fresh()
    reply(bot, "Was ist ein Integrationskurs?", sender)
    assert "2,29 € pro Unterrichtseinheit" in reply(bot, "und was kostet das?", sender)
    course_units = [u["answer"] for u in FACTS["answers"] if u["program"] == "integrationskurs"]
    who = reply(bot, "wer darf das machen?", sender)
    assert any(who.startswith(answer) for answer in course_units) or "Wer kann teilnehmen – Integrationskurs" in who


def converse(bot, lines: list[str]) -> tuple[str, str]:
    sender = fresh()
    last = ""
    for line in lines:
        last = reply(bot, line, sender)
    return sender, last


CHECKS = [
    ("einbuergerung", ["Kann ich mich einbürgern lassen?", "seit März 2019", "Niederlassungserlaubnis", "alle", "B1",
                       "ja"],
     "Ergebnis Einbürgerung: voraussichtlich ja"),
    ("ausbildungsduldung", ["Bekomme ich eine Ausbildungsduldung?", "Ich habe eine Duldung", "seit 5 Monaten", "ja"],
     "voraussichtlich ja"),
    ("beschaeftigungsduldung", ["kann ich eine Beschäftigungsduldung bekommen", "Duldung", "seit 14 Monaten",
                                "seit 2021 in Deutschland", "seit 2022 geklärt", "seit 13 Monaten", "A2"],
     "voraussichtlich ja"),
    ("25a", ["Habe ich Anspruch auf Bleiberecht nach 25a?", "Ich bin 19 und habe eine Duldung", "seit 2 Jahren",
             "seit 2020 in Deutschland", "ja"], "voraussichtlich ja"),
    ("25b", ["Prüf bitte ob ich 25b bekomme", "Duldung", "seit 5 Jahren in Deutschland", "nein"],
     "voraussichtlich nein"),
    ("integrationskurs", ["Darf ich einen Integrationskurs machen?", "Aufenthaltsgestattung", "nein"],
     "Ergebnis Integrationskurs: voraussichtlich nein"),
]


@pytest.mark.parametrize("name, lines, expected", CHECKS, ids=[c[0] for c in CHECKS])
def test_eligibility_checks_end_to_end(bot, name, lines, expected):
    _, last = converse(bot, lines)
    assert expected in last
    assert "keine Rechtsberatung" in last and "Nächster Schritt" in last


def test_check_names_office_of_known_place(bot):
    _, last = converse(bot, ["Welches KI ist für Moers zuständig?", "Kann ich mich einbürgern lassen?", "seit 2024"])
    assert "voraussichtlich nein" in last and "Einbürgerungsbehörde für Kreis Wesel" in last


def test_where_to_apply_names_the_deciding_office_not_the_ki(bot):
    text = reply(bot, "Wo kann ich in Gelsenkirchen die Einbürgerung beantragen?")
    assert "Den Antrag stellen Sie bei der Einbürgerungsbehörde der Stadt Gelsenkirchen." in text
    assert "Das Kommunale Integrationszentrum berät Sie, entscheidet aber nicht." in text


def test_nurse_is_sent_to_the_recognition_authority(bot):
    text = reply(bot, "Ich bin Krankenschwester aus Syrien. Wo kann ich meinen Abschluss anerkennen lassen?")
    assert "erkennt in ganz NRW die Bezirksregierung Münster an" in text and "ZAG-PuG" in text
    assert "Domplatz 1-3, 48143 Münster" in text and "Quelle: " in text


def test_einbuergerung_with_six_years_four_on_duldung_is_no(bot):
    """Issue #14, trap 1: only lawful years count."""
    _, last = converse(bot, ["Kann ich mich einbürgern lassen?", "seit 6 Jahren", "Aufenthaltserlaubnis", "für Arbeit",
                             "2 Jahre, vorher Duldung"])
    assert "Ergebnis Einbürgerung: voraussichtlich nein." in last
    assert "❌ davon mindestens 5 Jahre mit Aufenthaltsrecht" in last and "Lassen Sie sich zuerst beraten" in last


def test_address_follow_up_gives_the_ki_of_the_place_given_before(bot):
    sender = fresh()
    reply(bot, "Welches KI ist für Bonn zuständig?", sender)
    again = reply(bot, "und die Adresse?", sender)
    assert again.startswith("Die Anschrift des Kommunalen Integrationszentrums Stadt Bonn habe ich nicht.")
    assert "https://www.integration-in-bonn.de" in again


def test_gemeinsam_klappts_has_ended(bot):
    text = reply(bot, "kann ich bei Gemeinsam klappt's mitmachen")
    assert "gibt es nicht mehr" in text and "31.12.2022" in text


def test_cancel_and_why(bot):
    sender = fresh()
    reply(bot, "Habe ich Anspruch auf Bleiberecht nach 25a?", sender)
    assert "Antrag vor dem 27. Geburtstag" in reply(bot, "Warum fragst du das?", sender)
    assert "abgebrochen" in reply(bot, "abbrechen", sender)


def test_answers_are_redacted_in_the_store_after_the_verdict(bot):
    sender, last = converse(bot, ["Habe ich Anspruch auf Bleiberecht nach 25a?", "Ich bin 19 und habe eine Duldung",
                                  "seit 2 Jahren", "seit 2020 in Deutschland", "ja"])
    assert "voraussichtlich ja" in last
    with sqlite3.connect(bot.extra["db"]) as db:
        rows = [json.loads(data) for (data,) in db.execute(
            "select data from events where sender_id = ? order by id", (conversation_key("rest", sender),))]
    user_texts = [row.get("text") for row in rows if row["event"] == "user"]
    assert user_texts and all(text == "[entfernt]" for text in user_texts[1:]), user_texts
    sensitive = [row for row in rows if row["event"] == "slot"
                 and row["name"] in ("age", "residence_status", "arrival_date") and row["value"] is not None]
    assert sensitive == []
    stored_user_turns = json.dumps([row for row in rows if row["event"] == "user"], ensure_ascii=False)
    assert "Duldung" not in stored_user_turns and "seit 2020" not in stored_user_turns


@pytest.mark.parametrize("message", ["", " ", "😀😀😀", "א" * 50, "x" * 100_000])
def test_odd_text_gets_a_polite_answer(bot, message):
    messages = bot.say(fresh(), message)
    assert isinstance(messages, list)
    assert "Hallo" in reply(bot, "Hallo")  # the server is still alive
