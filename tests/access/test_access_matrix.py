"""Issue 3, done when: every URL by name, with real objects, against five users.

The table below is the specification: one row per URL name (a name may have several
rows, one per variant such as "another group's activity"), the HTTP method, and the
expected status code for the Secretariat, the coordinator of intersessional group 1
(party US), the coordinator of group 4 (party Australia), a delegate (party Japan, a
mere volunteer) and an anonymous visitor. ``login`` means a 302 to the login page (any other 302 is written 302).

``test_every_url_name_is_in_the_table`` walks the URL resolver: a named URL missing
from the table fails the suite, so new pages must state who may use them. The admin
(its own namespace, dozens of generated names) is walked separately below, model by
model from the admin registry.

Each cell runs in its own savepoint, rolled back after, so a POST by one user does not
change what the next user finds.
"""

import pytest
from django.contrib import admin
from django.db import transaction
from django.urls import URLResolver, get_resolver, reverse

from tests.support.roles import world  # noqa: F401
from workplan.models import ProgressUpdate

USERS = ("secretariat", "coord1", "coord4", "delegate", "anonymous")

TABLE = """
# row                                    method  secretariat coord1 coord4 delegate anonymous
login                                    GET     200         200    200    200      200
logout                                   POST    login       login  login  login    login
password_change                          GET     200         200    200    200      login
password_change_done                     GET     200         200    200    200      login
password_reset                           GET     200         200    200    200      200
password_reset_done                      GET     200         200    200    200      200
password_reset_confirm                   GET     200         200    200    200      200
password_reset_complete                  GET     200         200    200    200      200
set_language                             POST    302         302    302    302      302
healthz                                  GET     200         200    200    200      200
workplan:dashboard                       GET     200         200    200    200      login
workplan:workplan                        GET     200         200    200    200      login
workplan:switch-group                    POST    302         302    302    302      login
workplan:switch-group[unknown]           POST    400         400    400    400      login
workplan:activity-detail                 GET     200         200    200    200      login
workplan:activity-detail[missing]        GET     404         404    404    404      login
workplan:activity-detail[POST]           POST    302         403    403    403      login
workplan:activity-detail[stale]          POST    409         403    403    403      login
workplan:activity-list                   GET     200         200    200    200      login
workplan:activity-list[csv]              GET     200         200    200    200      login
workplan:activity-list[xlsx]             GET     200         200    200    200      login
workplan:activity-list[bad-query]        GET     200         200    200    200      login
workplan:activity-list[bad-filter]       GET     400         400    400    400      login
workplan:activity-list[bad-filter-csv]   GET     400         400    400    400      login
workplan:dashboard[bad-as-of]            GET     400         400    400    400      login
workplan:timeline                        GET     200         200    200    200      login
workplan:calendar                        GET     200         200    200    200      login
workplan:calendar-reset                  POST    302         302    302    302      login
workplan:calendar-reset[GET]             GET     405         405    405    405      login
workplan:calendar-user-feed              GET     200         200    200    200      200
workplan:calendar-user-feed[unknown]     GET     404         404    404    404      404
workplan:calendar-group-feed             GET     200         200    200    200      200
intersessional:group-detail              GET     200         200    200    200      login
workplan:meeting-list                    GET     200         200    200    200      login
workplan:meeting-list[bad-page]          GET     200         200    200    200      login
workplan:meeting-detail                  GET     200         200    200    200      login
workplan:meeting-detail[missing]         GET     404         404    404    404      login
workplan:report-generate                 POST    302         403    403    403      login
workplan:report-generate[GET]            GET     405         405    405    405      login
workplan:report-status                   GET     200         200    200    200      login
workplan:report-download                 GET     200         200    200    200      login
workplan:report-download[failed]         GET     404         404    404    404      login
workplan:report-retry                    POST    302         403    403    403      login
intersessional:group-detail[missing]     GET     404         404    404    404      login
workplan:my-items                        GET     200         200    200    200      login
workplan:progress-submit                 POST    302         302    403    403      login
workplan:progress-submit[group4]         POST    302         403    302    403      login
workplan:progress-submit[bad-input]      POST    400         400    403    403      login
workplan:progress-submit[GET]            GET     405         405    405    405      login
workplan:reviews                         GET     200         403    403    403      login
workplan:progress-accept                 POST    302         403    403    403      login
workplan:progress-return                 POST    302         403    403    403      login
workplan:progress-review                 POST    302         403    403    403      login
workplan:progress-review[bad-input]      POST    400         403    403    403      login
workplan:profile-settings                GET     200         200    200    200      login
workplan:profile-settings[POST]          POST    302         302    302    302      login
workplan:profile-settings[bad-input]     POST    400         400    400    400      login
workplan:changes                         GET     200         200    200    200      login
workplan:changes[bad-dates]              GET     400         400    400    400      login
intersessional:group-list                GET     200         200    200    200      login
workplan:framework                       GET     200         200    200    200      login
workplan:framework-tfa                   GET     200         200    200    200      login
workplan:framework-tag-overview          GET     200         403    403    403      login
workplan:framework-tag-activity          GET     200         403    403    403      login
workplan:framework-tag-activity[POST]    POST    302         403    403    403      login
workplan:framework-tag-group             GET     200         403    403    403      login
workplan:framework-tag-group[POST]       POST    302         403    403    403      login
workplan:framework-standard-edit         GET     200         403    403    403      login
workplan:framework-standard-edit[POST]   POST    400         403    403    403      login
workplan:baselines                       GET     200         200    200    200      login
workplan:baselines[POST]                 POST    302         403    403    403      login
workplan:baseline-compare                GET     200         200    200    200      login
workplan:baseline-compare[bad]           GET     400         400    400    400      login
workplan:activity-list[as-of]            GET     200         200    200    200      login
workplan:workplan[bad-as-of]             GET     400         400    400    400      login
workplan:plan-import                     GET     200         403    403    403      login
workplan:plan-import[bad-file]           POST    400         403    403    403      login
workplan:plan-import-apply               POST    400         403    403    403      login
workplan:plan-export-docx                GET     200         200    200    200      login
workplan:plan-export-xlsx                GET     200         200    200    200      login
"""


def ready_report(w):
    """A real PDF report of the world's meeting (WeasyPrint), rendered once per test and
    kept as ``w.report``; needs MEDIA_ROOT pointed at a temporary folder."""
    from workplan.reports.build import report_build
    from workplan.reports.services import report_generate

    if getattr(w, "report", None) is None:
        report = report_generate(meeting=w.meeting, requested_by=w.users.secretariat, title="Progress")
        w.report = report_build(report_id=report.pk)
        assert w.report.state == "ready", w.report.error
    return w.report


def _failed_report(w):
    from workplan.models import Report
    return Report.objects.create(meeting=w.meeting, version=99, state=Report.State.FAILED, error="Broken font")


def _pending(w):
    return ProgressUpdate.objects.create(activity=w.a1, submitted_by=w.users.coord1, status="in_progress",
                                         note="Draft ready", base_version=w.a1.version)


# row -> function(world) returning (url args, POST data or GET query)
REQUESTS = {
    "password_reset_confirm": lambda w: ({"uidb64": "MQ", "token": "set-password"}, {}),
    "set_language": lambda w: ({}, {"language": "fr", "next": "/"}),
    "workplan:switch-group": lambda w: ({}, {"group": w.group.pk, "next": "/"}),
    "workplan:switch-group[unknown]": lambda w: ({}, {"group": "nope"}),
    "workplan:activity-detail": lambda w: ({"pk": w.a1.pk}, {}),
    "workplan:activity-detail[missing]": lambda w: ({"pk": 999999}, {}),
    "workplan:progress-submit": lambda w: ({"pk": w.a1.pk}, {"status": "in_progress", "note": "Draft ready"}),
    "workplan:progress-submit[group4]": lambda w: ({"pk": w.a6.pk}, {"status": "completed", "note": "Agreed"}),
    "workplan:progress-submit[bad-input]": lambda w: ({"pk": w.a1.pk}, {"status": "finished", "note": ""}),
    "workplan:progress-submit[GET]": lambda w: ({"pk": w.a1.pk}, {}),
    "workplan:progress-accept": lambda w: ({"pk": _pending(w).pk}, {"version": w.a1.version}),
    "workplan:progress-return": lambda w: ({"pk": _pending(w).pk}, {"version": w.a1.version, "comment": "Say more"}),
    "workplan:progress-review": lambda w: ({"pk": _pending(w).pk}, {"version": w.a1.version, "action": "accept",
                                                                   "comment": "Thanks"}),
    "workplan:progress-review[bad-input]": lambda w: ({"pk": _pending(w).pk}, {"version": w.a1.version,
                                                                              "action": "return", "comment": ""}),
    "workplan:profile-settings[POST]": lambda w: ({}, {"notification_delivery": "daily"}),
    "workplan:profile-settings[bad-input]": lambda w: ({}, {"notification_delivery": "sometimes"}),
    "workplan:changes[bad-dates]": lambda w: ({}, {"start": "2018-02-30"}),
    "workplan:activity-detail[POST]": lambda w: ({"pk": w.a1.pk}, {
        "status": "in_progress", "progress_note": "Draft ready", "timeline_text": "May 2018", "version": w.a1.version}),
    "workplan:activity-detail[stale]": lambda w: ({"pk": w.a1.pk}, {
        "status": "in_progress", "progress_note": "Draft ready", "timeline_text": "May 2018", "version": 99}),
    "workplan:activity-list[csv]": lambda w: ({}, {"_export": "csv"}),
    "workplan:activity-list[xlsx]": lambda w: ({}, {"_export": "xlsx"}),
    "workplan:activity-list[bad-query]": lambda w: ({}, {"page": "abc", "per_page": "-1", "sort": "nonsense"}),
    "workplan:activity-list[bad-filter]": lambda w: ({}, {"status": "finished", "topic": w.topics.t1.pk}),
    "workplan:activity-list[bad-filter-csv]": lambda w: ({}, {"timeline_from": "2018-13", "_export": "csv"}),
    "workplan:dashboard[bad-as-of]": lambda w: ({}, {"as_of": "2018-02-30"}),
    # Calendar feeds are capability URLs: the token is the credential, no session needed
    # (calendar clients cannot log in), so anonymous gets the feed too.
    "workplan:calendar-user-feed": lambda w: ({"token": w.users.delegate.profile.calendar_token}, {}),
    "workplan:calendar-user-feed[unknown]": lambda w: ({"token": "unknown-token-0000"}, {}),
    "workplan:calendar-group-feed": lambda w: ({"token": w.users.delegate.profile.calendar_token}, {}),
    "workplan:meeting-list[bad-page]": lambda w: ({}, {"page": "abc"}),
    "workplan:meeting-detail": lambda w: ({"pk": w.meeting.pk}, {}),
    "workplan:meeting-detail[missing]": lambda w: ({"pk": 999999}, {}),
    "workplan:report-generate": lambda w: ({"pk": w.meeting.pk}, {"title": "Progress", "agenda_item": "V.b"}),
    "workplan:report-generate[GET]": lambda w: ({"pk": w.meeting.pk}, {}),
    "workplan:report-status": lambda w: ({"pk": w.meeting.pk}, {}),
    "workplan:report-download": lambda w: ({"pk": w.report.pk}, {}),
    "workplan:report-download[failed]": lambda w: ({"pk": _failed_report(w).pk}, {}),
    "workplan:report-retry": lambda w: ({"pk": _failed_report(w).pk}, {}),
    "intersessional:group-detail": lambda w: ({"number": w.ig1.number}, {}),
    "intersessional:group-detail[missing]": lambda w: ({"number": 99}, {}),
    "workplan:framework-tag-activity": lambda w: ({"pk": w.a1.pk}, {}),
    "workplan:framework-tag-activity[POST]": lambda w: ({"pk": w.a1.pk}, {"standards": [w.standard.pk], "shown": ""}),
    "workplan:framework-tag-group": lambda w: ({"pk": w.ig1.pk}, {}),
    "workplan:framework-tag-group[POST]": lambda w: ({"pk": w.ig1.pk}, {"standards": [w.standard.pk], "shown": ""}),
    "workplan:framework-standard-edit": lambda w: ({"number": w.standard.number}, {}),
    "workplan:framework-standard-edit[POST]": lambda w: ({"number": w.standard.number}, {"title": ""}),
    "workplan:baselines[POST]": lambda w: ({}, {"name": "Approved plan"}),
    "workplan:baseline-compare[bad]": lambda w: ({}, {"start": "2019-13-01"}),
    "workplan:activity-list[as-of]": lambda w: ({}, {"as_of": "2018-10-01"}),
    "workplan:workplan[bad-as-of]": lambda w: ({}, {"as_of": "yesterday"}),
    "workplan:plan-import[bad-file]": lambda w: ({}, {"file": _upload(b"no table here", "plan.csv")}),
    "workplan:plan-import-apply": lambda w: ({}, {"token": "nothing-previewed"}),
}


def _upload(data, name):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)


# --- the Secretariat's workspace (issue 12): six users ------------------------------
# ``secretariat2`` is the Secretariat of a SECOND working group (WGX): its own group's
# pages answer, WGEC's objects are refused (403) or not found (404: users, groups by
# number, requests, which are looked up within the user's current group).

USERS6 = USERS + ("secretariat2",)

WORKSPACE_TABLE = """
# row                                             method secretariat coord1 coord4 delegate anonymous secretariat2
workplan:workspace                                GET    200         403    403    403      login     200
workplan:workspace-meetings                       GET    200         403    403    403      login     200
workplan:workspace-meeting-add                    GET    200         403    403    403      login     200
workplan:workspace-meeting-add[POST]              POST   302         403    403    403      login     302
workplan:workspace-meeting-add[bad-dates]         POST   400         403    403    403      login     400
workplan:workspace-meeting-edit                   GET    200         403    403    403      login     403
workplan:workspace-meeting-edit[POST]             POST   302         403    403    403      login     403
workplan:workspace-meeting-edit[stale]            POST   409         403    403    403      login     403
workplan:workspace-meeting-edit[missing]          GET    404         404    404    404      login     404
workplan:workspace-meeting-cancel                 POST   302         403    403    403      login     403
workplan:workspace-meeting-cancel[GET]            GET    405         405    405    405      login     405
workplan:workspace-meeting-restore                POST   302         403    403    403      login     403
workplan:workspace-plan                           GET    200         403    403    403      login     200
workplan:workspace-topic-add                      GET    200         403    403    403      login     200
workplan:workspace-topic-add[POST]                POST   302         403    403    403      login     302
workplan:workspace-topic-edit                     GET    200         403    403    403      login     403
workplan:workspace-topic-edit[POST]               POST   302         403    403    403      login     403
workplan:workspace-topic-edit[stale]              POST   409         403    403    403      login     403
workplan:workspace-topic-move                     POST   302         403    403    403      login     403
workplan:workspace-topic-withdraw                 POST   302         403    403    403      login     403
workplan:workspace-topic-reinstate                POST   302         403    403    403      login     403
workplan:workspace-activity-add                   GET    200         403    403    403      login     403
workplan:workspace-activity-add[POST]             POST   302         403    403    403      login     403
workplan:workspace-activity-add[bad-timeline]     POST   400         403    403    403      login     403
workplan:workspace-activity-edit                  GET    200         403    403    403      login     403
workplan:workspace-activity-edit[POST]            POST   302         403    403    403      login     403
workplan:workspace-activity-edit[stale]           POST   409         403    403    403      login     403
workplan:workspace-activity-edit[missing]         GET    404         404    404    404      login     404
workplan:workspace-activity-move                  POST   302         403    403    403      login     403
workplan:workspace-activity-withdraw              POST   302         403    403    403      login     403
workplan:workspace-activity-withdraw[GET]         GET    405         405    405    405      login     405
workplan:workspace-activity-reinstate             POST   302         403    403    403      login     403
workplan:workspace-people                         GET    200         403    403    403      login     200
workplan:workspace-person-invite                  GET    200         403    403    403      login     200
workplan:workspace-person-invite[POST]            POST   302         403    403    403      login     302
workplan:workspace-person-invite[bad]             POST   400         403    403    403      login     400
workplan:workspace-person-edit                    GET    200         403    403    403      login     404
workplan:workspace-person-edit[POST]              POST   302         403    403    403      login     404
workplan:workspace-person-edit[superuser]         GET    404         403    403    403      login     404
workplan:workspace-person-edit[other-group]       GET    404         403    403    403      login     200
workplan:workspace-person-active                  POST   302         403    403    403      login     404
workplan:workspace-person-resend                  POST   302         403    403    403      login     404
intersessional:group-edit                         GET    200         403    403    403      login     404
intersessional:group-edit[POST]                   POST   302         403    403    403      login     404
intersessional:group-edit[stale]                  POST   409         403    403    403      login     404
intersessional:group-join                         POST   403         302    302    302      login     404
intersessional:join-requests                      GET    200         403    403    403      login     200
intersessional:join-request-answer                POST   302         403    403    403      login     404
intersessional:join-request-answer[bad]           POST   400         403    403    403      login     404
"""


def _second_group(w):
    """WGX, a second working group with its own Secretariat member, meeting and topic,
    and a superuser who is a member of WGEC (built once per world)."""
    from django.contrib.auth import get_user_model

    from tests.support.factories import TopicFactory, WorkingGroupFactory
    from tests.support.roles import make_user
    from workplan.models import Membership

    if not hasattr(w, "wgx"):
        w.wgx = WorkingGroupFactory(acronym="WGX", name="Working Group X")
        w.wgx_topic = TopicFactory(group=w.wgx, number=1, title="Other topic")
        w.users.secretariat2 = make_user("secretariat2", group=w.wgx, role=Membership.Role.SECRETARIAT)
        w.wgx_member = make_user("wgx-member", group=w.wgx)
        w.root = get_user_model().objects.create_superuser("root", "root@example.org", "x")
        Membership.objects.create(user=w.root, group=w.group)
    return w


def _join_request(w):
    from intersessional.models import JoinRequest
    return JoinRequest.objects.create(group=w.ig1, party=w.party["Australia"], requested_by=w.users.coord4)


def _cancelled(w):
    from django.utils import timezone

    w.meeting.cancelled_at = timezone.now()
    w.meeting.save(update_fields=["cancelled_at"])
    return w.meeting


def _withdrawn(w):
    from django.utils import timezone

    w.a2.withdrawn_at = timezone.now()
    w.a2.save(update_fields=["withdrawn_at"])
    return w.a2


MEETING_POST = {"kind": "ptc", "number": "223rd/224th", "title": "PTC, 223rd/224th Sessions",
                "start_date": "2019-03-11", "end_date": "2019-03-15", "place": "Brussels"}
ACTIVITY_POST = {"description": "Publish the consolidated text", "responsible": "Secretariat",
                 "timeline_text": "Q1 2019", "remarks": "", "internal_note": ""}

REQUESTS.update({
    "workplan:workspace-meeting-add[POST]": lambda w: ({}, MEETING_POST),
    "workplan:workspace-meeting-add[bad-dates]": lambda w: ({}, {**MEETING_POST, "end_date": "2019-03-01"}),
    "workplan:workspace-meeting-edit": lambda w: ({"pk": w.meeting.pk}, {}),
    "workplan:workspace-meeting-edit[POST]": lambda w: ({"pk": w.meeting.pk}, {**MEETING_POST, "version": w.meeting.version}),
    "workplan:workspace-meeting-edit[stale]": lambda w: ({"pk": w.meeting.pk}, {**MEETING_POST, "version": 99}),
    "workplan:workspace-meeting-edit[missing]": lambda w: ({"pk": 999999}, {}),
    "workplan:workspace-meeting-cancel": lambda w: ({"pk": w.meeting.pk}, {"version": w.meeting.version}),
    "workplan:workspace-meeting-cancel[GET]": lambda w: ({"pk": w.meeting.pk}, {}),
    "workplan:workspace-meeting-restore": lambda w: ({"pk": _cancelled(w).pk}, {"version": w.meeting.version}),
    "workplan:workspace-topic-add[POST]": lambda w: ({}, {"title": "Capacity building"}),
    "workplan:workspace-topic-edit": lambda w: ({"pk": w.topics.t2.pk}, {}),
    "workplan:workspace-topic-edit[POST]": lambda w: ({"pk": w.topics.t2.pk}, {"title": "Flow chart", "version": 1}),
    "workplan:workspace-topic-edit[stale]": lambda w: ({"pk": w.topics.t2.pk}, {"title": "Flow chart", "version": 9}),
    "workplan:workspace-topic-move": lambda w: ({"pk": w.topics.t2.pk}, {"direction": "up", "version": 1}),
    "workplan:workspace-topic-withdraw": lambda w: ({"pk": w.topics.t2.pk}, {"version": 1}),
    "workplan:workspace-topic-reinstate": lambda w: ({"pk": _withdrawn(w).topic_id}, {"version": 1}),
    "workplan:workspace-activity-add": lambda w: ({"pk": w.topics.t1.pk}, {}),
    "workplan:workspace-activity-add[POST]": lambda w: ({"pk": w.topics.t1.pk}, ACTIVITY_POST),
    "workplan:workspace-activity-add[bad-timeline]": lambda w: ({"pk": w.topics.t1.pk}, {
        **ACTIVITY_POST, "timeline_text": "sometime soonish"}),
    "workplan:workspace-activity-edit": lambda w: ({"pk": w.a1.pk}, {}),
    "workplan:workspace-activity-edit[POST]": lambda w: ({"pk": w.a1.pk}, {
        **ACTIVITY_POST, "parties": [w.party["EU"].pk], "version": w.a1.version}),
    "workplan:workspace-activity-edit[stale]": lambda w: ({"pk": w.a1.pk}, {**ACTIVITY_POST, "version": 99}),
    "workplan:workspace-activity-edit[missing]": lambda w: ({"pk": 999999}, {}),
    "workplan:workspace-activity-move": lambda w: ({"pk": w.a_sec.pk}, {"direction": "up", "version": w.a_sec.version}),
    "workplan:workspace-activity-withdraw": lambda w: ({"pk": w.a2.pk}, {"version": w.a2.version}),
    "workplan:workspace-activity-withdraw[GET]": lambda w: ({"pk": w.a2.pk}, {}),
    "workplan:workspace-activity-reinstate": lambda w: ({"pk": _withdrawn(w).pk}, {"version": w.a2.version}),
    "workplan:workspace-person-invite[POST]": lambda w: ({}, {"username": "ana", "email": "ana@example.org",
                                                            "role": "delegate"}),
    "workplan:workspace-person-invite[bad]": lambda w: ({}, {"username": "ana@example.org", "email": "nope",
                                                           "role": "delegate"}),
    "workplan:workspace-person-edit": lambda w: ({"pk": w.users.delegate.pk}, {}),
    "workplan:workspace-person-edit[POST]": lambda w: ({"pk": w.users.delegate.pk}, {
        "parties": [w.party["Japan"].pk], "role": "delegate"}),
    "workplan:workspace-person-edit[superuser]": lambda w: ({"pk": w.root.pk}, {}),
    "workplan:workspace-person-edit[other-group]": lambda w: ({"pk": w.wgx_member.pk}, {}),
    "workplan:workspace-person-resend": lambda w: ({"pk": w.users.delegate.pk}, {}),
    "workplan:workspace-person-active": lambda w: ({"pk": w.users.delegate.pk}, {"active": "0"}),
    "intersessional:group-edit": lambda w: ({"number": w.ig1.number}, {}),
    "intersessional:group-edit[POST]": lambda w: ({"number": w.ig1.number}, {
        "coordinators": [w.party["US"].pk], "volunteers": [w.party["Japan"].pk], "topics": [w.topics.t1.pk],
        "version": 1}),
    "intersessional:group-edit[stale]": lambda w: ({"number": w.ig1.number}, {"coordinators": [], "version": 9}),
    "intersessional:group-join": lambda w: ({"number": w.ig1.number}, {"party": w.party["Australia"].pk}),
    "intersessional:join-request-answer": lambda w: ({"pk": _join_request(w).pk}, {"decision": "accept"}),
    "intersessional:join-request-answer[bad]": lambda w: ({"pk": _join_request(w).pk}, {"decision": "maybe"}),
})

# Namespaces walked by their own test: the admin's names are generated per model.
SEPARATELY_TESTED_NAMESPACES = {"admin"}


def parse_table(text, users=USERS):
    rows = {}
    for line in text.strip().splitlines():
        if line.startswith("#"):
            continue
        row, method, *cells = line.split()
        assert len(cells) == len(users), line
        assert row not in rows, f"duplicate row {row}"
        rows[row] = (method, dict(zip(users, cells)))
    return rows


ROWS = parse_table(TABLE)
WORKSPACE_ROWS = parse_table(WORKSPACE_TABLE, USERS6)


def url_names():
    """(namespace, name) of every URL pattern, walking includes."""
    found = []

    def walk(patterns, namespaces):
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, namespaces + ([p.namespace] if p.namespace else []))
            else:
                found.append((":".join(namespaces), p.name, str(p.pattern)))

    walk(get_resolver().url_patterns, [])
    return found


def test_every_url_name_is_in_the_table():
    table_names = {row.split("[")[0] for row in [*ROWS, *WORKSPACE_ROWS]}
    missing, unnamed = [], []
    for namespace, name, pattern in url_names():
        if namespace.split(":")[0] in SEPARATELY_TESTED_NAMESPACES:
            continue
        if name is None:
            unnamed.append(f"{namespace}:{pattern}")
            continue
        full = f"{namespace}:{name}" if namespace else name
        if full not in table_names:
            missing.append(full)
    assert not missing, f"URL names missing from the access matrix: {missing}"
    assert not unnamed, f"URL patterns without a name: {unnamed}"
    stale = table_names - {f"{ns}:{n}" if ns else n for ns, n, _ in url_names() if n}
    assert not stale, f"rows for URL names that no longer exist: {stale}"


def _check_row(row, method, expected, users, world, client):
    """The status each of ``users`` gets; each cell in a savepoint rolled back after."""
    name = row.split("[")[0]
    failures = []
    for who in users:
        with transaction.atomic():
            kwargs, data = REQUESTS.get(row, lambda w: ({}, {}))(world)
            url = reverse(name, kwargs=kwargs)
            client.logout()
            if who != "anonymous":
                client.force_login(getattr(world.users, who))
            response = client.post(url, data) if method == "POST" else client.get(url, data)
            got = str(response.status_code)
            if got == "302" and response["Location"].startswith(reverse("login")):
                got = "login"
            if got != expected[who]:
                failures.append(f"{who}: expected {expected[who]}, got {got}")
            transaction.set_rollback(True)
    return failures


@pytest.mark.parametrize("row", list(ROWS))
def test_access_matrix(row, world, client, settings, tmp_path):
    method, expected = ROWS[row]
    name = row.split("[")[0]
    settings.MEDIA_ROOT = str(tmp_path)
    if name == "workplan:report-download" and row == name:
        ready_report(world)  # outside the per-cell savepoints: rendered once
    failures = _check_row(row, method, expected, USERS, world, client)
    assert not failures, f"{method} {row}: " + "; ".join(failures)


@pytest.mark.parametrize("row", list(WORKSPACE_ROWS))
def test_workspace_access_matrix(row, world, client):
    """Issue 12: every workspace URL against six users, the Secretariat of a second
    working group included."""
    method, expected = WORKSPACE_ROWS[row]
    failures = _check_row(row, method, expected, USERS6, _second_group(world), client)
    assert not failures, f"{method} {row}: " + "; ".join(failures)


def _admin_urls(world):
    urls = [reverse("admin:index")]
    for model in admin.site._registry:
        opts = model._meta
        urls.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
        urls.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
    urls.append(reverse("admin:workplan_activity_change", args=[world.a1.pk]))
    urls.append(reverse("admin:workplan_activity_history", args=[world.a1.pk]))
    urls.append(reverse("admin:auth_user_change", args=[world.users.delegate.pk]))
    urls.append(reverse("admin:intersessional_intersessionalgroup_change", args=[world.ig1.pk]))
    return urls


def test_admin_is_for_secretariat_staff_only(world, client):
    """Every admin page of every registered model (S1): the Secretariat's staff account
    reads its working group's work-plan rows (200) and gets 403 on every add page and on
    what operators alone manage (users, auth groups, log-in records, Celery beat
    schedules); everyone else goes to the admin's login."""
    readable = ("/admin/workplan/", "/admin/intersessional/")
    failures = []
    for url in _admin_urls(world):
        for who in USERS:
            client.logout()
            if who != "anonymous":
                client.force_login(getattr(world.users, who))
            response = client.get(url)
            if who == "secretariat":
                operators_only = not url.startswith(readable) or url.endswith("/add/")
                ok = response.status_code == (403 if operators_only and url != "/admin/" else 200)
            else:
                ok = response.status_code == 302 and "/admin/login/" in response["Location"]
            if not ok:
                failures.append(f"{who} {url}: {response.status_code}")
    assert not failures, failures
