"""Permissions for the Framework of Standards (the ``rules`` library, as workplan/rules.py).

The Framework belongs to the WCO, not to one working group, so editing a standard's
title or text needs the Secretariat role in any group. Tagging an activity or an
intersessional group with standards is a change to that object: the existing
``workplan.change_activity`` permission, checked against the object itself.
"""

import rules

from workplan.plan.rules import is_secretariat

rules.add_perm("workplan.change_framework", is_secretariat)
