"""Someone else in a follow-up (issue #15): "gilt das auch für meine Frau?" asks the same about another person."""
from __future__ import annotations

import re

from actions.i18n import N_

# "gilt das auch für meine Frau?", "und bei meinem Sohn?": the same question about someone else.
OTHER_PERSON = re.compile(r"\b(?:f(?:ü|ue)r|bei|mit)\s+(?:mein|unser)e?[nmr]?\s+(\w+)", re.IGNORECASE)
# The person as the bot names them after "für" (accusative): "Ihren Sohn", "Ihr Kind", "Ihre Eltern"
# (translated where shown: actions/texts/service_answers.py).
FOR_YOUR = {"frau": N_("Ihre Frau"), "ehefrau": N_("Ihre Frau"), "mann": N_("Ihren Mann"), "ehemann": N_("Ihren Mann"),
            "ehepartner": N_("Ihren Ehepartner"), "ehepartnerin": N_("Ihre Ehepartnerin"),
            "partner": N_("Ihren Partner"), "partnerin": N_("Ihre Partnerin"), "kind": N_("Ihr Kind"),
            "kinder": N_("Ihre Kinder"), "kindern": N_("Ihre Kinder"), "sohn": N_("Ihren Sohn"),
            "tochter": N_("Ihre Tochter"), "eltern": N_("Ihre Eltern"), "mutter": N_("Ihre Mutter"),
            "vater": N_("Ihren Vater"), "bruder": N_("Ihren Bruder"), "schwester": N_("Ihre Schwester"),
            "familie": N_("Ihre Familie")}


def other_person(text: str) -> str | None:
    """"für meine Frau" → "Ihre Frau" (the bot says "Sie" to the person it talks to)."""
    match = OTHER_PERSON.search(text)
    return FOR_YOUR.get(match.group(1).lower()) if match else None
