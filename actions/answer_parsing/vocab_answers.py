"""Words of the answers themselves in every language the bot speaks: age cues, yes/no/"don't know",
"no German", and what makes a German level planned rather than passed.

Tables are {language: "space separated words"} or {language: ["phrase", ...]}, folded by folding.py
(written as people spell them, compared with the folded text); in phrases a word ending in "*" is a
stem.  German mostly keeps its own regular expressions in the parser modules; it appears here where
the other languages share a rule with it.  Languages: de, en, uk, ru, tr, ar (also Arabizi, after
the rewrites of vocab_rewrites.py: "3omri" -> "omri"), fa (Farsi/Dari; verbs written with their
prefix joined, "نمیدانم", as normalisation joins "نمی دانم").
"""

from __future__ import annotations

from actions.answer_parsing.folding import phrases, stems, words

# --- age ----------------------------------------------------------------------------------------

# Directly before the number: "ich bin 19", "мені 19", "мне 19", "yaşım 19", "عمري 19", "ana 19".
AGE_CUES_NEAREST = words({
    "de": "bin",
    "en": "age aged",
    "uk": "мені",
    "ru": "мне",
    "tr": "yaşım yaşı",
    "ar": "عمري عمره انا omri ana",
    "fa": "سنم",
})
# Anywhere in the three words before: "Alter: 27", "my age is 27", "мій вік 27", "سن من ۲۷".
AGE_CUES_NEAR = words({"de": "alter", "en": "age", "uk": "вік", "ru": "возраст", "tr": "yaş yaşım",
                       "ar": "عمر عمري omri", "fa": "سن سنم"})
# Two words before, nearest first: "i am 19" (German "am 19." is a date).
AGE_CUE_PAIRS = frozenset({("am", "i")})
# A number right after these is a code, a level, a paragraph: "Niveau 1", "рівень 2", "مستوى 1".
CODE_PREFIXES = words({
    "de": "paragraph paragraf para par nr nummer klasse niveau stufe level kapitel seite zimmer hausnummer"
          " plz a b c",
    "en": "no number room page",
    "uk": "рівень номер параграф клас",
    "ru": "уровень номер параграф класс",
    "tr": "seviye seviyesi numara madde sınıf",
    "ar": "مستوى رقم مادة صف",
    "fa": "سطح شماره ماده کلاس",
})
# "ich bin nicht 19, sondern 21", "не 19, а 21"; Turkish after: "19 değil, 21".
NOT_BEFORE_A_NUMBER = words({"de": "nicht", "en": "not", "uk": "не", "ru": "не", "ar": "مش مو ليس"})
NOT_AFTER_A_NUMBER = words({"tr": "değil"})
# Prepositions of place/time before a number that make it no age: "в 2019", "في 2019", "در ۲۰۱۹".
IN_BEFORE_A_NUMBER = words({"uk": "в у", "ru": "в во", "ar": "في", "fa": "در", "en": "at on"})

# --- yes / no / don't know ------------------------------------------------------------------------

# A clear yes/no on its own: the first one in the answer decides.
YES_WORDS = words({
    "en": "yes yeah yep yup yea yess",
    "uk": "так ага авжеж звісно звичайно",
    "ru": "да ага конечно угу",
    "tr": "evet evt tabi tabii elbette",
    "ar": "نعم ايوه ايوا اكيد طبعا بلى aywa aiwa aywah naam akid tabaan",
    "fa": "بله بلی آره آری حتما البته",
})
NO_WORDS = words({
    "en": "no nope nah not never",
    "uk": "ні нема немає ніколи не",
    "ru": "нет неа нету никогда не",
    "tr": "hayır yok değil yoo",
    "ar": "لا لاء مش مو ليس لم ابدا كلا مافي ماعندي ما la laa mish msh mafi mafish",
    "fa": "نه نخیر ندارم نیست نیستم نداریم هیچ",
})
# Yes by having/being (or a soft yes), undone by a negation after it: "i have (no)", "є", "var", "عندي",
# "دارم", "اه (لا)".
HAVE_WORDS = words({
    "en": "sure correct right",
    "uk": "є маю",
    "ru": "есть имеется",
    "tr": "var",
    "ar": "عندي صح ايه اه andi sah",
    "fa": "دارم هست درسته",
})
HAVE_PHRASES = phrases({"en": ["i have", "i do", "of course"]})
# "да нет" (Russian) is a no.
NO_PHRASES = phrases({"ru": ["да нет"]})
# The person does not know: the answer is "unknown" (check_answers.read_answer).
DONT_KNOW_PHRASES = phrases({
    "en": ["do not know", "not sure", "no idea", "idk", "dunno"],
    "uk": ["не знаю", "незнаю", "не впевнен*", "хз", "не пам'ятаю", "гадки не маю"],
    "ru": ["не знаю", "незнаю", "не уверен*", "хз", "без понятия", "не помню"],
    "tr": ["bilmiyorum", "bilmiyom", "bilmem", "emin değilim", "fikrim yok", "hatırlamıyorum"],
    "ar": ["لا اعرف", "ما بعرف", "مابعرف", "ما اعرف", "ماعرف", "مش عارف*", "مو عارف*", "معرفش", "ما بدري",
           "لا ادري", "لست متاكد*", "مش متاكد*", "ما متاكد*", "ما بتذكر", "ma baaref", "mabaaref", "mish aaref",
           "msh aaref", "maarafsh"],
    "fa": ["نمیدانم", "نمیدونم", "مطمئن نیستم", "خبر ندارم", "یادم نیست"],
})
# Unsure, but not "don't know": the question is asked again (UNSURE_PHRASES: either).
MAYBE_PHRASES = phrases({
    "en": ["maybe", "perhaps"],
    "uk": ["можливо", "мабуть"],
    "ru": ["может быть", "возможно", "наверное"],
    "tr": ["belki", "galiba"],
    "ar": ["يمكن", "ربما", "الله اعلم", "yemken", "yimkin"],
    "fa": ["شاید", "احتمالا"],
})
UNSURE_PHRASES = DONT_KNOW_PHRASES | MAYBE_PHRASES
# "not yet", "never" to "how many months": 0.
NONE_YET_PHRASES = phrases({
    "en": ["no", "nope", "never", "not yet", "not at all"],
    "uk": ["ні", "ніколи", "нема", "немає", "ще ні", "ще не", "зовсім ні"],
    "ru": ["нет", "никогда", "нету", "ещё нет", "еще не", "совсем нет"],
    "tr": ["hayır", "yok", "hiç", "henüz değil", "daha değil", "henüz yok"],
    "ar": ["لا", "لسه", "لسا", "ابدا", "مافي", "ولا مرة", "la", "laa", "mafi", "lessa", "lissa"],
    "fa": ["نه", "هنوز نه", "هیچ", "اصلا", "هرگز"],
})

# --- German level -----------------------------------------------------------------------------

# The word for German (the language): "german", "німецьку", "немецкий", "almanca", "الماني", "آلمانی".
GERMAN_LANGUAGE_STEMS = stems({
    "de": "deutsch",
    "en": "german",
    "uk": "німецьк",
    "ru": "немецк немецки",
    "tr": "almanca",
    "ar": "الماني الالماني بالالماني almani",
    "fa": "آلمانی",
})
# "no German": a negation right next to the word for German (a level word voids it: "не знаю
# немецкий уровень" is not knowing one's level).
NO_GERMAN_PHRASES = phrases({
    "en": ["no german", "not speak german", "cannot speak german", "zero german", "not know german"],
    "uk": ["не знаю німецьк*", "не розмовляю німецьк*", "не говорю німецьк*", "не володію німецьк*",
           "німецьк* не знаю", "німецьку зовсім не знаю", "ніякої німецьк*"],
    "ru": ["не знаю немецк*", "не говорю по немецки", "не говорю на немецком", "не говорю немецк*",
           "не владею немецк*", "немецк* не знаю", "немецкий совсем не знаю", "никакого немецк*"],
    "tr": ["almanca bilmiyorum", "almanca bilmem", "almancam yok", "almanca konuşamıyorum", "almanca yok",
           "almancam hiç yok", "almanca hiç bilmiyorum"],
    "ar": ["ما بعرف الماني*", "ما بحكي الماني*", "ما بعرف الماني", "لا اعرف الالماني*", "لا اتكلم الالماني*",
           "ما اعرف الماني*", "ما احكي الماني*", "مابعرف الماني*", "ما بحكي الماني", "ما بعرف ولا كلمة الماني*",
           "ma baaref almani", "mabaaref almani"],
    "fa": ["آلمانی بلد نیستم", "آلمانی نمیدانم", "آلمانی نمیدونم", "آلمانی ندارم", "آلمانی اصلا بلد نیستم"],
})
# A whole answer that means "no German" only as the answer to that question: "nothing", "ноль".
NO_GERMAN_ALONE = phrases({
    "en": ["nothing", "zero", "none at all", "not at all"],
    "uk": ["нуль", "ніяк", "ніякої", "зовсім ні", "жодної"],
    "ru": ["ноль", "нуль", "никак", "никакого", "совсем нет"],
    "tr": ["hiç", "sıfır", "hiç yok"],
    "ar": ["صفر", "ولا شي", "ولا كلمة", "ابدا"],
    "fa": ["صفر", "هیچ", "هیچی", "اصلا"],
})
LEVEL_WORDS = words({"en": "level", "uk": "рівень рівня", "ru": "уровень уровня", "tr": "seviye seviyem seviyemi",
                     "ar": "مستوى مستواي", "fa": "سطح سطحم"})
# Before a level: planned, in progress or failed, not passed ("ich mache gerade B1", "вчу B1",
# "رسبت في B1").  Exact words, and stems of inflected verbs.
LEVEL_NOT_YET_BEFORE = words({
    "en": "will want plan planning learning doing currently next soon not no almost attending going studying"
          " failed try trying",
    "uk": "не ні зараз скоро майже буду хочу",
    "ru": "не нет сейчас скоро почти буду хочу",
    "tr": "şimdi",
    "ar": "رح بدي اريد حاليا مش بدون قريبا ما لا",
    "fa": "دارم",
})
LEVEL_NOT_YET_BEFORE_STEMS = stems({
    "uk": "вчу вчус навча план наступн здаю роблю провал",
    "ru": "учу учус план следующ сдаю делаю провал",
    "tr": "istiyor gelecek",
    "ar": "بدرس بتعلم اتعلم ادرس رسبت سقطت",
    "fa": "میخوا",
})
# After a level (Turkish and Persian put the verb last): "B1 öğreniyorum", "B1 kursuna gidiyorum",
# "B1 yok", "B1 میخوانم", "B1 قبول نشدم", "B1 course".
LEVEL_NOT_YET_AFTER = words({
    "en": "not failed planned started course",
    "uk": "не", "ru": "не",
    "tr": "yok değil",
    "ar": "ما",
    "fa": "ندارم نیست نشدم رد",
})
LEVEL_NOT_YET_AFTER_STEMS = stems({
    "uk": "провал", "ru": "провал",
    "tr": "öğren gidiyor istiyor yapıyor olacak alacağ gireceğ kald geçemed başaramad kursuna",
    "ar": "رسبت",
    "fa": "می نمی",
})
# "but": the words before it belong to the other clause ("B1 nicht, aber A2").
BUT_WORDS = words({"de": "aber sondern", "en": "but", "uk": "але а", "ru": "но а", "tr": "ama fakat",
                   "ar": "لكن بس", "fa": "ولی اما"})
