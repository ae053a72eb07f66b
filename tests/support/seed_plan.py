"""The seed document's plan as test data, typed cell by cell from
/work/shared/seeds/000_572ce933c0ac0340.txt: Annex I (Work Plan for the Working Group
on E-Commerce: 7 topics, 26 activities), Annex II (Intersessional Work: 5 groups with
coordinators and volunteers) and the meetings the seed names.

One module for every test and bench that needs the seed's plan:

* ``seed_plan_instances()``: unsaved Annex I rows for pure tests (the chart's);
* ``build_seed_plan(group)``: Annex I and ``MEETINGS`` saved; returns the group (the
  chart, dashboard, calendar, timeline and work-plan page tests);
* ``build_seed_world()``: all of ``build_seed_plan`` plus Annex II's intersessional
  groups and parties and ``PTC_SESSION``, the session the seed is written for; returns
  a dict of the saved rows (the report tests).

The cell-by-cell seed test (tests/workplan/test_seed.py) keeps its own expected rows on
purpose, so that it does not check the importer against this very data.
"""

import datetime as dt

from workplan.plan.timeline import parse_timeline

# Annex I: (topic number, topic title, [(activity, responsible, timeline), ...]), each
# cell as written in the seed ("" where the seed's Timeline cell is empty).
ANNEX_I = [
    (1, "Technical Specifications", [
        ("Review current draft text and identify gaps/concerns and suggest amendments",
         "Co-Chairs, Co-Leads and interested Members and stakeholders", "May 2018"),
        ("Disseminate updated draft text for comments and feedback", "Secretariat", "June 2018"),
        ("Develop consolidated text based on inputs/suggestions", "Co-Chairs, Co-Leads and Secretariat", "July 2018"),
        ("Discuss and potentially finalize Technical Specifications", "WGEC", "September/October 2018"),
    ]),
    (2, "Flow Chart and Data Elements", [
        ("Refine and further develop Flow Chart", "Co-Leads (CBSA and IFCBA)", "May 2018"),
        ("Establish a Sub-Group on Data Elements comprising Co-Chairs, Co-Leads and interested Members "
         "and Stakeholders", "Co-Chairs and Secretariat", "June 2018"),
        ("Establish the context, noting commercial environments of the stakeholders who hold the data "
         "Discuss the concept and develop draft Data Elements",
         "Sub-Group on Data Elements (face-to-face meeting)", "June 2018"),
        ("Engage and consult Members and E-Commerce stakeholders", "Co-Chairs and Secretariat", "August 2018"),
        ("Discuss Flow Chart and Data Elements", "WGEC", "September 2018"),
        ("Continue consultations and further work", "Co-Chairs and Sub-Group Co-Leads", ""),
        ("Discuss and finalize Flow Charts and Data Elements", "Sub-Group on Data Elements (face-to-face meeting)",
         "January 2019"),
        ("Finalize Flow Chart and Data Elements", "WGEC", "March/April 2019"),
    ]),
    (3, "Definitions", [
        ("Review and update/expand the already identified terms",
         "Interested Members and stakeholders and Secretariat", "May 2018"),
        ("Develop draft definitions", "Co-Chairs and Interested Members and stakeholders", "August 2018"),
        ("Circulate draft definitions for consultation", "Secretariat", "August 2018"),
        ("Finalize definitions", "WGEC", "September/ October 2018"),
    ]),
    (4, "Implementation Strategy and Action Plan", [
        ("Discuss and develop the envisaged implementation strategy and action plan for the implementation "
         "of the Framework of Standards at the national/regional level", "Interested Members and Stakeholders",
         "August 2018"),
        ("Circulate for comments and feedback", "Secretariat", "August/ September 2018"),
        ("Continue consultations", "Co-Leads and Secretariat", "October 2018 to March 2019"),
        ("Discuss and develop a Capacity Building strategy", "Interested Members and Stakeholders", "January 2019"),
        ("Finalize Implementation Strategy and Action Plan", "WGEC", "March/April 2019"),
    ]),
    (5, "Case Studies and Pilots", [
        ("Invite Members and stakeholders to share their working examples, initiatives/pilots",
         "Members and stakeholders", "December 2018"),
    ]),
    (6, "Other Annexes to the Framework of Standards", [
        ("Review the already developed draft Annexes (e.g., Business Models; E-Commerce Stakeholders : Roles & "
         "responsibilities; Alternate Models of Revenue Collection)",
         "Co-Chairs, Co-Leads, and interested Members and stakeholders", "June 2018"),
        ("Disseminate for further comments and feedback", "Secretariat", "July 2018"),
        ("Finalize all other Annexes", "WGEC", "September/ October 2018"),
    ]),
    (7, "Final Report", [
        ("Consolidate and prepare the finalized document for the June 2019 Policy Commission and Council "
         "Discuss and establish the process for future development and maintenance of the Framework of "
         "Standards beyond June 2019", "WGEC, PTC, EC, Secretariat", "June 2019"),
    ]),
]

# Annex II: (item of work, coordinators, volunteers), names as written in the seed, in
# its order (Australia is both a coordinator and a volunteer of group 4, as written).
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

# Meetings named in the seed's introduction (paragraphs 1, 8, 11, 26):
# (kind, number, title, start date, end date, place, month_only). The 219th/220th PTC
# Sessions were "held in April 2018": the seed gives the month only.
MEETINGS = [
    ("ptc", "219th/220th", "PTC, 219th/220th Sessions", dt.date(2018, 4, 1), dt.date(2018, 4, 30), "", True),
    ("wg", "", "WGEC face-to-face meeting", dt.date(2018, 6, 18), dt.date(2018, 6, 21), "Brussels", False),
    ("wg", "4th", "4th WGEC meeting", dt.date(2018, 10, 8), dt.date(2018, 10, 12), "Brussels", False),
    ("other", "", "TFA Working Group", dt.date(2018, 10, 22), dt.date(2018, 10, 23), "Brussels", False),
]

# The PTC session the seed (Brussels, 21 September 2018; Item V.b on the Agenda) is
# written for, in the same shape as MEETINGS. The seed does not name it: test data.
PTC_SESSION = ("ptc", "221st/222nd", "PTC, 221st/222nd Sessions", dt.date(2018, 10, 22), dt.date(2018, 10, 26),
               "Brussels", False)

SCHEDULED_COUNT = sum(1 for _, _, rows in ANNEX_I for row in rows if row[2])  # 25
ACTIVITY_COUNT = sum(len(rows) for _, _, rows in ANNEX_I)  # 26


def _activity_kwargs(order, description, responsible, timeline_text):
    t = parse_timeline(timeline_text)
    return dict(order=order, description=description, responsible=responsible, timeline_text=t.text,
                first_month=t.first, last_month=t.last, tentative=t.tentative)


def _meeting_create(group, kind, number, title, start, end, place, month_only):
    from workplan.models import Meeting

    return Meeting.objects.create(group=group, kind=kind, number=number, title=title, start_date=start,
                                  end_date=end, place=place, month_only=month_only)


def seed_plan_instances(statuses=None):
    """Unsaved Topic and Activity rows of Annex I (topics given pks for grouping).

    ``statuses`` maps "topic.order" (e.g. "1.2") to a status value; default not started.
    Returns the 26 activities in Annex I's order.
    """
    from workplan.models import Activity, Topic, WorkingGroup

    group = WorkingGroup(pk=1, acronym="WGEC", name="Working Group on E-Commerce")
    statuses = statuses or {}
    activities = []
    for number, title, rows in ANNEX_I:
        topic = Topic(pk=number, group=group, number=number, title=title)
        for order, row in enumerate(rows, start=1):
            a = Activity(topic=topic, **_activity_kwargs(order, *row))
            a.status = statuses.get(f"{number}.{order}", Activity.Status.NOT_STARTED)
            activities.append(a)
    return activities


def build_seed_plan(group=None, statuses=None):
    """Save Annex I (topics, activities with parsed timelines) and ``MEETINGS`` for
    ``group`` (default: WGEC, created if missing); returns the group.

    ``statuses`` maps "topic.order" (e.g. "1.2") to a status value; default not started.
    """
    from workplan.models import Activity, Topic, WorkingGroup

    group = group or WorkingGroup.objects.get_or_create(
        acronym="WGEC", defaults={"name": "Working Group on E-Commerce"})[0]
    statuses = statuses or {}
    for number, title, rows in ANNEX_I:
        topic = Topic.objects.create(group=group, number=number, title=title)
        for order, row in enumerate(rows, start=1):
            Activity.objects.create(topic=topic, status=statuses.get(f"{number}.{order}", "not_started"),
                                    **_activity_kwargs(order, *row))
    for meeting in MEETINGS:
        _meeting_create(group, *meeting)
    return group


def build_seed_world(*, group=None, statuses=None) -> dict:
    """Save the seed's whole plan: ``build_seed_plan(group, statuses)``, then Annex II
    (intersessional groups numbered 1-5, parties by short name, coordinators and
    volunteers in the seed's order) and ``PTC_SESSION``.

    Returns {"group", "topics" (7, by number), "activities" (26, in Annex I's order),
    "groups" (5 intersessional groups, by number), "meeting" (PTC 221st/222nd,
    22-26 October 2018), "previous" (PTC 219th/220th, April 2018)}.
    """
    from intersessional.models import IntersessionalGroup, Participation
    from workplan.models import Activity, Meeting, Party, Topic

    group = build_seed_plan(group, statuses)
    groups = []
    for number, (item, coordinators, volunteers) in enumerate(ANNEX_II, start=1):
        ig = IntersessionalGroup.objects.create(working_group=group, number=number, item_of_work=item)
        for role, names in ((Participation.Role.COORDINATOR, coordinators),
                            (Participation.Role.VOLUNTEER, volunteers)):
            for position, name in enumerate(names):
                party, _ = Party.objects.get_or_create(short_name=name)
                Participation.objects.create(group=ig, party=party, role=role, position=position)
        groups.append(ig)
    meeting = _meeting_create(group, *PTC_SESSION)
    return {
        "group": group,
        "topics": list(Topic.objects.filter(group=group).order_by("number")),
        "activities": list(Activity.objects.filter(topic__group=group).order_by("topic__number", "order")),
        "groups": groups,
        "meeting": meeting,
        "previous": Meeting.objects.get(group=group, kind="ptc", number=MEETINGS[0][1]),
    }
