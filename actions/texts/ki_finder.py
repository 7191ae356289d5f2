"""Answers of the KI finder: the responsible and the nearest KI with their contact, places that are
ambiguous, unknown or outside NRW, where to apply, and the recognition authority."""
from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from actions.i18n import N_, t
from actions.texts.common import Button, source_line

if TYPE_CHECKING:
    from actions.places import Resolution


def ki_contact(ki: Mapping[str, Any]) -> str:
    """Only the contact fields the facts hold; say plainly what is missing."""
    lines = [ki["name"]]
    address = ki_address(ki)
    if address:
        lines.append(t("Adresse: {address}").format(address=address))
    if ki["phone"]:
        lines.append(t("Telefon: {phone}").format(phone=ki["phone"]))
    if ki["email"]:
        lines.append(t("E-Mail: {email}").format(email=ki["email"]))
    if ki["website"]:
        lines.append(t("Website: {website}").format(website=ki["website"]))
    missing = [t(KI_FIELDS[key]) for key, fact in (("address", "street"), ("phone", "phone"), ("email", "email"))
               if not ki[fact]]
    if missing:
        lines.append(t("{missing} habe ich nicht.").format(missing=_joined(missing)) + " " + _look_it_up(ki))
    return "\n".join(lines)


def ki_address(ki: Mapping[str, Any]) -> str:
    """Street, postal code and town as far as the facts hold them; empty when none."""
    town = " ".join(piece for piece in (ki["plz"], ki["city"]) if piece)
    return ", ".join(part for part in (ki["street"], town) if part)


KI_FIELDS = {"address": N_("Anschrift"), "phone": N_("Telefonnummer"), "email": N_("E-Mail-Adresse")}
_FIELD_KNOWN = {"address": N_("Anschrift des Kommunalen Integrationszentrums {region}: {value}"),
                "phone": N_("Telefonnummer des Kommunalen Integrationszentrums {region}: {value}"),
                "email": N_("E-Mail-Adresse des Kommunalen Integrationszentrums {region}: {value}")}
_FIELD_MISSING = {"address": N_("Die Anschrift des Kommunalen Integrationszentrums {region} habe ich nicht."),
                  "phone": N_("Die Telefonnummer des Kommunalen Integrationszentrums {region} habe ich nicht."),
                  "email": N_("Die E-Mail-Adresse des Kommunalen Integrationszentrums {region} habe ich nicht.")}


def ki_field_answer(ki: Mapping[str, Any], field: str) -> str:
    """"und die Adresse?" after a KI answer: that one detail, or plainly that it is missing."""
    value = {"address": ki_address(ki), "phone": ki["phone"], "email": ki["email"]}[field]
    if value:
        return t(_FIELD_KNOWN[field]).format(region=ki["region"], value=value)
    return t(_FIELD_MISSING[field]).format(region=ki["region"]) + " " + _look_it_up(ki)


def _joined(names: list[str]) -> str:
    """"Anschrift, Telefonnummer und E-Mail-Adresse"."""
    if len(names) < 2:
        return "".join(names)
    return t("{names} und {last}").format(names=", ".join(names[:-1]), last=names[-1])


def _look_it_up(ki: Mapping[str, Any]) -> str:
    """Where to find what the facts do not hold: the KI's website, else the administration of its region."""
    if ki["website"]:
        return t("Bitte auf der Website {website} nachsehen.").format(website=ki["website"])
    return t("Bitte bei der Verwaltung von {region} nachsehen.").format(region=ki["region"])


def ki_source(ki: Mapping[str, Any], checked_date: str, today: dt.date) -> str:
    """The source line of a KI's contact details."""
    where = (t("auf der Website {website}").format(website=ki["website"]) if ki["website"]
             else t("bei der Verwaltung von {region}").format(region=ki["region"]))
    return source_line({"url": ki["source_urls"][0], "date": ki["newest_source_date"]}, checked_date, today, where)


def ki_answer(place_label: str, ki: Mapping[str, Any], checked_date: str, today: dt.date) -> str:
    """Which KI is responsible for the place, with contact and source."""
    responsible = t("Für {place} ist zuständig: das Kommunale Integrationszentrum {region}.").format(
        place=place_label, region=ki["region"])
    return f"{responsible}\n\n{ki_contact(ki)}\n\n{ki_source(ki, checked_date, today)}"


def apply_office_note(program_name: str, office: str) -> str:
    """Said before the KI contact when someone asks where to apply: the KI advises, the office decides."""
    return (t("Den Antrag ({program}) stellen Sie {office}, nicht beim Kommunalen Integrationszentrum.").format(
        program=program_name, office=office) + " " + t("Das KI berät Sie und hilft, die richtige Stelle zu finden:"))


def nearest_note(nearest: Mapping[str, Any], nearest_km: float, responsible_km: float) -> str:
    """A nearer KI than the responsible one, and that the responsible one still decides."""
    return (t("Am nächsten liegt (Luftlinie) das KI {region}: etwa {km} km (zum zuständigen KI etwa "
              "{responsible_km} km).").format(region=nearest["region"], km=f"{nearest_km:.0f}",
                                              responsible_km=f"{responsible_km:.0f}") + " "
            + t("Zuständig ist aber immer das KI des Kreises oder der Stadt, in der Sie wohnen.")
            + f"\n\n{ki_contact(nearest)}")


def nearest_same_note(distance_km: float) -> str:
    """The responsible KI is also the nearest one."""
    return t("Es ist auch das nächstgelegene KI (Luftlinie etwa {km} km).").format(km=f"{distance_km:.0f}")


def ask_place() -> str:
    """The question for the place, when none is known."""
    return t("In welcher Stadt oder Gemeinde wohnen Sie?") + " " + t("Sie können auch Ihre Postleitzahl nennen.")


def ambiguous_place(query: str) -> str:
    """A place name found more than once in NRW (buttons follow)."""
    return t("„{place}“ gibt es mehrmals in NRW.").format(place=query) + " " + t("Welchen Ort meinen Sie?")


NATIONAL_COUNSELLING = N_("Bundesweit hilft die Migrationsberatung für erwachsene Zugewanderte (MBE) und für junge "
                          "Menschen bis 27 der Jugendmigrationsdienst (JMD).")


def outside_nrw(query: str) -> str:
    """A named place outside NRW: no KI there, national counselling instead."""
    return (t("{place} liegt nicht in Nordrhein-Westfalen.").format(place=query) + " "
            + t("Kommunale Integrationszentren gibt es nur in NRW.") + " " + t(NATIONAL_COUNSELLING))


def outside_nrw_location(nearest: Mapping[str, Any] | None, nearest_km: float) -> str:
    """A shared location outside NRW: no coordinates shown; the nearest NRW KI only when it is close."""
    text = (t("Ihr Standort liegt außerhalb von Nordrhein-Westfalen.") + " "
            + t("Dieser Assistent kennt nur die Angebote in NRW.") + " " + t(NATIONAL_COUNSELLING))
    if nearest is not None:
        text += ("\n\n" + t("Wenn Sie in NRW wohnen: Das nächste KI in NRW ist das KI {region}, Luftlinie etwa "
                            "{km} km.").format(region=nearest["region"], km=f"{nearest_km:.0f}")
                 + f"\n\n{ki_contact(nearest)}")
    return text


def place_not_found(query: str) -> str:
    """A place the bot does not know, with examples of what it understands."""
    shown = (query[:40] + "…") if len(query) > 40 else query
    return (t("Den Ort „{place}“ kenne ich leider nicht.").format(place=shown) + " "
            + t("Bitte nennen Sie eine Stadt oder Gemeinde in NRW oder Ihre Postleitzahl, z. B. „Moers“ oder "
                "„44135“."))


def place_buttons(resolution: Resolution) -> list[Button]:
    """One button per candidate of an ambiguous place (at most 8); the payload names it by AGS."""
    buttons = []
    for candidate in resolution.candidates[:8]:
        value = candidate.gemeinde.ags if candidate.gemeinde else candidate.kreis_name
        buttons.append({"title": candidate.label,
                        "payload": "/inform_place" + json.dumps({"place_ags": value}, ensure_ascii=False)})
    return buttons
