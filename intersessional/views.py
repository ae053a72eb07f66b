"""Intersessional group pages (the seed's Annex II)."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from workplan.plan.asof_views import AsOfMixin
from workplan.plan.selectors import current_group

from .models import IntersessionalGroup
from .selectors import intersessional_group_as_of, intersessional_group_detail, intersessional_groups


class GroupListView(LoginRequiredMixin, TemplateView):
    template_name = "intersessional/group_list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            groups=intersessional_groups(group=current_group(self.request)), **kwargs)


class GroupDetailView(LoginRequiredMixin, AsOfMixin, TemplateView):
    """One intersessional group: members, linked topics and their activities; with
    ``?as_of=`` as they stood at the end of that day (404 if the group did not exist)."""

    template_name = "intersessional/group_detail.html"

    def get_context_data(self, **kwargs):
        wg = current_group(self.request)
        try:
            if self.as_of:
                group = intersessional_group_as_of(group=wg, number=self.kwargs["number"],
                                                   cut_off=self.as_of.cut_off)
            else:
                group = intersessional_group_detail(group=wg, number=self.kwargs["number"])
        except IntersessionalGroup.DoesNotExist:
            raise Http404(_("No such intersessional group.")) from None
        return super().get_context_data(group=group, today=self.as_of_today(wg), **kwargs)
