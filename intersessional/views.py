"""Intersessional group pages."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import TemplateView


class GroupListView(LoginRequiredMixin, TemplateView):
    template_name = "intersessional/group_list.html"
