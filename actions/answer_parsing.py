"""Parse free-text answers of the eligibility pre-check ("Integrationslotse NRW").

Users answer in free, often broken German and frequently give several answers
at once ("Ich bin 19 und habe eine Duldung", "seit März 2019 in Deutschland, B1").
Every parser takes the raw user text and returns a normalised value, or None
when the text does not contain that kind of answer.  The parsers are written
so that they do not misfire on each other's content: an age parser must not
read "seit 2019" or "seit 5 Jahren" as an age, the arrival parser must not read
"ich bin 19" as a date, and so on.

Design notes
* Pure functions, standard library only.
* Input is normalised once (lowercase, umlauts folded to ae/oe/ue/ss, accents
  stripped, whitespace collapsed), so keywords only need to be spelled one way.
* Scanning is token based; all regular expressions are linear (no nested or
  overlapping quantifiers), and input is capped at _MAX_CHARS, so a 100 kB paste
  cannot stall the action server.
* parse_all() is deliberately stricter than the single-question parsers: it
  runs on answers to *other* questions, so it only accepts values with an
  unambiguous cue (see parse_all).
"""

from __future__ import annotations

import bisect
import calendar
import datetime
import re
import unicodedata
from typing import NamedTuple

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
GERMAN_LEVELS = ("keine", "A1", "A2", "B1", "B2", "C1", "C2")

# A chat answer is never this long; truncating bounds the worst-case cost of
# every parser.  The scanning itself is linear, so this is a safety net only.
_MAX_CHARS = 5000

# Arrival dates before this are treated as typos / misreadings (spec).
_EARLIEST_ARRIVAL = datetime.date(1950, 1, 1)

# Average month length, used to turn weeks/days into months.
_DAYS_PER_MONTH = 30.4375

# ---------------------------------------------------------------------------
# Normalisation and tokenisation
# ---------------------------------------------------------------------------

# Fold umlauts the way Germans type them without an umlaut keyboard, so
# "Zwölf" and "zwoelf" become the same string.  Must run before NFKD, which
# would otherwise split "ä" into "a" + combining mark and lose the "e".
_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
_DASHES = str.maketrans({c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2212"})
# "EU-Bürger", "Deutsch-Test", "Chancen-Aufenthalt": split compounds so the
# parts match as words.  Hyphens between digits ("2019-03") are kept.
_LETTER_HYPHEN = re.compile(r"(?<=[a-z])-(?=[a-z])")
# "19jahre", "5j", "18monate": users often glue the unit to the number.
_DIGIT_UNIT = re.compile(r"(?<=\d)(?=jahr|monat|woche|tag|j\b)")
_TOKEN = re.compile(r"\d+|[a-z]+|\S")
_WORD_RE = re.compile(r"[a-z]+")


def _normalise(text: object) -> str:
    """Lowercase, fold umlauts/accents, split hyphenated words, collapse spaces."""
    if not isinstance(text, str):
        return ""
    s = unicodedata.normalize("NFC", text[:_MAX_CHARS]).lower().translate(_FOLD)
    # NFKD + dropping combining marks turns "é" into "e", "²" into "2" etc.
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    s = s.translate(_DASHES)
    s = _LETTER_HYPHEN.sub(" ", s)
    s = _DIGIT_UNIT.sub(" ", s)
    return " ".join(s.split())


class _Tok(NamedTuple):
    text: str
    start: int
    end: int


class _Text:
    """Normalised text plus its tokens; built once and shared by the parsers."""

    def __init__(self, raw: object) -> None:
        self.s = _normalise(raw)
        self.toks = [_Tok(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(self.s)]
        self.starts = [t.start for t in self.toks]

    def tok_at(self, pos: int) -> int:
        """Index of the token containing char position pos (or the one before)."""
        return max(0, bisect.bisect_right(self.starts, pos) - 1)


def _is_word(x: str) -> bool:
    return "a" <= x[0] <= "z"


def _is_num(x: str) -> bool:
    return x.isdecimal()


# Punctuation that ends a clause: context words never reach across it,
# so "seit 5 Jahren, 19" does not make 19 a duration.
_CLAUSE_STOPS = frozenset(",;!?()")

# Words that may sit between a cue and the number without changing its
# meaning: "seit ca. 5 Jahren", "ich bin jetzt 21", "seit über 2 Jahren".
_FILLERS = frozenset(
    """ca circa zirka etwa ungefaehr ungefahr fast knapp schon bereits ueber uber
    mehr als mindestens rund jetzt doch erst gerade mittlerweile inzwischen nun
    eigentlich noch so dem den""".split()
)


def _prev_words(t: _Text, i: int, n: int, skip_fillers: bool = True) -> list[str]:
    """Up to n words/numbers before token i (nearest first), within the clause."""
    out: list[str] = []
    k = i - 1
    steps = 0
    while k >= 0 and len(out) < n and steps < n + 8:  # bounded look-back
        x = t.toks[k].text
        k -= 1
        steps += 1
        if x in _CLAUSE_STOPS:
            break
        if not (_is_word(x) or _is_num(x)):
            continue
        if skip_fillers and x in _FILLERS:
            continue
        out.append(x)
    return out


def _next_words(t: _Text, i: int, n: int) -> list[str]:
    """Up to n words/numbers after token i, within the clause."""
    out: list[str] = []
    k = i + 1
    steps = 0
    while k < len(t.toks) and len(out) < n and steps < n + 8:
        x = t.toks[k].text
        k += 1
        steps += 1
        if x in _CLAUSE_STOPS:
            break
        if _is_word(x) or _is_num(x):
            out.append(x)
    return out


def _glued_to_letters(t: _Text, tok: _Tok) -> bool:
    """True for digits inside "B1", "104c", "a2": those are codes, not numbers."""
    s = t.s
    return (tok.start > 0 and s[tok.start - 1].isalpha()) or (
        tok.end < len(s) and s[tok.end].isalpha()
    )


def _date_or_decimal_part(t: _Text, tok: _Tok) -> bool:
    """True for the pieces of "03/2019", "1.3.2019", "2019-03", "3,5", "14:30"."""
    s = t.s
    before = tok.start >= 2 and s[tok.start - 1] in "./-:," and s[tok.start - 2].isdecimal()
    after = tok.end + 1 < len(s) and s[tok.end] in "./-:," and s[tok.end + 1].isdecimal()
    return before or after


# ---------------------------------------------------------------------------
# Numbers
# ---------------------------------------------------------------------------


def _build_number_words() -> dict[str, int]:
    base = {
        "null": 0, "eins": 1, "zwei": 2, "zwo": 2, "drei": 3, "vier": 4, "fuenf": 5,
        "sechs": 6, "sieben": 7, "acht": 8, "neun": 9, "zehn": 10, "elf": 11,
        "zwoelf": 12, "dreizehn": 13, "vierzehn": 14, "fuenfzehn": 15,
        "sechzehn": 16, "siebzehn": 17, "achtzehn": 18, "neunzehn": 19,
    }
    tens = {
        "zwanzig": 20, "dreissig": 30, "vierzig": 40, "fuenfzig": 50,
        "sechzig": 60, "siebzig": 70, "achtzig": 80, "neunzig": 90,
    }
    units = {
        "ein": 1, "zwei": 2, "drei": 3, "vier": 4, "fuenf": 5,
        "sechs": 6, "sieben": 7, "acht": 8, "neun": 9,
    }
    words = {**base, **tens}
    for u, uv in units.items():  # "einundzwanzig" .. "neunundneunzig"
        for w, wv in tens.items():
            words[u + "und" + w] = uv + wv
    # Frequent misspellings.
    words.update({"sechszehn": 16, "siebenzehn": 17, "dreisig": 30, "dreizig": 30})
    # Typed without umlaut and without the "e": "funf", "zwolf", "funfzehn".
    for k, v in list(words.items()):
        words.setdefault(k.replace("ue", "u").replace("oe", "o"), v)
    return words


_NUMBER_WORDS = _build_number_words()

# "anderthalb", "eineinhalb", "dreieinhalb" ... (n + 0.5)
_HALF_WORDS: dict[str, float] = {"anderthalb": 1.5, "eineinhalb": 1.5}
for _w, _v in _NUMBER_WORDS.items():
    if 2 <= _v <= 12 and "und" not in _w:
        _HALF_WORDS[_w + "einhalb"] = _v + 0.5
del _w, _v
_HALF = frozenset({"halb", "halbe", "halbes", "halben", "halbem", "halber"})
# The indefinite article only means "1" in front of a unit ("seit einem Jahr");
# otherwise "eine Duldung" would be the number 1.
_ONE_WORDS = frozenset({"ein", "eine", "einem", "einen", "einer"})

_UNIT_YEAR = frozenset("jahr jahre jahren jahres jahrn jare jaren j year years yrs".split())
_UNIT_MONTH = frozenset("monat monate monaten monats monatn month months".split())
_UNIT_WEEK = frozenset("woche wochen week weeks".split())
_UNIT_DAY = frozenset("tag tage tagen day days".split())


def _unit(word: str | None) -> str | None:
    if word is None:
        return None
    if word in _UNIT_YEAR:
        return "y"
    if word in _UNIT_MONTH:
        return "m"
    if word in _UNIT_WEEK:
        return "w"
    if word in _UNIT_DAY:
        return "d"
    return None


def _int_value(t: _Text, i: int) -> int | None:
    """Integer value of token i if it is a standalone number (digits or word)."""
    tok = t.toks[i]
    x = tok.text
    if _is_num(x):
        # Very long digit runs are no answer, and int() refuses > 4300 digits.
        if len(x) > 9 or _glued_to_letters(t, tok):
            return None
        return int(x)
    return _NUMBER_WORDS.get(x)


def _word_at(t: _Text, i: int) -> str | None:
    return t.toks[i].text if 0 <= i < len(t.toks) else None


def parse_number(text: str) -> int | None:
    """First standalone integer: digits or German number words 0-99.

    "ein/eine/einem" only count as 1 before a time unit ("seit einem Jahr").
    Digits glued to letters ("B1", "104c") are codes, not numbers.
    """
    t = _Text(text)
    for i, tok in enumerate(t.toks):
        v = _int_value(t, i)
        if v is not None:
            return v
        if tok.text in _ONE_WORDS and _unit(_word_at(t, i + 1)):
            return 1
    return None


# ---------------------------------------------------------------------------
# Durations ("seit 5 Jahren", "anderthalb Jahre", "1 Jahr und 6 Monate")
# ---------------------------------------------------------------------------


class _Dur(NamedTuple):
    i: int  # first token
    j: int  # last token (the unit)
    months: float
    days: float


def _amount_at(t: _Text, i: int) -> tuple[float, int] | None:
    """Amount starting at token i and the index of the token after it."""
    toks = t.toks
    tok = toks[i]
    x = tok.text
    nxt = _word_at(t, i + 1)
    if _is_num(x):
        if len(x) > 9 or _glued_to_letters(t, tok):
            return None
        val: float = int(x)
        j = i + 1
        # Decimal comma/point glued on both sides: "3,5" / "3.5" (not "3.2019").
        if (
            j + 1 < len(toks)
            and toks[j].text in ",."
            and toks[j].start == tok.end
            and _is_num(toks[j + 1].text)
            and toks[j + 1].start == toks[j].end
            and len(toks[j + 1].text) <= 2
        ):
            val = float(x + "." + toks[j + 1].text)
            j += 2
        if _word_at(t, j) == "einhalb":  # "2 einhalb Jahre"
            val += 0.5
            j += 1
        return val, j
    if x in _NUMBER_WORDS:
        if nxt == "einhalb":
            return _NUMBER_WORDS[x] + 0.5, i + 2
        return _NUMBER_WORDS[x], i + 1
    if x in _HALF_WORDS:
        return _HALF_WORDS[x], i + 1
    if x in _ONE_WORDS:
        if nxt in _HALF:  # "ein halbes Jahr", "einem halben Jahr"
            return 0.5, i + 2
        return 1, i + 1
    if x in _HALF:  # "seit halbem Jahr"
        return 0.5, i + 1
    return None


def _durations(t: _Text) -> list[_Dur]:
    """All amount+unit durations; adjacent ones joined by "und"/"," are summed."""
    found: list[_Dur] = []
    n = len(t.toks)
    i = 0
    while i < n:
        x = t.toks[i].text
        if _is_num(x) or x in _NUMBER_WORDS or x in _HALF_WORDS or x in _ONE_WORDS or x in _HALF:
            got = _amount_at(t, i)
            if got is not None:
                amount, j = got
                u = _unit(_word_at(t, j))
                if u is not None:
                    months = amount * 12 if u == "y" else amount if u == "m" else 0.0
                    days = amount * 7 if u == "w" else amount if u == "d" else 0.0
                    found.append(_Dur(i, j, months, days))
                    i = j + 1
                    continue
        i += 1
    merged: list[_Dur] = []
    for d in found:
        if merged:
            prev = merged[-1]
            gap = [tk.text for tk in t.toks[prev.j + 1 : d.i]]
            if gap and len(gap) <= 2 and all(g in ("und", ",", "&") for g in gap):
                merged[-1] = _Dur(prev.i, d.j, prev.months + d.months, prev.days + d.days)
                continue
        merged.append(d)
    return merged


_SINCE = frozenset({"seit", "seid", "seitdem", "since"})
# Words after a duration that show it is a stay, not an age: "5 Jahre hier".
_STAY_WORDS = frozenset({"hier", "in", "im", "da", "dort"})


def _dur_context(t: _Text, d: _Dur) -> str | None:
    """Classify a duration: since / ago / here / age / other / None (bare)."""
    prev = _prev_words(t, d.i, 1)
    nxt = _next_words(t, d.j, 1)
    p = prev[0] if prev else None
    q = nxt[0] if nxt else None
    if q in ("alt", "old"):
        return "age"  # "19 Jahre alt"
    if p in _SINCE:
        return "since"
    if p == "vor" or q in ("her", "ago"):
        return "ago"
    if p in ("in", "nach", "fuer", "for", "bis", "ab"):
        return "other"  # "in 2 Jahren" is future, "für 2 Jahre" is a span
    if q in _STAY_WORDS:
        return "here"
    return None


def _only_fillers_outside(t: _Text, i: int, j: int) -> bool:
    """True if nothing but fillers/punctuation surrounds tokens i..j ("ca. 5 Jahre")."""
    for k, tok in enumerate(t.toks):
        if i <= k <= j:
            continue
        if (_is_word(tok.text) or _is_num(tok.text)) and tok.text not in _FILLERS:
            return False
    return True


def _months_floor(months: float, days: float) -> int:
    # Floor: eligibility rules count completed months; the epsilon absorbs
    # float noise such as 3.5 * 12.
    return int(months + days / _DAYS_PER_MONTH + 1e-9)


def _minus_months(d: datetime.date, months: int) -> datetime.date | None:
    idx = d.year * 12 + (d.month - 1) - months
    y, m0 = divmod(idx, 12)
    if y < 1:
        return None
    day = min(d.day, calendar.monthrange(y, m0 + 1)[1])
    return datetime.date(y, m0 + 1, day)


def _date_from_duration(d: _Dur, today: datetime.date) -> datetime.date | None:
    months = int(d.months + 1e-9)  # partial months are dropped (conservative)
    if months > 12 * 200 or d.days > 100_000:
        return None
    start = _minus_months(today, months)
    if start is None:
        return None
    try:
        return start - datetime.timedelta(days=int(d.days))
    except OverflowError:
        return None


# ---------------------------------------------------------------------------
# Age
# ---------------------------------------------------------------------------

_MONTHS = {
    "januar": 1, "jaenner": 1, "jan": 1, "january": 1,
    "februar": 2, "feb": 2, "february": 2,
    "maerz": 3, "marz": 3, "mrz": 3, "march": 3, "mar": 3,
    "april": 4, "apr": 4,
    "mai": 5, "may": 5,
    "juni": 6, "jun": 6, "june": 6,
    "juli": 7, "jul": 7, "july": 7,
    "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9,
    "oktober": 10, "okt": 10, "october": 10, "oct": 10,
    "november": 11, "nov": 11,
    "dezember": 12, "dez": 12, "december": 12, "dec": 12,
}
# Prepositions that turn a number into a date/duration/time, not an age.
_TIME_PREPS = frozenset(
    "seit seid seitdem since vor ago ab im in bis von um am fuer for nach jahr monat".split()
)
# Words right before a number that make it a code / level / paragraph.
_CODE_PREFIX = frozenset(
    "paragraph paragraf para par nr nummer klasse niveau stufe level kapitel seite "
    "zimmer hausnummer plz a b c".split()
)
# Nouns after a number that make it a count, not an age.
# Words after "N Jahre" that make it a span of time: "ich bin 5 Jahre hier".
_DURATION_AFTER = frozenset(
    """hier in im da dort lang her schon gearbeitet gewohnt gelebt geduldet
    beschaeftigt verheiratet""".split()
)
_COUNT_NOUNS = frozenset(
    """kinder kind kindern geschwister personen leute menschen euro eur dollar stunden
    std stunde uhr mal prozent punkte km kg cm grad minuten sekunden zimmer
    tausend hundert mio""".split()
)


def _age(t: _Text, strict: bool) -> int | None:
    """strict=True (parse_all) only accepts ages with an explicit cue."""
    strong: list[int] = []
    weak: list[int] = []
    for i, tok in enumerate(t.toks):
        v = _int_value(t, i)
        if v is None or not 0 <= v <= 120:
            continue
        if _is_num(tok.text) and _date_or_decimal_part(t, tok):
            continue  # "3.2019", "3,5", "14:30"
        if i > 0 and t.toks[i - 1].text == "§":
            continue
        raw_prev = _prev_words(t, i, 2, skip_fillers=False)
        prev = _prev_words(t, i, 3)
        nxt = _next_words(t, i, 3)
        if raw_prev and (raw_prev[0] in _CODE_PREFIX or raw_prev[0] in _MONTHS):
            continue  # "B 1", "§ 24", "März 19"
        if "nicht" in raw_prev:
            continue  # "ich bin nicht 19, sondern 21"
        if prev and prev[0] in _TIME_PREPS:
            continue  # "seit 5", "vor 2", "um 14"
        n0 = nxt[0] if nxt else None
        n1 = nxt[1] if len(nxt) > 1 else None
        if n0 in _COUNT_NOUNS or n0 in _MONTHS:
            continue  # "2 Kinder", "19. März"
        if n0 is not None and len(n0) == 1 and n0 != "j" and _is_word(n0):
            continue  # "104 c"
        cue = bool(prev and prev[0] == "bin") or "alter" in prev
        u = _unit(n0)
        if u is not None:
            if u != "y":
                continue  # "18 Monate"
            if n1 in ("alt", "old"):
                strong.append(v)
            elif n0 in ("jahren", "jahrn") or n1 in _DURATION_AFTER or n1 in _TIME_PREPS:
                continue  # "5 Jahren", "5 Jahre hier/in Deutschland", "5 Jahre geduldet"
            elif cue:
                strong.append(v)  # "ich bin 19 Jahre (und habe ...)"
            elif n1 is None and not strict:
                weak.append(v)  # bare "19 Jahre": age when asked for the age
            continue
        if n0 in ("alt", "old", "jaehrig", "jahrig") or cue:
            strong.append(v)
        elif not strict:
            weak.append(v)
    # A later "bin"-number is a correction ("nein, ich bin 21"); otherwise the
    # first plain number is the answer.
    if strong:
        return strong[-1]
    return weak[0] if weak else None


def parse_age(text: str) -> int | None:
    """Age in years (0..120) or None.

    "19", "ich bin 19", "19 Jahre alt", "neunzehn", "nein, ich bin 21" -> 21.
    Years ("2019"), durations ("seit 5 Jahren"), levels ("B1"), paragraphs
    ("§ 24") and counts ("2 Kinder") are not ages.
    """
    return _age(_Text(text), strict=False)


# ---------------------------------------------------------------------------
# Residence status
# ---------------------------------------------------------------------------

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


def _near(t: _Text, pos: int, end: int, before: int, after: int) -> tuple[list[str], list[str]]:
    i = t.tok_at(pos)
    j = max(i, t.tok_at(end - 1))
    return _prev_words(t, i, before, skip_fillers=False), _next_words(t, j, after)


def _negated(prev: list[str]) -> bool:
    return any(w.startswith("kein") or w in ("nicht", "ohne") for w in prev[:2])


def _not_unbefristeter_job(prev: list[str], nxt: list[str]) -> bool:
    # "unbefristeter Arbeitsvertrag" is about a job, not a residence title.
    return not any(w.startswith(_JOB_WORDS) for w in prev[:3] + nxt[:2])


def _not_education(prev: list[str], nxt: list[str]) -> bool:
    # "mein Abschluss ist anerkannt" is about a degree, not refugee status.
    return not any(w.startswith(_EDUCATION) for w in prev[:4])


# (status, pattern, check negation, words after that void the match, extra check)
# Order = precedence, most specific first: "Aufenthaltserlaubnis nach § 104c"
# is 104c, "kein Aufenthaltstitel" is kein_titel, "Asyl anerkannt" is a
# permit, and a named Duldung beats a generic "Aufenthaltserlaubnis abgelaufen".
_STATUS_RULES = [
    ("kein_titel", re.compile(
        r"\b(?:kein|keine|keinen|ohne)\s(?:gueltigen?\s|gueltiger\s)?"
        r"(?:papiere|papieren|papier|aufenthaltstitel|aufenthaltserlaubnis|aufenthaltsrecht"
        r"|titel|dokumente|dokumenten|status)\b|\bpapierlos|\billegal|\bundokumentiert"),
     False, frozenset(), None),
    ("aufenthaltserlaubnis_104c", re.compile(r"\b104\s?c\b|chancen\s?aufenthalt"),
     True, _APPLIED, None),
    ("niederlassungserlaubnis", re.compile(
        r"niederlassung|\bunbefristet|dauer\s?aufenthalt|\bpermanent\b"),
     True, _APPLIED, _not_unbefristeter_job),
    # "Blaue Karte EU" is a residence permit, not EU free movement.
    ("aufenthaltserlaubnis", re.compile(r"\bblaue\skarte"), True, _APPLIED, None),
    ("eu_freizuegigkeit", re.compile(
        r"\beu\b|\beubuerger|freizuegig|freizugig|unionsbuerger|europaeische\sunion"),
     True, _APPLIED, None),
    ("duldung", re.compile(r"dul+dung|geduldet|§\s?60\s?a\b"), True, _APPLIED, None),
    # Ukrainians usually call their § 24 permit "Aufenthaltserlaubnis", so
    # Ukraine outranks the generic permit words.
    ("schutz_ukraine_24", re.compile(
        r"ukrain|(?:§|\bparagraph|\bparagraf|\bpara|\bpar)\s?\.?\s?24\b"
        r"|voruebergehende[nr]?\sschutz"),
     True, _APPLIED, None),
    ("aufenthaltserlaubnis", re.compile(
        r"aufent?h?alt?s?\s?(?:erlaubni|titel)|\banerkannt|fluechtlings\s?(?:schutz|eigenschaft)"
        r"|fluchtlings\s?(?:schutz|eigenschaft)|subsidi|asylberechtig"),
     True, _APPLIED, _not_education),
    # "Asyl beantragt" *is* the Gestattung, so only rejection voids it.
    ("aufenthaltsgestattung", re.compile(r"gestattung|\basyl"),
     True, frozenset({"abgelehnt", "abgelaufen"}), None),
]


def _residence_status(t: _Text) -> str | None:
    s = _PROGRAMME_RE.sub(" ", t.s)
    if s != t.s:
        t = _Text(s)  # re-tokenise without the programme names
    for status, pattern, check_neg, void_after, extra in _STATUS_RULES:
        for m in pattern.finditer(t.s):
            prev, nxt = _near(t, m.start(), m.end(), 4, 3)
            if check_neg and _negated(prev):
                continue  # "keine Duldung mehr"
            if void_after and any(w in void_after for w in nxt):
                continue  # "Aufenthaltserlaubnis beantragt/abgelaufen"
            if extra is not None and not extra(prev, nxt):
                continue
            return status
    return None


def parse_residence_status(text: str) -> str | None:
    """One of RESIDENCE_STATUSES, or None.

    "Beschäftigungsduldung"/"Ausbildungsduldung" name a programme, not the
    user's status, and alone give None.
    """
    return _residence_status(_Text(text))


# ---------------------------------------------------------------------------
# Arrival date
# ---------------------------------------------------------------------------

_MONTH_ALT = "|".join(sorted(_MONTHS, key=len, reverse=True))
_MONTH_YEAR_RE = re.compile(r"\b(" + _MONTH_ALT + r")\b\.?\s?(\d{4})(?!\d)")
_FULL_DATE_RE = re.compile(r"(?<![\d.])(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})(?!\d)")
_NUM_MONTH_YEAR_RE = re.compile(r"(?<![\d./])(\d{1,2})\s?[./]\s?(\d{4})(?![\d./])")
_ISO_RE = re.compile(r"(?<![\d-])(\d{4})-(\d{1,2})(?:-(\d{1,2}))?(?![\d-])")

_CONNECTORS = frozenset({"und", "aber", "sondern", "seit", "seid", "dann", "also"})
_BIRTH = frozenset({"geboren", "geb", "jahrgang", "geburtsjahr", "geburtsdatum", "born", "baujahr"})
_ARRIVAL_VERBS = frozenset(
    "gekommen eingereist angekommen eingewandert hergekommen geflohen gefluechtet nach".split()
)
# Words that show a date is about coming to / living in Germany.  parse_all
# requires one, so "Duldung seit 2 Jahren" does not become an arrival date.
_ARRIVAL_CUES = _ARRIVAL_VERBS | frozenset(
    "deutschland hier nrw germany lebe wohne leben wohnen einreise ankunft".split()
)
# Year-only: "Anfang/Mitte/Ende 2019" picks the month.
_PART_OF_YEAR = {"anfang": 1, "mitte": 7, "ende": 12}
_SKIP_BEFORE_DATE = _FILLERS | frozenset({"anfang", "mitte", "ende", "jahr", "im", "monat"})


class _Cand(NamedTuple):
    pos: int
    date: datetime.date
    preferred: bool  # introduced by "seit"/"vor"/arrival verb
    cue: bool  # mentions Germany / arriving / living here


def _safe_date(y: int, m: int, d: int) -> datetime.date | None:
    try:
        return datetime.date(y, m, d)
    except ValueError:
        return None


def _date_candidates(t: _Text, today: datetime.date) -> list[_Cand]:
    """Explicit dates: "März 2019", "1.3.2019", "03/2019", "2019-03", "2019"."""
    s = t.s
    raw: list[tuple[int, int, datetime.date | None]] = []  # (start, end, date)
    for m in _MONTH_YEAR_RE.finditer(s):
        raw.append((m.start(), m.end(), _safe_date(int(m.group(2)), _MONTHS[m.group(1)], 1)))
    for m in _FULL_DATE_RE.finditer(s):
        raw.append((m.start(), m.end(), _safe_date(int(m.group(3)), int(m.group(2)), int(m.group(1)))))
    for m in _NUM_MONTH_YEAR_RE.finditer(s):
        raw.append((m.start(), m.end(), _safe_date(int(m.group(2)), int(m.group(1)), 1)))
    for m in _ISO_RE.finditer(s):
        raw.append((m.start(), m.end(), _safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3) or 1))))
    covered = [(a, b) for a, b, _ in raw]

    cands: list[_Cand] = []
    for a, b, d in raw:
        if d is not None:
            i = t.tok_at(a)
            j = max(i, t.tok_at(b - 1))
            c = _make_cand(t, i, j, d, check_count=False)
            if c is not None:
                cands.append(c)

    for i, tok in enumerate(t.toks):
        x = tok.text
        # Year only.  Without a month we use July 1st: the middle of the year
        # is at most six months off either way, instead of systematically
        # over- (Jan 1) or under-stating (Dec 31) the time in Germany.
        if _is_num(x) and len(x) == 4 and not _glued_to_letters(t, tok) and not _date_or_decimal_part(t, tok):
            if any(a <= tok.start < b for a, b in covered):
                continue
            prev = _prev_words(t, i, 1, skip_fillers=False)
            month = _PART_OF_YEAR.get(prev[0], 7) if prev else 7
            d = _safe_date(int(x), month, 1)
            if d is not None:
                c = _make_cand(t, i, i, d, check_count=True)
                if c is not None:
                    cands.append(c)
        # Month without year, only after "seit": the most recent such month.
        elif x in _MONTHS and (len(x) > 3 or x == "mai"):  # not "jan", "mar"...
            nxt = _word_at(t, i + 1)
            if nxt is not None and _is_num(nxt):
                continue
            prev = _prev_words(t, i, 2)
            prev = [w for w in prev if w not in _SKIP_BEFORE_DATE]
            if prev and prev[0] in _SINCE:
                mo = _MONTHS[x]
                y = today.year if mo <= today.month else today.year - 1
                c = _make_cand(t, i, i, datetime.date(y, mo, 1), check_count=False)
                if c is not None:
                    cands.append(c)
    return cands


def _make_cand(t: _Text, i: int, j: int, d: datetime.date, check_count: bool) -> _Cand | None:
    prev = _prev_words(t, i, 6, skip_fillers=False)
    nxt = _next_words(t, j, 6)
    own = []  # words before the date, up to a connector ("geboren ... und seit 2019")
    for w in prev[:3]:
        if w in _CONNECTORS:
            break
        own.append(w)
    if any(w in _BIRTH for w in own + nxt[:2]):
        return None  # "2000 geboren", "geb. 01.03.2000", "geboren im Jahr 2000"
    if check_count and nxt and (nxt[0] in _COUNT_NOUNS or _unit(nxt[0])):
        return None  # "2000 Euro", "2000 Stunden"
    near_prev = [w for w in prev if w not in _SKIP_BEFORE_DATE][:1]
    preferred = bool(near_prev and near_prev[0] in _SINCE) or any(w in _ARRIVAL_VERBS for w in nxt[:4])
    cue = any(w in _ARRIVAL_CUES for w in prev + nxt)
    return _Cand(t.toks[i].start, d, preferred, cue)


def _duration_candidates(t: _Text, today: datetime.date, strict: bool) -> list[_Cand]:
    cands: list[_Cand] = []
    for d in _durations(t):
        ctx = _dur_context(t, d)
        if ctx in ("age", "other"):
            continue
        if ctx is None and (strict or not _only_fillers_outside(t, d.i, d.j)):
            continue  # a bare "5 Jahre" counts only as the whole answer
        start = _date_from_duration(d, today)
        if start is None:
            continue
        prev = _prev_words(t, d.i, 6, skip_fillers=False)
        nxt = _next_words(t, d.j, 6)
        cue = any(w in _ARRIVAL_CUES for w in prev + nxt)
        cands.append(_Cand(t.toks[d.i].start, start, ctx is not None, cue))
    return cands


def _pick(cands: list[_Cand], today: datetime.date, strict: bool) -> datetime.date | None:
    valid = [c for c in cands if _EARLIEST_ARRIVAL <= c.date <= today and (c.cue or not strict)]
    if not valid:
        return None
    preferred = [c for c in valid if c.preferred]
    return min(preferred or valid, key=lambda c: c.pos).date


def _as_date(today: datetime.date) -> datetime.date:
    # datetime is a subclass of date but cannot be compared with one.
    return today.date() if isinstance(today, datetime.datetime) else today


def _arrival(t: _Text, today: datetime.date, strict: bool) -> datetime.date | None:
    cands = _date_candidates(t, today) + _duration_candidates(t, today, strict)
    return _pick(cands, today, strict)


def parse_arrival(text: str, today: datetime.date) -> datetime.date | None:
    """Date the person came to Germany, or None.

    "seit März 2019" -> 2019-03-01, "seit 2019" -> 2019-07-01 (mid-year),
    "seit 5 Jahren"/"vor 5 Jahren" -> today minus 5 years, "03/2019",
    "3.2019", "2019-03".  Future dates and dates before 1950 give None.
    When several dates appear, one introduced by "seit"/"vor" wins.
    """
    today = _as_date(today)
    return _arrival(_Text(text), today, strict=False)


def years_since(start: datetime.date, today: datetime.date) -> float:
    """Fractional years between start and today (days / 365.25)."""
    return (_as_date(today) - _as_date(start)).days / 365.25


# ---------------------------------------------------------------------------
# Months (Duldung / employment duration)
# ---------------------------------------------------------------------------

_ZERO_RE = re.compile(
    r"\b(?:gar\s?nicht|noch\s(?:nicht|nie|keine?n?)|nein|nee|noe|nie|niemals|keine?n?|no|nope)\b"
)


def parse_months(text: str, today: datetime.date) -> int | None:
    """Duration in whole months ("seit 14 Monaten" -> 14, "2 Jahre" -> 24).

    Also "seit Januar 2025" (months until today), "3 Wochen" -> 0, and
    "gar nicht"/"noch nicht"/"nein" -> 0.  A bare number ("14") is read as
    months because the question asks for a duration.
    """
    today = _as_date(today)
    t = _Text(text)
    for d in _durations(t):
        if _dur_context(t, d) in ("age",):
            continue
        months = _months_floor(d.months, d.days)
        return months if months <= 1200 else None
    start = _pick(_date_candidates(t, today), today, strict=False)
    if start is not None:
        months = (today.year - start.year) * 12 + today.month - start.month
        if today.day < start.day:
            months -= 1
        return max(months, 0)
    words = [tk.text for tk in t.toks if _is_word(tk.text) or _is_num(tk.text)]
    words = [w for w in words if w not in _FILLERS]
    if len(words) == 1:
        v = _int_value(t, next(i for i, tk in enumerate(t.toks) if tk.text == words[0]))
        if v is not None and v <= 1200:
            return v
    if _ZERO_RE.search(t.s):
        return 0
    return None


# ---------------------------------------------------------------------------
# German level
# ---------------------------------------------------------------------------

_LEVEL_RE = re.compile(r"(?<![a-z0-9])([abc])\s?-?\s?([12])(?![0-9])")
# Words that mark a level as planned / in progress / failed, not certified.
_PLANNED = frozenset(
    """bald demnaechst spaeter will moechte mochte plane planen lerne lernen mache
    machen besuche gerade ziel naechste naechsten naechstes kein keine keinen nicht
    fast hoffentlich versuche""".split()
)
_FAILED_AFTER = frozenset({"nicht", "durchgefallen", "geplant", "angefangen"})
_CLAUSE_SPLIT = re.compile(r"[,;.!?]")
_NATIVE_RE = re.compile(r"muttersprach|\bnative\b")
# Stems (matched as word prefixes) and short names (matched exactly).
_FOREIGN_LANGS = (
    "arabisch", "englisch", "tuerkisch", "russisch", "ukrainisch", "persisch",
    "paschtu", "kurdisch", "tigrinya", "polnisch", "rumaenisch", "albanisch",
    "serbisch", "franzoesisch", "spanisch", "italienisch", "bulgarisch", "griechisch",
    "amharisch", "vietnamesisch", "chinesisch", "arabic", "english", "andere",
)
_FOREIGN_SHORT = frozenset({"farsi", "dari", "urdu", "hindi", "somali"})
_SCHOOL_RE = re.compile(
    r"\bdeutsche[nrsm]?\s(?:schulabschluss|abitur|hauptschulabschluss|realschulabschluss|abschluss)"
    r"|(?:schulabschluss|abitur|abschluss)\sin\sdeutschland"
)
_NO_GERMAN_RE = re.compile(
    r"\b(?:kein|keine|keinen|nix|nichts|no)\s(?:deutsch|deutschkenntnisse|deutschkenntnissen"
    r"|sprachkenntnisse|german|wort\sdeutsch)\b"
    r"|\bdeutsch\s(?:gar\s)?(?:nicht|nix|nichts)\b"
    r"|\b(?:spreche|kann|verstehe)\s(?:noch\s|gar\s|leider\s)?nicht\sdeutsch\b"
)
# Whole-answer replies that mean "no German" only as an answer to that question.
_NO_GERMAN_ALONE = frozenset(
    {"keine", "kein", "keins", "gar nicht", "garnicht", "gar keine", "gar keins", "nichts",
     "gar nichts", "nix", "null", "none", "keine kenntnisse"}
)
_ALONE_FILLERS = frozenset({"leider", "noch", "ich", "habe", "hab", "deutsch", "kenntnisse"})


def _clause_words(before: str, after: str) -> tuple[list[str], list[str]]:
    """Words of the clause around a match: up to 3 before and 2 after it."""
    before = _CLAUSE_SPLIT.split(before)[-1]
    after = _CLAUSE_SPLIT.split(after, maxsplit=1)[0]
    bw = _WORD_RE.findall(before)
    for sep in ("aber", "sondern"):
        if sep in bw:
            bw = bw[len(bw) - bw[::-1].index(sep):]
    return bw[-3:], _WORD_RE.findall(after)[:2]


def _german_level(t: _Text, strict: bool) -> str | None:
    s = t.s
    # Several levels: take the first one that is not planned, in progress or
    # failed ("A2, bald B1" -> A2; "ich mache gerade B1" -> None).  We do not
    # take the highest, because people name the level they are working
    # towards, and overstating the level would give a wrong eligibility result.
    for m in _LEVEL_RE.finditer(s):
        before, after = _clause_words(s[max(0, m.start() - 60) : m.start()], s[m.end() : m.end() + 40])
        if any(w in _PLANNED for w in before) or any(w in _FAILED_AFTER for w in after):
            continue
        return m.group(1).upper() + m.group(2)
    for m in _NATIVE_RE.finditer(s):
        before, _ = _clause_words(s[max(0, m.start() - 60) : m.start()], "")
        if any(w in ("nicht", "kein", "keine") for w in before):
            continue
        words = _WORD_RE.findall(s)
        if not any(w in _FOREIGN_SHORT or w.startswith(_FOREIGN_LANGS) for w in words):
            return "C2"
        break  # "Meine Muttersprache ist Arabisch" says nothing about German
    # A German school certificate implies schooling in German for years;
    # Hauptschulabschluss is accepted as equivalent to B1 in the usual rules.
    for m in _SCHOOL_RE.finditer(s):
        before, _ = _clause_words(s[max(0, m.start() - 60) : m.start()], "")
        if not any(w.startswith("kein") or w == "nicht" for w in before):
            return "B1"
    if _NO_GERMAN_RE.search(s):
        return "keine"
    if not strict and len(s) <= 60:
        words = " ".join(w for w in _WORD_RE.findall(s) if w not in _ALONE_FILLERS)
        if words in _NO_GERMAN_ALONE:
            return "keine"
    return None


def parse_german_level(text: str) -> str | None:
    """One of GERMAN_LEVELS or None.

    "B1", "b 1", "Niveau A2", "DTZ B1" -> "B1"; "kein Deutsch" -> "keine";
    "Muttersprache" -> "C2"; "deutscher Schulabschluss" -> "B1".
    """
    return _german_level(_Text(text), strict=False)


# ---------------------------------------------------------------------------
# Yes / no
# ---------------------------------------------------------------------------

_UNSURE_RE = re.compile(
    r"\bwei(?:ss|s)?\s(?:ich\s)?nicht\b|\bkeine\sahnung\b|\bvielleicht\b|\bunsicher\b"
    r"|\bnicht\s(?:sicher|so\ssicher)\b|\bkann\ssein\b|\bmaybe\b|\bnot\ssure\b"
    r"|\bdon\s?t\sknow\b|\bweiss\snicht\b"
)
_YES_RE = re.compile(r"ja+|jaja|jo+|joa|jep|jap|jup|jawohl")
_NO_RE = re.compile(r"ne+i+n+|ne{2,}|noe+|no+|nope|nah")
_YES_WORDS = frozenset(
    """genau stimmt klar natuerlich sicher yes yeah yep yup richtig korrekt doch
    selbstverstaendlich absolut""".split()
)
_NO_WORDS = frozenset("nicht kein keine keinen keiner keins nie niemals nix".split())
_VERB_ICH = frozenset({"habe", "hab", "bin", "hatte", "war", "mache", "mach", "kann"})


def _negative_follows(words: list[str], k: int) -> bool:
    return any(w in _NO_WORDS for w in words[k + 1 : k + 3])


def parse_yes_no(text: str) -> bool | None:
    """True / False for yes/no answers, None when unclear.

    The first decisive word wins ("nein, ich bin 21" -> False);
    "habe ich nicht", "stimmt nicht" -> False; "weiß nicht" -> None.
    """
    t = _Text(text)
    s = t.s
    if not s or _UNSURE_RE.search(s):
        return None
    if re.search(r"\bauf\sjeden\sfall\b", s):
        return True
    toks = [tk.text for tk in t.toks]
    words = [w for w in toks if _is_word(w)]
    # Colloquial "ne" is also the article "eine" ("hab ne Duldung"); only a
    # standalone leading "ne" means no.
    if toks and toks[0] == "ne" and (len(toks) == 1 or not _is_word(toks[1])):
        return False
    for k, w in enumerate(words):
        if _YES_RE.fullmatch(w):
            return True
        if _NO_RE.fullmatch(w) or w in _NO_WORDS:
            return False
        if w in _YES_WORDS:
            return not _negative_follows(words, k)  # "stimmt nicht"
        if w in _VERB_ICH and k + 1 < len(words) and words[k + 1] == "ich":
            return not _negative_follows(words, k + 1)  # "habe ich (nicht)"
    return None


# ---------------------------------------------------------------------------
# Everything at once
# ---------------------------------------------------------------------------


def parse_all(text: str, today: datetime.date) -> dict[str, object]:
    """Values found in one message, for filling several answers at once.

    Keys (only when found): "age", "residence_status", "arrival_date"
    (ISO string), "german_level".  Yes/no and months are left out: they only
    mean something as the answer to one specific question.

    This runs on answers to *other* questions, so it is stricter than the
    single parsers: an age needs a cue ("ich bin 19", "19 Jahre alt"; a bare
    "14" may be a month count), an arrival needs a cue about Germany/arriving
    ("seit 2019 in Deutschland"; "Duldung seit 2 Jahren" is not an arrival),
    and a bare "keine" is not read as "no German".
    """
    today = _as_date(today)
    t = _Text(text)
    out: dict[str, object] = {}
    age = _age(t, strict=True)
    if age is not None:
        out["age"] = age
    status = _residence_status(t)
    if status is not None:
        out["residence_status"] = status
    arrival = _arrival(t, today, strict=True)
    if arrival is not None:
        out["arrival_date"] = arrival.isoformat()
    level = _german_level(t, strict=True)
    if level is not None:
        out["german_level"] = level
    return out
