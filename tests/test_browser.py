"""The web chat in a real headless Chromium: real Rasa server, real action server.

Debian's chromium and chromium-driver are required (`make browser-deps`). Without
them the test is skipped on a developer machine and fails in CI. The phone tests run
at 320 and 390 px width and save screenshots to results/screenshots/.
"""
from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from actions.facts import get_facts
from tests.support.servers import REPO

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
HAVE_BROWSER = CHROMIUM.exists() and CHROMEDRIVER.exists()
SCREENSHOTS = REPO / "results" / "screenshots"
AXE = REPO / "web" / "vendor" / "axe.min.js"
KOELN = {"latitude": 50.9413, "longitude": 6.9583, "accuracy": 20}
WAIT = 40  # seconds; the first answer of a fresh server takes longest
# Small phones (iPhone SE, first generation) and today's common size: width -> height.
PHONES = {320: 568, 390: 844}
GREETING = "Hallo! Ich bin der Integrationslotse NRW"
RESTARTED = "Alles klar, wir fangen neu an"
CONTINUE_QUESTION = "Möchten Sie die begonnene Prüfung fortsetzen oder neu beginnen?"
CHECK_STARTED = "wir prüfen gemeinsam"
# Starts a check whose first question offers buttons (the residence status).
CHECK_WITH_BUTTONS = "Kann ich eine Ausbildungsduldung bekommen?"
# Longer than the page's own quiet gap (350 ms) that ends a bot turn, with room for a slow server.
SETTLE = 2.0

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not HAVE_BROWSER and not os.environ.get("CI"),
                       reason="Chromium missing: run `make browser-deps` (apt: chromium chromium-driver)"),
]


@pytest.fixture(scope="module")
def page_url(shared_stack) -> str:
    for vendor in (REPO / "web" / "vendor" / "socket.io.min.js", AXE):
        assert vendor.exists(), f"{vendor} missing: run `make setup`"
    rasa, _actions, _db = shared_stack
    return f"{rasa.url}/webhooks/webchat/"


def chromium_options(profile: str):
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    # Tests must not reach the internet: no sync, component updates or first-run calls.
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--no-first-run", "--lang=de-DE", "--window-size=1024,900", f"--user-data-dir={profile}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "SEVERE"})
    # navigator.languages (the page's language hint) follows this preference, not --lang, in headless mode.
    options.add_experimental_option("prefs", {"intl.accept_languages": "de-DE,de"})
    return options


def emulate_phone(driver, width: int) -> None:
    """Applies to the current tab only: call it again after opening a new one."""
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": PHONES[width], "deviceScaleFactor": 2, "mobile": True})


def load_chat(driver, url: str) -> None:
    driver.get(url)
    WebDriverWait(driver, WAIT).until(
        lambda d: d.execute_script("return typeof io === 'function' && document.readyState === 'complete'"))


@contextlib.contextmanager
def chromium(page_url: str, width: int | None = None):
    """A fresh Chromium profile, so every test starts a new conversation; the page greets by itself."""
    if not HAVE_BROWSER:
        pytest.fail(f"{CHROMIUM} or {CHROMEDRIVER} missing in CI: `make browser-deps` installs them")
    profile = tempfile.mkdtemp(prefix="lotse-chromium-")
    driver = webdriver.Chrome(options=chromium_options(profile),
                              service=webdriver.ChromeService(str(CHROMEDRIVER)))
    try:
        if width:
            emulate_phone(driver, width)
        load_chat(driver, page_url)
        wait_for_answer(driver, GREETING, 0)
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
def browser(page_url):
    with chromium(page_url) as driver:
        yield driver


@pytest.fixture(params=sorted(PHONES), ids=lambda width: f"{width}px")
def phone(request, page_url):
    with chromium(page_url, request.param) as driver:
        driver.width = request.param
        yield driver


# --- reading the page -----------------------------------------------------------------

# What a sighted reader sees of an element: no visually hidden speaker names or link hints.
SHOWN = """const shown = (element) => {
  const copy = element.cloneNode(true);
  copy.querySelectorAll('.visually-hidden').forEach((hidden) => hidden.remove());
  return copy.textContent;
};"""


def shown_text(driver, element) -> str:
    return driver.execute_script(SHOWN + "return shown(arguments[0]);", element)


def bot_texts(driver) -> list[str]:
    """One text per bot message (a turn's group holds one bubble per message)."""
    return driver.execute_script(SHOWN + "return [...document.querySelectorAll('#log .msg.bot .bubble')].map(shown);")


def user_texts(driver) -> list[str]:
    return driver.execute_script(SHOWN + "return [...document.querySelectorAll('#log .msg.user .bubble')].map(shown);")


def group_texts(driver) -> list[list[str]]:
    """The bot's turns, each as the texts of its messages."""
    return driver.execute_script(SHOWN + "return [...document.querySelectorAll('#messages > .msg.bot')]"
                                 ".map((turn) => [...turn.querySelectorAll('.bubble')].map(shown));")


def bot_groups(driver):
    return driver.find_elements(By.CSS_SELECTOR, "#messages > li.msg.bot")


def choice_titles(element) -> list[str]:
    return [button.text for button in element.find_elements(By.CSS_SELECTOR, ".choices button")]


def wait_for_answer(driver, needle: str, seen: int) -> str:
    """The bot's messages after the first `seen` ones, once one of them contains `needle`."""
    def answered(d):
        new = "\n".join(bot_texts(d)[seen:])
        return new if needle in new else False
    return WebDriverWait(driver, WAIT).until(answered, f"no bot message with {needle!r}")


def say(driver, text: str, needle: str) -> str:
    seen = len(bot_texts(driver))
    field = driver.find_element(By.ID, "message")
    field.send_keys(text, Keys.ENTER)
    return wait_for_answer(driver, needle, seen)


def click_choice(driver, words: str, needle: str) -> str:
    """Clicks the offered button whose title contains `words` (titles are the bot's wording)."""
    seen = len(bot_texts(driver))
    driver.find_element(By.XPATH, f"//div[@class='choices']/button[contains(normalize-space(), '{words}')]").click()
    return wait_for_answer(driver, needle, seen)


def screenshot(driver, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    width = getattr(driver, "width", None)
    driver.save_screenshot(str(SCREENSHOTS / (f"{name}_{width}.png" if width else f"{name}.png")))


def assert_no_horizontal_scrolling(driver) -> None:
    widths = driver.execute_script(
        "return [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert widths[0] <= widths[1] == driver.width


# --- desktop ------------------------------------------------------------------------------

def test_greeting_and_a_button_with_links(browser):
    assert "Integrationslotse NRW" in say(browser, "Hallo", "Integrationslotse NRW")
    answer = click_choice(browser, "Integrationskurs", "Deutschkurs")
    assert "Integrationskurs" in answer
    links = [a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, "#log a")]
    cited = next(u["source_url"] for u in get_facts()["answers"]
                 if u["program"] == "integrationskurs" and u["aspect"] == "what")
    assert cited in links  # the source the answer cites is a link the person can open
    screenshot(browser, "desktop_button_answer")


def test_ki_of_bonn(browser):
    assert "Stadt Bonn" in say(browser, "Welches KI ist für Bonn zuständig?", "Stadt Bonn")


def test_shared_location_finds_the_ki(browser):
    origin = browser.execute_script("return location.origin")
    browser.execute_cdp_cmd("Browser.grantPermissions", {"origin": origin, "permissions": ["geolocation"]})
    browser.execute_cdp_cmd("Emulation.setGeolocationOverride", KOELN)
    seen = len(bot_texts(browser))
    browser.find_element(By.ID, "share-location").click()
    assert "Stadt Köln" in wait_for_answer(browser, "Stadt Köln", seen)
    screenshot(browser, "desktop_location")


def test_reload_keeps_the_conversation(browser):
    say(browser, "Welches KI ist für Bonn zuständig?", "Stadt Bonn")
    time.sleep(SETTLE)
    before = group_texts(browser)
    browser.refresh()
    WebDriverWait(browser, WAIT).until(lambda d: any("Stadt Bonn" in t for t in bot_texts(d)))
    time.sleep(SETTLE)  # a reloaded conversation must not greet again
    assert group_texts(browser) == before
    assert user_texts(browser) == ["Welches KI ist für Bonn zuständig?"]
    # The server remembers the place too: the same session continues.
    assert "Stadt Bonn" in say(browser, "Wo in meiner Nähe?", "Stadt Bonn")


def test_keyboard_only(browser):
    say(browser, "Hallo", "Integrationslotse NRW")
    # Focus is back in the input; Shift+Tab reaches the last answer button.
    last_button = choice_titles(bot_groups(browser)[-1])[-1]
    active = browser.switch_to.active_element
    active.send_keys(Keys.SHIFT, Keys.TAB)
    focused = browser.switch_to.active_element
    assert focused.text == last_button
    seen = len(bot_texts(browser))
    focused.send_keys(Keys.ENTER)
    assert "prüfen" in wait_for_answer(browser, "prüfen", seen)


def test_accessible_markup(browser):
    log = browser.find_element(By.ID, "log")
    assert log.get_attribute("aria-live") == "polite"
    assert log.get_attribute("role") == "log"
    assert browser.find_element(By.CSS_SELECTOR, "html").get_attribute("lang") == "de"
    assert browser.find_element(By.CSS_SELECTOR, "label[for='message']").get_attribute("textContent")
    assert "Datenschutz" in browser.find_element(By.CLASS_NAME, "privacy").text


def test_nothing_from_other_origins_and_no_errors(browser):
    say(browser, "Hallo", "Integrationslotse NRW")
    origin = browser.execute_script("return location.origin")
    resources = browser.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name)")
    assert resources and all(url.startswith(origin + "/") for url in resources), resources
    assert browser.get_log("browser") == []  # no script errors, no blocked requests


# --- phones (320 and 390 px) ----------------------------------------------------------------

# Every node added inside #log, with where it went: one turn must arrive as one <li>.
WATCH_LOG = """
window.logInsertions = [];
new MutationObserver((records) => {
  for (const record of records) for (const node of record.addedNodes) {
    window.logInsertions.push({into: record.target.id || record.target.className,
                               added: node.nodeType === 1 ? node.className : '#text',
                               bubbles: node.nodeType === 1 ? node.querySelectorAll('.bubble').length : 0});
  }
}).observe(document.getElementById('messages'), {childList: true, subtree: true});
"""

# Where the newest bot turn starts, relative to the top of the chat's visible area.
NEWEST_TURN_POSITION = """
const chat = document.getElementById('chat');
const turns = document.querySelectorAll('#messages > .msg.bot');
const turn = turns[turns.length - 1];
return {top: turn.getBoundingClientRect().top - chat.getBoundingClientRect().top,
        view: chat.clientHeight, scrolled: chat.scrollTop,
        below: chat.scrollHeight - chat.scrollTop - chat.clientHeight};
"""


def assert_turn_starts_at_top(driver) -> None:
    where = driver.execute_script(NEWEST_TURN_POSITION)
    assert where["top"] >= 0, where  # its beginning is never scrolled out of view
    # At the top, unless the chat cannot scroll further (then the whole turn is visible).
    assert where["top"] <= 16 or where["below"] < 1, where


def test_greeting_without_waiting(phone):
    """The page greets on its own: no "Hallo" to type, no bubble for the hidden /greet."""
    time.sleep(SETTLE)
    assert user_texts(phone) == []
    groups = bot_groups(phone)
    assert len(groups) == 1
    assert shown_text(phone, groups[0].find_element(By.CLASS_NAME, "bubble")).startswith(GREETING)
    assert len(choice_titles(groups[0])) == 4
    assert "Schreiben Sie zum Beispiel" not in phone.find_element(By.CLASS_NAME, "intro").text
    # The first turn does not scroll: intro and privacy note stay in view, the greeting starts below.
    where = phone.execute_script(NEWEST_TURN_POSITION)
    assert where["scrolled"] == 0 and 0 <= where["top"] <= where["view"] - 40, where
    assert_no_horizontal_scrolling(phone)
    screenshot(phone, "greeting")


def test_restart_clears_the_page_and_greets(phone):
    say(phone, "Welches KI ist für Bonn zuständig?", "Stadt Bonn")
    phone.find_element(By.ID, "restart").click()
    wait_for_answer(phone, GREETING, 0)
    time.sleep(SETTLE)
    assert not any("Stadt Bonn" in t for t in bot_texts(phone))
    assert user_texts(phone) == []  # neither the old question nor the hidden /restart_conversation
    groups = bot_groups(phone)
    assert len(groups) == 1, group_texts(phone)  # confirmation and greeting are one turn
    texts = group_texts(phone)[0]
    assert texts[0].startswith(RESTARTED) and any(t.startswith(GREETING) for t in texts[1:]), texts
    assert len(choice_titles(groups[0])) == 4
    screenshot(phone, "restart")


def test_one_turn_is_one_group(phone):
    phone.execute_script(WATCH_LOG)
    answer = say(phone, CHECK_WITH_BUTTONS, CHECK_STARTED)
    time.sleep(SETTLE)
    turn = bot_groups(phone)[-1]
    bubbles = turn.find_elements(By.CLASS_NAME, "bubble")
    # The conditions, then the check's start and its first question: one group.
    assert len(bubbles) >= 3 and "Sie brauchen" in bubbles[0].text, answer
    assert any(CHECK_STARTED in bubble.text for bubble in bubbles[1:]), answer
    # The buttons come after the turn's last message.
    last_two = phone.execute_script("return [...arguments[0].children].slice(-2).map(e => e.className)", turn)
    assert last_two == ["bubble", "choices"]
    # One insertion for the question, one for the turn, already holding all its messages.
    insertions = phone.execute_script("return window.logInsertions")
    assert insertions == [{"into": "messages", "added": "msg user", "bubbles": 1},
                          {"into": "messages", "added": "msg bot", "bubbles": len(bubbles)}], insertions
    # The person's own message is not read back by the live region; the bot's turn is.
    assert phone.find_element(By.CSS_SELECTOR, "#log .msg.user").get_attribute("aria-live") == "off"
    assert turn.get_attribute("aria-live") is None
    assert_turn_starts_at_top(phone)
    assert_no_horizontal_scrolling(phone)
    screenshot(phone, "turn_group")


def site_name(url: str) -> str:
    return urlsplit(url).hostname.removeprefix("www.")


def test_links_show_the_site_name(phone):
    say(phone, "Was ist ein Integrationskurs?", "Quelle")
    time.sleep(SETTLE)
    links = bot_groups(phone)[-1].find_elements(By.TAG_NAME, "a")
    assert links
    for link in links:
        href = link.get_attribute("href")
        shown = shown_text(phone, link)
        assert shown == site_name(href) and "%" not in shown and "/" not in shown, (shown, href)
        assert link.accessible_name == f"{shown} (öffnet in neuem Tab)"
        assert link.get_attribute("target") == "_blank"
        assert link.is_displayed() and link.text.startswith(shown)
    cited = next(u["source_url"] for u in get_facts()["answers"]
                 if u["program"] == "integrationskurs" and u["aspect"] == "what")
    assert cited in [link.get_attribute("href") for link in links]
    assert not any("https://" in t for t in bot_texts(phone))  # no raw addresses left in the text
    assert_turn_starts_at_top(phone)
    assert_no_horizontal_scrolling(phone)
    screenshot(phone, "links")


# Text nodes of bot messages that hold a pictograph outside an aria-hidden element.
SPOKEN_SYMBOLS = """
const spoken = [];
const walker = document.createTreeWalker(document.getElementById('log'), NodeFilter.SHOW_TEXT);
while (walker.nextNode()) {
  const node = walker.currentNode;
  if (/\\p{Extended_Pictographic}/u.test(node.data.replace(/[\\u00A9\\u00AE\\u2122]/g, ''))
      && !node.parentElement.closest('[aria-hidden="true"]')) spoken.push(node.data);
}
return spoken;
"""


def test_symbols_are_not_read_aloud(phone):
    say(phone, "Kann ich mich einbürgern lassen?", CHECK_STARTED)
    # Two years in Germany decide the check at once: the result lists its criteria with symbols.
    result = say(phone, "seit 2 Jahren", "Ergebnis Einbürgerung")
    time.sleep(SETTLE)
    symbols = phone.find_elements(By.CSS_SELECTOR, "#log .msg.bot [aria-hidden='true']")
    assert symbols and {s.text for s in symbols} <= {"✅", "❌", "❔", "⚠️", "📍", "☎️", "✉️", "➡️"}, result
    assert phone.execute_script(SPOKEN_SYMBOLS) == []
    # The words that carry the meaning stay readable.
    assert "erfüllt" in phone.execute_script(
        "const t = [...document.querySelectorAll('#log .msg.bot')].pop().cloneNode(true);"
        "t.querySelectorAll('[aria-hidden=true]').forEach(e => e.remove()); return t.textContent;")
    assert_no_horizontal_scrolling(phone)
    screenshot(phone, "symbols")


def test_running_check_in_another_tab(phone, page_url):
    say(phone, CHECK_WITH_BUTTONS, CHECK_STARTED)
    time.sleep(SETTLE)
    first_tab = phone.current_window_handle
    check_turn = bot_groups(phone)[-1]
    question = check_turn.find_elements(By.CLASS_NAME, "bubble")[-1].text.splitlines()[-1]
    question_buttons = choice_titles(check_turn)
    assert len(question_buttons) > 2  # the buttons the second tab must not show

    # Same profile, so the same conversation id (localStorage), but an empty transcript.
    phone.switch_to.new_window("tab")
    emulate_phone(phone, phone.width)
    load_chat(phone, page_url)
    wait_for_answer(phone, CONTINUE_QUESTION, 0)
    time.sleep(SETTLE)  # nothing else may follow, such as the check's question with its buttons
    assert user_texts(phone) == []
    assert not any(question in t for t in bot_texts(phone))
    assert len(phone.find_elements(By.CSS_SELECTOR, "#log .choices")) == 1
    assert choice_titles(bot_groups(phone)[-1]) == ["Prüfung fortsetzen", "Neu beginnen"]
    assert_no_horizontal_scrolling(phone)
    screenshot(phone, "other_tab")

    click_choice(phone, "Prüfung fortsetzen", question)
    time.sleep(SETTLE)
    assert choice_titles(bot_groups(phone)[-1]) == question_buttons
    screenshot(phone, "other_tab_continued")
    phone.switch_to.window(first_tab)


RUN_AXE = """
const done = arguments[arguments.length - 1];
axe.run(document, {resultTypes: ['violations']})
  .then((result) => done(result.violations.map((v) => ({
     id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' '))}))))
  .catch((error) => done([{id: 'axe-error', impact: 'critical', help: String(error), nodes: []}]));
"""


def axe_violations(driver) -> list[dict]:
    """axe-core from web/vendor (copied from node_modules by `make setup`), nothing from the internet."""
    driver.execute_script(AXE.read_text(encoding="utf-8"))
    driver.set_script_timeout(60)
    return driver.execute_async_script(RUN_AXE)


def test_axe_finds_no_serious_problems(phone):
    say(phone, "Was ist ein Integrationskurs?", "Quelle")  # an answer with a link
    say(phone, CHECK_WITH_BUTTONS, CHECK_STARTED)  # a check question with buttons
    time.sleep(SETTLE)
    assert phone.find_elements(By.CSS_SELECTOR, "#log a") and phone.find_elements(By.CSS_SELECTOR, "#log .choices")
    violations = axe_violations(phone)
    # Every finding, so that the closing note can quote them.
    print(f"\naxe-core at {phone.width} px: {json.dumps(violations, ensure_ascii=False, indent=1)}")
    serious = [v for v in violations if v["impact"] in ("serious", "critical")]
    assert serious == [], serious
    screenshot(phone, "axe_scanned")


HANNOVER = {"latitude": 52.3759, "longitude": 9.732, "accuracy": 20}


def test_location_outside_nrw_in_words(phone):
    """No raw coordinates: the place is 'außerhalb von Nordrhein-Westfalen' with where to look instead."""
    origin = phone.execute_script("return location.origin")
    phone.execute_cdp_cmd("Browser.grantPermissions", {"origin": origin, "permissions": ["geolocation"]})
    phone.execute_cdp_cmd("Emulation.setGeolocationOverride", HANNOVER)
    seen = len(bot_texts(phone))
    phone.find_element(By.ID, "share-location").click()
    answer = wait_for_answer(phone, "außerhalb von Nordrhein-Westfalen", seen)
    assert "Migrationsberatung" in answer and "52.3759" not in answer and "9.732" not in answer
    screenshot(phone, "outside_nrw")


def test_phone_without_horizontal_scrolling(phone):
    say(phone, "Was ist ein Integrationskurs?", "Deutschkurs")
    assert_no_horizontal_scrolling(phone)
    screenshot(phone, "phone_answer")


# --- "Hilfreich? 👍 / 👎" (issue #18) ---------------------------------------------------------------

def stored_votes(db) -> list[tuple]:
    import sqlite3
    with contextlib.closing(sqlite3.connect(db)) as connection:
        has_table = connection.execute("SELECT name FROM sqlite_master WHERE name = 'feedback_votes'").fetchall()
        return connection.execute("SELECT unit, vote, channel FROM feedback_votes").fetchall() if has_table else []


def test_an_answer_from_the_facts_can_be_voted_on_once(page_url, shared_stack):
    """At 390 px: two small buttons with plain-word names under the answer; a click stores one vote
    (no message in the conversation), the page says "Danke!" and the buttons are gone, also after a reload."""
    _rasa, _actions, db = shared_stack
    unit = next(u["id"] for u in get_facts()["answers"] if u["program"] == "integrationskurs" and u["aspect"] == "what")
    with chromium(page_url, 390) as driver:
        driver.width = 390
        say(driver, "Was ist ein Integrationskurs?", "Deutschkurs")
        time.sleep(SETTLE)
        turn = bot_groups(driver)[-1]
        votes = turn.find_elements(By.CSS_SELECTOR, ".votes button")
        assert [b.accessible_name for b in votes] == ["Hilfreich", "Nicht hilfreich"]
        assert [b.text for b in votes] == ["👍", "👎"]
        assert all(b.find_element(By.TAG_NAME, "span").get_attribute("aria-hidden") == "true" for b in votes)
        votes_label = turn.find_element(By.CSS_SELECTOR, ".votes").get_attribute("aria-label")
        assert votes_label == "War diese Antwort hilfreich?"
        # Under the answer, before the follow-up buttons; the greeting (no answer from the facts) has none.
        assert driver.execute_script("return [...arguments[0].children].slice(-2).map(e => e.className)", turn) == [
            "votes", "choices"]
        assert len(driver.find_elements(By.CSS_SELECTOR, "#log .votes")) == 1
        assert_no_horizontal_scrolling(driver)
        screenshot(driver, "vote_offered")

        before = stored_votes(db).count((unit, "up", "webchat"))
        users_before = user_texts(driver)
        votes[0].click()
        WebDriverWait(driver, WAIT).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#log .vote-thanks"))
        assert driver.find_element(By.CSS_SELECTOR, "#log .vote-thanks").text == "Danke!"
        assert driver.find_elements(By.CSS_SELECTOR, "#log .votes") == []
        assert stored_votes(db).count((unit, "up", "webchat")) == before + 1
        time.sleep(SETTLE)
        assert user_texts(driver) == users_before  # the vote is no message in the conversation
        assert "Deutschkurs" in bot_texts(driver)[-2] + bot_texts(driver)[-1]  # and got no bot reply
        assert driver.get_log("browser") == []
        screenshot(driver, "vote_thanks")

        driver.refresh()
        WebDriverWait(driver, WAIT).until(lambda d: any("Deutschkurs" in t for t in bot_texts(d)))
        time.sleep(SETTLE)
        assert driver.find_elements(By.CSS_SELECTOR, "#log .votes") == []  # one vote per answer
