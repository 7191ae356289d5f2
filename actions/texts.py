"""German answer texts, rendered from the facts (never copied into domain.yml).

Every function returns plain text (and buttons where the user has a next step),
so the thin action classes only choose what to say.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Any, Iterable, Mapping

from actions import eligibility as rules
from actions import offices
from actions.facts import get_facts
from actions.freshness import german_source_date, is_stale

Button = dict[str, str]

FOLLOWUP_BUTTONS: tuple[Button, ...] = (
    {"title": "Wer kann teilnehmen?", "payload": "/ask_who"},
    {"title": "Wie melde ich mich an?", "payload": "/ask_how_apply"},
    {"title": "Was kostet es?", "payload": "/ask_cost"},
    {"title": "Wo in meiner Nähe?", "payload": "/ask_nearby"},
    {"title": "Quelle", "payload": "/ask_source"},
)
NO_LEGAL_ADVICE = "Das ist keine Rechtsberatung. Die Entscheidung trifft die zuständige Behörde."
# Status words in the facts that mean "this is no longer (fully) available".
NOTABLE_STATUS = re.compile(r"^(BEENDET|AUSGELAUFEN|HISTORISCH|STARK EINGESCHRÄNKT)", re.IGNORECASE)
DEFAULT_ASK_AT = "bei der Migrationsberatung (MBE) oder Ihrem Kommunalen Integrationszentrum"
STATE_LABELS = {rules.OPEN: "nicht gefragt"}
STATE_MARKS = {rules.MET: "✅", rules.NOT_MET: "❌", rules.UNCLEAR: "❔", rules.OPEN: "–", rules.SKIPPED: "–"}


def german_date(iso_date: str) -> str:
    year, month, day = iso_date.split("-")
    return f"{day}.{month}.{year}"


def source_line(source: Mapping[str, Any], checked_date: str, today: dt.date, ask_at: str = DEFAULT_ASK_AT) -> str:
    """The newest source with its own date and the day we checked it; a warning when it is old.

    No "Stand" newer than the source: the check date says when we looked, not how current
    the fact is."""
    dated = f"Quelle {german_source_date(source['date'])}" if source.get("date") else "Quelle ohne Datum"
    line = f"Quelle: {source['url']} ({dated}, geprüft am {german_date(checked_date)})"
    if is_stale(source.get("date"), today):
        age = (f"Die neueste Quelle ist {german_source_date(source['date'])}" if source.get("date")
               else "Die Quelle nennt kein Datum")
        line += f"\n{age}, die Angabe kann veraltet sein. Im Zweifel fragen Sie {ask_at} nach."
    return line


def first_sentences(text: str, count: int) -> str:
    """Cut at sentence ends, but not after abbreviations such as 'z. B.' or 'Abs.'."""
    sentences = re.split(r"(?<=[a-zäöüß)\]]{3}[.!?])\s+(?=[A-ZÄÖÜ])", text.strip())
    return " ".join(sentences[:count])


def ensure_period(text: str) -> str:
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


# --- service answers -------------------------------------------------------------

ASKED_AGAIN = ("Mehr weiß ich dazu nicht als diese Antwort. Wenn sie nicht passt, fragen Sie bitte anders, "
               "oder lassen Sie sich persönlich beraten (z. B. Migrationsberatung).")


def unit_answer(unit: Mapping[str, Any], today: dt.date, extra: str | None = None) -> str:
    """The fact first, at most one sentence of context, then source and date."""
    body = " ".join(part for part in (unit["answer"], unit.get("context"), extra) if part)
    source = {"url": unit["source_url"], "date": unit.get("source_date")}
    return f"{body}\n\n{source_line(source, unit['checked_date'], today)}"


# How every unsure answer starts; `make review` (rasa_ext/stores/review.py) looks for it.
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
    source = ("" if cited is None else "\n\n" + source_line({"url": cited["source_url"], "date": cited.get("source_date")},
                                                            cited["checked_date"], today))
    return heading + "\n" + "\n".join(lines) + source


def unit_buttons(unit: Mapping[str, Any], checkable: bool) -> list[Button]:
    """Follow-ups for the unit's programme; the check when the programme has one."""
    buttons = list(FOLLOWUP_BUTTONS[:4])
    if checkable:
        buttons.insert(0, {"title": "Das für mich prüfen", "payload": f'/check_eligibility{{"program":"{unit["program"]}"}}'})
    return buttons


def other_person_answer(person: str, topic_short: str, checkable: bool) -> str:
    """"gilt das auch für meine Frau?": each person's own situation decides; say so instead of guessing."""
    check = (f" Sie können die Prüfung ({topic_short}) auch mit den Angaben für {person} durchgehen."
             if checkable else "")
    return (f"Ob das auch für {person} gilt, hängt von der eigenen Lage ab, zum Beispiel vom Aufenthaltsstatus "
            f"und davon, wie lange jemand schon hier lebt. Das kann ich nicht allgemein sagen.{check} "
            "Sicher beantworten kann es die Migrationsberatung (MBE) oder Ihr Kommunales Integrationszentrum.")


def other_person_buttons(program_id: str, checkable: bool) -> list[Button]:
    check = [{"title": "Prüfung durchgehen", "payload": f'/check_eligibility{{"program":"{program_id}"}}'}]
    return [*(check if checkable else []), {"title": "Beratung in meiner Nähe (KI)", "payload": "/find_ki"}]


def unsure_answer(topic_short: str | None) -> str:
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
    return ("Zu welchem Angebot möchten Sie etwas wissen? Zum Beispiel Integrationskurs, "
            "Migrationsberatung, Einbürgerung oder Anerkennung von Abschlüssen.")


# --- KI finder ---------------------------------------------------------------------

def ki_contact(ki: Mapping[str, Any]) -> str:
    """Only the contact fields the facts hold; say plainly what is missing."""
    lines = [ki["name"]]
    address = ki_address(ki)
    if address:
        lines.append(f"Adresse: {address}")
    if ki["phone"]:
        lines.append(f"Telefon: {ki['phone']}")
    if ki["email"]:
        lines.append(f"E-Mail: {ki['email']}")
    if ki["website"]:
        lines.append(f"Website: {ki['website']}")
    missing = [label for label, key in (("Anschrift", "street"), ("Telefonnummer", "phone"),
                                        ("E-Mail-Adresse", "email")) if not ki[key]]
    if missing:
        where = (f"auf der Website {ki['website']}" if ki["website"]
                 else f"bei der Verwaltung von {ki['region']}")
        lines.append(f"{' und '.join(_join_names(missing))} habe ich nicht. Bitte {where} nachsehen.")
    return "\n".join(lines)


def ki_address(ki: Mapping[str, Any]) -> str:
    """Street, postal code and town as far as the facts hold them; empty when none."""
    return ", ".join(part for part in (ki["street"], " ".join(p for p in (ki["plz"], ki["city"]) if p)) if part)


KI_FIELDS = {"address": "Anschrift", "phone": "Telefonnummer", "email": "E-Mail-Adresse"}


def ki_field_answer(ki: Mapping[str, Any], field: str) -> str:
    """"und die Adresse?" after a KI answer: that one detail, or plainly that it is missing."""
    value = {"address": ki_address(ki), "phone": ki["phone"], "email": ki["email"]}[field]
    label = KI_FIELDS[field]
    if value:
        return f"{label} des Kommunalen Integrationszentrums {ki['region']}: {value}"
    where = f"auf der Website {ki['website']}" if ki["website"] else f"bei der Verwaltung von {ki['region']}"
    return (f"Die {label} des Kommunalen Integrationszentrums {ki['region']} habe ich nicht. "
            f"Bitte {where} nachsehen.")


def _join_names(names: list[str]) -> list[str]:
    return [", ".join(names[:-1]), names[-1]] if len(names) > 1 else names


def ki_source(ki: Mapping[str, Any], checked_date: str, today: dt.date) -> str:
    where = f"auf der Website {ki['website']}" if ki["website"] else f"bei der Verwaltung von {ki['region']}"
    return source_line({"url": ki["source_urls"][0], "date": ki["newest_source_date"]}, checked_date, today, where)


def ki_answer(place_label: str, ki: Mapping[str, Any], checked_date: str, today: dt.date) -> str:
    return (f"Für {place_label} ist zuständig: das Kommunale Integrationszentrum {ki['region']}.\n\n"
            f"{ki_contact(ki)}\n\n{ki_source(ki, checked_date, today)}")


def apply_office_note(program_name: str, office: str) -> str:
    """Said before the KI contact when someone asks where to apply: the KI advises, the office decides."""
    return (f"Den Antrag ({program_name}) stellen Sie {office}, nicht beim Kommunalen Integrationszentrum. "
            "Das KI berät Sie und hilft, die richtige Stelle zu finden:")


def recognition_answer(route: Mapping[str, Any], checked_date: str, today: dt.date, source_date: str | None) -> str:
    contact = f"\nKontakt: {route['contact']}" if route.get("contact") else ""
    return (f"Über die Anerkennung entscheidet: {route['name']}.{contact}\n"
            "Vorher kostenlos beraten lassen können Sie sich z. B. beim IQ Netzwerk NRW oder mit dem "
            "Anerkennungs-Finder auf anerkennung-in-deutschland.de. Das Kommunale Integrationszentrum "
            "entscheidet nicht über Anerkennungen.\n\n"
            + source_line({"url": route["source_url"], "date": source_date}, checked_date, today))


def nearest_note(nearest: Mapping[str, Any], nearest_km: float, responsible_km: float) -> str:
    return (f"Am nächsten liegt (Luftlinie) das KI {nearest['region']}: etwa {nearest_km:.0f} km "
            f"(zum zuständigen KI etwa {responsible_km:.0f} km). Zuständig ist aber immer das KI des "
            f"Kreises oder der Stadt, in der Sie wohnen.\n\n{ki_contact(nearest)}")


def nearest_same_note(distance_km: float) -> str:
    return f"Es ist auch das nächstgelegene KI (Luftlinie etwa {distance_km:.0f} km)."


def ask_place() -> str:
    return "In welcher Stadt oder Gemeinde wohnen Sie? Sie können auch Ihre Postleitzahl nennen."


def ambiguous_place(query: str) -> str:
    return f"„{query}“ gibt es mehrmals in NRW. Welchen Ort meinen Sie?"


NATIONAL_COUNSELLING = ("Bundesweit hilft die Migrationsberatung für erwachsene Zugewanderte (MBE) und für junge "
                        "Menschen bis 27 der Jugendmigrationsdienst (JMD).")


def outside_nrw(query: str) -> str:
    return (f"{query} liegt nicht in Nordrhein-Westfalen. Kommunale Integrationszentren gibt es nur in NRW. "
            + NATIONAL_COUNSELLING)


def outside_nrw_location(nearest: Mapping[str, Any] | None, nearest_km: float) -> str:
    """A shared location outside NRW: no coordinates shown; the nearest NRW KI only when it is close."""
    text = ("Ihr Standort liegt außerhalb von Nordrhein-Westfalen. Dieser Assistent kennt nur die Angebote in NRW. "
            + NATIONAL_COUNSELLING)
    if nearest is not None:
        text += (f"\n\nWenn Sie in NRW wohnen: Das nächste KI in NRW ist das KI {nearest['region']}, "
                 f"Luftlinie etwa {nearest_km:.0f} km.\n\n{ki_contact(nearest)}")
    return text


def place_not_found(query: str) -> str:
    shown = (query[:40] + "…") if len(query) > 40 else query
    return (f"Den Ort „{shown}“ kenne ich leider nicht. Bitte nennen Sie eine Stadt oder Gemeinde in NRW "
            "oder Ihre Postleitzahl, z. B. „Moers“ oder „44135“.")


# --- hand-over ---------------------------------------------------------------------

EMERGENCY = ("Wenn Sie in Gefahr sind: Rufen Sie sofort die Polizei unter 110 an. Bei Feuer oder einem medizinischen "
             "Notfall: 112. Beide Nummern sind kostenlos und rund um die Uhr erreichbar.")


def fear_of_deportation() -> str:
    """Fear is not an emergency call: counselling, and the deadlines that letters carry."""
    return ("Ich verstehe, dass Sie Angst haben. Sprechen Sie bald mit einer Beratungsstelle: Sie kennt Ihre "
            "Möglichkeiten und hilft kostenlos, zum Beispiel die Migrationsberatung (MBE), der "
            "Jugendmigrationsdienst (bis 27 Jahre) oder eine Flüchtlingsberatung. Wichtig: Briefe der "
            "Ausländerbehörde haben oft Fristen. Nehmen Sie jeden Brief gleich mit zur Beratung. "
            "Die Polizei (110) rufen Sie nur, wenn Sie gerade in Gefahr sind.")


def handover_intro() -> str:
    return "Persönlich beraten Sie diese Stellen. Sie können dort anrufen, schreiben oder hingehen:"


def counselling_services(mbe: Mapping[str, Any], jmd: Mapping[str, Any], today: dt.date) -> str:
    return (f"• Migrationsberatung für Erwachsene (MBE): {mbe['how_to_apply']}\n"
            f"• Jugendmigrationsdienst (bis 27 Jahre): {jmd['how_to_apply']}\n\n"
            f"{source_line(mbe['newest_source'], mbe['checked_date'], today)}")


# --- eligibility -------------------------------------------------------------------

def check_intro(title: str, prefilled: str | None = None) -> str:
    known = f" {prefilled}" if prefilled else ""
    return (f"Gut, wir prüfen gemeinsam: {title}.{known} Ich stelle ein paar kurze Fragen. Ihre Antworten "
            "lösche ich nach dem Ergebnis. Mit „abbrechen“ hören wir jederzeit auf.")


def noted_items(prefilled: Mapping[str, Any], labels: Mapping[str, str]) -> str:
    """"Aufenthaltsstatus Duldung, Alter 19": answers given in passing, in words."""
    parts = []
    for slot, value in prefilled.items():
        shown = german_date(str(value)) if slot == "arrival_date" else _answer_title(slot, value)
        parts.append(f"{labels.get(slot, slot)} {shown}")
    return ", ".join(parts)


def prefilled_note(prefilled: Mapping[str, Any], labels: Mapping[str, str]) -> str | None:
    """What the person already said, repeated so they can correct it: "Ich habe notiert: Alter 19."."""
    items = noted_items(prefilled, labels)
    return f"Ich habe notiert: {items}. Falls das nicht stimmt, sagen Sie es einfach." if items else None


def _answer_title(slot: str, value: Any) -> str:
    buttons = get_facts()["eligibility"]["questions"].get(slot, {}).get("buttons", [])
    return next((b["title"] for b in buttons if str(b["value"]) == str(value)), str(value))


def choose_check(titles: Mapping[str, str]) -> tuple[str, list[Button]]:
    buttons = [{"title": title, "payload": f'/check_eligibility{{"program":"{pid}"}}'} for pid, title in titles.items()]
    return "Welche Möglichkeit soll ich mit Ihnen prüfen?", buttons


def ended_program(program: Mapping[str, Any], replacement_titles: list[str], today: dt.date) -> str:
    return (f"{program['name']} gibt es nicht mehr. {ensure_period(first_sentences(program['status'], 1))} "
            f"Heute können Sie zum Beispiel nutzen: {', '.join(replacement_titles)}.\n\n"
            f"{source_line(program['newest_source'], program['checked_date'], today)}")


INVALID_ANSWER_START = "Das habe ich leider nicht verstanden. Bitte antworten Sie"
STUCK_START = "Hier kommen wir gerade nicht weiter."


def invalid_answer(example: str) -> str:
    return (f"{INVALID_ANSWER_START} zum Beispiel so: „{example}“. "
            "Oder sagen Sie „weiß ich nicht“ oder „abbrechen“.")


NOTED_START = "Danke, das habe ich notiert."


def noted_other_answers(items: str) -> str:
    return f"{NOTED_START} ({items}) Jetzt brauche ich noch die Antwort auf diese Frage (oder „weiß ich nicht“):"


def stuck_on_question() -> tuple[str, list[Button]]:
    """The second answer in a row that does not fit: offer the ways out instead of the same request again."""
    return (f"{STUCK_START} Wenn Sie die Antwort nicht wissen, ist das in Ordnung: Dann ist das Ergebnis "
            "„unklar“ und Sie bekommen einen Hinweis, wo Sie sich beraten lassen können.",
            [{"title": "Weiß ich nicht", "payload": "weiß ich nicht"},
             {"title": "Prüfung abbrechen", "payload": "/stop"}])


QUESTION_AS_ANSWER_START = "Das klingt nach einer Frage."
BACK_TO_CHECK = "Jetzt zurück zu Ihrer Prüfung (oder schreiben Sie „abbrechen“):"


def question_as_answer(example: str) -> str:
    return (f"{QUESTION_AS_ANSWER_START} Ich brauche hier Ihre eigene Angabe, zum Beispiel: „{example}“. "
            "Wenn Sie es nicht wissen, sagen Sie „weiß ich nicht“. Mit „warum?“ erkläre ich die Frage.")


def why_question(program_title: str, criteria_texts: list[str]) -> str:
    reasons = "; ".join(criteria_texts)
    return f"Ich frage das, weil für {program_title} gilt: {reasons}."


def no_question_open() -> str:
    return "Im Moment stelle ich Ihnen keine Frage. Möchten Sie eine Möglichkeit prüfen lassen?"


def next_step(rule: Mapping[str, Any], verdict: rules.Verdict) -> str:
    """After "voraussichtlich nein" the next step is advice, never an application."""
    return rule["next_step_if_no"] if verdict.verdict == rules.VERDICT_NO else rule["next_step"]


def verdict_text(rule: Mapping[str, Any], verdict: rules.Verdict, hints: list[str], region: str | None,
                 checked_date: str, today: dt.date) -> str:
    checklist = "\n".join(f"{STATE_MARKS[r.state]} {r.criterion['text']} – {STATE_LABELS.get(r.state, r.state)}"
                          for r in verdict.results if r.state != rules.SKIPPED)
    office_checks = "\n".join(f"• {item}" for item in rule.get("checked_by_office", []))
    explained = "".join(f"\n\n{hint}" for hint in hints)
    office = offices.office_label(rule["decides"], region)
    ask_at = offices.office_label(rule["decides"], region, at=True)
    return (f"Ergebnis {rule['title']}: {verdict.verdict}.\n\n{checklist}{explained}\n\n"
            f"Außerdem prüft die Behörde:\n{office_checks}\n\n"
            f"Nächster Schritt: {next_step(rule, verdict)} Entscheiden wird {office}.\n\n"
            f"{NO_LEGAL_ADVICE}\n{source_line(rule['newest_source'], checked_date, today, ask_at)}")


def check_cancelled() -> str:
    return "In Ordnung, ich habe die Prüfung abgebrochen und Ihre Antworten gelöscht."

