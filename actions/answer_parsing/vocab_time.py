"""Words about time in every language the bot speaks: units, "since"/"ago", number words, arrival.

Tables are {language: "space separated words"}, folded by folding.words(): written as people spell
them ("yaşında", "أعوام", "دو"), compared with the folded text.  German entries are the ones the
parsers always had.  Languages: de, en, uk (Ukrainian), ru, tr, ar (also Arabizi in Latin letters),
fa (Farsi/Dari).
"""

from __future__ import annotations

from actions.answer_parsing.folding import phrases, stems, words

# --- units ------------------------------------------------------------------------------------

# Time units after a number ("5 Jahre", "5 років", "٥ سنوات").  Keys: numbers.YEAR, MONTH, WEEK, DAY.
UNITS = {
    "y": words({
        "de": "jahr jahre jahren jahres jahrn jare jaren j",
        "en": "year years yr yrs y",
        "uk": "рік року роки років році",
        "ru": "год года лет годов году",
        "tr": "yıl yıllar yıldır yıldan yılı yılık yıllık yılda sene seneler senedir seneden senelik",
        "ar": "سنة سنه سنين سنوات سنينه عام أعوام sana sane sene sne snin sneen sinin sanawat",
        "fa": "سال سالها ساله",
    }),
    "m": words({
        "de": "monat monate monaten monats monatn",
        "en": "month months mo mos mth mths",
        "uk": "місяць місяця місяці місяців",
        "ru": "месяц месяца месяцев месяцы мес",
        "tr": "ay aylar aydır aydan ayı aylık ayda",
        "ar": "شهر أشهر شهور shahr shaher shahar shoher shohor ashhur ashhor",
        "fa": "ماه ماهها ماهه",
    }),
    "w": words({
        "de": "woche wochen",
        "en": "week weeks wk",
        "uk": "тиждень тижні тижнів тижня",
        "ru": "неделя недели недель неделю",
        "tr": "hafta haftadır haftalık",
        "ar": "أسبوع اسابيع أسابيع",
        "fa": "هفته",
    }),
    "d": words({
        "de": "tag tage tagen",
        "en": "day days",
        "uk": "день дні днів дня",
        "ru": "дня дней дни",
        "tr": "gün gündür günlük",
        "ar": "يوم أيام",
        "fa": "روز",
    }),
}
# Unit forms that say how the span is meant (Turkish suffixes): "5 yıldır" = for 5 years (now),
# "5 yıllık" = lasting 5 years, "5 yılda" = within 5 years.
UNITS_MEANING_SINCE = words({"tr": "yıldır yıldan senedir seneden aydır aydan haftadır gündür"})
UNITS_MEANING_OTHER = words({"tr": "yılık yıllık yılda senelik aylık ayda haftalık günlük"})
# Year forms that are never an age: "seit 5 Jahren", "5 yıldır".
YEAR_FORMS_NOT_AN_AGE = words({"de": "jahren jahrn"}) | UNITS_MEANING_SINCE | UNITS_MEANING_OTHER
# A unit alone means one after "since"/"ago": "منذ سنة", "уже год", "рік тому".
UNITS_ALONE_MEAN_ONE = words({
    "uk": "рік місяць тиждень",
    "ru": "год месяц неделю",
    "ar": "سنة سنه عام شهر أسبوع sana sene shahr",
})


# --- numbers ------------------------------------------------------------------------------------

# Number words of the other languages, only read directly before a unit ("two years", "два роки",
# "iki yıl", "دو سال"): alone, "one", "bir", "نه" (Persian nine, and "no") mean other things.
# Position n (from 1) holds the words for n, "/" separates spellings.
_NUMBER_WORDS = {
    "en": "a/an/one two three four five six seven eight nine ten eleven twelve",
    "uk": "один/одна/одного два/дві три чотири п'ять шість сім вісім дев'ять десять",
    "ru": "один/одна/одного два/две три четыре пять шесть семь восемь девять десять",
    "tr": "bir iki üç dört beş altı yedi sekiz dokuz on",
    "ar": "واحد/وحدة اثنين/اثنان ثلاث/ثلاثة/تلات/تلاتة أربع/أربعة/اربع خمس/خمسة ست/ستة سبع/سبعة"
          " ثمان/ثماني/ثمانية/تمن/تمان تسع/تسعة عشر/عشرة",
    "fa": "یک دو سه چهار پنج شش هفت هشت نه ده",
}
# Halves before a unit: "півтора року", "полтора года", "пів року", "yarım yıl", "نص سنة", "half a year".
_HALF_WORDS = {"uk": ("півтора", 1.5), "ru": ("полтора", 1.5)}
_HALVES = {"en": "half", "uk": "пів", "ru": "пол", "tr": "yarım", "ar": "نص نصف nos nus", "fa": "نیم"}


def _amount_words() -> dict[str, float]:
    table: dict[str, float] = {}
    for language, entries in _NUMBER_WORDS.items():
        for value, spellings in enumerate(entries.split(), start=1):
            for word in words({language: spellings.replace("/", " ")}):
                table[word] = value
    for language, (word, half_value) in _HALF_WORDS.items():
        table.update(dict.fromkeys(words({language: word}), half_value))
    table.update(dict.fromkeys(words(_HALVES), 0.5))
    return table


AMOUNT_WORDS_BEFORE_UNIT = _amount_words()
# "iki buçuk yıl" (2.5 years): like German "zwei einhalb Jahre".
PLUS_HALF_BEFORE_UNIT = words({"de": "einhalb", "tr": "buçuk"})
# "سنة ونص", "یک سال و نیم", "a year and a half", "год с половиной": a half after the unit.
PLUS_HALF_AFTER_UNIT = phrases({"ar": ["ونص", "ونصف", "و نص"], "fa": ["و نیم"], "en": ["and a half"],
                                "ru": ["с половиной"], "uk": ["з половиною"]})

# --- what a number or date means, from the words around it -------------------------------------

# "seit 5 Jahren", "since 2019", "for 5 years", "منذ ٥ سنوات", "صار لي سنتين", "از ۲۰۱۹".
SINCE = words({
    "de": "seit seid seitdem",
    "en": "since for from",
    "ar": "منذ من صار صارلي صرلي بقالي min mn men mnd sar sarli",
    "fa": "از",
})
# Only before a date: "з 2019 року", "с 2019 года"; before a span they mean an age ("с 5 лет").
SINCE_BEFORE_DATE = words({"uk": "з із зі від", "ru": "с со от"})
# After the date or span: "2019'dan beri", "5 yıldan beri".
SINCE_AFTER = words({"tr": "beri"})
# "уже 5 лет", "already 5 years": the span lasts until now.
ALREADY = words({"en": "already", "uk": "вже уже", "ru": "уже", "tr": "zaten"})
AGO_BEFORE = words({"de": "vor", "ar": "قبل qabl abel"})
AGO_AFTER = words({"de": "her", "en": "ago back", "uk": "тому", "ru": "назад", "tr": "önce evvel",
                   "fa": "پیش قبل"})
# A span in the future or a validity, not time spent: "in 2 Jahren", "через 2 роки", "لمدة سنتين".
OTHER_BEFORE = words({
    "de": "in nach fuer für bis ab",
    "en": "in after within until",
    "uk": "через на за після",
    "ru": "через на за после",
    "ar": "بعد لمدة خلال",
    "fa": "بعد برای تا",
}) | SINCE_BEFORE_DATE
OTHER_AFTER = words({"en": "later", "tr": "sonra", "fa": "بعد دیگر"})
# After a span, a stay: "5 Jahre hier", "5 років у Німеччині", "۵ سال است که اینجا هستم".
STAY_AFTER = words({
    "de": "hier in im da dort",
    "en": "here in at",
    "uk": "тут у в",
    "ru": "тут здесь в",
    "tr": "burada burda",
    "ar": "هنا هون في",
    "fa": "اینجا در است هست که",
})
# After a number: an age ("19 Jahre alt", "19 yaşındayım", "۱۹ سالمه").
AGE_AFTER_NUMBER = words({
    "de": "alt jaehrig jährig jahrig",
    "en": "old yo",
    "tr": "yaşında yaşındayım yaşımda yaş",
    "fa": "سالمه سالم",
})
# After "N Jahre/سال": an age ("19 years old", "۱۹ سال دارم", "۱۹ ساله هستم").
AGE_AFTER_UNIT = AGE_AFTER_NUMBER | words({"en": "o", "fa": "دارم هستم ام"})

# Verbs of arriving and words about Germany, as whole words (German) ...
ARRIVAL_VERBS = words({"de": "gekommen eingereist angekommen eingewandert hergekommen geflohen geflüchtet nach"})
ARRIVAL_WORDS = ARRIVAL_VERBS | words({"de": "deutschland hier nrw germany lebe wohne leben wohnen einreise ankunft"})
# ... and word beginnings: words that show a date or span is about coming to / living in Germany (in Arabic
# script also after a prefix such as بـ/لـ/و: "بالمانيا").
ARRIVAL_CUE_STEMS = stems({
    "de": "deutschland nrw einreise ankunft",
    "en": "germany here came arrived live living moved fled",
    "uk": "німеччин тут приїха живу живем переїха",
    "ru": "германи тут здесь приеха живу живем перееха",
    "tr": "almanya burada burda geld yaşıyor",
    "ar": "المانيا هنا هون وصلت جيت اجيت عايش ساكن",
    "fa": "آلمان اینجا آمدم اومدم رسیدم زندگی",
})
# Verbs of arriving after a date make it the preferred reading ("2019'da geldim", "2019 приехал").
ARRIVAL_VERB_STEMS = stems({
    "en": "came arrived moved fled",
    "uk": "приїха переїха",
    "ru": "приеха перееха",
    "tr": "geld",
    "ar": "وصلت جيت اجيت",
    "fa": "آمدم اومدم رسیدم",
})
# Birth: "2000 geboren", "born in 2000", "народився у 2000", "2000 doğumluyum", "مواليد 2000".
BIRTH_STEMS = stems({
    "en": "born birth",
    "uk": "народи народж",
    "ru": "родил рожд",
    "tr": "doğdum doğum",
    "ar": "مواليد ولدت مولود تولد",
    "fa": "متولد تولد دنیا",
})
# Words that end a date's own phrase: "geboren 2000 und seit 2019".
CONNECTORS = words({
    "de": "und aber sondern seit seid dann also",
    "en": "and but then",
    "uk": "і й та але потім",
    "ru": "и а но потом",
    "tr": "ve ama sonra",
    "ar": "و لكن بس",
    "fa": "و ولی اما",
})
# "Anfang/Mitte/Ende 2019", "early 2019", "кінець 2019", "اواخر ۲۰۱۹"; Turkish after: "2019 sonunda".
PART_OF_YEAR_BEFORE = {
    **dict.fromkeys(words({"de": "anfang", "en": "beginning early start", "uk": "початок початку",
                           "ru": "начало начале", "ar": "بداية أول", "fa": "اوایل اول"}), 1),
    **dict.fromkeys(words({"de": "mitte", "en": "mid middle", "uk": "середина середині",
                           "ru": "середина середине", "ar": "منتصف", "fa": "اواسط وسط"}), 7),
    **dict.fromkeys(words({"de": "ende", "en": "end late", "uk": "кінець кінці", "ru": "конец конце",
                           "ar": "نهاية آخر", "fa": "اواخر"}), 12),
}
PART_OF_YEAR_AFTER = {
    **dict.fromkeys(words({"tr": "başı başında başlarında"}), 1),
    **dict.fromkeys(words({"tr": "ortası ortasında"}), 7),
    **dict.fromkeys(words({"tr": "sonu sonunda sonlarında"}), 12),
}
# After a year: "the year" in its case, not a count of years ("з 2019 року", "с 2019 года").
YEAR_NOUNS_AFTER_A_YEAR = words({"uk": "року рік році р", "ru": "года год году г", "tr": "yılında yılından yılı"})
# Words between "since" and a date that do not change it: "seit dem Jahr 2019", "з 2019 року".
SKIP_BEFORE_DATE = words({
    "de": "jahr im monat",
    "en": "the year in",
    "uk": "року рік у в",
    "ru": "года год в",
    "ar": "سنة عام شهر",
    "fa": "سال ماه",
}) | frozenset(PART_OF_YEAR_BEFORE)

# Nouns after a number that make it a count, not an age or a year ("2 kids", "2 дитини", "2 çocuk").
COUNT_NOUNS = words({
    "de": "kinder kind kindern geschwister personen leute menschen euro eur dollar stunden std stunde uhr"
          " mal prozent punkte km kg cm grad minuten sekunden zimmer tausend hundert mio",
    "en": "kids kid children child people persons hours hour times percent euros dollars",
    "uk": "діти дітей дитини дитина години годин разів євро відсотків",
    "ru": "дети детей ребенка ребенок часа часов раз раза евро процентов",
    "tr": "çocuk çocuğum çocuklu kişi saat kere kez euro avro yüzde",
    "ar": "اطفال أطفال ولاد أولاد ولد طفل ساعة ساعات مرة مرات يورو",
    "fa": "بچه فرزند ساعت بار یورو نفر",
})
