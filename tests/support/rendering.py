"""Every answer text the bot can send from a facts file, and the ones that do not date their source."""
from __future__ import annotations

import datetime as dt
import re

from actions import texts

DATED_SOURCE = re.compile(r"\(Quelle (vom \d\d\.\d\d\.\d{4}|von [A-Za-zä]* ?\d{4}|ohne Datum), geprüft am "
                          r"\d\d\.\d\d\.\d{4}\)")


def every_rendered_answer(facts: dict, today: dt.date) -> list[str]:
    """Every programme answer, follow-up and KI answer of `facts`, as the bot would send them on `today`."""
    answers = []
    for program_id, topic in facts["topics"].items():
        answers += [texts.unit_answer(u, today) for u in facts["answers"] if u["program"] == program_id]
        for aspect in ("who", "apply", "cost"):
            units = [u for u in facts["answers"] if u["program"] == program_id and u["aspect"] == aspect]
            answers.append(texts.aspect_answer(topic, aspect, units, today))
    answers += [texts.ki_answer(ki["region"], ki, ki["checked_date"], today) for ki in facts["kis"].values()]
    return answers


def undated_answers(answers: list[str]) -> list[str]:
    """Answers that claim a "Stand:" or state something without dating its source (issue #14)."""
    return [answer[-300:] for answer in answers if "Stand:" in answer
            or ("keine gesicherten Angaben" not in answer and not DATED_SOURCE.search(answer))]
