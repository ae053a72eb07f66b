"""Baseline URLs, included under /baselines/ in the workplan namespace."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.baseline_list, name="baselines"),
    path("compare/", views.baseline_compare, name="baseline-compare"),
]
