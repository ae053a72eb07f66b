"""Start-up checks of the deployment (Django's system check framework, run by every
``manage.py`` command and by ``check --deploy``).

wgec.W001: with DEBUG off, the cache is per process (LocMemCache): each web process then
renders and keeps its own timeline charts, and nothing cached is shared with the others.
Production settings default CACHE_URL to Redis; this catches an explicit ``locmemcache://``.
"""

from django.conf import settings
from django.core.checks import Warning, register

PER_PROCESS_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}


@register("caches")
def check_shared_cache(app_configs=None, **kwargs):
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if settings.DEBUG or backend not in PER_PROCESS_CACHES:
        return []
    return [Warning(
        f"The cache is per process ({backend.rsplit('.', 1)[-1]}): every web process renders and keeps its "
        f"own timeline charts.",
        hint="Set CACHE_URL to a Redis database shared by the web processes, e.g. redis://127.0.0.1:6379/1.",
        id="wgec.W001",
    )]
