"""A greeting, thanks, goodbye or "start again" with a question in it is the question.

Real people start with "hallo" or "merhaba" and ask in the same message: "merhaba entegrasyon kursu ne kadar".
DIET weighs the greeting word heavily and answers "Hallo!" only. A small-talk message that holds two words
which only questions use (not small talk, not a place answer such as "ich wohne in Köln", no stop word, three letters
at least) gets the question intent DIET ranks best if DIET considered it at all, else ask_service: the answer
search then answers, or offers the closest questions of the topic as buttons, where "Hallo!" offered a general
menu. "start again" deletes what the person said, so one such word is enough to keep the conversation
("muss ich den Integrationskurs von vorne anfangen?"); so is one for a greeting that announces a question ("hallo, ich
hab eine Frage zur Einbürgerung"). Thanks or goodbye that open with a question word and end with a question mark need
none ("كيف تصبح مواطناً ألمانياً؟", read as goodbye), unless they thank or take leave in question form.
"""
from __future__ import annotations

import importlib
import re
from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from rasa_ext.components.language_detection import LANGUAGES
from rasa_ext.components.word_sets import WordSetComponent, words_of

RESTART = "restart_conversation"
SMALL_TALK = frozenset({"greet", "goodbye", "thank", RESTART})
QUESTION_INTENTS = frozenset({"ask_service", "ask_cost", "ask_who", "ask_how_apply", "check_eligibility"})
GENERAL_QUESTION = "ask_service"
PLACE_ANSWERS = frozenset({"inform_place"})  # "ich wohne in Köln", "I live in Cologne": no question
QUESTION_WORDS_NEEDED = {RESTART: 1}  # else 2: one word beside a greeting is often a name or a town
MIN_CONFIDENCE = 0.1  # a question intent DIET hardly considered is no reading of the message's kind
MIN_WORD_LENGTH = 3  # "ob", "an" say nothing
ELISION = re.compile("['’]")  # "don't", "I'm", "Bochum'da": no topic of their own


def stop_words() -> set[str]:
    """The stop words spaCy ships for the bot's languages ("was", "where", "kadar"): no topic words."""
    return {word for language in LANGUAGES
            for word in importlib.import_module(f"spacy.lang.{language}.stop_words").STOP_WORDS}


def question_words(training_data: TrainingData) -> set[str]:
    """Words of the question intents' examples that no small-talk or place example uses."""
    questions: set[str] = set()
    others: set[str] = set()
    for example in training_data.intent_examples:
        words = words_of(example.get(TEXT))
        intent = example.get(INTENT)
        if intent in QUESTION_INTENTS:
            questions.update(word for word in words if len(word) >= MIN_WORD_LENGTH and not ELISION.search(word))
        elif intent in SMALL_TALK | PLACE_ANSWERS:
            others.update(words)
    return questions - others - stop_words()


# A greeting before the question: "hi, where can i learn german" is a question after it.
GREETING_FIRST = re.compile(r"^\W*(hallo|hi|hey|hello|guten (tag|morgen|abend)|moin|servus|merhaba|selam|salam"
                            r"|привіт|привет|здравствуйте|добр(ий|ый) день|مرحبا|السلام عليكم|سلام|درود)\b\W*",
                            re.IGNORECASE)


# What makes a message a question in the bot's languages: a question mark, a question word or verb at its start,
# a Turkish or Persian question word at its end. The Rasa server does not import the action package
# (tests/test_server_boundary.py), so this is not actions.question_kind.is_question; it need not be as fine.
QUESTION_OPENING = (
    r"^\W*(was|wie|wo|woher|wohin|wann|warum|wieso|wer|welche\w*|muss|kann|darf|soll|gibt|brauche?"
    r"|bekomme?|krieg\w*|what|how|where|when|why|who|which|can|could|do|does|is|are|must|should|will"
    r"|що|як|скільки|де|коли|хто|чому|чи|навіщо|что|как|сколько|где|когда|кто|почему|можно|нужно|надо"
    r"|ما|ماذا|كيف|كم|أين|اين|متى|من|هل|لماذا|شو|وين|چه|چطور|چگونه|کجا|کی|چرا|آیا|چقدر|nasıl|nasil|nerede"
    r"|neden|hangi|kim)\b")
QUESTION_MARK_AT_END = r"[?؟]\s*$"
QUESTION = re.compile(rf"{QUESTION_MARK_AT_END}|{QUESTION_OPENING}"
                      r"|\b(ne kadar|nedir|mı|mi|mu|mü|miyim|mıyım|چیست|کجاست|چیه)\W*$", re.IGNORECASE)
# A message that opens with a question word and ends with a question mark is a question, whatever DIET makes of it:
# "كيف تصبح مواطناً ألمانياً؟" (how do you become a German citizen?) was read as goodbye, and none of its words is in
# the question intents' examples. Not for a greeting ("wie geht es dir?") and not under three words ("كيف حالك؟").
FULL_QUESTION = re.compile(rf"{QUESTION_OPENING}.*{QUESTION_MARK_AT_END}", re.IGNORECASE | re.DOTALL)
FULL_QUESTION_INTENTS = frozenset({"goodbye", "thank"})
# ... unless it thanks or says goodbye in question form ("wann sehen wir uns wieder?", "nasıl teşekkür edeyim?").
COURTESY_IN_QUESTION = re.compile(r"dank|thank|te[sş]ekk[uü]r|تشکر|شكر|спасиб|благодар|дяку|подяк|sehen wir uns"
                                  r"|wiedersehen|g[oö]r[uü][sş]|увид|побач", re.IGNORECASE)
FULL_QUESTION_MIN_WORDS = 3


# "hallo ich hab eine frage zur einbürgerung", "привет, у меня вопрос по интеграционному курсу": a greeting announces a
# question about a topic; one word of the topic is enough (the answer is the programme's overview, with its buttons).
# Only a word for "question" right before "about" counts: "merhaba, Almanya hakkında çok şey öğrendim" asks nothing.
ANNOUNCED = re.compile(r"\b(fragen?|questions?)\s+(zu[rm]?|über|ueber|wegen|bezüglich|bezueglich|about|regarding|on)\b"
                       r"|вопрос\w*\s+(по|о|об|про|насч[её]т)\b|питання\s+(щодо|про|стосовно)\b"
                       r"|(hakk[ıi]nda|ilgili)\s+(bir\s+|birkaç\s+|birkac\s+)?soru"
                       r"|(سؤال|استفسار)\s+(عن|حول|بخصوص)|سوال\s+(درباره|در مورد|راجع)", re.IGNORECASE)
GREET_INTENT = "greet"
# Thanks that name a question close it ("danke für die Antwort auf meine Frage zu …") unless they say they have one
# ("danke, ich habe noch eine Frage zur Einbürgerung").
HAVE = re.compile(r"\b(hab|habe|haette|have|got)\b|у меня|у мене|\bsorum|عندي|لدي|دارم", re.IGNORECASE)


def asks_something(intent: str, text: Any, words: set[str]) -> bool:
    """Whether a small-talk message is a question (after its greeting) with enough question words to be about
    something, announces one about a topic (a greeting, or thanks that say there is another question), or is read as
    thanks or goodbye but asks in full question form: "Hallo, ich bin Lehrerin aus der Ukraine", "bye, I'm going to
    my German course now" and "start the check again" are not."""
    if not isinstance(text, str):
        return False
    found = len(set(words_of(text)) & words)
    if found >= 1 and ANNOUNCED.search(text) and (intent == GREET_INTENT or HAVE.search(text)):
        return True
    after_greeting = GREETING_FIRST.sub("", text, count=1)
    if intent in FULL_QUESTION_INTENTS and is_full_question(after_greeting):
        return True
    return found >= QUESTION_WORDS_NEEDED.get(intent, 2) and bool(QUESTION.search(after_greeting))


def is_full_question(text: str) -> bool:
    """Whether a message opens with a question word, ends with a question mark, is long enough to ask something and
    neither thanks nor says goodbye."""
    return (len(words_of(text)) >= FULL_QUESTION_MIN_WORDS and bool(FULL_QUESTION.search(text))
            and not COURTESY_IN_QUESTION.search(text))


def question_intent(ranking: list[dict[str, Any]], replaced: dict[str, Any]) -> dict[str, Any]:
    """The question intent DIET ranks best if it gave it MIN_CONFIDENCE, else the general question for a service
    (with the confidence of the intent it replaces)."""
    best = next((item for item in ranking if item.get(INTENT_NAME_KEY) in QUESTION_INTENTS), None)
    if best is not None and best.get("confidence", 0.0) >= MIN_CONFIDENCE:
        return best
    return {INTENT_NAME_KEY: GENERAL_QUESTION, "confidence": replaced.get("confidence", 0.0)}


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class SmallTalkWithContentClassifier(WordSetComponent):
    """Replaces greet/thank/goodbye/restart by a question intent when the message asks something."""

    @staticmethod
    def words_from(training_data: TrainingData) -> set[str]:
        """The words only questions use."""
        return question_words(training_data)

    def process(self, messages: list[Message]) -> list[Message]:
        """Give a small-talk message that asks something a question intent."""
        for message in messages:
            replaced = message.get(INTENT) or {}
            intent = replaced.get(INTENT_NAME_KEY)
            if intent not in SMALL_TALK or not asks_something(intent, message.get(TEXT), self.words):
                continue
            ranking = message.get(INTENT_RANKING_KEY) or []
            chosen = question_intent(ranking, replaced)
            message.set(INTENT, chosen, add_to_output=True)
            message.set(INTENT_RANKING_KEY, [chosen] + [item for item in ranking if item is not chosen
                                                        and item.get(INTENT_NAME_KEY) != chosen[INTENT_NAME_KEY]],
                        add_to_output=True)
        return messages
