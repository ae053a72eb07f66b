"""Issue 15, done when: in a real browser a user switches to French, the choice survives
logging out and in (in the same browser and in a fresh English one), and a reminder
e-mail to that user, sent by the reminders service through an SMTP server, is in French."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from playwright.sync_api import expect

from tests.support.roles import PASSWORD, world  # noqa: F401
from workplan.models import Profile
from workplan.reminders.services import reminders_create_due, reminders_send_due


def log_in(page, live_server, username, *, button):
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name=button, exact=True).click()
    page.wait_for_load_state()
    assert "/accounts/login/" not in page.url, f"{username} could not log in"


@pytest.mark.browser
def test_french_chosen_in_the_browser_survives_logging_out_and_in_and_reaches_the_mail(
        world, live_server, browser, smtp, settings, screenshot_dir):
    user = world.users.coord1
    user.set_password(PASSWORD)
    user.save()
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    log_in(page, live_server, "coord1", button="Log in")
    expect(page.locator("html")).to_have_attribute("lang", "en")

    # The switcher, by keyboard: focus FR and press Enter.
    switcher = page.get_by_role("group", name="Language of the pages")
    switcher.get_by_role("button", name="FR (Français)").focus()
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("navigation", name="Navigation principale")).to_contain_text("Tableau de bord")
    expect(page.get_by_role("group", name="Langue des pages").get_by_role("button", name="FR (Français)")
           ).to_have_attribute("aria-current", "true")
    page.screenshot(path=screenshot_dir / "french-1-dashboard.png", full_page=True)
    assert Profile.objects.get(user=user).language == "fr"

    # Log out: the log-in page stays French; log in again: French.
    page.get_by_role("button", name="Se déconnecter").click()
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/accounts/login/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Se connecter")
    page.screenshot(path=screenshot_dir / "french-2-login.png", full_page=True)
    log_in(page, live_server, "coord1", button="Se connecter")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    context.close()

    # A fresh English browser (no cookie): the profile brings French back after log-in.
    fresh = browser.new_context(locale="en-GB")
    page = fresh.new_page()
    log_in(page, live_server, "coord1", button="Log in")
    page.goto(f"{live_server.url}/workplan/")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.locator("main h1")).to_contain_text("Programme de travail")
    page.screenshot(path=screenshot_dir / "french-3-workplan.png", full_page=True)
    fresh.close()

    # A reminder for the world's May 2018 activity of group 1 (US coordinates it).
    settings.SITE_URL = live_server.url
    with time_machine.travel(dt.datetime(2018, 5, 25, 9, tzinfo=ZoneInfo("Europe/Brussels")), tick=False):
        reminders_create_due()
        result = reminders_send_due()
    assert result.messages >= 1 and not result.failed_recipients
    (message,) = [m for m in smtp.inbox.messages if m["To"] == user.email]
    body = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    (screenshot_dir / "french-reminder.txt").write_text(body)
    assert message["Subject"].startswith("[WGEC] Rappel : ")
    assert "Bonjour coord1," in body and "Les activités suivantes requièrent votre attention" in body
    assert "Échéance dans 7 jours" in body and "dernier jour : 31 mai 2018 ; calendrier : mai 2018" in body
    assert "Deadline" not in body and "Dear" not in body
    assert '<html lang="fr">' in html and "Échéance dans 7 jours" in html
