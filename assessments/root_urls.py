"""The assessments pages served outside /assessments/: the rater's landing page at /rater/ (named "rater_home", the
landing page a rater is sent to after signing in)."""

from django.urls import path

from assessments.views import grid

urlpatterns = [path("rater/", grid.rater_home, name="rater_home")]
