"""Words and spellings of places: search keys, stopwords, name forms and display labels.

A place name is matched on its search key: folded tokens joined by single spaces.
Every name has two keys, umlauts folded to "ae" (Koeln) and to plain "a" (Koln),
so both ways of typing without an umlaut keyboard find it.
"""
from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

from actions.answer_parsing.normalisation import UMLAUT_FOLD

if TYPE_CHECKING:
    from actions.places import Gemeinde

TOKEN_RE = re.compile(r"[^\W_]+")
PAREN_RE = re.compile(r"\s*\([^)]*\)")
FOLD_AE = UMLAUT_FOLD
FOLD_PLAIN = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "ss"})

# Words that never denote a place on their own: German function words, chat and
# domain words, and everyday words that happen to be Ortsteil names ("Mehr", "Ende",
# "Weiß", "Quelle", "Wissen").  They are not matched as bare Ortsteile or name variants
# and not used as fuzzy queries.  Official Gemeinde/Kreis names always match exactly;
# those that are everyday words are handled as homonyms (aliases file: "Essen").
STOPWORDS = frozenset("""
der die das den dem des ein eine einen einem einer eines ich du er sie es wir ihr
mich mir dich dir uns euch sich mein meine meinen meinem meiner dein deine sein seine
ihre unser unsere euer in im ins an am auf aus bei beim mit nach von vom zu zum zur
fuer ueber unter vor hinter neben zwischen durch gegen ohne um bis seit ab und oder
aber doch denn weil dass wenn ob als wie wo wohin woher was wer wen wem welche welcher
welches welchen welchem wann warum nicht kein keine keinen ja nein nur auch noch schon
sehr mehr hier dort da jetzt dann so gibt gib ist sind bin bist war waren wird werden
wurde habe hast hat haben hatte kann kannst koennen muss musst muessen will willst
wollen moechte moechten wuerde soll sollte bitte danke hallo hi hey guten tag morgen
abend tschuess okay ok gut gern gerne mal etwas alle alles viel viele neu neue neuen
naechste naechsten naechstes naehe nah nahe umgebung zustaendig zustaendige zustaendigen
zustaendiges zustaendigkeit verantwortlich wohne wohnen wohnt lebe leben lebt komme
kommen kommt ziehe ziehen zieht gezogen umgezogen umziehen umzug suche suchen sucht
finde finden brauche brauchen hilfe helfen beratung berater beraterin integration
integrationszentrum integrationszentren integrationsstelle kommunales kommunale
kommunalen ki kis zentrum amt stelle buero ansprechpartner kontakt adresse telefon
email mail termin frage fragen info infos information informationen stadt staedte
gemeinde gemeinden kreis kreise landkreis bezirk stadtteil stadtteile ortsteil ort
orte plz postleitzahl nrw nordrhein westfalen deutschland land heimat wohnort standort
weiss ende liegt liegen gehoert gehoeren heisst heisse name dorf stadtbezirk wald berg
sand holz heil leer damm weg haus strasse platz mitte nord sued ost west innenstadt
altstadt neustadt stadtmitte vielen vielleicht wissen zahlen bezahlen kosten kostet
mensch menschen sondern quelle spiel spitze billig langweile langweilig freund grund
helfe helle brand eigen ewig essig bergen schnee wetten weide weiden winkel stein
kabel koch loewen massen zange wildnis linde linden heide busch horn hahn kessel
schale eichen harmonie strauch birken rohr born werden fortuna gruene lerche forst
""".split())

# Words before/after which a homonym place name ("Essen", "Lage") is taken as a place.
PLACE_CUES = frozenset(
    "in im nach aus bei von vom fuer ab um und oder zwischen richtung nahe ki "
    "integrationszentrum stadt gemeinde kreis raum ort wohnort plz postleitzahl".split())
PLACE_CUES_AFTER = frozenset("ki integrationszentrum integrationszentren".split())

# Adjective forms of Gemeinde names that are ordinary words.
NOT_ADJECTIVES = frozenset({"hammer", "lager", "werner", "engerer", "schwerter", "lotter", "recker"})

# Ortsteil names made only of these words exist in many cities ("Mitte", "Innenstadt-
# Nord", "Stadtbezirk 4"); they are indexed only together with their Gemeinde.
GENERIC_WORDS = frozenset(
    "stadtbezirk innenstadt mitte nord sued ost west suedwest nordwest nordost suedost "
    "altstadt neustadt stadtmitte zentrum i ii iii iv v vi vii viii ix x".split())


def fold(token: str, table: dict[int, str]) -> str:
    """Lower-case, fold umlauts/ß with `table`, strip other accents (é -> e)."""
    lowered = token.lower().translate(table)
    if lowered.isascii():
        return lowered
    return "".join(char for char in unicodedata.normalize("NFKD", lowered) if not unicodedata.combining(char))


def tokens(text: str) -> list[re.Match]:
    """The word matches of the text, with their positions in it."""
    return list(TOKEN_RE.finditer(text))


def normalize(text: str) -> str:
    """Search key of a text: folded tokens (ä -> ae) joined by single spaces."""
    return " ".join(fold(token.group(), FOLD_AE) for token in tokens(text))


def name_keys(name: str) -> tuple[str, str]:
    """Both folds of a name, so "Koeln", "Koln" and "Köln" all find Köln."""
    words = [token.group() for token in tokens(name)]
    return " ".join(fold(word, FOLD_AE) for word in words), " ".join(fold(word, FOLD_PLAIN) for word in words)


def adjectives(name: str) -> list[str]:
    """"Dortmunder", "Kölner", "Herner": weak hints ("in der Dortmunder Nordstadt").

    Only single-word names; forms that are everyday words are skipped.
    """
    if not name.isalpha():
        return []
    form = name + ("r" if name.endswith("e") else "er")
    return [] if normalize(form) in NOT_ADJECTIVES else [form]


def is_generic(name: str) -> bool:
    """"Mitte", "Innenstadt-Nord", "Stadtbezirk 4": Ortsteil names found in many cities."""
    return all(word in GENERIC_WORDS or word.isdigit() for word in normalize(name).split())


def gemeinde_label(gemeinde: Gemeinde) -> str:
    """Cities with their own KI stand alone; others name their Kreis ("Moers, Kreis Wesel")."""
    if gemeinde.kreisfrei or gemeinde.ki_id == gemeinde.ags:
        return gemeinde.name
    return f"{gemeinde.name}, {gemeinde.kreis_name}"


def ortsteil_label(ortsteil: str, gemeinde: Gemeinde) -> str:
    """"Köln-Mülheim (Stadt Köln)", "Mülheim (Warstein, Kreis Soest)"."""
    if gemeinde.kreisfrei or gemeinde.ki_id == gemeinde.ags:
        if (normalize(ortsteil) + " ").startswith(normalize(gemeinde.name) + " "):
            return f"{ortsteil} (Stadt {gemeinde.name})"          # "Bochum-Mitte"
        if " " in gemeinde.name:
            return f"{ortsteil} (Stadt {gemeinde.name})"          # not "Mülheim an der Ruhr-Saarn"
        return f"{gemeinde.name}-{ortsteil} (Stadt {gemeinde.name})"
    return f"{PAREN_RE.sub('', ortsteil)} ({PAREN_RE.sub('', gemeinde.name)}, {gemeinde.kreis_name})"
