"""Residence status: one of RESIDENCE_STATUSES from "Duldung", "Aufenthaltserlaubnis", "EU-Bürger" ...,
also "toleration", "дульдунг", "residence permit", "вид на жительство", "oturma izni", "إقامة", "اقامت"
(the other languages' words are in vocab_status.py)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

from actions.answer_parsing import vocab_status as vocab
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
_EDUCATION = ("abschluss", "zeugnis", "diplom", "beruf", "studium", "ausbildung", "qualifikation", "fuehrerschein",
              *vocab.EDUCATION_STEMS)
_JOB_WORDS = ("vertrag", "arbeitsvertrag", "arbeit", "job", "stelle", "anstellung", *vocab.JOB_STEMS)
# Applied for, refused, expired (before or after the status word, in the other languages).
_NOT_HELD = vocab.APPLIED | vocab.ENDED
_NOT_GESTATTUNG = vocab.ENDED | vocab.GRANTED


def _negated(before: list[str], after: list[str]) -> bool:
    return (any(word.startswith("kein") or word in ("nicht", "ohne") or word in vocab.NEGATION_BEFORE
                for word in before[:2])
            or any(word in vocab.NEGATION_AFTER for word in after[:2]))


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
    void_around: frozenset[str] = _NOT_HELD  # other languages: before or after ("applied for", "подала на")


def _with_other_languages(german: str, status: str) -> re.Pattern[str]:
    return re.compile(german + "|" + vocab.compiled(status))


# Order = precedence, most specific first: "Aufenthaltserlaubnis nach § 104c"
# is 104c, "kein Aufenthaltstitel" is kein_titel, "Asyl anerkannt" is a
# permit, and a named Duldung beats a generic "Aufenthaltserlaubnis abgelaufen".
_STATUS_RULES = [
    _StatusRule("kein_titel", _with_other_languages(
        r"\b(?:kein|keine|keinen|ohne)\s(?:gueltigen?\s|gueltiger\s)?"
        r"(?:papiere|papieren|papier|aufenthaltstitel|aufenthaltserlaubnis|aufenthaltsrecht"
        r"|titel|dokumente|dokumenten|status)\b|\bpapierlos|\billegal|\bundokumentiert", "kein_titel"),
        False, frozenset(), None, frozenset()),
    _StatusRule("aufenthaltserlaubnis_104c", re.compile(r"\b104\s?c\b|chancen\s?aufenthalt"),
                True, _APPLIED, None),
    _StatusRule("niederlassungserlaubnis", _with_other_languages(
        r"niederlassung|\bunbefristet|dauer\s?aufenthalt|\bpermanent\b", "niederlassungserlaubnis"),
        True, _APPLIED, _not_unbefristeter_job),
    # "Blaue Karte EU" is a residence permit, not EU free movement.
    _StatusRule("aufenthaltserlaubnis", _with_other_languages(r"\bblaue\skarte", "aufenthaltserlaubnis"),
                True, _APPLIED, None),
    _StatusRule("eu_freizuegigkeit", _with_other_languages(
        r"\beu\b|\beubuerger|freizuegig|freizugig|unionsbuerger|europaeische\sunion", "eu_freizuegigkeit"),
        True, _APPLIED, None),
    _StatusRule("duldung", _with_other_languages(r"dul+dung|geduldet|§\s?60\s?a\b", "duldung"),
                True, _APPLIED, None),
    # Ukrainians usually call their § 24 permit "Aufenthaltserlaubnis", so
    # Ukraine outranks the generic permit words.
    _StatusRule("schutz_ukraine_24", _with_other_languages(
        r"ukrain|(?:§|\bparagraph|\bparagraf|\bpara|\bpar)\s?\.?\s?24\b"
        r"|voruebergehende[nr]?\sschutz", "schutz_ukraine_24"),
        True, _APPLIED, None),
    _StatusRule("aufenthaltserlaubnis", _with_other_languages(
        r"aufent?h?alt?s?\s?(?:erlaubni|titel)|\banerkannt|fluechtlings\s?(?:schutz|eigenschaft)"
        r"|fluchtlings\s?(?:schutz|eigenschaft)|subsidi|asylberechtig", "aufenthaltserlaubnis_generic"),
        True, _APPLIED, _not_education),
    # "Asyl beantragt" *is* the Gestattung, so only rejection voids it; granted asylum is a permit.
    _StatusRule("aufenthaltsgestattung", _with_other_languages(r"gestattung|\basyl", "aufenthaltsgestattung"),
                True, frozenset({"abgelehnt", "abgelaufen"}), None, _NOT_GESTATTUNG),
]


def _words_around(text: Text, start: int, end: int) -> tuple[list[str], list[str]]:
    """Up to 4 words before and 3 after the characters start..end."""
    first = text.token_at(start)
    last = max(first, text.token_at(end - 1))
    return words_before(text, first, 4, skip_fillers=False), words_after(text, last, 3)


def _rule_applies(rule: _StatusRule, text: Text, match: re.Match[str]) -> bool:
    before, after = _words_around(text, match.start(), match.end())
    if rule.check_negation and _negated(before, after):
        return False  # "keine Duldung mehr", "oturma iznim yok"
    if rule.void_after and any(word in rule.void_after for word in after):
        return False  # "Aufenthaltserlaubnis beantragt/abgelaufen"
    if any(word in rule.void_around for word in before + after):
        return False  # "applied for a residence permit", "اقامتي انتهت"
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
