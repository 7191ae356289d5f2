"""Staff review (staff/review.py): redact a user text, and group similar texts.

Rasa-free: regular expressions, and scikit-learn for the grouping.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

SIMILARITY = 0.4  # cosine of character n-gram TF-IDF vectors: at or above, a message joins a group

# --- redaction ----------------------------------------------------------------------------

EMAIL = re.compile(r"[\w.+-]+\s*(?:@|\(at\)|\[at\])\s*[\w-]+(?:\s*(?:\.|\(dot\)|\[dot\])\s*[\w-]+)+", re.IGNORECASE)
# Six or more digits in one run of digits and separators: phone numbers, IBANs, file numbers, dates.
PHONE = re.compile(r"(?<![\w])\+?\d(?:[ ()/.\-]{0,2}\d){5,}(?!\w)")
LONG_NUMBER = re.compile(r"\d{4,}")
NAME_INTRO = (r"(?P<intro>\b(?:ich\s+hei(?:ß|ss)e?\b|mein(?:\s*(?:vor|nach|familien))?name\s*(?:ist|lautet|:)|"
              r"mein\s+(?:vor|nach|familien)?name\s*(?:ist|lautet|:)|my\s+name\s+is|je\s+m'appelle)\s*:?\s*)")
NAME = re.compile(NAME_INTRO + r"(?P<words>[^\W\d_][\w'’-]*(?:[ \t]+[^\W\d_][\w'’-]*){0,2})", re.IGNORECASE)
# Words that end a name: "ich heiße Amir und wohne …".
NOT_A_NAME = {"und", "aber", "oder", "ich", "bin", "habe", "hab", "komme", "wohne", "lebe", "aus", "in", "seit",
              "mit", "bitte", "danke", "hallo", "wie", "was", "wo", "wer", "kann", "möchte", "moechte", "brauche",
              "suche", "frage", "and", "i", "from", "am", "im"}
TITLE_NAME = re.compile(r"\b(Herrn?|Frau|Familie|Dr\.)\s+[A-ZÄÖÜ][\w'’-]+")
STREET = re.compile(r"\b[\wäöüßÄÖÜ.-]*(?:straße|strasse|str\.|weg|allee|platz|gasse|ring|damm|ufer)\s*\d+\s*[a-z]?\b",
                    re.IGNORECASE)


def _name(match: re.Match) -> str:
    words = match.group("words").split()
    named = next((i for i, word in enumerate(words) if word.casefold() in NOT_A_NAME), len(words))
    if named == 0:
        return match.group(0)
    return " ".join([match.group("intro").rstrip() + " [Name]", *words[named:]])


def redact(text: str) -> str:
    """The text with nothing that points to a person: e-mail, phone and long numbers, names, addresses."""
    text = EMAIL.sub("[E-Mail]", text)
    text = STREET.sub("[Adresse]", text)
    text = PHONE.sub("[Nummer]", text)
    text = LONG_NUMBER.sub("[Zahl]", text)
    text = NAME.sub(_name, text)
    text = TITLE_NAME.sub(lambda m: f"{m.group(1)} [Name]", text)
    return " ".join(text.split())


# --- grouping -----------------------------------------------------------------------------

@dataclass
class Group:
    """Similar messages: the most frequent text, how many, and the kinds of reply they got."""
    example: str
    count: int = 0
    kinds: Counter = field(default_factory=Counter)


def normal_form(text: str) -> str:
    """The text for comparing: case-folded, single spaces, no closing punctuation."""
    return " ".join(text.casefold().split()).strip(" ?!.,;:")


# Question and function words say little about the topic: left out when comparing.
FUNCTION_WORDS = frozenset("""
a an am auch auf aus bei bin bitte da das dass dem den der des die du ein eine einem einen einer es für gibt
hab habe hallo hat ich ihr im in ist ja kann kannst man mein meine meinen mich mir mit muss nach nicht noch oder
sie sind so und uns von was welche welcher welches wer wie wir wo zu zum zur is the what how can i my
heiße heisse name vorname bekomme brauche suche möchte moechte will gerne bekommen machen
""".split())


def content_words(form: str) -> str:
    """The words that carry the topic (question and function words left out)."""
    words = re.findall(r"\w+", re.sub(r"\[[^\]]*\]", " ", form))  # without "[Name]", "[Zahl]" …
    kept = [word for word in words if word not in FUNCTION_WORDS]
    return " ".join(kept or words)


def group_similar(items: Sequence[tuple[str, str]], threshold: float = SIMILARITY) -> list[Group]:
    """Groups of similar (kind, text) items, largest first; each keeps its most frequent text as example.

    Identical texts (ignoring case, spaces and end punctuation) count together; then each distinct
    text joins the group of the most similar text before it (cosine of character 2–4-gram TF-IDF of
    its content words), if at least `threshold`, else starts a group of its own. Most frequent texts
    go first, so they are the examples."""
    if not items:
        return []
    by_form: dict[str, Counter] = {}
    kinds_by_form: dict[str, Counter] = {}
    for kind, text in items:
        form = normal_form(text)
        by_form.setdefault(form, Counter())[text] += 1
        kinds_by_form.setdefault(form, Counter())[kind] += 1
    forms = sorted(by_form, key=lambda f: (-sum(by_form[f].values()), f))
    from sklearn.feature_extraction.text import TfidfVectorizer  # a second of import time, only here

    vectors = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True).fit_transform(
        [content_words(form) for form in forms])
    groups: list[Group] = []
    members: list[int] = []  # the group of every distinct text so far
    for index, form in enumerate(forms):
        best = None
        if index:
            similarities = (vectors[:index] @ vectors[index].T).toarray().ravel()
            closest = int(similarities.argmax())
            if similarities[closest] >= threshold:
                best = members[closest]
        if best is None:
            groups.append(Group(example=by_form[form].most_common(1)[0][0]))
            best = len(groups) - 1
        members.append(best)
        groups[best].count += sum(by_form[form].values())
        groups[best].kinds.update(kinds_by_form[form])
    return sorted(groups, key=lambda g: (-g.count, g.example))
