"""``manage.py create_demo_users``: one demo login per role, for trying the tracker locally.

Only with DEBUG on (refuses otherwise, exit status 1). Creates each user only when it
does not exist and prints the new passwords; existing users keep theirs. Needs the seed
(``manage.py load_seed``) for the WGEC working group and its parties.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from workplan.plan.accounts import SeedMissing, demo_users_create


class Command(BaseCommand):
    help = "Create demo users (Secretariat, two coordinators, a delegate) when DEBUG is on."

    def add_arguments(self, parser):
        parser.add_argument("--group", default="WGEC", help="Working group acronym (default WGEC).")

    def handle(self, *args, group, **options):
        if not settings.DEBUG:
            raise CommandError("Refusing to create demo users: DEBUG is off (production settings). "
                               "Create real users in the admin or with `manage.py createsuperuser`.")
        try:
            users = demo_users_create(group_acronym=group)
        except SeedMissing as exc:
            raise CommandError(f"{exc} Run `manage.py load_seed` first.") from None
        self.stdout.write(f"Demo users for {group} (log in at {settings.SITE_URL}/accounts/login/):")
        for demo in users:
            who = f"{demo.role}" + (f", party {demo.party}" if demo.party else "")
            if demo.created:
                self.stdout.write(self.style.SUCCESS(
                    f"  {demo.username:<13} password {demo.password}   ({who})"))
            else:
                self.stdout.write(f"  {demo.username:<13} exists; its password is unchanged   ({who})")
