"""The seed document's plan as test data: Annex I (7 topics, 26 activities) and Annex II
(5 intersessional groups with coordinators and volunteers), typed from
/work/shared/seeds/000_572ce933c0ac0340.txt. Used by the report tests and the bench."""

import datetime as dt

from intersessional.models import IntersessionalGroup, Participation
from workplan.models import Activity, Meeting, Party, Topic, WorkingGroup
from workplan.timeline import parse_timeline

ANNEX_I = [
    ("Technical Specifications", [
        ("Review current draft text and identify gaps/concerns and suggest amendments",
         "Co-Chairs, Co-Leads and interested Members and stakeholders", "May 2018"),
        ("Disseminate updated draft text for comments and feedback", "Secretariat", "June 2018"),
        ("Develop consolidated text based on inputs/suggestions", "Co-Chairs, Co-Leads and Secretariat", "July 2018"),
        ("Discuss and potentially finalize Technical Specifications", "WGEC", "September/October 2018"),
    ]),
    ("Flow Chart and Data Elements", [
        ("Refine and further develop Flow Chart", "Co-Leads (CBSA and IFCBA)", "May 2018"),
        ("Establish a Sub-Group on Data Elements comprising Co-Chairs, Co-Leads and interested Members "
         "and Stakeholders", "Co-Chairs and Secretariat", "June 2018"),
        ("Establish the context, noting commercial environments of the stakeholders who hold the data "
         "Discuss the concept and develop draft Data Elements",
         "Sub-Group on Data Elements (face-to-face meeting)", "June 2018"),
        ("Engage and consult Members and E-Commerce stakeholders", "Co-Chairs and Secretariat", "August 2018"),
        ("Discuss Flow Chart and Data Elements", "WGEC", "September 2018"),
        ("Continue consultations and further work", "Co-Chairs and Sub-Group Co-Leads", ""),
        ("Discuss and finalize Flow Charts and Data Elements",
         "Sub-Group on Data Elements (face-to-face meeting)", "January 2019"),
        ("Finalize Flow Chart and Data Elements", "WGEC", "March/April 2019"),
    ]),
    ("Definitions", [
        ("Review and update/expand the already identified terms",
         "Interested Members and stakeholders and Secretariat", "May 2018"),
        ("Develop draft definitions", "Co-Chairs and Interested Members and stakeholders", "August 2018"),
        ("Circulate draft definitions for consultation", "Secretariat", "August 2018"),
        ("Finalize definitions", "WGEC", "September/ October 2018"),
    ]),
    ("Implementation Strategy and Action Plan", [
        ("Discuss and develop the envisaged implementation strategy and action plan for the "
         "implementation of the Framework of Standards at the national/regional level",
         "Interested Members and Stakeholders", "August 2018"),
        ("Circulate for comments and feedback", "Secretariat", "August/ September 2018"),
        ("Continue consultations", "Co-Leads and Secretariat", "October 2018 to March 2019"),
        ("Discuss and develop a Capacity Building strategy", "Interested Members and Stakeholders", "January 2019"),
        ("Finalize Implementation Strategy and Action Plan", "WGEC", "March/April 2019"),
    ]),
    ("Case Studies and Pilots", [
        ("Invite Members and stakeholders to share their working examples, initiatives/pilots",
         "Members and stakeholders", "December 2018"),
    ]),
    ("Other Annexes to the Framework of Standards", [
        ("Review the already developed draft Annexes (e.g., Business Models; E-Commerce Stakeholders : "
         "Roles & responsibilities; Alternate Models of Revenue Collection)",
         "Co-Chairs, Co-Leads, and interested Members and stakeholders", "June 2018"),
        ("Disseminate for further comments and feedback", "Secretariat", "July 2018"),
        ("Finalize all other Annexes", "WGEC", "September/ October 2018"),
    ]),
    ("Final Report", [
        ("Consolidate and prepare the finalized document for the June 2019 Policy Commission and Council "
         "Discuss and establish the process for future development and maintenance of the Framework of "
         "Standards beyond June 2019", "WGEC, PTC, EC, Secretariat", "June 2019"),
    ]),
]

# Annex II: (item of work, coordinators, volunteers), names as written in the seed.
ANNEX_II = [
    ("Definitions and Technical Specifications", ["US", "EU"],
     ["India", "GEA", "Japan", "Amazon", "FIATA", "EEC", "Mexico", "UK", "Australia", "China", "Sweden",
      "Google", "UPU", "The Netherlands"]),
    ("Flow Charts and Data Elements", ["Canada", "China"],
     ["GEA", "UK", "Japan", "IATA", "Amazon", "FIATA", "UNECE", "France", "EEC", "US", "EU", "UPS", "Sweden",
      "UPU", "The Netherlands", "IFCBA"]),
    ("E-Commerce Business Models and E-Commerce Stakeholders: Roles and Responsibilities", ["China", "Amazon"],
     ["GEA", "Japan", "ICC", "FIATA", "UNECE", "US", "France", "UPU", "The Netherlands", "EEC", "Spain",
      "IFCBA"]),
    ("Revenue Collection Models", ["Australia", "ICC"],
     ["OECD", "Canada", "Amazon", "Australia", "EU", "China", "UPS", "Brazil", "EEC", "US", "Spain",
      "The Netherlands", "IFCBA"]),
    ("Implementation Strategy, Action Plan, and Capacity Building mechanism", ["EU"],
     ["Australia", "IATA", "UPU", "FIATA"]),
]

SEED_ACTIVITY_COUNT = sum(len(rows) for _, rows in ANNEX_I)


def build_seed_plan(*, group: WorkingGroup | None = None) -> dict:
    """Create the seed's plan, two PTC sessions and the intersessional groups.

    Returns {"group", "topics", "activities", "groups", "meeting" (PTC 221st/222nd,
    22-26 October 2018), "previous" (PTC 219th/220th, April 2018)}.
    """
    group = group or WorkingGroup.objects.get_or_create(
        acronym="WGEC", defaults={"name": "Working Group on E-Commerce"})[0]
    topics, activities = [], []
    for number, (title, rows) in enumerate(ANNEX_I, start=1):
        topic = Topic.objects.create(group=group, number=number, title=title)
        topics.append(topic)
        for order, (description, responsible, timeline_text) in enumerate(rows, start=1):
            activity = Activity(topic=topic, order=order, description=description, responsible=responsible)
            activity.set_timeline(parse_timeline(timeline_text))
            activity.save()
            activities.append(activity)
    groups = []
    for number, (item, coordinators, volunteers) in enumerate(ANNEX_II, start=1):
        ig = IntersessionalGroup.objects.create(working_group=group, number=number, item_of_work=item)
        for role, names in ((Participation.Role.COORDINATOR, coordinators),
                            (Participation.Role.VOLUNTEER, volunteers)):
            for position, name in enumerate(names):
                party, _ = Party.objects.get_or_create(short_name=name)
                Participation.objects.create(group=ig, party=party, role=role, position=position)
        groups.append(ig)
    previous = Meeting.objects.create(
        group=group, kind=Meeting.Kind.PTC, number="219th/220th", title="PTC, 219th/220th Sessions",
        start_date=dt.date(2018, 4, 9), end_date=dt.date(2018, 4, 13), place="Brussels", month_only=True)
    meeting = Meeting.objects.create(
        group=group, kind=Meeting.Kind.PTC, number="221st/222nd", title="PTC, 221st/222nd Sessions",
        start_date=dt.date(2018, 10, 22), end_date=dt.date(2018, 10, 26), place="Brussels")
    return {"group": group, "topics": topics, "activities": activities, "groups": groups,
            "meeting": meeting, "previous": previous}
