"""Whether a message asks for a programme's overview ("sprachkurs", "was ist KIM?", "wie funktioniert die
Anerkennung?", "hallo, ich hab eine Frage zur Einbürgerung") or one of its details: the words such requests use in
each language of the bot. Rasa-free; answer_choice.choose_unit answers an overview request with what it is.
"""
from __future__ import annotations

import functools
import re

from actions.answer_parsing.folding import fold_chars
from actions.answer_parsing.folding import words as folded_words
from actions.facts import get_facts
from actions.i18n import current_language
from actions.part_words import COMPOUND_MIN
from actions.question_kind import CUED_LANGUAGES, asked_aspects


def names_only_the_programme(text: str, program_id: str) -> bool:
    """A bare name ("sprachkurs", "was ist KIM?", "що таке Integrationskurs?") or a request for an overview
    ("wie funktioniert die Anerkennung?", "worum geht es bei KIM?") asks what it is; more words ask a detail."""
    words = detail_words(text, program_id)
    # German and English name a detail with a word the aspect cues know; in the other languages one more word
    # ("اختبار", the test) may be the detail itself, so the overview needs the name alone, as after an announcement.
    spare = 1 if current_language() in CUED_LANGUAGES and not ANNOUNCEMENT.search(fold_chars(text)) else 0
    return not words or (len(words) <= spare and not asked_aspects(text))


def detail_words(text: str, program_id: str) -> list[str]:
    """The folded words of the message besides the programme's names and the words of a request for an overview."""
    topic = get_facts()["topics"][program_id]
    name_words = _name_words(" ".join([topic["short"], *topic["keywords"]]))
    asked = ANNOUNCEMENT.sub(" ", OVERVIEW_REQUEST.sub(" ", fold_chars(text)))
    return [word for word in re.findall(r"\w+", asked) if word not in GENERIC_WORDS and word not in name_words
            and not any(word.startswith(name) for name in name_words if len(name) >= COMPOUND_MIN)]


@functools.lru_cache(maxsize=64)
def _name_words(names: str) -> frozenset[str]:
    """The folded words of a programme's name and keywords, folded once (~3 ms per message otherwise)."""
    return frozenset(re.findall(r"\w+", fold_chars(names)))


# Ways to ask for the whole picture; the words left over decide whether a detail is asked.
# "wie läuft die Einbürgerung ab?" asks the steps (einbuergerung.ablauf_schritte), which retrieval finds.
OVERVIEW_REQUEST = re.compile(r"\b(wie funktionier\w*|worum geht( es)?|was muss ich|wissen|"
                              r"was hat es mit|auf sich|erklaer\w*|how does|how do|work|tell me about|"
                              r"what are|what's)\b")
# "hallo, ich hab eine Frage zur Einbürgerung" announces a question and asks none yet: the overview, with its buttons.
# Then no word is spare: "…, Frage zur Einbürgerung: Doppelpass?" asks about dual citizenship. The same words for the
# other languages are in GENERIC_WORDS; rasa_ext/components/small_talk.py ANNOUNCED reroutes such a greeting.
ANNOUNCEMENT = re.compile(r"\b(hallo( zusammen)?|hi|hey|hello|guten (tag|morgen|abend)|moin|servus|"
                          r"(ich )?(hab|habe|haette|hatte)( da| eine| ne| ein paar| zwei| mal| noch)*( kurze)? fragen?|"
                          r"(kurze )?fragen?|(i )?(have|got) (a |some |two |a few |a quick |another )?questions?|"
                          r"questions?)\b")


# Words of a request for "what it is" in each language of the bot, folded like the text (folding.py).
GENERIC_WORDS = folded_words({
    "de": "was ist sind ein eine einen der die das den gibt es bitte info infos information informationen zu zum zur "
          "über mal und heißt bedeutet mir wegen bezüglich thema meinem meiner zusammen",
    "en": "what is a the about regarding concerning quick",
    "uk": "що таке це розкажіть розкажи про інформація інформацію дайте поясніть мені будь ласка "
          "привіт добрий день у мене є питання щодо стосовно",
    "ru": "что такое это расскажите расскажи про о об информация информацию дайте объясните мне пожалуйста "
          "привет здравствуйте добрый день у меня есть вопрос вопросы по насчёт насчет",
    "tr": "nedir ne hakkında bilgi bilgiler verir misin misiniz lütfen anlat açıkla bu "  # also typed without dots
          "merhaba selam bir birkaç sorum sorularım var ile ilgili",
    "ar": "ما هو هي ماذا يعني معلومات عن أعطني اعطي لي من فضلك اشرح شو مرحبا السلام عليكم عندي لدي سؤال استفسار حول "
          "بخصوص",
    "fa": "چیست چی چه است یعنی درباره اطلاعات لطفا توضیح بدهید بده سلام یک سوال سوالی دارم داشتم در مورد راجع به"})
