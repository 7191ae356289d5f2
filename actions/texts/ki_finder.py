"""Answers of the KI finder: the responsible and the nearest KI with their contact, places that are
ambiguous, unknown or outside NRW, where to apply, and the recognition authority."""
from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from actions.texts.common import Button, source_line

if TYPE_CHECKING:
    from actions.places import Resolution


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
    town = " ".join(piece for piece in (ki["plz"], ki["city"]) if piece)
    return ", ".join(part for part in (ki["street"], town) if part)


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
    """The source line of a KI's contact details."""
    where = f"auf der Website {ki['website']}" if ki["website"] else f"bei der Verwaltung von {ki['region']}"
    return source_line({"url": ki["source_urls"][0], "date": ki["newest_source_date"]}, checked_date, today, where)


def ki_answer(place_label: str, ki: Mapping[str, Any], checked_date: str, today: dt.date) -> str:
    """Which KI is responsible for the place, with contact and source."""
    return (f"Für {place_label} ist zuständig: das Kommunale Integrationszentrum {ki['region']}.\n\n"
            f"{ki_contact(ki)}\n\n{ki_source(ki, checked_date, today)}")


def apply_office_note(program_name: str, office: str) -> str:
    """Said before the KI contact when someone asks where to apply: the KI advises, the office decides."""
    return (f"Den Antrag ({program_name}) stellen Sie {office}, nicht beim Kommunalen Integrationszentrum. "
            "Das KI berät Sie und hilft, die richtige Stelle zu finden:")


def recognition_answer(route: Mapping[str, Any], checked_date: str, today: dt.date, source_date: str | None) -> str:
    """Who decides on recognising a qualification (not the KI), and where to get advice."""
    contact = f"\nKontakt: {route['contact']}" if route.get("contact") else ""
    return (f"Über die Anerkennung entscheidet: {route['name']}.{contact}\n"
            "Vorher kostenlos beraten lassen können Sie sich z. B. beim IQ Netzwerk NRW oder mit dem "
            "Anerkennungs-Finder auf anerkennung-in-deutschland.de. Das Kommunale Integrationszentrum "
            "entscheidet nicht über Anerkennungen.\n\n"
            + source_line({"url": route["source_url"], "date": source_date}, checked_date, today))


def nearest_note(nearest: Mapping[str, Any], nearest_km: float, responsible_km: float) -> str:
    """A nearer KI than the responsible one, and that the responsible one still decides."""
    return (f"Am nächsten liegt (Luftlinie) das KI {nearest['region']}: etwa {nearest_km:.0f} km "
            f"(zum zuständigen KI etwa {responsible_km:.0f} km). Zuständig ist aber immer das KI des "
            f"Kreises oder der Stadt, in der Sie wohnen.\n\n{ki_contact(nearest)}")


def nearest_same_note(distance_km: float) -> str:
    """The responsible KI is also the nearest one."""
    return f"Es ist auch das nächstgelegene KI (Luftlinie etwa {distance_km:.0f} km)."


def ask_place() -> str:
    """The question for the place, when none is known."""
    return "In welcher Stadt oder Gemeinde wohnen Sie? Sie können auch Ihre Postleitzahl nennen."


def ambiguous_place(query: str) -> str:
    """A place name found more than once in NRW (buttons follow)."""
    return f"„{query}“ gibt es mehrmals in NRW. Welchen Ort meinen Sie?"


NATIONAL_COUNSELLING = ("Bundesweit hilft die Migrationsberatung für erwachsene Zugewanderte (MBE) und für junge "
                        "Menschen bis 27 der Jugendmigrationsdienst (JMD).")


def outside_nrw(query: str) -> str:
    """A named place outside NRW: no KI there, national counselling instead."""
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
    """A place the bot does not know, with examples of what it understands."""
    shown = (query[:40] + "…") if len(query) > 40 else query
    return (f"Den Ort „{shown}“ kenne ich leider nicht. Bitte nennen Sie eine Stadt oder Gemeinde in NRW "
            "oder Ihre Postleitzahl, z. B. „Moers“ oder „44135“.")


def place_buttons(resolution: Resolution) -> list[Button]:
    """One button per candidate of an ambiguous place (at most 8); the payload names it by AGS."""
    buttons = []
    for candidate in resolution.candidates[:8]:
        value = candidate.gemeinde.ags if candidate.gemeinde else candidate.kreis_name
        buttons.append({"title": candidate.label,
                        "payload": "/inform_place" + json.dumps({"place_ags": value}, ensure_ascii=False)})
    return buttons
