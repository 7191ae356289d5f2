"""The check's free-text answers in the bot's other languages (issue #17): en, uk, ru, tr, ar (also Arabizi
and ١٩), fa/Dari (۱۹).

Written as people type on a phone: lower case, typos, no diacritics, German office words inside. Each
language has cases for every parser, and cases that must give no answer (None): other kinds of answer,
"don't know", and questions, which the form never reads as answers (question_kind.is_question).
"""

import datetime as dt

import pytest

from actions.answer_parsing import (
    parse_age,
    parse_all,
    parse_arrival,
    parse_german_level,
    parse_months,
    parse_residence_status,
    parse_yes_no,
    says_dont_know,
)
from actions.check_answers import read_answer
from actions.eligibility import UNKNOWN
from actions.question_kind import as_typed_question, is_question

pytestmark = pytest.mark.unit

TODAY = dt.date(2026, 11, 24)
AE, NE, EU, DUL = "aufenthaltserlaubnis", "niederlassungserlaubnis", "eu_freizuegigkeit", "duldung"
GEST, UA, NONE_TITLE = "aufenthaltsgestattung", "schutz_ukraine_24", "kein_titel"


def form_reads(slot, text):
    """What the eligibility form takes from a message to the question for `slot`: nothing from a question."""
    return None if is_question(text) else read_answer(slot, text)


PARSERS = {
    "age": parse_age,
    "arrival": lambda text: (lambda found: found and found.isoformat())(parse_arrival(text, TODAY)),
    "months": lambda text: parse_months(text, TODAY),
    "yes_no": parse_yes_no,
    "status": parse_residence_status,
    "level": parse_german_level,
    "all": lambda text: parse_all(text, TODAY),
    "dont_know": says_dont_know,
    # questions to the open question: the form asks it again (and answers the question if it can)
    "question_age": lambda text: form_reads("age", text),
    "question_level": lambda text: form_reads("german_level", text),
    "question_status": lambda text: form_reads("residence_status", text),
    "question_yes_no": lambda text: form_reads("has_minor_child", text),
}

CASES = {
    "en": [
        ("age", "i am 19", 19), ("age", "im 19", 19), ("age", "i'm 19 years old", 19), ("age", "19 yo", 19),
        ("age", "my age is 23", 23), ("age", "no, i am 21", 21), ("age", "19 years", 19),
        ("age", "since 2019", None), ("age", "for 5 years", None), ("age", "5 years ago", None),
        ("age", "i have 2 kids", None), ("age", "level b1", None), ("age", "i am 5 years in germany", None),
        ("arrival", "since 2019", "2019-07-01"), ("arrival", "since march 2019", "2019-03-01"),
        ("arrival", "for 5 years", "2021-11-24"), ("arrival", "5 years ago", "2021-11-24"),
        ("arrival", "i came in 2019", "2019-07-01"), ("arrival", "since half a year", "2026-05-24"),
        ("arrival", "i live in germany for 3 years", "2023-11-24"),
        ("arrival", "i am 19", None), ("arrival", "born in 2000", None), ("arrival", "in 2 years", None),
        ("months", "14 months", 14), ("months", "for 14 months", 14), ("months", "a year and a half", 18),
        ("months", "two years", 24), ("months", "not yet", 0), ("months", "no", 0),
        ("months", "i don't know", None), ("months", "i am 19", None),
        ("yes_no", "yes", True), ("yes_no", "yeah sure", True), ("yes_no", "yes i have", True),
        ("yes_no", "i have a contract", True), ("yes_no", "no", False), ("yes_no", "nope", False),
        ("yes_no", "no i don't", False), ("yes_no", "i dont have", False), ("yes_no", "i have no contract", False),
        ("yes_no", "i don't know", None), ("yes_no", "maybe", None), ("yes_no", "not sure", None),
        ("status", "toleration", DUL), ("status", "i have duldung", DUL), ("status", "tolerated stay", DUL),
        ("status", "residence permit", AE), ("status", "i have a resident permit", AE),
        ("status", "permanent residence", NE), ("status", "settlement permit", NE), ("status", "eu citizen", EU),
        ("status", "blue card", AE), ("status", "asylum seeker", GEST), ("status", "no papers", NONE_TITLE),
        ("status", "from ukraine", UA),
        ("status", "applied for residence permit", None), ("status", "my asylum was rejected", None),
        ("status", "i got asylum", None), ("status", "permanent job", None), ("status", "i am 19", None),
        ("level", "b1", "B1"), ("level", "level b1", "B1"), ("level", "i have b1 certificate", "B1"),
        ("level", "a2 but soon b1", "A2"), ("level", "no german", "keine"),
        ("level", "i don't speak german", "keine"), ("level", "nothing", "keine"),
        ("level", "i am learning b1", None), ("level", "b1 course", None), ("level", "since 2019", None),
        ("all", "i am 19 and have toleration, in germany since 2019, b1",
         {"age": 19, "residence_status": DUL, "arrival_date": "2019-07-01", "german_level": "B1"}),
        ("all", "19 years", {}), ("all", "yes", {}),
        ("age", "i am 19 yers old", 19), ("status", "i have aufenthaltserlaubnis", AE),
        ("all", "im 19 and i have duldung since 2020 in germany",
         {"age": 19, "residence_status": DUL, "arrival_date": "2020-07-01"}),
        ("dont_know", "i don't know", True), ("dont_know", "idk", True), ("dont_know", "dunno", True),
        ("question_age", "how old must i be?", None), ("question_age", "do i need to be 18", None),
        ("question_level", "what is b1", None), ("question_level", "b1 or b2?", None),
        ("question_status", "what is toleration", None), ("question_yes_no", "is 18 enough", None),
    ],
    "uk": [
        ("age", "мені 19", 19), ("age", "мені 19 років", 19), ("age", "мені вже 22 роки", 22),
        ("age", "19 років", 19), ("age", "ні, мені 21", 21), ("age", "мій вік 27", 27),
        ("age", "з 2019 року", None), ("age", "5 років тому", None), ("age", "вже 5 років у німеччині", None),
        ("age", "в німеччині вже 3 роки", None), ("age", "маю 2 дитини", None), ("age", "рівень b1", None),
        ("arrival", "з 2019 року", "2019-07-01"), ("arrival", "з березня 2019", "2019-03-01"),
        ("arrival", "5 років тому", "2021-11-24"), ("arrival", "вже 3 роки в німеччині", "2023-11-24"),
        ("arrival", "приїхала у 2022", "2022-07-01"), ("arrival", "з 2022-го", "2022-07-01"),
        ("arrival", "півтора року тому", "2025-05-24"),
        ("arrival", "мені 19", None), ("arrival", "народилась у 2000", None),
        ("months", "14 місяців", 14), ("months", "вже 14 місяців", 14), ("months", "1 рік і 6 місяців", 18),
        ("months", "півроку", 6), ("months", "ні", 0), ("months", "ще ні", 0), ("months", "не знаю", None),
        ("yes_no", "так", True), ("yes_no", "так, маю", True), ("yes_no", "у мене є", True),
        ("yes_no", "ні", False), ("yes_no", "ні, не маю", False), ("yes_no", "нема", False),
        ("yes_no", "не знаю", None), ("yes_no", "можливо", None),
        ("status", "толерантність", DUL), ("status", "в мене дульдунг", DUL),
        ("status", "у мене Duldung вже 2 роки", DUL), ("status", "посвідка на проживання", AE),
        ("status", "параграф 24", UA), ("status", "я з україни", UA), ("status", "тимчасовий захист", UA),
        ("status", "шукач притулку", GEST), ("status", "без документів", NONE_TITLE),
        ("status", "нема дульдунгу", None), ("status", "подала на посвідку на проживання", None),
        ("level", "b1", "B1"), ("level", "рівень b1", "B1"), ("level", "в мене В1", "B1"),
        ("level", "маю сертифікат А2", "A2"), ("level", "не знаю німецьку", "keine"),
        ("level", "зовсім ні", "keine"),
        ("level", "вчу b1", None), ("level", "зараз роблю b1", None), ("level", "не знаю свій рівень", None),
        ("all", "мені 19, маю дульдунг, в німеччині з 2021 року, німецька а2",
         {"age": 19, "residence_status": DUL, "arrival_date": "2021-07-01", "german_level": "A2"}),
        ("all", "19 років", {}),
        ("age", "мені 19 рокив", 19), ("months", "мені 19 років", None), ("status", "у мене Aufenthaltserlaubnis", AE),
        ("status", "b1", None), ("level", "з 2019 року", None),
        ("all", "мені 20, маю Duldung, seit 2021 in Deutschland",
         {"age": 20, "residence_status": DUL, "arrival_date": "2021-07-01"}),
        ("dont_know", "не знаю", True), ("dont_know", "незнаю", True), ("dont_know", "не знаю німецьку", False),
        ("question_age", "скільки мені має бути років", None), ("question_level", "що таке b1", None),
        ("question_status", "що таке дульдунг", None), ("question_yes_no", "чи треба мати дитину", None),
    ],
    "ru": [
        ("age", "мне 19", 19), ("age", "мне 19 лет", 19), ("age", "мне уже 23 года", 23), ("age", "19 лет", 19),
        ("age", "нет, мне 21", 21), ("age", "не 19, а 21", 21),
        ("age", "с 2019 года", None), ("age", "5 лет назад", None), ("age", "уже 5 лет в германии", None),
        ("age", "я в германии 5 лет", None), ("age", "с 5 лет", None), ("age", "у меня 2 ребенка", None),
        ("age", "уровень б1", None),
        ("arrival", "с 2019 года", "2019-07-01"), ("arrival", "с марта 2019", "2019-03-01"),
        ("arrival", "5 лет назад", "2021-11-24"), ("arrival", "уже 3 года в германии", "2023-11-24"),
        ("arrival", "я в германии 5 лет", "2021-11-24"), ("arrival", "приехал в 2021", "2021-07-01"),
        ("arrival", "мне 19 лет", None), ("arrival", "родился в 2000", None),
        ("months", "14 месяцев", 14), ("months", "уже 14 месяцев", 14), ("months", "полгода", 6),
        ("months", "полтора года", 18), ("months", "нет", 0), ("months", "ещё нет", 0),
        ("months", "не знаю", None), ("months", "мне 19 лет", None),
        ("yes_no", "да", True), ("yes_no", "да, есть", True), ("yes_no", "конечно", True),
        ("yes_no", "нет", False), ("yes_no", "нет, не работаю", False), ("yes_no", "да нет", False),
        ("yes_no", "не знаю", None), ("yes_no", "может быть", None),
        ("status", "дульдунг", DUL), ("status", "у меня дульдунг", DUL), ("status", "вид на жительство", AE),
        ("status", "у меня внж", AE), ("status", "пмж", NE), ("status", "постоянный вид на жительство", NE),
        ("status", "я из украины", UA), ("status", "временная защита", UA), ("status", "без документов", NONE_TITLE),
        ("status", "ищу убежище", GEST), ("status", "гражданин ес", EU),
        ("status", "нет дульдунга", None), ("status", "подала на внж", None), ("status", "отказали в убежище", None),
        ("level", "б1", "B1"), ("level", "уровень b1", "B1"), ("level", "В1", "B1"), ("level", "а2 есть", "A2"),
        ("level", "не знаю немецкий", "keine"), ("level", "не говорю по-немецки", "keine"),
        ("level", "ноль", "keine"),
        ("level", "учу b1", None), ("level", "сейчас делаю b1", None), ("level", "b1 не сдал", None),
        ("all", "мне 23 года, внж, живу в германии с 2019",
         {"age": 23, "residence_status": AE, "arrival_date": "2019-07-01"}),
        ("age", "мне 19лет", 19), ("level", "с 2019 года", None), ("level", "в 1 классе", None),
        ("status", "у меня Aufenthaltsgestattung", GEST),
        ("dont_know", "не знаю", True), ("dont_know", "без понятия", True), ("dont_know", "не знаю немецкий", False),
        ("question_age", "сколько мне должно быть лет", None), ("question_level", "что такое b1", None),
        ("question_level", "нужно ли b1", None), ("question_status", "что такое дульдунг", None),
    ],
    "tr": [
        ("age", "19 yaşındayım", 19), ("age", "19 yasindayim", 19), ("age", "yaşım 19", 19), ("age", "yasim 23", 23),
        ("age", "19 yaş", 19), ("age", "19 değil 21", 21), ("age", "ben 19 yaşındayım ve duldung var", 19),
        ("age", "2019'dan beri", None), ("age", "5 yıldır almanyadayım", None), ("age", "5 yıl önce", None),
        ("age", "2 çocuğum var", None),
        ("arrival", "2019'dan beri", "2019-07-01"), ("arrival", "2019dan beri", "2019-07-01"),
        ("arrival", "2019 yılından beri almanyadayım", "2019-07-01"),
        ("arrival", "5 yıldır almanyadayım", "2021-11-24"), ("arrival", "5 yil once geldim", "2021-11-24"),
        ("arrival", "mart 2019'dan beri", "2019-03-01"), ("arrival", "2019 sonunda geldim", "2019-12-01"),
        ("arrival", "19 yaşındayım", None), ("arrival", "2000 doğumluyum", None),
        ("months", "14 ay", 14), ("months", "14 aydır", 14), ("months", "1,5 yıl", 18),
        ("months", "bir buçuk yıl", 18), ("months", "2 yıl 3 ay", 27), ("months", "hiç", 0), ("months", "yok", 0),
        ("months", "henüz değil", 0), ("months", "bilmiyorum", None),
        ("yes_no", "evet", True), ("yes_no", "evet var", True), ("yes_no", "var", True),
        ("yes_no", "sözleşmem var", True), ("yes_no", "tabi", True), ("yes_no", "hayır", False),
        ("yes_no", "hayir", False), ("yes_no", "yok", False), ("yes_no", "sozlesmem yok", False),
        ("yes_no", "bilmiyorum", None), ("yes_no", "belki", None),
        ("status", "duldung var", DUL), ("status", "duldungum var", DUL), ("status", "oturma izni", AE),
        ("status", "oturma iznim var", AE), ("status", "süresiz oturum", NE), ("status", "suresiz oturum", NE),
        ("status", "ukraynalıyım", UA), ("status", "sığınmacıyım", GEST), ("status", "iltica basvurusu yaptim", GEST),
        ("status", "belgesiz", NONE_TITLE), ("status", "ab vatandaşıyım", EU),
        ("status", "oturma iznim yok", None), ("status", "duldung yok", None), ("status", "mülteciyim", None),
        ("level", "b1", "B1"), ("level", "b1 seviyesi", "B1"), ("level", "almanca b1", "B1"),
        ("level", "a2 sertifikam var", "A2"), ("level", "almanca bilmiyorum", "keine"),
        ("level", "hic almanca bilmiyorum", "keine"), ("level", "hiç", "keine"),
        ("level", "b1 öğreniyorum", None), ("level", "b1 kursuna gidiyorum", None), ("level", "b1 yok", None),
        ("level", "almanca seviyemi bilmiyorum", None),
        ("all", "19 yaşındayım, 2020'den beri almanyadayım, duldung var",
         {"age": 19, "residence_status": DUL, "arrival_date": "2020-07-01"}),
        ("age", "19yasindayim", 19), ("months", "duldung 14 aydir var", 14), ("status", "aufenthaltserlaubnis var", AE),
        ("level", "2019dan beri", None),
        ("dont_know", "bilmiyorum", True), ("dont_know", "emin degilim", True),
        ("dont_know", "almanca bilmiyorum", False),
        ("question_age", "18 yaşında olmam lazım mı", None), ("question_level", "b1 nedir", None),
        ("question_level", "b1 yeterli mi", None), ("question_status", "oturma izni nedir", None),
    ],
    "ar": [
        ("age", "عمري 19", 19), ("age", "عمري ١٩ سنة", 19), ("age", "عمري 19 سنه", 19), ("age", "انا عمري ٢٣", 23),
        ("age", "3omri 19", 19), ("age", "ana 19 sene", 19), ("age", "١٩", 19),
        ("age", "منذ 2019", None), ("age", "من ٥ سنين", None), ("age", "قبل ٥ سنوات", None),
        ("age", "صار لي سنتين بالمانيا", None), ("age", "عندي ٣ اولاد", None),
        ("arrival", "منذ 2019", "2019-07-01"), ("arrival", "منذ ٢٠١٩", "2019-07-01"),
        ("arrival", "من سنة 2019", "2019-07-01"), ("arrival", "منذ ٥ سنوات", "2021-11-24"),
        ("arrival", "قبل ٥ سنوات", "2021-11-24"), ("arrival", "صار لي سنتين بالمانيا", "2024-11-24"),
        ("arrival", "من شهر ٣ ٢٠١٩", "2019-03-01"), ("arrival", "mn 2019", "2019-07-01"),
        ("arrival", "وصلت على المانيا سنة 2019", "2019-07-01"),
        ("arrival", "عمري 19", None), ("arrival", "مواليد 2000", None),
        ("months", "14 شهر", 14), ("months", "١٤ شهر", 14), ("months", "شهرين", 2), ("months", "سنة ونص", 18),
        ("months", "سنتين", 24), ("months", "لا", 0), ("months", "لسا", 0), ("months", "لا أعرف", None),
        ("months", "ما بعرف", None),
        ("yes_no", "نعم", True), ("yes_no", "اي نعم", True), ("yes_no", "ايوا", True), ("yes_no", "اكيد", True),
        ("yes_no", "عندي", True), ("yes_no", "aywa", True), ("yes_no", "na3am", True), ("yes_no", "لا", False),
        ("yes_no", "لأ", False), ("yes_no", "ما عندي", False), ("yes_no", "la2", False),
        ("yes_no", "لا أعرف", None), ("yes_no", "ما بعرف", None), ("yes_no", "مش عارف", None),
        ("yes_no", "يمكن", None),
        ("status", "دولدونغ", DUL), ("status", "عندي دولدونغ", DUL), ("status", "اقامة تسامح", DUL),
        ("status", "عندي duldung", DUL), ("status", "إقامة", AE), ("status", "عندي اقامه", AE),
        ("status", "اقامتي 3 سنين", AE), ("status", "اقامة دائمة", NE), ("status", "طالب لجوء", GEST),
        ("status", "ما عندي اقامة", NONE_TITLE), ("status", "بدون اوراق", NONE_TITLE), ("status", "من اوكرانيا", UA),
        ("status", "لجوء", None), ("status", "اقامتي انتهت", None), ("status", "انا دايما هون", None),
        ("level", "b1", "B1"), ("level", "عندي b1", "B1"), ("level", "مستوى b1", "B1"),
        ("level", "عندي شهادة a2", "A2"), ("level", "ما بعرف الماني", "keine"),
        ("level", "لا اتكلم الالمانية", "keine"), ("level", "صفر", "keine"),
        ("level", "بدرس b1", None), ("level", "رح اعمل b1", None), ("level", "رسبت في b1", None),
        ("all", "عمري ٢٥ سنة وعندي اقامة ومستوى b1", {"age": 25, "residence_status": AE, "german_level": "B1"}),
        ("age", "عمرى 19", 19), ("age", "19 سنه", 19), ("status", "عندي Aufenthaltserlaubnis", AE),
        ("level", "منذ 2019", None), ("status", "عندي b1", None),
        ("dont_know", "لا أعرف", True), ("dont_know", "ما بعرف", True), ("dont_know", "ma ba3ref", True),
        ("dont_know", "ما بعرف الماني", False),
        ("question_age", "كم لازم يكون عمري", None), ("question_age", "عمري لازم يكون 18؟", None),
        ("question_level", "ما هو b1", None), ("question_status", "شو يعني دولدونغ", None),
    ],
    "fa": [
        ("age", "۱۹ سالمه", 19), ("age", "من ۱۹ سال دارم", 19), ("age", "۱۹ ساله هستم", 19), ("age", "سنم ۲۳", 23),
        ("age", "۱۹", 19),
        ("age", "از ۲۰۱۹", None), ("age", "۵ سال پیش", None), ("age", "۵ ساله که اینجا هستم", None),
        ("age", "در آلمان ۵ سال", None), ("age", "۲ بچه دارم", None),
        ("arrival", "از ۲۰۱۹", "2019-07-01"), ("arrival", "از سال ۲۰۱۹", "2019-07-01"),
        ("arrival", "۵ سال پیش", "2021-11-24"), ("arrival", "۵ سال است که در آلمان هستم", "2021-11-24"),
        ("arrival", "۳ سال قبل آمدم", "2023-11-24"), ("arrival", "از مارس ۲۰۱۹", "2019-03-01"),
        ("arrival", "۱۹ سالمه", None), ("arrival", "متولد ۲۰۰۰", None),
        ("months", "۱۴ ماه", 14), ("months", "۱۴ ماهه", 14), ("months", "یک سال و نیم", 18), ("months", "دو سال", 24),
        ("months", "نه ماه", 9), ("months", "نه", 0), ("months", "هنوز نه", 0), ("months", "نمی‌دانم", None),
        ("yes_no", "بله", True), ("yes_no", "بلی", True), ("yes_no", "آره", True), ("yes_no", "دارم", True),
        ("yes_no", "قرارداد دارم", True), ("yes_no", "نه", False), ("yes_no", "نخیر", False),
        ("yes_no", "ندارم", False), ("yes_no", "نمی‌دانم", None), ("yes_no", "نمیدانم", None),
        ("yes_no", "نمی دونم", None), ("yes_no", "شاید", None), ("yes_no", "مطمئن نیستم", None),
        ("status", "دولدونگ دارم", DUL), ("status", "اقامت تحملی", DUL), ("status", "اقامت", AE),
        ("status", "اجازه اقامت دارم", AE), ("status", "اقامت دائم", NE), ("status", "پناهجو هستم", GEST),
        ("status", "درخواست پناهندگی دادم", GEST), ("status", "بدون مدارک", NONE_TITLE),
        ("status", "اقامت ندارم", NONE_TITLE), ("status", "از اوکراین", UA),
        ("status", "دولدونگ ندارم", None), ("status", "پناهنده", None),
        ("level", "b1", "B1"), ("level", "b1 دارم", "B1"), ("level", "سطح b1", "B1"), ("level", "مدرک a2 دارم", "A2"),
        ("level", "آلمانی بلد نیستم", "keine"), ("level", "هیچ", "keine"),
        ("level", "b1 میخوانم", None), ("level", "دارم b1 میخونم", None), ("level", "b1 قبول نشدم", None),
        ("all", "۲۲ سالمه، از ۲۰۱۸ در آلمان هستم، دولدونگ دارم",
         {"age": 22, "residence_status": DUL, "arrival_date": "2018-07-01"}),
        ("age", "19 سالمه", 19), ("age", "۱۹سالمه", 19), ("status", "Aufenthaltserlaubnis دارم", AE),
        ("level", "از ۲۰۱۹", None), ("status", "b1 دارم", None),
        ("dont_know", "نمی‌دانم", True), ("dont_know", "نمیدونم", True), ("dont_know", "آلمانی نمیدانم", False),
        ("question_age", "باید ۱۸ ساله باشم؟", None), ("question_level", "b1 چیست", None),
        ("question_level", "آیا b1 کافیه", None), ("question_status", "دولدونگ چیست", None),
    ],
}


def _cases():
    for language, cases in CASES.items():
        for kind, text, expected in cases:
            yield pytest.param(kind, text, expected, id=f"{language}-{kind}-{text}")


@pytest.mark.parametrize("kind, text, expected", _cases())
def test_answer_in_other_language(kind, text, expected):
    assert PARSERS[kind](text) == expected


def test_every_language_has_cases_for_every_parser():
    for language, cases in CASES.items():
        kinds = {kind.split("_")[0] if kind.startswith("question") else kind for kind, _, _ in cases}
        assert {"age", "arrival", "months", "yes_no", "status", "level", "all", "dont_know", "question"} <= kinds, \
            language
        assert any(expected is None for kind, _, expected in cases if kind == "age"), language


@pytest.mark.parametrize("text", ["не знаю", "bilmiyorum", "لا أعرف", "نمی‌دانم", "I don't know", "ma ba3ref"])
def test_dont_know_is_unknown_for_every_question(text):
    for slot in ("age", "residence_status", "arrival_date", "german_level", "has_minor_child", "duldung_months"):
        assert read_answer(slot, text) == UNKNOWN
    assert parse_yes_no(text) is None


@pytest.mark.parametrize("text", ["ich bin 19", "19", "ja", "nein", "Duldung", "seit 2019", "B1", "ne, hab ich nicht",
                                  "muss ich nicht", "brauch ich nicht",
                                  "мені 19 років", "19 yaşındayım", "عمري 19", "۱۹ سالمه", "evet", "نه"])
def test_answers_are_not_questions(text):
    assert not is_question(text)


@pytest.mark.parametrize("text", ["ا ب ت", "ـــ", "\u200c\u200c", "؟؟؟", "،،،", "ییی", "ыыы", "ğğğ"])
def test_letters_alone_are_no_answer(text):
    for parser in (parse_age, parse_residence_status, parse_german_level, parse_yes_no):
        assert parser(text) is None, parser
    assert parse_arrival(text, TODAY) is None
    assert parse_all(text, TODAY) == {}


@pytest.mark.parametrize("text", ["ich bin 19", "19", "Duldung", "kann ich nicht sagen", "muss ich nicht",
                                  "ne, hab ich nicht", "bin geduldet", "I don't know"])
def test_answers_stay_answers_at_the_start_of_a_check(text):
    assert as_typed_question(text) == text


@pytest.mark.parametrize("text", ["darf ich mit 16g nebenbei jobben", "brauch ich eine zeugnisbewertung",
                                  "gilt das auch für meine frau", "can i work with a duldung"])
def test_a_verb_first_question_without_question_mark_is_a_question(text):
    assert as_typed_question(text) == f"{text}?"
