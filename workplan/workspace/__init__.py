"""The Secretariat's workspace: meetings, the plan's topics and activities, and the
working group's people, edited in the product's own pages.

Every write goes through a service here (``meetings``, ``plan``, ``people``) that checks
the Secretariat's right on the object's working group, the version the form was opened
on (optimistic lock: ``VersionConflict``), parses what must be parsed and records who
did it (django-simple-history's ``history_user``).
"""
