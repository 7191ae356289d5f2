"""Residence status: one of RESIDENCE_STATUSES from "Duldung", "Aufenthaltserlaubnis", "EU-Bürger" ..."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

from actions.answer_parsing.normalisation import Text, words_after, words_before

RESIDENCE_STATUSES = (
    "niederlassungserlaubnis",
    "eu_freizuegigkeit",
    "aufenthaltserlaubnis",
    "schutz_ukraine_24",
    "aufenthaltsgestattung",
    "duldung",
    "aufenthaltserlaubnis_104c",
    "kein_titel",
)

# Programme names that contain "Duldung" but are not the user's status
# (Beschäftigungsduldung § 60d, Ausbildungsduldung § 60c).  Removed first.
_PROGRAMME_RE = re.compile(
    r"(?:beschaeftigungs|beschaftigungs|ausbildungs)\s?dul+dung[a-z]*"
    r"|dul+dung\s(?:nach\s)?(?:§\s?|paragraph\s|paragraf\s)?60\s?[cd]\b"
    r"|§\s?60\s?[cd]\b"
)

_APPLIED = frozenset({"beantragt", "beantragen", "beantrage", "abgelehnt", "abgelaufen"})
_EDUCATION = ("abschluss", "zeugnis", "diplom", "beruf", "studium", "ausbildung", "qualifikation", "fuehrerschein")
_JOB_WORDS = ("vertrag", "arbeitsvertrag", "arbeit", "job", "stelle", "anstellung")


def _negated(before: list[str]) -> bool:
    return any(word.startswith("kein") or word in ("nicht", "ohne") for word in before[:2])


def _not_unbefristeter_job(before: list[str], after: list[str]) -> bool:
    # "unbefristeter Arbeitsvertrag" is about a job, not a residence title.
    return not any(word.startswith(_JOB_WORDS) for word in before[:3] + after[:2])


def _not_education(before: list[str], after: list[str]) -> bool:
    # "mein Abschluss ist anerkannt" is about a degree, not refugee status.
    return not any(word.startswith(_EDUCATION) for word in before[:4])


class _StatusRule(NamedTuple):
    status: str
    pattern: re.Pattern[str]
    check_negation: bool
    void_after: frozenset[str]  # words after the match that void it ("beantragt")
    extra_check: Callable[[list[str], list[str]], bool] | None


# Order = precedence, most specific first: "Aufenthaltserlaubnis nach § 104c"
# is 104c, "kein Aufenthaltstitel" is kein_titel, "Asyl anerkannt" is a
# permit, and a named Duldung beats a generic "Aufenthaltserlaubnis abgelaufen".
_STATUS_RULES = [
    _StatusRule("kein_titel", re.compile(
        r"\b(?:kein|keine|keinen|ohne)\s(?:gueltigen?\s|gueltiger\s)?"
        r"(?:papiere|papieren|papier|aufenthaltstitel|aufenthaltserlaubnis|aufenthaltsrecht"
        r"|titel|dokumente|dokumenten|status)\b|\bpapierlos|\billegal|\bundokumentiert"),
        False, frozenset(), None),
    _StatusRule("aufenthaltserlaubnis_104c", re.compile(r"\b104\s?c\b|chancen\s?aufenthalt"),
                True, _APPLIED, None),
    _StatusRule("niederlassungserlaubnis", re.compile(
        r"niederlassung|\bunbefristet|dauer\s?aufenthalt|\bpermanent\b"),
        True, _APPLIED, _not_unbefristeter_job),
    # "Blaue Karte EU" is a residence permit, not EU free movement.
    _StatusRule("aufenthaltserlaubnis", re.compile(r"\bblaue\skarte"), True, _APPLIED, None),
    _StatusRule("eu_freizuegigkeit", re.compile(
        r"\beu\b|\beubuerger|freizuegig|freizugig|unionsbuerger|europaeische\sunion"),
        True, _APPLIED, None),
    _StatusRule("duldung", re.compile(r"dul+dung|geduldet|§\s?60\s?a\b"), True, _APPLIED, None),
    # Ukrainians usually call their § 24 permit "Aufenthaltserlaubnis", so
    # Ukraine outranks the generic permit words.
    _StatusRule("schutz_ukraine_24", re.compile(
        r"ukrain|(?:§|\bparagraph|\bparagraf|\bpara|\bpar)\s?\.?\s?24\b"
        r"|voruebergehende[nr]?\sschutz"),
        True, _APPLIED, None),
    _StatusRule("aufenthaltserlaubnis", re.compile(
        r"aufent?h?alt?s?\s?(?:erlaubni|titel)|\banerkannt|fluechtlings\s?(?:schutz|eigenschaft)"
        r"|fluchtlings\s?(?:schutz|eigenschaft)|subsidi|asylberechtig"),
        True, _APPLIED, _not_education),
    # "Asyl beantragt" *is* the Gestattung, so only rejection voids it.
    _StatusRule("aufenthaltsgestattung", re.compile(r"gestattung|\basyl"),
                True, frozenset({"abgelehnt", "abgelaufen"}), None),
]


def _words_around(text: Text, start: int, end: int) -> tuple[list[str], list[str]]:
    """Up to 4 words before and 3 after the characters start..end."""
    first = text.token_at(start)
    last = max(first, text.token_at(end - 1))
    return words_before(text, first, 4, skip_fillers=False), words_after(text, last, 3)


def _rule_applies(rule: _StatusRule, text: Text, match: re.Match[str]) -> bool:
    before, after = _words_around(text, match.start(), match.end())
    if rule.check_negation and _negated(before):
        return False  # "keine Duldung mehr"
    if rule.void_after and any(word in rule.void_after for word in after):
        return False  # "Aufenthaltserlaubnis beantragt/abgelaufen"
    return rule.extra_check is None or rule.extra_check(before, after)


def find_residence_status(text: Text) -> str | None:
    """The first status whose rule applies, in the order of _STATUS_RULES."""
    without_programmes = _PROGRAMME_RE.sub(" ", text.normalised)
    if without_programmes != text.normalised:
        text = Text(without_programmes)  # re-tokenise without the programme names
    for rule in _STATUS_RULES:
        for match in rule.pattern.finditer(text.normalised):
            if _rule_applies(rule, text, match):
                return rule.status
    return None


def parse_residence_status(text: str) -> str | None:
    """One of RESIDENCE_STATUSES, or None.

    "Beschäftigungsduldung"/"Ausbildungsduldung" name a programme, not the
    user's status, and alone give None.
    """
    return find_residence_status(Text(text))
