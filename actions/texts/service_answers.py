"""Answers about a programme: a unit with its source, follow-ups, "not sure" with choices, sources,
questions about someone else, and matters outside our facts."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from actions.freshness import german_source_date
from actions.texts.common import Button, german_date, source_line

FOLLOWUP_BUTTONS: tuple[Button, ...] = (
    {"title": "Wer kann teilnehmen?", "payload": "/ask_who"},
    {"title": "Wie melde ich mich an?", "payload": "/ask_how_apply"},
    {"title": "Was kostet es?", "payload": "/ask_cost"},
    {"title": "Wo in meiner Nähe?", "payload": "/ask_nearby"},
    {"title": "Quelle", "payload": "/ask_source"},
)
ASKED_AGAIN = ("Mehr weiß ich dazu nicht als diese Antwort. Wenn sie nicht passt, fragen Sie bitte anders, "
               "oder lassen Sie sich persönlich beraten (z. B. Migrationsberatung).")


def unit_answer(unit: Mapping[str, Any], today: dt.date, extra: str | None = None) -> str:
    """The fact first, at most one sentence of context, then source and date."""
    body = " ".join(part for part in (unit["answer"], unit.get("context"), extra) if part)
    source = {"url": unit["source_url"], "date": unit.get("source_date")}
    return f"{body}\n\n{source_line(source, unit['checked_date'], today)}"


# How every unsure answer starts; `make review` (staff/review.py) looks for it.
UNSURE_START = "Da bin ich nicht sicher"


def tentative_answer(unit: Mapping[str, Any], today: dt.date, extra: str | None = None) -> str:
    """A unit that may not answer the question: said so first, so nobody takes it for a sure answer."""
    return (f"{UNSURE_START}, ob das Ihre Frage beantwortet. Am nächsten kommt diese Auskunft:\n\n"
            + unit_answer(unit, today, extra))


ASPECT_HEADINGS = {"who": "Wer kann teilnehmen", "apply": "So melden Sie sich an", "cost": "Kosten"}


def aspect_answer(topic: Mapping[str, Any], aspect: str, units: list[Mapping[str, Any]], today: dt.date,
                  apply_at: str | None = None, limit: int = 400) -> str:
    """A follow-up button ("Was kostet es?"): the programme's units of that aspect, fact by fact, as far as
    a phone screen allows; the office first when someone asks how to apply."""
    lines = []
    if aspect == "apply" and apply_at:
        lines.append(f"Den Antrag stellen Sie {apply_at}. Das Kommunale Integrationszentrum berät Sie, "
                     "entscheidet aber nicht.")
    for unit in units:
        if lines and sum(len(line) for line in lines) + len(unit["answer"]) > limit:
            break
        lines.append(f"• {unit['answer']}")
    if not units:
        lines.append("Dazu habe ich keine gesicherten Angaben. Fragen Sie bitte beim Kommunalen "
                     "Integrationszentrum oder bei der Migrationsberatung nach.")
    heading = f"{ASPECT_HEADINGS[aspect]} – {topic['short']}:"
    cited = units[0] if units else None
    source = ("" if cited is None else
              "\n\n" + source_line({"url": cited["source_url"], "date": cited.get("source_date")},
                                    cited["checked_date"], today))
    return heading + "\n" + "\n".join(lines) + source


def unit_buttons(unit: Mapping[str, Any], checkable: bool) -> list[Button]:
    """Follow-ups for the unit's programme; the check when the programme has one."""
    buttons = list(FOLLOWUP_BUTTONS[:4])
    if checkable:
        buttons.insert(0, {"title": "Das für mich prüfen",
                           "payload": f'/check_eligibility{{"program":"{unit["program"]}"}}'})
    return buttons


def other_person_answer(person: str, topic_short: str, checkable: bool) -> str:
    """"gilt das auch für meine Frau?": each person's own situation decides; say so instead of guessing."""
    check = (f" Sie können die Prüfung ({topic_short}) auch mit den Angaben für {person} durchgehen."
             if checkable else "")
    return (f"Ob das auch für {person} gilt, hängt von der eigenen Lage ab, zum Beispiel vom Aufenthaltsstatus "
            f"und davon, wie lange jemand schon hier lebt. Das kann ich nicht allgemein sagen.{check} "
            "Sicher beantworten kann es die Migrationsberatung (MBE) oder Ihr Kommunales Integrationszentrum.")


def other_person_buttons(program_id: str, checkable: bool) -> list[Button]:
    """The buttons under an answer about someone else: the check (if there is one) and the KI."""
    check = [{"title": "Prüfung durchgehen", "payload": f'/check_eligibility{{"program":"{program_id}"}}'}]
    return [*(check if checkable else []), {"title": "Beratung in meiner Nähe (KI)", "payload": "/find_ki"}]


def unsure_answer(topic_short: str | None) -> str:
    """The lead-in when the bot is not sure which question is meant (the choices follow)."""
    about = f" zu {topic_short}" if topic_short else ""
    return (f"{UNSURE_START}, was Sie{about} genau wissen möchten. Meinen Sie eine dieser Fragen? "
            "Sie können Ihre Frage auch anders formulieren.")


def unit_choice_buttons(units: Iterable[Mapping[str, Any]]) -> list[Button]:
    """The closest units as choices: the button sends the unit's own example question."""
    buttons = []
    for unit in units:
        question = unit["questions"][0]
        title = question[:1].upper() + question[1:]
        buttons.append({"title": title if title.endswith("?") else title + "?", "payload": question})
    return buttons


def _dated(source: Mapping[str, Any]) -> str:
    return f"{source['url']} ({german_source_date(source['date'])})" if source.get("date") else source["url"]


def sources_answer(program: Mapping[str, Any], topic: Mapping[str, Any]) -> str:
    """The programme's newest sources with their dates."""
    newest = sorted(program["sources"], key=lambda source: source.get("date") or "", reverse=True)[:6]
    urls = "\n".join(f"• {_dated(source)}" for source in newest)
    return f"Die neuesten Quellen zu {topic['short']} (geprüft am {german_date(program['checked_date'])}):\n{urls}"


def topic_buttons(topics: Mapping[str, Mapping[str, Any]], program_ids: Iterable[str]) -> list[Button]:
    """One button per programme, asking about it."""
    return [{"title": topics[pid]["short"], "payload": f'/ask_service{{"topic":"{pid}"}}'} for pid in program_ids]


def outside_topic_answer(about: str, office: str) -> str:
    """No facts here, said plainly; who is in charge; who advises for free."""
    return (f"Zu {about} habe ich keine gesicherten Angaben. Zuständig ist {office}. Kostenlos beraten Sie "
            "die Migrationsberatung für Erwachsene (MBE) und der Jugendmigrationsdienst (bis 27 Jahre); "
            "auch Ihr Kommunales Integrationszentrum hilft Ihnen weiter.")


OUTSIDE_TOPIC_BUTTONS: tuple[Button, ...] = (
    {"title": "Beratung in meiner Nähe (KI)", "payload": "/find_ki"},
    {"title": "Migrationsberatung (MBE)", "payload": '/ask_service{"topic":"migrationsberatung_mbe"}'})


def unknown_topic() -> str:
    """The question which programme is meant, with examples."""
    return ("Zu welchem Angebot möchten Sie etwas wissen? Zum Beispiel Integrationskurs, "
            "Migrationsberatung, Einbürgerung oder Anerkennung von Abschlüssen.")


