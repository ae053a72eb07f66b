"""Forms of the work-plan pages."""

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from workplan.plan.limits import NOTE_MAX_LENGTH, limit_help
from workplan.plan.models import Activity
from workplan.plan.timeline import TimelineError, parse_timeline


class ActivityStatusForm(forms.Form):
    """Status, progress note and (optionally) timeline of one activity, for the Secretariat.

    ``version`` is the activity's version when the form was opened; the service refuses
    the save when it has moved on. ``cleaned_data["timeline"]`` is a ``Timeline`` when the
    timeline text was changed, else None.
    """

    status = forms.ChoiceField(label=_("Status"), choices=Activity.Status.choices)
    progress_note = forms.CharField(
        label=_("Progress note"), required=False, max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=format_lazy("{} {}", _("What has been done, what is next. Replaces the current note."),
                              limit_help(NOTE_MAX_LENGTH)))
    timeline_text = forms.CharField(
        label=_("Timeline"), required=False, max_length=Activity._meta.get_field("timeline_text").max_length,
        help_text=format_lazy("{} {}", _('As written in the plan, e.g. "September/October 2018", '
                                         '"October 2018 to March 2019", "Q1 2019"; blank when unscheduled.'),
                              limit_help(Activity._meta.get_field("timeline_text").max_length)))
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    #: After a stale save: the user's input for fields bound to the current value.
    your_input: dict[str, str] = {}

    def __init__(self, *args, activity: Activity, **kwargs):
        self.activity = activity
        kwargs.setdefault("initial", {
            "status": activity.status,
            "progress_note": activity.progress_note,
            "timeline_text": activity.timeline_text,
            "version": activity.version,
        })
        super().__init__(*args, **kwargs)

    def clean_timeline_text(self):
        text = self.cleaned_data["timeline_text"]
        if text.strip() == self.activity.timeline_text.strip():
            self.cleaned_data["timeline"] = None
            return text
        try:
            self.cleaned_data["timeline"] = parse_timeline(text)
        except TimelineError as error:
            raise forms.ValidationError(str(error), code="timeline") from None
        return text

    #: Fields a stale save can conflict on (what the form writes).
    CONFLICT_FIELDS = ("status", "progress_note", "timeline_text")

    def rebound_to(self, current: Activity, opened=None) -> "ActivityStatusForm":
        """The form to show again after a refused stale save (409).

        ``current`` is the activity as it is now; ``opened`` is what it was when the user
        opened the form (its history record at that version), or None when unknown. A
        field the other person changed (``opened`` differs from ``current``, or every
        field when ``opened`` is None) is bound to the *current* value, and the user's own
        input goes to ``your_input[name]`` (display text, shown beside the field) when it
        differs; other fields keep the user's input. The version becomes the current one,
        so a second save is a deliberate choice that cannot undo the other change unseen.
        """
        data = self.data.copy()
        data["version"] = str(current.version)
        yours: dict[str, str] = {}
        for name in self.CONFLICT_FIELDS:
            now = getattr(current, name)
            if opened is not None and getattr(opened, name) == now:
                continue  # only this user changed it: their input stands
            mine = self.data.get(name, "")
            data[name] = now
            if mine.strip() != now.strip():
                if name == "status":
                    mine = dict(Activity.Status.choices).get(mine, mine)
                yours[name] = mine or _("(blank)")
        form = type(self)(data, activity=current)
        form.your_input = yours
        return form
