"""The web chat in a real headless Chromium: real Rasa server, real action server.

Debian's chromium and chromium-driver are required (`make browser-deps`). Without
them the test is skipped on a developer machine and fails in CI.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from actions.facts import get_facts
from tests.support.servers import MODEL, REPO, shared_local_stack

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
HAVE_BROWSER = CHROMIUM.exists() and CHROMEDRIVER.exists()
SCREENSHOTS = REPO / "results" / "screenshots"
KOELN = {"latitude": 50.9413, "longitude": 6.9583, "accuracy": 20}
WAIT = 40  # seconds; the first answer of a fresh server takes longest

pytestmark = [
    pytest.mark.skipif(not MODEL.exists(), reason="no trained model: run `make train` (make test does)"),
    pytest.mark.skipif(not HAVE_BROWSER and not os.environ.get("CI"),
                       reason="Chromium missing: run `make browser-deps` (apt: chromium chromium-driver)"),
]


@pytest.fixture(scope="module")
def page_url() -> str:
    vendor = REPO / "web" / "vendor" / "socket.io.min.js"
    assert vendor.exists(), f"{vendor} missing: run `make setup`"
    rasa, _actions, _db = shared_local_stack()
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
    return options


@pytest.fixture
def browser(page_url):
    """A fresh Chromium profile per test, so every test starts a new conversation."""
    if not HAVE_BROWSER:
        pytest.fail(f"{CHROMIUM} or {CHROMEDRIVER} missing in CI: `make browser-deps` installs them")
    profile = tempfile.mkdtemp(prefix="lotse-chromium-")
    driver = webdriver.Chrome(options=chromium_options(profile),
                              service=webdriver.ChromeService(str(CHROMEDRIVER)))
    try:
        driver.get(page_url)
        WebDriverWait(driver, WAIT).until(
            lambda d: d.execute_script("return typeof io === 'function' && document.readyState === 'complete'"))
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def bot_texts(driver) -> list[str]:
    return [bubble.text for bubble in driver.find_elements(By.CSS_SELECTOR, "#log .msg.bot .bubble")]


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


def click_choice(driver, title: str, needle: str) -> str:
    seen = len(bot_texts(driver))
    driver.find_element(By.XPATH, f"//div[@class='choices']/button[normalize-space()='{title}']").click()
    return wait_for_answer(driver, needle, seen)


def screenshot(driver, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(SCREENSHOTS / f"{name}.png"))


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
    browser.refresh()
    WebDriverWait(browser, WAIT).until(lambda d: any("Stadt Bonn" in t for t in bot_texts(d)))
    # The server remembers the place too: the same session continues.
    assert "Stadt Bonn" in say(browser, "Wo in meiner Nähe?", "Stadt Bonn")


def test_restart_clears_the_page(browser):
    say(browser, "Hallo", "Integrationslotse NRW")
    browser.find_element(By.ID, "restart").click()
    WebDriverWait(browser, WAIT).until(lambda d: any("fangen neu an" in t for t in bot_texts(d)))
    assert not any("Integrationslotse NRW" in t for t in bot_texts(browser))


def test_keyboard_only(browser):
    say(browser, "Hallo", "Integrationslotse NRW")
    # Focus is back in the input; Shift+Tab reaches the last answer button.
    active = browser.switch_to.active_element
    active.send_keys(Keys.SHIFT, Keys.TAB)
    focused = browser.switch_to.active_element
    assert focused.text == "Alle Prüfungen"
    seen = len(bot_texts(browser))
    focused.send_keys(Keys.ENTER)
    assert "prüfen" in wait_for_answer(browser, "prüfen", seen)


def test_accessible_markup(browser):
    log = browser.find_element(By.ID, "log")
    assert log.get_attribute("aria-live") == "polite"
    assert browser.find_element(By.CSS_SELECTOR, "html").get_attribute("lang") == "de"
    assert browser.find_element(By.CSS_SELECTOR, "label[for='message']").get_attribute("textContent")
    assert "Datenschutz" in browser.find_element(By.CLASS_NAME, "privacy").text


def test_phone_width_without_horizontal_scrolling(browser):
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                            {"width": 360, "height": 740, "deviceScaleFactor": 2, "mobile": True})
    say(browser, "Hallo", "Integrationslotse NRW")
    click_choice(browser, "Integrationskurs", "Deutschkurs")
    widths = browser.execute_script(
        "return [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert widths[0] <= widths[1] == 360
    screenshot(browser, "phone_360")


def test_nothing_from_other_origins_and_no_errors(browser):
    say(browser, "Hallo", "Integrationslotse NRW")
    origin = browser.execute_script("return location.origin")
    resources = browser.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name)")
    assert resources and all(url.startswith(origin + "/") for url in resources), resources
    assert browser.get_log("browser") == []  # no script errors, no blocked requests
