"""Reads of the security app."""

from security.models import PasswordHistory


def password_changed_at(user):
    """When the user's password was last set: the newest history row, else when the account was created."""
    latest = PasswordHistory.objects.filter(user=user).values_list("changed_at", flat=True).first()
    return latest or user.date_joined
