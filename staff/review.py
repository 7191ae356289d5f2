"""What went wrong, for staff (issue #18): `make review`.

    python -m staff.review [--days 30] [--endpoints endpoints.yml] [--top 20]

Prints, for the last --days days:

1. the user messages the bot could not answer: the message before a bot reply that starts
   like the fallback (domain.yml utter_default), the out-of-scope reply (utter_out_of_scope),
   an unsure answer ("Da bin ich nicht sicher", actions/texts.py), the question for the topic,
   an unknown place or "Mehr weiß ich dazu nicht" (the same question twice). Their text is
   redacted (`redact`: numbers of four or more digits, e-mail addresses, phone numbers, names
   after "ich heiße" / "mein Name ist", street addresses) and grouped by similarity (TF-IDF on
   character n-grams, cosine): each group with its count and one example;
2. the answer units with the most 👎 and the most 👍 (rasa_ext/channels/feedback.py), with counts.

Nothing printed can be traced to a person: no sender ids, no times (the period is given in
days), only redacted texts. Button presses ("/…"), shared locations, answers given during an
eligibility check and texts already redacted by the tracker store are left out.

The tracker store comes from the endpoints file, as for `make purge` (rasa_ext/stores/retention.py).
Rasa-free: SQLAlchemy, scikit-learn, the facts and the bot's own wordings. A staff tool of the
development environment (requirements-dev.txt): it reads the action package's texts and facts,
so it lives here and not in rasa_ext/, which the Rasa server runs without the action package.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import sys
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

import sqlalchemy as sa
import yaml

from actions import texts
from actions.facts import get_facts
from rasa_ext.channels import feedback
from rasa_ext.stores.retention import RetentionError, database_url, describe, open_engine, tracker_store_config
from staff.review_texts import SIMILARITY, Group, group_similar, redact

REPO = Path(__file__).resolve().parents[1]
DOMAIN = REPO / "domain.yml"
DEFAULT_DAYS = 30
DEFAULT_TOP = 20
CHECK_FORM = "eligibility_form"
REDACTED = "[entfernt]"  # rasa_ext/stores/redaction.py's REDACTED (that module needs Rasa)

# --- which replies mean "not answered" ----------------------------------------------------

def _domain_text(name: str) -> str:
    domain = yaml.safe_load(DOMAIN.read_text(encoding="utf-8"))
    return domain["responses"][name][0]["text"]


def _start(text: str) -> str:
    """The first sentence: enough to recognise the reply, whatever follows."""
    return re.split(r"(?<=[.?!:])\s", text.strip(), maxsplit=1)[0]


def reply_kinds() -> list[tuple[str, str]]:
    """(start of a bot reply, kind), from the bot's own wordings."""
    return [
        (_start(_domain_text("utter_default")), "nicht verstanden"),
        (_start(_domain_text("utter_out_of_scope")), "außerhalb des Themas"),
        (texts.UNSURE_START, "unsicher"),
        (_start(texts.unknown_topic()), "Thema unklar"),
        (texts.place_not_found("\x00").split("\x00")[0], "Ort unbekannt"),
        (_start(texts.ASKED_AGAIN), "zweimal gefragt"),
    ]


def kind_of_reply(text: str, kinds: Sequence[tuple[str, str]]) -> str | None:
    """Which kind of non-answer a bot reply is, by how it starts; None for an answer."""
    return next((kind for start, kind in kinds if text.startswith(start)), None)


def is_reviewable(text: str) -> bool:
    """Typed text only: no button payloads, shared locations or texts redacted after a check."""
    stripped = text.strip()
    return bool(stripped) and not stripped.startswith(("/", "{")) and stripped != REDACTED


# --- reading the tracker store ------------------------------------------------------------

EVENTS = sa.text("SELECT sender_id, type_name, data FROM events WHERE timestamp >= :since "
                 "AND type_name IN ('user', 'bot', 'active_loop') ORDER BY sender_id, id")


def unanswered(rows: Iterable[tuple[str, str, str]], kinds: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """(kind, user text) for every user message whose reply was a fallback or an unsure answer.

    rows: (conversation, event type, event JSON) in stored order. The conversation id is only
    used to keep conversations apart; it is not returned."""
    found: list[tuple[str, str]] = []
    conversation, pending, in_check = None, None, False
    for sender, type_name, data in rows:
        if sender != conversation:
            conversation, pending, in_check = sender, None, False
        try:
            event = json.loads(data or "{}")
        except ValueError:
            continue
        if type_name == "active_loop":
            in_check = event.get("name") == CHECK_FORM
        elif type_name == "user":
            text = event.get("text")
            pending = text if isinstance(text, str) and is_reviewable(text) and not in_check else None
        elif type_name == "bot" and pending is not None:
            kind = kind_of_reply(event.get("text") or "", kinds)
            if kind is not None:
                found.append((kind, pending))
                pending = None  # one entry per message, however many replies follow
    return found


# --- the report ---------------------------------------------------------------------------

def unit_label(unit: str) -> str:
    """The unit id and the question it answers, as staff recognise it."""
    known = {u["id"]: u for u in get_facts()["answers"]}
    if unit not in known:
        return f"{unit} (nicht mehr in den Fakten)"
    question = known[unit]["questions"][0]
    return f"{unit} – „{question[:1].upper() + question[1:]}“"


def vote_lines(counts: dict[str, dict[str, int]], vote: str, top: int) -> list[str]:
    """The `top` units with the most votes of one kind, one line each."""
    other = "up" if vote == "down" else "down"
    symbol = {"up": "👍", "down": "👎"}
    ranked = sorted((u for u in counts if counts[u][vote]), key=lambda u: (-counts[u][vote], -counts[u][other], u))
    return [f"  {counts[u][vote]:>4} {symbol[vote]}  {counts[u][other]:>4} {symbol[other]}  {unit_label(u)}"
            for u in ranked[:top]]


def render(groups: list[Group], counts: dict[str, dict[str, int]], first_day: dt.date, last_day: dt.date,
           top: int, where: str) -> str:
    """The staff review as plain German text."""
    total = sum(g.count for g in groups)
    lines = [f"Rückblick {first_day:%d.%m.%Y} bis {last_day:%d.%m.%Y} ({where})", "",
             f"1. Nachrichten ohne sichere Antwort: {total} in {len(groups)} Gruppen "
             f"(Texte geschwärzt, ähnliche zusammengefasst)"]
    if not groups:
        lines.append("  keine")
    for group in groups[:top]:
        kinds = ", ".join(f"{kind} {n}" for kind, n in group.kinds.most_common())
        lines.append(f"  {group.count:>4}×  „{group.example}“  ({kinds})")
    if len(groups) > top:
        rest = groups[top:]
        lines.append(f"  … und {len(rest)} weitere Gruppen mit zusammen {sum(g.count for g in rest)} Nachrichten "
                     f"(--top zeigt mehr)")
    votes = sum(c["up"] + c["down"] for c in counts.values())
    lines += ["", f"2. Bewertungen der Antworten: {votes} Stimmen zu {len(counts)} Antworten"]
    down, up = vote_lines(counts, "down", top), vote_lines(counts, "up", top)
    lines += ["  Meiste 👎 (nicht hilfreich):", *(down or ["  keine"]),
              "  Meiste 👍 (hilfreich):", *(up or ["  keine"])]
    return "\n".join(lines)


def review(engine: sa.engine.Engine | None, days: int, top: int = DEFAULT_TOP, where: str = "",
           now: float | None = None, threshold: float = SIMILARITY) -> str:
    """The review of the last `days` days from the tracker store (an empty one without a database)."""
    now = time.time() if now is None else now
    since = now - days * 86400
    first_day = dt.datetime.fromtimestamp(since, tz=dt.timezone.utc).date()
    last_day = dt.datetime.fromtimestamp(now, tz=dt.timezone.utc).date()
    items: list[tuple[str, str]] = []
    counts: dict[str, dict[str, int]] = {}
    if engine is not None:
        if sa.inspect(engine).has_table("events"):
            with engine.connect() as connection:
                rows = connection.execute(EVENTS, {"since": since})
                items = [(kind, redact(text)) for kind, text in unanswered(rows, reply_kinds())]
        counts = feedback.vote_counts(engine, first_day)
    return render(group_similar(items, threshold), counts, first_day, last_day, top, where)


def main(argv: Sequence[str] | None = None) -> int:
    """`make review`: print the review of the configured tracker store."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--days", type=int, default=DEFAULT_DAYS, help=f"period in days (default {DEFAULT_DAYS})")
    parser.add_argument("--endpoints", default=os.environ.get("RASA_ENDPOINTS", "endpoints.yml"),
                        help="endpoints file with the tracker store (default: $RASA_ENDPOINTS or endpoints.yml)")
    parser.add_argument("--top", type=int, default=DEFAULT_TOP,
                        help=f"groups and answers shown (default {DEFAULT_TOP})")
    args = parser.parse_args(argv)
    if args.days < 1 or args.top < 1:
        parser.error("--days and --top must be at least 1")
    try:
        url = database_url(tracker_store_config(Path(args.endpoints)))
    except RetentionError as error:
        print(f"review: ERROR: {error}", file=sys.stderr)
        return 2
    engine = open_engine(url)
    try:
        print(review(engine, args.days, args.top, describe(url)))
    except sa.exc.OperationalError as error:
        print(f"review: ERROR: tracker store unavailable ({describe(url)}): "
              f"{str(error.orig).strip().splitlines()[0]}", file=sys.stderr)
        return 1
    finally:
        if engine is not None:
            engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
