"""Every permission of the workplan app, registered on import (rules' autodiscovery imports
this module); the predicates live in workplan.plan.rules and each package's rules module."""

from workplan.framework.rules import *  # noqa: F401,F403
from workplan.plan.rules import *  # noqa: F401,F403
