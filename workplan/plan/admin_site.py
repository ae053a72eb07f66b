"""The Django admin as the operators' tool: superusers write, the Secretariat reads.

Every ModelAdmin registered on the default site (ours and third-party apps': auth,
django-axes, django-celery-beat) is wrapped in ``OperatorsOnlyWrites`` when it is
registered, so the rule holds whatever permissions a user has been given:

* add, change and delete (and admin actions, and simple-history's "revert" form) are for
  superusers only: not for the Secretariat, whatever its auth group holds. The ``rules``
  permissions (``workplan.change_activity`` is the Secretariat's right to change an
  activity through the product's pages) share Django's permission names and would
  otherwise open every admin form to them.
* a non-superuser may *view* only the admins marked ``secretariat_may_view`` (the
  working-group-scoped ones and the list of parties), and only when they are Secretariat
  of some working group; never users, their passwords, auth groups, log-in records or
  schedules.

Installed in ``INSTALLED_APPS`` as ``workplan.plan.admin_site.OperatorsAdminConfig``
in place of ``django.contrib.admin``.
"""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.core.exceptions import PermissionDenied


def _is_secretariat(user) -> bool:
    from workplan.plan.rules import is_secretariat  # models are not ready when this module loads

    return is_secretariat(user)


class OperatorsOnlyWrites:
    """Mixin for a ModelAdmin or an inline: writes for superusers only; views as
    ``secretariat_may_view`` says (see the module docstring). Put in front of the
    wrapped class, so it reads that attribute rather than defining it."""

    def _secretariat_may_view(self, request) -> bool:
        return getattr(self, "secretariat_may_view", False) and _is_secretariat(request.user)

    def has_add_permission(self, request, *args, **kwargs):
        return request.user.is_superuser and super().has_add_permission(request, *args, **kwargs)

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_delete_permission(request, obj)

    def has_view_permission(self, request, obj=None):
        if request.user.is_superuser:
            return super().has_view_permission(request, obj)
        return self._secretariat_may_view(request)

    def has_module_permission(self, request):
        if request.user.is_superuser:
            return super().has_module_permission(request)
        return self._secretariat_may_view(request)

    def get_actions(self, request):
        # Third-party admins add actions without permission checks (enable a schedule...).
        return super().get_actions(request) if request.user.is_superuser else {}

    def get_inlines(self, request, obj):
        return [_wrapped(inline) for inline in super().get_inlines(request, obj)]

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # django-simple-history saves this form for anyone who may merely view history.
        if request.method == "POST" and not self.has_change_permission(request):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


_WRAPPED: dict[type, type] = {}


def _wrapped(admin_class: type) -> type:
    """``admin_class`` with ``OperatorsOnlyWrites`` in front (one class per input)."""
    if issubclass(admin_class, OperatorsOnlyWrites):
        return admin_class
    if admin_class not in _WRAPPED:
        _WRAPPED[admin_class] = type(admin_class.__name__, (OperatorsOnlyWrites, admin_class),
                                     {"__module__": admin_class.__module__,
                                      "__qualname__": admin_class.__qualname__})
    return _WRAPPED[admin_class]


class OperatorsAdminSite(admin.AdminSite):
    """The default admin site; every registration is wrapped in ``OperatorsOnlyWrites``."""

    def register(self, model_or_iterable, admin_class=None, **options):
        super().register(model_or_iterable, _wrapped(admin_class or admin.ModelAdmin), **options)


class OperatorsAdminConfig(AdminConfig):
    default_site = "workplan.plan.admin_site.OperatorsAdminSite"
