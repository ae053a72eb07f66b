"""Choosing the language (issue 15): the EN | FR switcher on every page, the profile's
language winning over the browser's, kept across log-out and log-in, and mail written in
the recipient's language (reminders, password reset)."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.support.factories import ActivityFactory, PartyFactory, TopicFactory
from tests.support.roles import PASSWORD, world  # noqa: F401
from workplan.models import Profile
from workplan.reminders.services import reminders_create_due, reminders_send_due

BRUSSELS = ZoneInfo("Europe/Brussels")
SWITCHER = re.compile(r'<form method="post" action="/i18n/setlang/" class="language-switcher" role="group"'
                      r' aria-labelledby="language-switcher-label">')


def log_in(client, user, *, accept="en"):
    user.set_password(PASSWORD)
    user.save()
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD},
                           HTTP_ACCEPT_LANGUAGE=accept)
    assert response.status_code == 302, response.content[:500]


def test_switcher_is_on_the_login_page_and_on_pages_behind_it(world, client):
    """A labelled POST form with one submit button per language, the current one marked."""
    page = client.get(reverse("login")).content.decode()
    assert SWITCHER.search(page)
    assert 'id="language-switcher-label" class="visually-hidden">Language of the pages<' in page
    assert 'name="language" value="en" lang="en" class="link current" aria-current="true"' in page
    assert 'name="language" value="fr" lang="fr" class="link"' in page
    assert '<span class="visually-hidden"> (Français)</span>' in page
    client.force_login(world.users.delegate)
    for name in ("workplan:dashboard", "workplan:workplan", "workplan:activity-list", "workplan:timeline"):
        assert SWITCHER.search(client.get(reverse(name)).content.decode()), name


def test_anonymous_choice_is_a_cookie_and_the_login_page_follows_it(db, client):
    response = client.post(reverse("set_language"), {"language": "fr", "next": reverse("login")})
    assert response.status_code == 302 and response.cookies["django_language"].value == "fr"
    page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="fr">' in page and "Mot de passe oublié ?" in page


def test_profile_language_wins_over_the_browser(world):
    Profile.objects.filter(user=world.users.coord1).update(language="fr")
    client = Client()
    log_in(client, world.users.coord1, accept="en-GB,en;q=0.9")
    page = client.get(reverse("workplan:workplan"), HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert page["Content-Language"] == "fr"
    assert "Programme de travail" in page.content.decode()
    # No profile language: the browser decides.
    other = Client()
    log_in(other, world.users.coord4, accept="fr")
    assert other.get(reverse("workplan:workplan"), HTTP_ACCEPT_LANGUAGE="fr")["Content-Language"] == "fr"
    assert other.get(reverse("workplan:workplan"), HTTP_ACCEPT_LANGUAGE="en")["Content-Language"] == "en"


def test_switching_while_logged_in_is_saved_and_survives_log_out_and_in(world):
    client = Client()
    user = world.users.delegate
    log_in(client, user)
    response = client.post(reverse("set_language"), {"language": "fr", "next": reverse("workplan:dashboard")})
    assert response.status_code == 302 and response["Location"] == reverse("workplan:dashboard")
    assert Profile.objects.get(user=user).language == "fr"
    assert client.get(reverse("workplan:dashboard"))["Content-Language"] == "fr"
    client.post(reverse("logout"))
    assert "Se connecter" in client.get(reverse("login")).content.decode()  # the cookie stays
    # Another browser, English, no cookie: the profile still brings French after log-in.
    fresh = Client()
    log_in(fresh, user, accept="en")
    page = fresh.get(reverse("workplan:dashboard"), HTTP_ACCEPT_LANGUAGE="en")
    assert page["Content-Language"] == "fr" and "Tableau de bord" in page.content.decode()
    assert fresh.cookies["django_language"].value == "fr"  # set at log-in: its log-in page is French too
    # Back to English with the switcher.
    fresh.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert Profile.objects.get(user=user).language == "en"
    assert fresh.get(reverse("workplan:dashboard"), HTTP_ACCEPT_LANGUAGE="fr")["Content-Language"] == "en"


def test_switcher_refuses_an_unknown_language_and_a_foreign_next(world, client):
    client.force_login(world.users.delegate)
    response = client.post(reverse("set_language"), {"language": "xx", "next": "https://evil.example/"})
    assert response.status_code == 302 and "evil" not in response["Location"]
    assert Profile.objects.get(user=world.users.delegate).language == ""
    assert client.get(reverse("set_language")).status_code == 405


def test_reminder_digest_is_written_in_each_recipients_language(world, settings):
    """Same activity, same run: the French profile gets French, the other English."""
    settings.SITE_URL = "https://wgec.example.org"
    group = world.group
    group.reminder_lead_days = [7]
    group.save()
    party = PartyFactory(short_name="CBSA")
    topic = TopicFactory(group=group, number=9, title="Case Studies and Pilots")
    activity = ActivityFactory(topic=topic, order=1, description="Discuss and potentially finalize Technical Specifications",
                               responsible="CBSA", timeline_text="September/October 2018",
                               first_month=dt.date(2018, 9, 1), last_month=dt.date(2018, 10, 1))
    activity.parties.set([party])
    for user, language in ((world.users.coord1, "fr"), (world.users.coord4, "")):
        profile = Profile.objects.get(user=user)
        profile.language = language
        profile.save()
        profile.parties.add(party)
    with time_machine.travel(dt.datetime(2018, 10, 25, 9, tzinfo=BRUSSELS), tick=False):
        reminders_create_due()
        result = reminders_send_due()
    assert result.messages == 2
    french = next(m for m in mail.outbox if m.to == [world.users.coord1.email])
    english = next(m for m in mail.outbox if m.to == [world.users.coord4.email])
    # Their parties also have the roles world's overdue activities: several deadlines each.
    assert re.fullmatch(r"\[WGEC\] Rappel : \d+ échéances d'activités", french.subject)
    assert "Bonjour coord1," in french.body and "Échéance dans 7 jours" in french.body
    assert "dernier jour : 31 octobre 2018" in french.body
    assert "septembre/octobre 2018" in french.body
    assert "Deadline in 7 days" not in french.body and "Échéance dans 7 jours" in french.alternatives[0][0]
    assert re.fullmatch(r"\[WGEC\] Reminder: \d+ activity deadlines", english.subject)
    assert "Dear coord4," in english.body and "last day 31 October 2018" in english.body


def test_password_reset_mail_is_in_the_account_holders_language(world, client, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    Profile.objects.filter(user=world.users.coord1).update(language="fr")
    response = client.post(reverse("password_reset"), {"email": world.users.coord1.email},
                           HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.subject == "Votre mot de passe WGEC Tracker"
    assert "Bonjour" in message.body and "Votre nom d'utilisateur : coord1" in message.body
    # Someone without a language set: the site's default, whatever the asker's browser says.
    mail.outbox.clear()
    client.post(reverse("password_reset"), {"email": world.users.coord4.email}, HTTP_ACCEPT_LANGUAGE="fr")
    assert mail.outbox[0].subject == "Your WGEC Tracker password"


def test_calendar_feed_is_written_in_the_owners_language(world, client):
    """The feed reader cannot log in: the token's owner's profile decides."""
    import icalendar

    profile = Profile.objects.get(user=world.users.coord1)
    profile.language = "fr"
    profile.save()
    url = reverse("workplan:calendar-user-feed", args=[profile.calendar_token])
    feed = icalendar.Calendar.from_ical(client.get(url, HTTP_ACCEPT_LANGUAGE="en").content)
    summaries = [str(e["summary"]) for e in feed.walk("VEVENT")]
    descriptions = " ".join(str(e["description"]) for e in feed.walk("VEVENT"))
    assert summaries and all(s.startswith("Échéance ") for s in summaries if "1.1" in s)
    assert "Calendrier : mai 2018" in descriptions or "Calendrier: mai 2018" in descriptions
    assert str(feed["x-wr-calname"]) == "WGEC Tracker : mes échéances et réunions"
