"""The seed document's Annex I (Work Plan for the Working Group on E-Commerce) as test
data, row for row, and the WGEC meetings the seed names.

``ANNEX_I`` keeps each cell as written; ``build_seed_plan()`` saves it (topics,
activities with parsed timelines, meetings) for tests that need the database, and
``seed_plan_instances()`` gives unsaved rows for pure tests such as the chart's.
"""

import datetime as dt

from workplan.timeline import parse_timeline

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

# Meetings named in the seed's introduction (paragraphs 1, 8, 11, 26).
MEETINGS = [
    ("ptc", "219th/220th", "PTC, 219th/220th Sessions", dt.date(2018, 4, 1), dt.date(2018, 4, 30), "", True),
    ("wg", "", "WGEC face-to-face meeting", dt.date(2018, 6, 18), dt.date(2018, 6, 21), "Brussels", False),
    ("wg", "4th", "4th WGEC meeting", dt.date(2018, 10, 8), dt.date(2018, 10, 12), "Brussels", False),
    ("other", "", "TFA Working Group", dt.date(2018, 10, 22), dt.date(2018, 10, 23), "Brussels", False),
]

SCHEDULED_COUNT = sum(1 for _, _, rows in ANNEX_I for row in rows if row[2])  # 25
ACTIVITY_COUNT = sum(len(rows) for _, _, rows in ANNEX_I)  # 26


def _activity_kwargs(order, description, responsible, timeline_text):
    t = parse_timeline(timeline_text)
    return dict(order=order, description=description, responsible=responsible, timeline_text=t.text,
                first_month=t.first, last_month=t.last, tentative=t.tentative)


def seed_plan_instances(statuses=None):
    """Unsaved Topic and Activity rows of Annex I (topics given pks for grouping).

    ``statuses`` maps "topic.order" (e.g. "1.2") to a status value; default not started.
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
    """Save Annex I into the database for ``group`` (default: WGEC); returns the group."""
    from workplan.models import Activity, Meeting, Topic, WorkingGroup

    group = group or WorkingGroup.objects.get_or_create(
        acronym="WGEC", defaults={"name": "Working Group on E-Commerce"})[0]
    statuses = statuses or {}
    for number, title, rows in ANNEX_I:
        topic = Topic.objects.create(group=group, number=number, title=title)
        for order, row in enumerate(rows, start=1):
            Activity.objects.create(topic=topic, status=statuses.get(f"{number}.{order}", "not_started"),
                                    **_activity_kwargs(order, *row))
    for kind, number, title, start, end, place, month_only in MEETINGS:
        Meeting.objects.create(group=group, kind=kind, number=number, title=title, start_date=start,
                               end_date=end, place=place, month_only=month_only)
    return group
