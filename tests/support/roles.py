"""The five viewpoints of issue 3 on a small WGEC plan shaped like the seed.

Import the fixtures in a test module: ``from tests.support.roles import world  # noqa``.

Annex II gives the coordinators: group 1 (Definitions and Technical Specifications) by
US and EU, group 4 (Revenue Collection Models) by Australia and ICC. Users:
* ``secretariat``: Membership secretariat in WGEC, staff with the admin permissions;
* ``coord1``: party US (coordinates group 1, linked to topics 1 and 3);
* ``coord4``: party Australia (coordinates group 4, linked to topic 6);
* ``delegate``: party Japan (a volunteer of group 1, which gives no rights);
* anonymous.
"""

import datetime as dt
from types import SimpleNamespace

import pytest

from intersessional.models import Participation
from tests.support.factories import (  # noqa: F401 (PASSWORD, FAST_HASHERS: part of the world's API)
    FAST_HASHERS, PASSWORD,
    ActivityFactory, IntersessionalGroupFactory, MeetingFactory, MembershipFactory, ParticipationFactory,
    PartyFactory, TopicFactory, UserFactory, WorkingGroupFactory,
)
from workplan.plan.accounts import secretariat_grant
from workplan.models import Membership, Party, Profile, Standard



def make_user(username, *, parties=(), group=None, role=Membership.Role.DELEGATE, email=None):
    user = UserFactory(username=username, email=email or f"{username}@example.org")
    profile, _ = Profile.objects.get_or_create(user=user)
    profile.parties.add(*parties)
    if group is not None:
        if role == Membership.Role.SECRETARIAT:
            secretariat_grant(user=user, group=group)
        else:
            MembershipFactory(user=user, group=group, role=role)
    return user


def build_world():
    wgec = WorkingGroupFactory(acronym="WGEC", name="Working Group on E-Commerce")
    party = {name: PartyFactory(short_name=name) for name in ("US", "EU", "Australia", "ICC", "Japan")}
    party["Secretariat"] = PartyFactory(short_name="Secretariat", kind=Party.Kind.BODY)
    t1 = TopicFactory(group=wgec, number=1, title="Technical Specifications")
    t2 = TopicFactory(group=wgec, number=2, title="Flow Chart and Data Elements")
    t3 = TopicFactory(group=wgec, number=3, title="Definitions")
    t6 = TopicFactory(group=wgec, number=6, title="Other Annexes to the Framework of Standards")
    a1 = ActivityFactory(topic=t1, order=1, responsible="Co-Chairs, Co-Leads and interested Members and stakeholders",
                         description="Review current draft text and identify gaps/concerns and suggest amendments",
                         timeline_text="May 2018", first_month=dt.date(2018, 5, 1), last_month=dt.date(2018, 5, 1))
    a2 = ActivityFactory(topic=t2, order=1, responsible="Co-Leads (CBSA and IFCBA)",
                         description="Refine and further develop Flow Chart", timeline_text="May 2018",
                         first_month=dt.date(2018, 5, 1), last_month=dt.date(2018, 5, 1))
    a3 = ActivityFactory(topic=t3, order=2, responsible="Co-Chairs and Interested Members and stakeholders",
                         description="Develop draft definitions", timeline_text="August 2018",
                         first_month=dt.date(2018, 8, 1), last_month=dt.date(2018, 8, 1))
    a6 = ActivityFactory(topic=t6, order=1, responsible="Co-Chairs, Co-Leads, and interested Members and stakeholders",
                         description="Review the already developed draft Annexes", timeline_text="June 2018",
                         first_month=dt.date(2018, 6, 1), last_month=dt.date(2018, 6, 1))
    a_sec = ActivityFactory(topic=t1, order=2, responsible="Secretariat",
                            description="Disseminate updated draft text for comments and feedback",
                            timeline_text="June 2018", first_month=dt.date(2018, 6, 1), last_month=dt.date(2018, 6, 1))
    a_sec.parties.add(party["Secretariat"])
    ig1 = IntersessionalGroupFactory(working_group=wgec, number=1, item_of_work="Definitions and Technical Specifications",
                                     volunteers_text="Coordinator: US and EU India, GEA, Japan")
    ig1.topics.add(t1, t3)
    ig4 = IntersessionalGroupFactory(working_group=wgec, number=4, item_of_work="Revenue Collection Models",
                                     volunteers_text="Coordinator: Australia and ICC OECD, Canada")
    ig4.topics.add(t6)
    for pos, name in enumerate(("US", "EU")):
        ParticipationFactory(group=ig1, party=party[name], role=Participation.Role.COORDINATOR, position=pos)
    ParticipationFactory(group=ig1, party=party["Japan"], role=Participation.Role.VOLUNTEER, position=0)
    for pos, name in enumerate(("Australia", "ICC")):
        ParticipationFactory(group=ig4, party=party[name], role=Participation.Role.COORDINATOR, position=pos)
    meeting = MeetingFactory(group=wgec)
    standard = Standard.objects.create(number=5, title="Simplified Clearance Procedures")
    users = SimpleNamespace(
        secretariat=make_user("secretariat", group=wgec, role=Membership.Role.SECRETARIAT),
        coord1=make_user("coord1", parties=[party["US"]], group=wgec),
        coord4=make_user("coord4", parties=[party["Australia"]], group=wgec),
        delegate=make_user("delegate", parties=[party["Japan"]], group=wgec),
    )
    return SimpleNamespace(group=wgec, party=party, topics=SimpleNamespace(t1=t1, t2=t2, t3=t3, t6=t6),
                           a1=a1, a2=a2, a3=a3, a6=a6, a_sec=a_sec, ig1=ig1, ig4=ig4, meeting=meeting,
                           standard=standard,
                           users=users)


@pytest.fixture
def world(db, settings):
    return build_world()
