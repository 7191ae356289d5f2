"""Answers about a programme: a unit with its source, follow-ups, "not sure" with choices, sources,
questions about someone else, and matters outside our facts."""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from actions.facts import get_facts
from actions.freshness import source_date_phrase
from actions.i18n import GERMAN, N_, current_language, speaking, t
from actions.texts.common import DEFAULT_ASK_AT, Button, german_date, source_line, source_reference, stale_warning
from actions.translations import answer_in

# Titles in German, translated when shown: followup_buttons().
FOLLOWUP_BUTTONS: tuple[Button, ...] = (
    {"title": N_("Wer kann teilnehmen?"), "payload": "/ask_who"},
    {"title": N_("Wie melde ich mich an?"), "payload": "/ask_how_apply"},
    {"title": N_("Was kostet es?"), "payload": "/ask_cost"},
    {"title": N_("Wo in meiner Nähe?"), "payload": "/ask_nearby"},
    {"title": N_("Quelle"), "payload": "/ask_source"},
)
ASKED_AGAIN = N_("Mehr weiß ich dazu nicht als diese Antwort. Wenn sie nicht passt, fragen Sie bitte anders, "
                 "oder lassen Sie sich persönlich beraten (z. B. Migrationsberatung).")


def _translated_buttons(buttons: Iterable[Button]) -> list[Button]:
    """Buttons with their titles in the conversation's language."""
    translated = []
    for button in buttons:
        title = button["title"]
        translated.append({**button, "title": t(title)})
    return translated


def followup_buttons() -> list[Button]:
    """Who, how to apply, cost, nearby, source: the follow-ups under a programme answer."""
    return _translated_buttons(FOLLOWUP_BUTTONS)


def unit_text(unit: Mapping[str, Any]) -> tuple[str, str | None, str | None]:
    """(answer, context, stale note) of a unit in the conversation's language; a context that was left
    out to fit a phone screen (actions/ended_programmes.py, with_notes) stays out."""
    answer, context, note = answer_in(dict(unit), current_language(), get_facts())
    if unit.get(WITHOUT_REPLY_WORD):
        answer = without_bare_reply_word(answer)
    return answer, context if unit.get("context") else None, note


# Set on a unit that answers another question than its own: an ended programme's status ("Nein. … ist ausgelaufen")
# as the reply to "Für wen ist Durchstarten?" drops its "Nein.".
WITHOUT_REPLY_WORD = "without_reply_word"


# The bare yes or no that starts a unit's answer, in every language of the bot ("Ca. 16.600 …" keeps its "Ca.").
REPLY_WORDS = frozenset({"ja", "nein", "yes", "no", "так", "ні", "да", "нет", "evet", "hayır", "hayir", "نعم", "لا",
                         "بله", "نه", "خیر"})


def without_bare_reply_word(answer: str) -> str:
    """An answer without the "Nein." or "Ja," that answers the unit's own question: an ended programme's "Nein." (it
    answers "gibt es das noch?") would contradict "Ja, … dürfen Sie arbeiten.", and a bullet or a guess answers no
    question ("darf mein 17-jähriger Sohn einen Integrationskurs machen?" is no "Nein, wer zur Schule geht …")."""
    found = _BARE_REPLY_WORD.match(answer)
    if found is None or found.group(1).lower() not in REPLY_WORDS:
        return answer
    rest = answer[found.end():]
    return rest[:1].upper() + rest[1:]


_BARE_REPLY_WORD = re.compile(r"\s*(\w+)\s*[.,،]\s+(?=\S)")


def unit_answer(unit: Mapping[str, Any], today: dt.date, extra: str | None = None) -> str:
    """The fact first, at most one sentence of context, then source and date; an answer shown in German
    in another language's conversation starts with that language's note that its translation is stale."""
    answer, context, note = unit_text(unit)
    body = " ".join(part for part in (answer, context, extra) if part)
    source = {"url": unit["source_url"], "date": unit.get("source_date")}
    lead = f"{note}\n" if note else ""
    return f"{lead}{body}\n\n{source_line(source, unit['checked_date'], today)}"


# How every unsure answer starts in German; `make review` (staff/review.py) looks for it.
UNSURE_START = "Da bin ich nicht sicher"


def tentative_answer(unit: Mapping[str, Any], today: dt.date, extra: str | None = None) -> str:
    """A unit that may not answer the question: said so first, so nobody takes it for a sure answer; without its bare
    yes or no, which would answer a question the person may not have asked."""
    return (t("Da bin ich nicht sicher, ob das Ihre Frage beantwortet.") + " "
            + t("Am nächsten kommt diese Auskunft:") + "\n\n" + unit_answer({**unit, WITHOUT_REPLY_WORD: True}, today,
                                                                             extra))


def tentative_answers(units: Sequence[Mapping[str, Any]], today: dt.date) -> str:
    """A guess with the closest units after it, of one programme: each fact with its context, then each source once,
    and one warning when any of them may be out of date."""
    rendered = [unit_text(unit) for unit in units]
    lead = next((f"{note}\n" for _, _, note in rendered if note), "")
    # A bullet is never the reply to its unit's own question: "• Nein. Das Chancen-Aufenthaltsrecht ist …" drops "Nein."
    facts = "\n".join(f"• {without_bare_reply_word(answer)} {context}" if context
                      else f"• {without_bare_reply_word(answer)}" for answer, context, _ in rendered)
    sources = {unit["source_url"]: ({"url": unit["source_url"], "date": unit.get("source_date")}, unit["checked_date"])
               for unit in units}
    lines = [source_reference(source, checked) for source, checked in sources.values()]
    warnings = [warning for source, _ in sources.values() if (warning := stale_warning(source, today))]
    if len(sources) == 1:
        lines += warnings
    elif warnings:
        lines.append(t("Nicht jede dieser Quellen ist aktuell, die Angaben können veraltet sein.") + " "
                     + t("Im Zweifel fragen Sie {ask_at} nach.").format(ask_at=t(DEFAULT_ASK_AT)))
    return (lead + t("Da bin ich nicht sicher, ob das Ihre Frage beantwortet.") + " "
            + t("Am nächsten kommen diese Auskünfte:") + "\n\n" + facts + "\n\n" + "\n".join(lines))


ASPECT_HEADINGS = {"who": N_("Wer kann teilnehmen"), "apply": N_("So melden Sie sich an"), "cost": N_("Kosten")}


def apply_office_line(apply_at: str) -> str:
    """"Den Antrag stellen Sie bei … . Das Kommunale Integrationszentrum berät Sie, entscheidet aber nicht."""
    return (t("Den Antrag stellen Sie {office}.").format(office=apply_at) + " "
            + t("Das Kommunale Integrationszentrum berät Sie, entscheidet aber nicht."))


def units_that_fit(units: list[Mapping[str, Any]], german_office: str | None, limit: int,
                   asked: str | None = None) -> list[Mapping[str, Any]]:
    """The units an overview shows, in order, as far as `limit` characters of the German text allow (a shorter unit
    further down may still fit). Counted in German, so that every language shows the same units: counted in the
    person's language, the longer Ukrainian office line left room only for the fee exemption, not for registering
    at a Kursträger. A translation of the same units reads up to a third longer. The unit the search is sure a typed
    question asks (`asked`) is shown even where it makes the text longer (up to 539 characters in German, 680 in
    Russian): it answers what was asked ("wo beantrage ich den Berechtigungsschein", not only registering)."""
    shown: list[Mapping[str, Any]] = []
    used = len(german_office or "")
    for unit in units:
        needed = len(f"• {unit['answer']}")
        if (shown or german_office) and used + needed > limit and unit["id"] != asked:
            continue
        shown.append(unit)
        used += needed
    return shown


def aspect_answer(topic: Mapping[str, Any], aspect: str, units: list[Mapping[str, Any]], today: dt.date,
                  apply_at: str | None = None, limit: int = 400, german_apply_at: str | None = None,
                  asked: str | None = None) -> str:
    """A follow-up button ("Was kostet es?"): the programme's units of that aspect, fact by fact, as far as
    a phone screen allows; the office first when someone asks how to apply (`german_apply_at`: the office's
    German label, which measures the screen in every language)."""
    lines, german_office = [], None
    if aspect == "apply" and apply_at:
        lines.append(apply_office_line(apply_at))
        with speaking(GERMAN):
            german_office = apply_office_line(german_apply_at or apply_at)
    # "Den Antrag stellen Sie bei der Ausländerbehörde." under the office line would say it twice; its source is cited
    restating = [unit for unit in units if german_office and unit.get("restates_office")]
    shown = units_that_fit([unit for unit in units if unit not in restating], german_office, limit, asked)
    rendered = [unit_text(unit) for unit in shown]
    lines += [f"• {without_bare_reply_word(answer)}" for answer, _, _ in rendered]
    notes = [note for _, _, note in rendered]
    if not units:
        lines.append(t("Dazu habe ich keine gesicherten Angaben.") + " "
                     + t("Fragen Sie bitte beim Kommunalen Integrationszentrum oder bei der Migrationsberatung nach."))
    lead = next((f"{note}\n" for note in notes if note), "")
    heading = f"{lead}{t(ASPECT_HEADINGS[aspect])} – {topic['short']}:"
    # A unit that is shown, not one left out for the screen's limit; with the office alone, the unit that says the
    # same, else the first unit (the overview's closest one).
    cited = (shown or restating or units)[0] if units else None
    source = ("" if cited is None else
              "\n\n" + source_line({"url": cited["source_url"], "date": cited.get("source_date")},
                                    cited["checked_date"], today))
    return heading + "\n" + "\n".join(lines) + source


def unit_buttons(unit: Mapping[str, Any], checkable: bool,
                 other_checks: Mapping[str, str] | None = None) -> list[Button]:
    """Follow-ups for the unit's programme; the check when the programme has one. A programme without a check but
    with related ones (the Duldung overview) offers their checks instead: who may take part or what it costs
    does not fit it."""
    if other_checks:
        return check_buttons(other_checks)
    buttons = followup_buttons()[:4]
    if checkable:
        buttons.insert(0, {"title": t("Das für mich prüfen"),
                           "payload": f'/check_eligibility{{"program":"{unit["program"]}"}}'})
    return buttons


def check_buttons(checks: Mapping[str, str]) -> list[Button]:
    """"Prüfen: <title>" for each programme of `checks` ({id: title}); none for none."""
    return [{"title": t("Prüfen: {title}").format(title=t(title)),
             "payload": f'/check_eligibility{{"program":"{pid}"}}'} for pid, title in checks.items()]


def other_person_answer(person: str, topic_short: str, checkable: bool) -> str:
    """"gilt das auch für meine Frau?": each person's own situation decides; say so instead of guessing."""
    sentences = [t("Ob das auch für {person} gilt, hängt von der eigenen Lage ab, zum Beispiel vom Aufenthaltsstatus "
                   "und davon, wie lange jemand schon hier lebt.").format(person=t(person)),
                 t("Das kann ich nicht allgemein sagen.")]
    if checkable:
        sentences.append(t("Sie können die Prüfung ({topic}) auch mit den Angaben für {person} durchgehen.").format(
            topic=topic_short, person=t(person)))
    sentences.append(t("Sicher beantworten kann es die Migrationsberatung (MBE) oder Ihr Kommunales "
                       "Integrationszentrum."))
    return " ".join(sentences)


def other_person_buttons(program_id: str, checkable: bool) -> list[Button]:
    """The buttons under an answer about someone else: the check (if there is one) and the KI."""
    check = [{"title": t("Prüfung durchgehen"), "payload": f'/check_eligibility{{"program":"{program_id}"}}'}]
    return [*(check if checkable else []), {"title": t("Beratung in meiner Nähe (KI)"), "payload": "/find_ki"}]


def unsure_answer(topic_short: str | None) -> str:
    """The lead-in when the bot is not sure which question is meant (the choices follow)."""
    unsure = (t("Da bin ich nicht sicher, was Sie zu {topic} genau wissen möchten.").format(topic=topic_short)
              if topic_short else t("Da bin ich nicht sicher, was Sie genau wissen möchten."))
    return (unsure + " " + t("Meinen Sie eine dieser Fragen?") + " "
            + t("Sie können Ihre Frage auch anders formulieren."))


def unit_choice_buttons(units: Iterable[Mapping[str, Any]]) -> list[Button]:
    """The closest units as choices: the button sends the unit's own example question, which the answer index
    knows: in Ukrainian, Arabic, Turkish, Russian or Dari/Farsi the unit's question in that language (written for
    the search by meaning), in English an English one, else its German one."""
    asked = get_facts().get("questions_by_language", {}).get(current_language() or "", {})
    buttons = []
    for unit in units:
        question = (asked.get(unit["id"]) or _english_questions(unit) or unit["questions"])[0]
        title = question[:1].upper() + question[1:]
        buttons.append({"title": title if title.endswith("?") else title + "?", "payload": question})
    return buttons


# How an English question starts ("how much …", "can I …"); not "am", "will", "was", which begin German ones too.
_ENGLISH_START = re.compile(r"^(what|how|who|where|when|which|why|can|could|do|does|did|is|are|should|would|i|my|if)\b")


def _english_questions(unit: Mapping[str, Any]) -> list[str]:
    """The unit's example questions in English, in an English conversation (the German index learns them too)."""
    return [question for question in unit["questions"] if _ENGLISH_START.search(question.lower())] \
        if current_language() == "en" else []


def _dated(source: Mapping[str, Any]) -> str:
    return f"{source['url']} ({source_date_phrase(source['date'])})" if source.get("date") else source["url"]


def sources_answer(program: Mapping[str, Any], topic: Mapping[str, Any]) -> str:
    """The programme's newest sources with their dates."""
    newest = sorted(program["sources"], key=lambda source: source.get("date") or "", reverse=True)[:6]
    urls = "\n".join(f"• {_dated(source)}" for source in newest)
    return t("Die neuesten Quellen zu {topic} (geprüft am {checked_date}):").format(
        topic=topic["short"], checked_date=german_date(program["checked_date"])) + f"\n{urls}"


def topic_buttons(topics: Mapping[str, Mapping[str, Any]], program_ids: Iterable[str]) -> list[Button]:
    """One button per programme, asking about it."""
    return [{"title": topics[pid]["short"], "payload": f'/ask_service{{"topic":"{pid}"}}'} for pid in program_ids]


def outside_topic_answer(about: str, office: str) -> str:
    """No facts here, said plainly; who is in charge; who advises for free."""
    return (t("Zu {about} habe ich keine gesicherten Angaben.").format(about=about) + " "
            + t("Zuständig ist {office}.").format(office=office) + " "
            + t("Kostenlos beraten Sie die Migrationsberatung für Erwachsene (MBE) und der Jugendmigrationsdienst "
                "(bis 27 Jahre); auch Ihr Kommunales Integrationszentrum hilft Ihnen weiter."))


# The first title in German, translated when shown: outside_topic_buttons(); the second is a programme's name.
OUTSIDE_TOPIC_BUTTONS: tuple[Button, ...] = (
    {"title": N_("Beratung in meiner Nähe (KI)"), "payload": "/find_ki"},
    {"title": "Migrationsberatung (MBE)", "payload": '/ask_service{"topic":"migrationsberatung_mbe"}'})


def outside_topic_buttons() -> list[Button]:
    """The KI nearby and the Migrationsberatung, under an answer on a matter outside our facts."""
    return _translated_buttons(OUTSIDE_TOPIC_BUTTONS)


def unknown_topic() -> str:
    """The question which programme is meant, with examples."""
    return (t("Zu welchem Angebot möchten Sie etwas wissen?") + " "
            + t("Zum Beispiel Integrationskurs, Migrationsberatung, Einbürgerung oder Anerkennung von Abschlüssen."))
