"""Month names in every language the bot speaks, with the forms that follow "since"/"in".

Position n (from 1) holds the names of month n, "/" separates forms: Ukrainian and Russian
nominative/genitive/locative ("березень/березня/березні"), Arabic as said in Syria/Iraq and in
Egypt/the Gulf (the two-word كانون/تشرين names are left out), Persian as in Iran and in
Afghanistan (Dari).  Turkish names also take a case ending ("martta", "marttan").  Short words
that are mostly something else are left out: Arabic آب (August; "father"), Persian مه/می (May;
"fog", a verb prefix).
"""

from __future__ import annotations

from actions.answer_parsing.folding import words

_MONTHS = {
    "de": "januar/jaenner/jan februar/feb maerz/marz/mrz april/apr mai juni/jun juli/jul august/aug"
          " september/sept/sep oktober/okt november/nov dezember/dez",
    "en": "january february march/mar april may june july august september october/oct november"
          " december/dec",
    "uk": "січень/січня/січні лютий/лютого/лютому березень/березня/березні квітень/квітня/квітні"
          " травень/травня/травні червень/червня/червні липень/липня/липні серпень/серпня/серпні"
          " вересень/вересня/вересні жовтень/жовтня/жовтні листопад/листопада/листопаді"
          " грудень/грудня/грудні",
    "ru": "январь/января/январе февраль/февраля/феврале март/марта/марте апрель/апреля/апреле"
          " май/мая/мае июнь/июня/июне июль/июля/июле август/августа/августе"
          " сентябрь/сентября/сентябре октябрь/октября/октябре ноябрь/ноября/ноябре"
          " декабрь/декабря/декабре",
    "tr": "ocak şubat mart nisan mayıs haziran temmuz ağustos eylül ekim kasım aralık",
    "ar": "يناير فبراير/شباط مارس/آذار أبريل/نيسان مايو/أيار يونيو/حزيران يوليو/تموز"
          " أغسطس/اغسطس سبتمبر/أيلول أكتوبر نوفمبر ديسمبر",
    "fa": "ژانویه/جنوری فوریه/فبروری مارس/مارچ آوریل/اپریل ژوئن/جون ژوئیه/جولای اوت/آگوست/اگست"
          " سپتامبر/سپتمبر اکتبر/اکتوبر نوامبر/نومبر دسامبر/دسمبر",
}
_TURKISH_CASE_ENDINGS = ("ta", "da", "te", "de", "tan", "dan", "ten", "den")


def _month_names() -> dict[str, int]:
    names: dict[str, int] = {}
    for language, entries in _MONTHS.items():
        months = entries.split()
        if language == "fa":  # no May in the Persian list (see above)
            months.insert(4, "")
        for month, forms in enumerate(months, start=1):
            for form in filter(None, forms.split("/")):
                for word in words({language: form}):
                    names[word] = month
                    if language == "tr":
                        names.update({word + ending: month for ending in _TURKISH_CASE_ENDINGS})
    return names


MONTH_NAMES = _month_names()
