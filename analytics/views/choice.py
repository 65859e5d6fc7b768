"""What every analytics page starts from: the organization and year chosen in the query string, and the download
parameters. Readers: HR and the party committee (and the admin), each within their units."""

from __future__ import annotations

from django.http import Http404

from analytics.exports import FORMATS
from analytics.selectors.scope import BadChoice, Choice, choice_of
from org.roles import ROLE_ADMIN, ROLE_COMMITTEE, ROLE_HR

READERS = (ROLE_ADMIN, ROLE_HR, ROLE_COMMITTEE)


def page_choice(request) -> tuple[Choice | None, str]:
    """(the choice, "" ) or (None, the error to show) for a year that is not one of the organization's."""
    try:
        return choice_of(
            user=request.user,
            organization=request.GET.get("organization", ""),
            year=request.GET.get("year", ""),
        ), ""
    except BadChoice as e:
        fallback = choice_of(user=request.user, organization=request.GET.get("organization", ""))
        return Choice(fallback.organizations, fallback.organization, fallback.years, None), e.message


def download_format(request) -> str:
    file_format = request.GET.get("format", "csv")
    if file_format not in FORMATS:
        raise Http404
    return file_format
