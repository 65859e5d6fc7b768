"""Who hears of a publication's change: other apps (the step-down workflow) register a listener here, so that
`assessments` never imports them.

A listener takes the publication's id and runs after the change has committed (`transaction.on_commit`, robust: a
failing listener is logged and never undoes the publication). Listeners enqueue their own work; they must be safe to
run twice, since a publication may change again and the listeners' periodic safety nets run anyway.
"""

from collections.abc import Callable

from django.db import transaction

Listener = Callable[[int], None]

_listeners: list[Listener] = []


def register_publication_listener(fn: Listener) -> Listener:
    """Adds `fn(publication_id)`; registering the same function twice registers it once."""
    if fn not in _listeners:
        _listeners.append(fn)
    return fn


def unregister_publication_listener(fn: Listener) -> None:
    if fn in _listeners:
        _listeners.remove(fn)


def publication_changed(publication) -> None:
    """A publication was published or moved to a newer run: tell every listener once the transaction commits."""
    publication_id = publication.pk
    for fn in list(_listeners):
        transaction.on_commit(lambda fn=fn: fn(publication_id), robust=True)
