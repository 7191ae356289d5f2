"""After a rejected asylum claim (actions/worry.py, actions/counselling.py, sdk/replies.reply_ways_to_stay): what
to do now or by when gets an asylum answer at once; messages about something else keep their own answer (review
findings of 06.12.2026)."""
import pytest

from tests.support.sdk import make_tracker, run, slots_set, texts_of

pytestmark = [pytest.mark.unit, pytest.mark.data]


@pytest.mark.parametrize("message", [
    "asylantrag abgelehnt, bis wann muss ich klagen",
    "mein asyl wurde abgelehnt was nun",
    "my asylum was rejected, how long do I have to go to court?",
    "asylum claim denied, what should i do",
    "asyl abgelent was soll ich machen",  # typed on a phone
    "wie viel zeit hab ich nach der ablehnung vom asylantrag",
    "ablehnungsbescheid vom asyl bekommen was mache ich jetzt",  # the word on the letter
    "asylantrag abgelehnt was tun",
    "мені відмовили в притулку, що робити?",
    "Мне отказали в убежище, что делать?",
    "رفضوا لجوئي شو لازم اعمل",
    "sığınma talebim reddedildi ne kadar süre var",
    "siginma basvurum reddedildi simdi ne olacak",  # without Turkish letters
    "پناهندگی من رد شد چه باید بکنم",
    "мне отказали в убежище, что можно сделать",
    "رفضوا طلب لجوئي ماذا يجب أن أفعل",
    "iltica başvurum reddedildi ne yapacağım",
    "asylum denied, not granted refugee status, what should i do",  # a negated approval
    "mein asylantrag wurde abgelehnt, mein bruder wurde anerkannt, was soll ich tun",  # someone else's approval
    "Ablehnung meines Asylantrages, was tun?",
    "Asylbescheid negativ, was tun?",
    "mülteci başvurum reddedildi ne yapmalıyım",
    "mein asylfolgeantrag wurde abgelehnt was nun",
])
def test_what_now_after_ones_own_rejected_claim_is_recognised(message):
    from actions.worry import asks_what_now_after_rejection
    assert asks_what_now_after_rejection(message)


@pytest.mark.parametrize("message", [
    "I have asylum but my wife's visa was rejected, what can i do",  # another person's visa
    "mein asylantrag wurde nicht abgelehnt, was kann ich jetzt tun",
    "mein antrag auf asylbewerberleistungen wurde abgelehnt, was nun",  # benefits, not the claim
    "asyl abgelehnt, jetzt hab ich duldung, was kann ich tun",  # past the deadlines: the ways to stay
    "asyl abgelehnt, wie lange dauert das gerichtsverfahren",  # how long the court takes, no deadline
    "мені не відмовили в притулку, що робити",
    "у меня дульдунг, отказали в убежище, что делать",  # past the deadlines: the ways to stay
    "ما هو رد مكتب اللجوء ماذا أفعل",  # "رد" is a reply in Arabic, a rejection only in Persian
    "У меня убежище, хочу отказаться от гражданства, что мне делать?",  # renouncing citizenship
    "bamf hat meinen antrag abgelehnt was nun",  # the BAMF decides on integration courses too
    "ich habe noch keine ablehnung vom asyl bekommen, was soll ich tun",
    # review findings of 06.12.2026: shelters, someone else's case, negations in every language
    "kadın sığınma evine başvurdum reddedildi ne yapmalıyım",  # women's shelter
    "мені відмовили в притулку для жінок, що робити?",
    "я получил убежище, но жене отказали в визе, что делать?",
    "حصلت على اللجوء لكن رفضوا فيزا زوجتي، ماذا أفعل؟",
    "کیس ویزای همسرم منفی شد چکار کنم",  # a visa case
    "لم يتم رفض طلب اللجوء، ماذا أفعل",
    "мені не було відмовлено в притулку, що робити",
    "پناهندگی ام رد نشد چکار کنم",
    "my asylum was never rejected, what now",
    "عندي دولدونغ، رفضوا لجوئي، شو لازم اعمل",  # past the deadlines: the ways to stay
    # second review: asylum held, something else refused; family reunion; "not yet"
    "у меня убежище, а жене отказали в визе, что делать?",
    "я живу в притулку, мені відмовили в роботі, що робити",
    "sığınma hakkı aldım, çalışma iznim reddedildi ne yapmalıyım",
    "مكتب اللجوء رفض طلب لم الشمل ماذا افعل",
    "پناهندگی دارم، ویزای همسرم رد شد چکار کنم",
    "habe asyl, wohnung abgelehnt, was kann ich tun",
    "asylum approved, visa rejected what now",
    "iltica başvuruma henüz ret gelmedi ne yapmalıyım",
])
def test_other_messages_with_asylum_and_rejection_are_no_fresh_rejection(message):
    from actions.worry import asks_what_now_after_rejection
    assert not asks_what_now_after_rejection(message)


def test_what_now_gets_counselling_and_a_deadline_asked_gets_the_deadline_unit_retrieval_ranks_first():
    from actions.answer_retrieval import Match, Retrieval
    from actions.counselling import rejected_asylum_unit_id
    units = ["p.beratung", "p.klagefrist", "p.ausreise"]
    beratung, klagefrist = {"id": "p.beratung", "aspect": "contact"}, {"id": "p.klagefrist", "aspect": "deadline"}
    ausreise, other = {"id": "p.ausreise", "aspect": "deadline"}, {"id": "q.other", "aspect": "rule"}
    ranked = Retrieval((Match(ausreise, 0.2), Match(klagefrist, 0.1), Match(beratung, 0.0)), False)
    assert rejected_asylum_unit_id(ranked, units, "my asylum was rejected, what should i do now") == "p.beratung"
    assert rejected_asylum_unit_id(ranked, units, "asyl abgelehnt, bis wann muss ich raus") == "p.ausreise"
    klage_first = Retrieval((Match(klagefrist, 0.2), Match(ausreise, 0.1)), False)
    assert rejected_asylum_unit_id(klage_first, units, "asylum rejected, how long do I have to sue") == "p.klagefrist"
    sure_of_other = Retrieval((Match(other, 2.0),), True)
    assert rejected_asylum_unit_id(sure_of_other, units, "asyl abgelehnt was nun") is None  # sure of another unit


@pytest.mark.parametrize("message, language, not_said", [
    ("I have asylum but my wife's visa was rejected, what can i do", "en", "deadline to leave"),
    ("mein asylantrag wurde nicht abgelehnt, was kann ich jetzt tun", "de", "Klagefrist"),
])
def test_a_message_that_is_no_fresh_rejection_gets_no_deadline(message, language, not_said):
    from actions.sdk.services import ActionAnswerService
    text = texts_of(run(ActionAnswerService(), make_tracker(message, "ask_service", slots={"language": language}))[0])
    assert not_said not in text, text


def test_an_asylum_answer_offers_no_buttons_of_its_host_programme():
    """No "Das für mich prüfen" of another programme under the deadlines (the asylum units lived in
    beschaeftigungsduldung_60d once, whose check the button started)."""
    from actions.sdk.services import ActionAnswerService
    messages, _ = run(ActionAnswerService(), make_tracker("asylantrag abgelehnt, bis wann muss ich klagen",
                                                          "ask_service"))
    assert "Rechtsbehelfsbelehrung" in messages[0]["text"]
    payloads = [button["payload"] for message in messages for button in message.get("buttons", [])]
    assert not any(payload.startswith("/check_eligibility") for payload in payloads)


@pytest.mark.parametrize("message", ["what is the best way to stay in germany with a duldung?",
                                     "was ist mit meiner duldung, welche möglichkeiten habe ich"])
def test_a_what_question_about_the_ways_gets_the_ways(message):
    from actions.worry import asks_ways_to_stay
    assert asks_ways_to_stay(message)  # review finding: "what is …" was taken as "what is a Duldung?"


def test_a_rejected_claim_and_a_way_the_person_points_to_gets_that_way_first():
    from actions.sdk.eligibility import ActionStartEligibility
    messages, _ = run(ActionStartEligibility(), make_tracker(
        "asyl abgelehnt, ich mache jetzt eine ausbildung, welche möglichkeiten hab ich", "check_eligibility"))
    assert messages[0]["text"].startswith("Die Ausbildungsduldung"), texts_of(messages)


@pytest.mark.parametrize("message, language, fact, check", [
    ("darf ich mit duldung ins ausland reisen", "de", "erlischt", "Prüfen: "),
    ("what is a duldung light?", "en", "§ 60b AufenthG", "Check: "),
])
def test_a_duldung_answer_offers_the_checks_of_the_ways_to_stay_not_who_may_take_part(message, language, fact, check):
    """The Duldung and asylum units are a programme of their own without a check (review finding 6): their answer
    sets that topic and offers the checks of § 60c, § 60d, § 25a and § 25b, not "Wer kann teilnehmen?"."""
    from actions.sdk.services import ActionAnswerService
    messages, events = run(ActionAnswerService(), make_tracker(message, "ask_service", slots={"language": language}))
    buttons = [button for message in messages for button in message.get("buttons", [])]
    assert fact in messages[0]["text"], texts_of(messages)
    assert slots_set(events)["topic"] == "duldung_asyl"
    assert [button["payload"] for button in buttons] == [f'/check_eligibility{{"program":"{pid}"}}' for pid in (
        "ausbildungsduldung_60c", "beschaeftigungsduldung_60d", "bleiberecht_25a", "bleiberecht_25b")]
    assert all(button["title"].startswith(check) for button in buttons), buttons


def test_naming_the_beschaeftigungsduldung_keeps_the_duldung_units():
    """§ 60d and the Duldung units are one family both ways (topics.yml related): moving the Duldung units out of
    § 60d must not push them down when § 60d is named (review finding of 06.12.2026)."""
    from actions.sdk.services import ActionAnswerService
    messages, _ = run(ActionAnswerService(), make_tracker("darf ich mit beschäftigungsduldung umziehen", "ask_service"))
    assert "Wohnsitzauflage" in messages[0]["text"], texts_of(messages)


def test_a_follow_up_on_the_duldung_overview_offers_the_checks_not_who_may_take_part():
    from actions.sdk.services import ActionAnswerFollowup
    messages, _ = run(ActionAnswerFollowup(), make_tracker("/ask_who", "ask_who", slots={"topic": "duldung_asyl"}))
    titles = [button["title"] for message in messages for button in message.get("buttons", [])]
    assert titles and all(title.startswith("Prüfen: ") for title in titles), titles


def test_the_turkish_word_for_the_process_asks_no_deadline():
    """"süreç" (the process) is no "süre" (time): counselling, not the deadline to leave (second review)."""
    from actions.worry import asks_by_when
    assert not asks_by_when("iltica başvurum reddedildi, süreç nasıl, ne yapmalıyım")
    assert asks_by_when("iltica başvurum reddedildi, ne kadar süre var")


def test_naming_the_duldung_overview_still_gets_the_ways_to_stay():
    """"duldung und asyl" is the overview's name (a keyword): a message with it still asks the ways to stay."""
    from actions.sdk.services import ActionAnswerService
    messages, _ = run(ActionAnswerService(), make_tracker("ich hab duldung und asyl wurde abgelehnt was kann ich tun",
                                                          "ask_service"))
    assert "§ 19d" in messages[0]["text"], texts_of(messages)
    assert any(b["payload"].startswith("/check_eligibility") for m in messages for b in m.get("buttons", []))
