from tests.support.seed_plan import *  # noqa: F401,F403  (a shim for branches started before the move; the lead removes it)
