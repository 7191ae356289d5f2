"""The web chat in Arabic and Ukrainian (issue #17), in a real headless Chromium on a phone-sized screen.

Arabic is written right to left: the page turns round (html dir="rtl"), every bubble has dir="auto",
and the page's own texts (web/ui_texts.js) follow the conversation's language. Screenshots go to
results/screenshots/ (arabic_conversation_390.png, ukrainian_conversation_390.png).
"""
from __future__ import annotations

import json
import re
import subprocess

import pytest
from selenium.webdriver.common.by import By

from actions.i18n import catalog
from tests.support.servers import REPO
from tests.test_browser import HAVE_BROWSER, bot_texts, chromium, say, screenshot, wait_for_answer

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not HAVE_BROWSER, reason="Chromium missing: run `make browser-deps`"),
]

ARABIC = re.compile(r"[\u0600-\u06ff]")
CYRILLIC = re.compile(r"[\u0400-\u04ff]")
# The offer of the other languages follows the first message in a new language.
OFFER = "Ich antworte auf Deutsch. Ich kann auch in diesen Sprachen antworten."


def ui_texts() -> dict:
    """web/ui_texts.js's table, read by node (it is plain data)."""
    script = (REPO / "web" / "ui_texts.js").read_text(encoding="utf-8")
    program = "global.window = {};" + script + ";console.log(JSON.stringify(window.LOTSE_UI))"
    out = subprocess.run(["node", "-e", program], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def offer_in(language: str) -> str:
    translation = next(text for german, text in catalog(language).items() if german.startswith(OFFER))
    return translation.split(".")[0]


@pytest.fixture(scope="module")
def page(shared_stack) -> str:
    rasa, _actions, _db = shared_stack
    return f"{rasa.url}/webhooks/webchat/"


def direction(driver, element) -> str:
    return driver.execute_script("return getComputedStyle(arguments[0]).direction;", element)


def test_arabic_conversation_reads_right_to_left(page):
    with chromium(page, 390) as phone:
        phone.width = 390
        answer = say(phone, "كم تكلفة دورة الاندماج Integrationskurs؟", offer_in("ar"))
        assert ARABIC.search(answer)
        assert phone.execute_script("return document.documentElement.dir") == "rtl"
        assert phone.execute_script("return document.documentElement.lang") == "ar"
        bubbles = phone.find_elements(By.CSS_SELECTOR, "#log .msg.bot .bubble")
        assert all(bubble.get_attribute("dir") == "auto" for bubble in bubbles)
        assert direction(phone, bubbles[-1]) == "rtl"  # Arabic text, right to left
        assert direction(phone, bubbles[0]) == "ltr"  # the German greeting keeps its own direction
        ui = ui_texts()["ar"]
        assert phone.find_element(By.CSS_SELECTOR, "#composer button[type=submit]").text == ui["send"]
        assert phone.find_element(By.ID, "message").get_attribute("placeholder") == ui["placeholder"]
        assert "العربية" in [button.text for button in phone.find_elements(By.CSS_SELECTOR, ".choices button")]
        screenshot(phone, "arabic_conversation")


def test_ukrainian_conversation_and_its_page_texts(page):
    with chromium(page, 390) as phone:
        phone.width = 390
        answer = say(phone, "скільки коштує інтеграційний курс?", offer_in("uk"))
        assert CYRILLIC.search(answer)
        assert phone.execute_script("return [document.documentElement.lang, document.documentElement.dir]") == [
            "uk", "ltr"]
        ui = ui_texts()["uk"]
        assert phone.find_element(By.ID, "restart").text == ui["restart"]
        assert phone.find_element(By.CSS_SELECTOR, "#composer button[type=submit]").text == ui["send"]
        seen = len(bot_texts(phone))
        phone.find_element(By.XPATH, "//div[@class='choices']/button[normalize-space()='Deutsch']").click()
        wait_for_answer(phone, "Gut, ich antworte ab jetzt auf Deutsch.", seen)
        assert phone.execute_script("return document.documentElement.lang") == "de"
        screenshot(phone, "ukrainian_conversation")
