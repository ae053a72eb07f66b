"""One progress log entry per activity with a progress note, so the log starts with the
note each activity has.

The entry is dated and attributed from the history: the record where the note last took
its current value (its user and date); when an accepted progress update carried that
note, its coordinator is the author and its reviewer the one who accepted it. Without a
history record: the activity's last change (who, when).
"""

from django.db import migrations


def _party(Party, user_id, activity):
    if user_id is None:
        return None
    mine = Party.objects.filter(users__user_id=user_id).order_by("short_name")
    return (mine.filter(activities=activity).first()
            or mine.filter(participations__role="coordinator",
                           participations__group__topics=activity.topic_id).first()
            or mine.first())


def forwards(apps, schema_editor):
    Activity = apps.get_model("workplan", "Activity")
    History = apps.get_model("workplan", "HistoricalActivity")
    Entry = apps.get_model("workplan", "ProgressEntry")
    Update = apps.get_model("workplan", "ProgressUpdate")
    Party = apps.get_model("workplan", "Party")
    for activity in Activity.objects.exclude(progress_note="").iterator():
        if Entry.objects.filter(activity=activity).exists():
            continue
        source = None
        for record in History.objects.filter(id=activity.pk).order_by("history_date", "history_id"):
            if record.progress_note != activity.progress_note:
                source = None
            elif source is None:
                source = record
        author_id = source.history_user_id if source else activity.changed_by_id
        when = source.history_date if source else activity.changed_at
        accepted_by_id, update = None, None
        update = (Update.objects.filter(activity=activity, state="accepted", note=activity.progress_note)
                  .order_by("-reviewed_at").first())
        if update is not None and update.submitted_by_id:
            accepted_by_id, author_id = update.reviewed_by_id, update.submitted_by_id
        else:
            update = None
        Entry.objects.create(
            activity=activity, note=activity.progress_note, status=source.status if source else activity.status,
            created_at=when, author_id=author_id, author_party=_party(Party, author_id, activity),
            accepted_by_id=accepted_by_id, update=update, history_id=source.history_id if source else None)


class Migration(migrations.Migration):
    dependencies = [("workplan", "0008_progress_log")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
