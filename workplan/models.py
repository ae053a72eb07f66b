"""Every model of the workplan app, for Django's discovery and for code outside the app.

The models live in their packages (plan, framework, progress, reports, reminders); code
inside workplan imports them from there, never from here, so this module sits on top.
"""

from workplan.plan.models import *  # noqa: F401,F403
from workplan.framework.models import *  # noqa: F401,F403
from workplan.progress.models import *  # noqa: F401,F403
from workplan.reminders.models import *  # noqa: F401,F403
from workplan.reports.models import *  # noqa: F401,F403
from workplan.baselines.models import *  # noqa: F401,F403
