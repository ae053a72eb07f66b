"""factory_boy factories for the domain; defaults resemble the seed's WGEC plan."""

import datetime as dt

import factory
from django.contrib.auth import get_user_model

from intersessional.models import IntersessionalGroup, Participation
from tests.support.passwords import FAST_HASHERS, PASSWORD  # noqa: F401 (FAST_HASHERS: re-exported)
from workplan.models import Activity, Meeting, Membership, Party, Topic, WorkingGroup


class WorkingGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkingGroup
        django_get_or_create = ("acronym",)

    acronym = "WGEC"
    name = "Working Group on E-Commerce"


class PartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Party
        django_get_or_create = ("short_name",)

    short_name = factory.Sequence(lambda n: f"Member {n}")
    kind = Party.Kind.MEMBER


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic

    group = factory.SubFactory(WorkingGroupFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Topic {n + 1}")


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    topic = factory.SubFactory(TopicFactory)
    order = factory.Sequence(lambda n: n + 1)
    description = factory.Sequence(lambda n: f"Activity {n + 1}")
    responsible = "Secretariat"
    timeline_text = "October 2018"
    first_month = dt.date(2018, 10, 1)
    last_month = dt.date(2018, 10, 1)


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    group = factory.SubFactory(WorkingGroupFactory)
    kind = Meeting.Kind.PTC
    number = "221st/222nd"
    title = "PTC, 221st/222nd Sessions"
    start_date = dt.date(2018, 10, 22)
    end_date = dt.date(2018, 10, 26)
    place = "Brussels"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    group = factory.SubFactory(WorkingGroupFactory)
    role = Membership.Role.DELEGATE


class IntersessionalGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IntersessionalGroup

    working_group = factory.SubFactory(WorkingGroupFactory)
    number = factory.Sequence(lambda n: n + 1)
    item_of_work = factory.Sequence(lambda n: f"Item of work {n + 1}")


class ParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participation

    group = factory.SubFactory(IntersessionalGroupFactory)
    party = factory.SubFactory(PartyFactory)
    role = Participation.Role.VOLUNTEER
