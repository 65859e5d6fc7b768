"""The one shape of an upkeep page: a form that, once valid, calls one service; a refusal is shown next to the
fields it names (or above the form), a success is said once and leads back to the page of what changed."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.shortcuts import redirect, render

from common.errors import ApplicationError, add_error_to_form

TEMPLATE = "org/upkeep_form.html"


def form_page(
    request,
    form,
    *,
    write: Callable[[dict], object],
    done: Callable[[Any], tuple[str, str]],  # gets what `write` returned
    context: dict,
    template: str = TEMPLATE,
):
    """`write(cleaned_data)` calls the service; `done(result)` gives (the success message, where to go)."""
    if request.method == "POST" and form.is_bound and form.is_valid():
        try:
            result = write(form.cleaned_data)
        except ApplicationError as error:
            add_error_to_form(form, error)
        else:
            message, url = done(result)
            messages.success(request, message)
            return redirect(url)
    return render(request, template, {"form": form, **context})
