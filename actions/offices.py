"""Which office handles an application, as data (facts_src/offices.yml → facts.json "offices").

The Kommunales Integrationszentrum advises and points the way; it never decides on a
residence title, a naturalisation or a recognition. These helpers name the office that
does, for the person's Kreis or kreisfreie Stadt when it is known.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from actions.facts import get_facts
from actions.i18n import current_language, t
from actions.topics import FOLDS, normalise


def _folded(text: str) -> str:
    return (text if isinstance(text, str) else "").lower().translate(FOLDS)


def apply_office_id(program_id: str | None) -> str | None:
    """The office where one applies for the programme, if the facts name one."""
    return get_facts()["offices"]["apply_at"].get(program_id or "")


def office_label(office_id: str, region: str | None, at: bool = False) -> str:
    """"die Einbürgerungsbehörde der Stadt Gelsenkirchen", or "… Ihres Kreises oder Ihrer kreisfreien Stadt";
    with `at`: "bei der Einbürgerungsbehörde …". In another language the office's translation from offices.yml,
    with the German name in brackets, as the person will read it on letters ("the immigration office
    (Ausländerbehörde)"); the region's name stays German."""
    office = get_facts()["offices"]["offices"][office_id]
    office = {**office, **office.get("translations", {}).get(current_language() or "", {})}
    name = office["at"] if at else office["name"]
    if not office["local"]:
        return name
    if region and region.startswith("Stadt "):
        return t("{office} der {region}").format(office=name, region=region)
    if region:
        # Some larger towns in a Kreis run their own office; the town hall knows.
        return t("{office} für {region} (manche größeren Städte im Kreis haben eine eigene)").format(
            office=name, region=region)
    return t("{office} Ihres Kreises oder Ihrer kreisfreien Stadt").format(office=name)


# "wer erkennt das an": the separable verb splits the word.
_RECOGNITION_WORDS = re.compile(r"anerkenn|gleichwertig|recogni|zeugnisbewertung|approbation|\berkenn\w* .*\ban\b")


def asks_about_recognition(text: str) -> bool:
    """The text asks about recognising a foreign qualification."""
    return bool(_RECOGNITION_WORDS.search(_folded(text)))


# Who decides or where to go ("wer erkennt das an", "wie bekomme ich die Anerkennung als …", "which office"), on
# the normalised text (umlauts as ae/oe/ue): what the recognition authority answers. "Was steht in der
# Zeugnisbewertung?" does not.
WHO_DECIDES_CUE = re.compile(
    r"\bwer\b|\bwo\b|wohin|an wen|bei wem|zustaendig|welche[rsnm]? (stelle|behoerde|bezirksregierung|kammer|amt)"
    r"|wie (bekomme|kriege|krieg|beantrage|mache|laeuft|geht|lasse|funktioniert)|wie (kann|koennte) (ich|man)"
    r"|was muss ich .*\b(tun|machen|beachten)\b|anerkennen lassen|\blasse ich\b|anerkannt (werden|lassen)"
    r"|moechte .*anerkenn|\bwill .*anerkenn"
    r"|how (can|do|does|to)\b|what do i (need to )?do|want (to get|my)|would like"
    r"|\bwho\b|\bwhere\b|which (office|organi[sz]ation|authority|body|institution)|responsible|competent")
# "Anerkennung als Krankenpfleger?", "Anerkennung Elektriker Ausbildung aus Syrien möglich?": who decides
SHORT_REQUEST_WORDS = 6


def asks_who_decides(text: str) -> bool:
    """A German or English message that asks who decides or where to go, or only names what to recognise."""
    return bool(WHO_DECIDES_CUE.search(normalise(text))) or len(re.findall(r"\w+", text)) <= SHORT_REQUEST_WORDS


def recognition_route(text: str) -> Mapping[str, Any] | None:
    """The recognition authority for a profession named in the text ("Krankenschwester" → ZAG-PuG). A school
    certificate for studying is none: the university decides ("Schulabschluss aus Syrien, will hier studieren")."""
    folded = _folded(text)
    to_study = bool(_WANTS_TO_STUDY.search(folded))
    for route in get_facts()["offices"]["recognition_routes"]:
        if route.get("school") and to_study:
            continue
        if any(re.search(r"\b" + re.escape(_folded(keyword)), folded) for keyword in route["keywords"]):
            return route
    return None


_WANTS_TO_STUDY = re.compile(r"\bstudieren\b|\bstudienplatz|\bstudy\b|\bimmatrikul|\benrol")


def outside_topic_about(topic: Mapping[str, Any]) -> str:
    """What the everyday matter is about, in the conversation's language (German when not translated)."""
    return str(topic.get("about_translations", {}).get(current_language() or "", topic["about"]))


def outside_topic(text: str) -> Mapping[str, Any] | None:
    """An everyday matter that none of our programmes covers ("meine Papiere laufen ab", "Jobcenter-Geld"):
    the bot has no facts on it and points to the office in charge and to free counselling."""
    folded = _folded(text)
    for topic in get_facts()["offices"].get("outside_topics", []):
        if any(re.search(pattern, folded) for pattern in topic["patterns"]):
            return topic
    return None
