"""A wish for counselling about one programme (issue #15): "wer berät mich, wenn ich meinen Abschluss anerkennen
lassen will?" gets that programme's own counselling (IQ for recognition), not its costs and not the general list of
counselling services. Rasa-free: the services and the hand-over use it."""
from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from actions.answer_retrieval import Retrieval
from actions.question_kind import asked_aspects, asks_where_to_turn
from actions.worry import asks_by_when

# Counselling asked for in so many words, besides "an wen wende ich mich" (question_kind.ASKS_WHERE_TO_TURN).
# "\bberatung" leaves out programme names such as "Migrationsberatung", which ask what the programme is.
COUNSELLING = re.compile(
    r"\bber(a|ä|ae)t\w*|\bberatung\w*|\bwo\b.{0,25}\bhilfe\b|\badvice\b|\badvis\w*|\bcounsel\w*|"
    r"консульт\w*|استشار\w*|dan[ıi][sş]man\w*|مشاوره", re.IGNORECASE)
CANDIDATES = 5  # the closest units the programme's counselling is looked for in
# Services that are counselling themselves: a wish for counselling that names one asks what it helps with
# ("rassistisch beleidigt, wo krieg ich Beratung" -> the anti-discrimination offices), not for its address.
COUNSELLING_SERVICES = frozenset({"integrationsagenturen_nrw", "migrationsberatung_mbe", "jugendmigrationsdienste_jmd",
                                  "kommunale_integrationszentren", "kim_nrw"})


def asks_for_counselling(text: str) -> bool:
    """The message asks who counsels or helps."""
    return asks_where_to_turn(text) or bool(COUNSELLING.search(text))


def counselling_unit(text: str, program_id: str | None, retrieval: Retrieval) -> dict[str, Any] | None:
    """The programme's unit on where to get advice (aspect "contact") among the closest units, when the message
    asks for counselling about that programme; else None."""
    if program_id is None or program_id in COUNSELLING_SERVICES or not asks_for_counselling(text):
        return None
    return next((dict(match.unit) for match in retrieval.matches[:CANDIDATES]
                 if match.unit["program"] == program_id and match.unit["aspect"] == "contact"), None)


def rejected_asylum_unit_id(retrieval: Retrieval, units: Sequence[str], text: str) -> str | None:
    """After a rejected asylum claim, the unit among `units` for `text`: "what now?" alone gets the first unit (it
    sends to counselling at once); a deadline or another aspect asked gets the unit of that aspect that retrieval
    ranks highest ("bis wann muss ich klagen"), else retrieval's first of them. None when retrieval is sure of
    another unit ("asyl abgelehnt, darf ich eine ausbildung machen?") or there are no such units."""
    best = retrieval.best
    if not units or (best is not None and retrieval.confident and best.unit["id"] not in units):
        return None
    asked, by_when = asked_aspects(text), asks_by_when(text)
    if not asked and not by_when:
        return units[0]
    ranked = [match.unit for match in retrieval.matches if match.unit["id"] in units]
    wanted = {*asked, "deadline"} if "duration" in asked or by_when else set(asked)
    of_aspect = [unit for unit in ranked if unit["aspect"] in wanted]
    return (of_aspect or ranked or [{"id": units[0]}])[0]["id"]
