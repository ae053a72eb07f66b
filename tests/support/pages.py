"""Fixtures for the page tests: one working group and the people of the house style
(a Secretariat member, a coordinator, a delegate with no group), logged-in clients.

Import in a test module with ``from tests.support.pages import *  # noqa: F401,F403``.
"""

import datetime as dt

import pytest

from tests.support.factories import (ActivityFactory, IntersessionalGroupFactory, MembershipFactory,
                       ParticipationFactory, PartyFactory, UserFactory,
                       WorkingGroupFactory)
from intersessional.models import Participation
from workplan.models import Activity, Membership, Profile, Topic



@pytest.fixture
def wgec(db):
    return WorkingGroupFactory(acronym="WGEC", name="Working Group on E-Commerce")


@pytest.fixture
def secretariat_user(wgec):
    user = UserFactory(username="sec", first_name="Sam", last_name="Secretariat")
    MembershipFactory(user=user, group=wgec, role=Membership.Role.SECRETARIAT)
    return user


@pytest.fixture
def other_secretariat_user(wgec):
    user = UserFactory(username="sec2", first_name="Alex", last_name="Other")
    MembershipFactory(user=user, group=wgec, role=Membership.Role.SECRETARIAT)
    return user


@pytest.fixture
def delegate_user(wgec):
    return UserFactory(username="delegate", first_name="Dana", last_name="Delegate")


@pytest.fixture
def coordinator_user(wgec):
    """A user of CBSA, which coordinates intersessional group 9 (linked to no topic here)."""
    user = UserFactory(username="coord", first_name="Chris", last_name="Coordinator")
    profile = Profile.objects.create(user=user)
    party = PartyFactory(short_name="CBSA")
    profile.parties.add(party)
    ParticipationFactory(group=IntersessionalGroupFactory(working_group=wgec, number=9),
                         party=party, role=Participation.Role.COORDINATOR)
    return user


@pytest.fixture
def sec_client(client, secretariat_user):
    client.force_login(secretariat_user)
    return client


@pytest.fixture
def delegate_client(client, delegate_user):
    client.force_login(delegate_user)
    return client


def make_activities(group, n, **kwargs):
    """``n`` more activities in topics of ``group``, four per topic (topics 1, 2, ... are
    reused when they exist, so calling it twice adds to the same plan)."""
    made = []
    for _ in range(n):
        count = Activity.objects.filter(topic__group=group).count()
        topic, _created = Topic.objects.get_or_create(
            group=group, number=count // 4 + 1, defaults={"title": f"Topic {count // 4 + 1}"})
        made.append(ActivityFactory(topic=topic, order=count % 4 + 1, **kwargs))
    return made


def month(year, m):
    return dt.date(year, m, 1)
