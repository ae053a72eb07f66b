"""The Secretariat's workspace, under /secretariat/ (names in the ``workplan`` namespace)."""

from django.urls import path

from . import people_views, views

urlpatterns = [
    path("", views.workspace_index, name="workspace"),
    path("meetings/", views.meeting_list, name="workspace-meetings"),
    path("meetings/add/", views.meeting_add, name="workspace-meeting-add"),
    path("meetings/<int:pk>/edit/", views.meeting_edit, name="workspace-meeting-edit"),
    path("meetings/<int:pk>/cancel/", views.meeting_cancel, name="workspace-meeting-cancel"),
    path("meetings/<int:pk>/restore/", views.meeting_restore, name="workspace-meeting-restore"),
    path("plan/", views.plan, name="workspace-plan"),
    path("topics/add/", views.topic_add, name="workspace-topic-add"),
    path("topics/<int:pk>/edit/", views.topic_edit, name="workspace-topic-edit"),
    path("topics/<int:pk>/move/", views.topic_move, name="workspace-topic-move"),
    path("topics/<int:pk>/withdraw/", views.topic_withdraw, name="workspace-topic-withdraw"),
    path("topics/<int:pk>/reinstate/", views.topic_reinstate, name="workspace-topic-reinstate"),
    path("topics/<int:pk>/activities/add/", views.activity_add, name="workspace-activity-add"),
    path("activities/<int:pk>/edit/", views.activity_edit, name="workspace-activity-edit"),
    path("activities/<int:pk>/move/", views.activity_move, name="workspace-activity-move"),
    path("activities/<int:pk>/withdraw/", views.activity_withdraw, name="workspace-activity-withdraw"),
    path("activities/<int:pk>/reinstate/", views.activity_reinstate, name="workspace-activity-reinstate"),
    path("people/", people_views.people_list, name="workspace-people"),
    path("people/invite/", people_views.person_invite, name="workspace-person-invite"),
    path("people/<int:pk>/", people_views.person_edit, name="workspace-person-edit"),
    path("people/<int:pk>/active/", people_views.person_set_active, name="workspace-person-active"),
    path("people/<int:pk>/resend/", people_views.person_resend, name="workspace-person-resend"),
]
