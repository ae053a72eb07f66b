"""Intersessional group pages (the seed's Annex II)."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from workplan.plan.selectors import current_group

from .models import IntersessionalGroup
from .selectors import intersessional_group_detail, intersessional_groups


class GroupListView(LoginRequiredMixin, TemplateView):
    template_name = "intersessional/group_list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            groups=intersessional_groups(group=current_group(self.request)), **kwargs)


class GroupDetailView(LoginRequiredMixin, TemplateView):
    template_name = "intersessional/group_detail.html"

    def get_context_data(self, **kwargs):
        wg = current_group(self.request)
        try:
            group = intersessional_group_detail(group=wg, number=self.kwargs["number"])
        except IntersessionalGroup.DoesNotExist:
            raise Http404(_("No such intersessional group.")) from None
        return super().get_context_data(group=group, today=wg.today(), **kwargs)
