"""Which programme a question names (keywords from the facts' topics)."""
import pytest

from actions.facts import get_facts
from actions.topics import match_topic

pytestmark = [pytest.mark.unit, pytest.mark.data]

TOPICS = get_facts()["topics"]


@pytest.mark.parametrize("question, program_id", [
    ("Was ist ein Integrationskurs?", "integrationskurs"),
    ("was kostet der deutschkurs", "integrationskurs"),
    ("Intergrationskurs?", "integrationskurs"),                      # typo
    ("Infos zur Ausbildungsduldung", "ausbildungsduldung_60c"),      # not the status "Duldung"
    ("3+2 regelung", "ausbildungsduldung_60c"),
    ("how can i get my diploma recognized?", "anerkennung_berufsabschluesse"),
    ("who do i contact if i want my certificate recognised", "anerkennung_berufsabschluesse"),
    ("chancen aufenthalt für meine familie", "chancen_aufenthaltsrecht_104c"),
    ("i am a recognised refugee, can i do the integration course", "integrationskurs"),  # not a qualification
    ("Was ist die Beschäftigungsduldung", "beschaeftigungsduldung_60d"),
    ("Habe ich Anspruch auf Bleiberecht nach 25a?", "bleiberecht_25a"),  # the paragraph beats "Bleiberecht"
    ("Bleiberecht", "bleiberecht_25b"),
    ("gibt es noch gemeinsam klappts", "gemeinsam_klappts"),
    ("einbürgerung wie viele jahre", "einbuergerung"),
    ("einbuergerung", "einbuergerung"),                              # no umlaut
    ("Einbürgerung 2019 Initiative", "nrw_einbuergerungsinitiative_2019"),
    ("was macht das KIM", "kim_nrw"),
    ("Einwanderung gestalten NRW", "kim_nrw"),
    ("Strategie 2030 ziele", "teilhabe_integrationsstrategie_2030"),
    ("Was macht der Integrationsrat?", "ausschuss_chancengerechtigkeit_integration"),
    ("Welche Stelle erkennt mein Zeugnis an? zuständige Stellen", "anerkennung_zustaendige_stellen_nrw"),
    ("#IchDuWirNRW", "ichduwirnrw"),
    ("Jugendmigrationsdienst", "jugendmigrationsdienste_jmd"),
    # Everyday words for becoming German (written for this test)
    ("lebe seit 8 jahren hier, kann ich deutsch werden", "einbuergerung"),
    ("wie kann ich deutscher staatsbürger werden", "einbuergerung"),
    ("wie viele pässe darf ich haben", "einbuergerung"),
    ("how can i become a german citizen", "einbuergerung"),
    ("can i keep two passports", "einbuergerung"),
    ("كيف أصبح مواطنا ألمانيا", "einbuergerung"),
    ("كيف أحصل على الجواز الألماني", "einbuergerung"),
    # Everyday words for recognition in Turkish, Arabic and Persian (written for this test)
    ("universite diplomam denk mi almanyada", "anerkennung_berufsabschluesse"),
    ("شو لازم لحتى يتم الاعتراف بمؤهلاتي بألمانيا", "anerkennung_berufsabschluesse"),
    ("مدارک تحصیلی را تایید کنم کجا برم", "anerkennung_berufsabschluesse"),
    # Generic words near those name the programme they are about, not recognition (review finding)
    ("DTZ ile telc B1 denk mi", "integrationskurs"),
    ("هل شهادة B1 يتم الاعتراف بها للتجنيس", "einbuergerung"),
    ("مدرک تحصیلی لازم برای دوره ادغام", "integrationskurs"),
    # The paragraph with its Arabic letter and in Arabic-Indic or Persian digits (written for this test)
    ("من يحصل على المادة 25 ب", "bleiberecht_25b"),
    ("شروط المادة ٢٥ أ للشباب", "bleiberecht_25a"),
    ("ماده ۲۵ب برای چه کسانی است", "bleiberecht_25b"),
    # A time or an age in those digits is no paragraph (review finding: "ب.ظ" is "pm")
    ("ساعت ۴:۲۵ ب.ظ وقت دارم", None),
    ("عندي ٢٥ ا", None),
    ("عمري ٢٥ سنة", None),
])
def test_question_names_programme(question, program_id):
    assert match_topic(question, TOPICS) == program_id


@pytest.mark.parametrize("text", ["Hallo", "", "wie geht es dir", "x" * 100_000, None, 42,
                                  "denk mal an den Termin", "الاعتراف بي كلاجئ", "تم الاعتراف به كلاجئ",
                                  "طلب الاعتراف باللجوء", "هل زواجي سيتم الاعتراف به",
                                  "Türk ehliyetim Almanya'da denk mi",
                                  "المعادلة صعبة في الرياضيات", "شو المعاملة المطلوبة", "ich bin Diplomat",
                                  # someone else is German or has two passports: no naturalisation (review finding)
                                  "mein Mann ist deutscher Staatsbürger, kann ich ein Visum bekommen?",
                                  "my husband is a german citizen, can i get a family reunion visa?",
                                  "mein kind hat zwei pässe, braucht es ein visum?",
                                  "زوجي مواطن ألماني، هل أحتاج شهادة A1 للتأشيرة؟",
                                  "iki pasaport ile seyahat edebilir miyim?",
                                  "у моего ребенка два паспорта"])
def test_no_topic(text):
    assert match_topic(text, TOPICS) is None


def test_allowed_restricts_to_checkable_programmes():
    assert match_topic("Was kostet der Integrationskurs?", TOPICS, allowed=["einbuergerung"]) is None
