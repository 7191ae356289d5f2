"""Emergency, fear of deportation, and the hand-over to personal counselling."""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from actions.facts import answer_unit, get_facts
from actions.i18n import N_, current_language, t
from actions.texts.common import source_line
from actions.texts.ki_finder import ask_place, ki_contact
from actions.translations import answer_in

EMERGENCY = N_("Wenn Sie in Gefahr sind: Rufen Sie sofort die Polizei unter 110 an. Bei Feuer oder einem medizinischen "
               "Notfall: 112. Beide Nummern sind kostenlos und rund um die Uhr erreichbar.")


def fear_of_deportation() -> str:
    """Fear is not an emergency call: counselling, and the deadlines that letters carry."""
    return " ".join((
        t("Ich verstehe, dass Sie Angst haben."),
        t("Sprechen Sie bald mit einer Beratungsstelle: Sie kennt Ihre Möglichkeiten und hilft kostenlos, zum "
          "Beispiel die Migrationsberatung (MBE), der Jugendmigrationsdienst (bis 27 Jahre) oder eine "
          "Flüchtlingsberatung."),
        t("Wichtig: Briefe der Ausländerbehörde haben oft Fristen."),
        t("Nehmen Sie jeden Brief gleich mit zur Beratung."),
        t("Die Polizei (110) rufen Sie nur, wenn Sie gerade in Gefahr sind.")))


def handover_intro() -> str:
    """The lead-in to the list of counselling services."""
    return t("Persönlich beraten Sie diese Stellen. Sie können dort anrufen, schreiben oder hingehen:")


def how_to_find(program: Mapping[str, Any]) -> str:
    """Where the service's offices are found: its unit, translated (the programme's own field is German only)."""
    unit = answer_unit(f"{program['id']}.wo_finden")
    return answer_in(unit, current_language(), get_facts())[0] if unit else program["how_to_apply"]


def counselling_services(mbe: Mapping[str, Any], jmd: Mapping[str, Any], today: dt.date) -> str:
    """MBE and JMD, how to reach them, and the source."""
    return ("• " + t("Migrationsberatung für Erwachsene (MBE): {how_to_apply}").format(how_to_apply=how_to_find(mbe))
            + "\n• " + t("Jugendmigrationsdienst (bis 27 Jahre): {how_to_apply}").format(
                how_to_apply=how_to_find(jmd))
            + f"\n\n{source_line(mbe['newest_source'], mbe['checked_date'], today)}")


def handover_answer(ki: Mapping[str, Any] | None, mbe: Mapping[str, Any], jmd: Mapping[str, Any],
                    today: dt.date) -> str:
    """Who counsels in person: the responsible KI when the place is known (else the question for it),
    and the Migrationsberatung and Jugendmigrationsdienst."""
    parts = [handover_intro()]
    if ki:
        parts.append(t("Ihr Kommunales Integrationszentrum {region}:").format(region=ki["region"])
                     + f"\n{ki_contact(ki)}")
    parts.append(counselling_services(mbe, jmd, today))
    if not ki:
        parts.append(t("Wenn Sie mir Ihren Wohnort nennen, suche ich Ihr Kommunales Integrationszentrum.") + " "
                     + ask_place())
    return "\n\n".join(parts)
