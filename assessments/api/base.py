"""What every assessments endpoint shares: who may call which action, and input errors keyed like the forms."""

from rest_framework.exceptions import ValidationError

from org.permissions import HasRole
from org.roles import ROLE_ADMIN, ROLE_CADRE, ROLE_COMMITTEE, ROLE_HR, ROLE_RATER, get_roles

Staff = HasRole.of(ROLE_ADMIN, ROLE_HR, ROLE_COMMITTEE)
HRWrite = HasRole.of(ROLE_ADMIN, ROLE_HR)
# Deciding points and vetoes is the party committee's alone, as on the pages (assessments.record_selectors): not the
# system administrator's by virtue of being one.
Committee = HasRole.of(ROLE_COMMITTEE)
Scorers = HasRole.of(ROLE_ADMIN, ROLE_HR, ROLE_RATER)
Raters = HasRole.of(ROLE_RATER)
RecordReaders = HasRole.of(ROLE_ADMIN, ROLE_HR, ROLE_COMMITTEE, ROLE_CADRE)


class ActionPermissions:
    """`action_permissions = {"create": [HRWrite]}`: an action's own roles, else the view's `permission_classes`.

    A method the route does not offer (GET on a POST-only action) has no action and falls back to the view's
    roles, so it answers 405 to those roles and 403 to the rest."""

    action_permissions: dict = {}

    def get_permissions(self):
        classes = self.action_permissions.get(getattr(self, "action", None), self.permission_classes)
        return [permission() for permission in classes]


def is_staff(user) -> bool:
    roles = get_roles(user)
    return roles.is_admin or roles.has(ROLE_HR) or roles.has(ROLE_COMMITTEE)


def flatten_errors(errors: dict) -> dict:
    """Errors of a nested list as `components-<index>-<field>`, the keys the services (and the formsets) use."""
    flat: dict = {}
    for key, value in errors.items():
        if isinstance(value, list) and any(isinstance(item, dict) for item in value):
            value = dict(enumerate(value))
        if isinstance(value, dict):
            for sub, messages in value.items():
                if isinstance(messages, dict):  # one item of the list (DRF keys them by index)
                    for field, item_messages in messages.items():
                        suffix = "" if field == "non_field_errors" else f"-{field}"
                        flat[f"{key}-{sub}{suffix}"] = item_messages
                elif messages:
                    flat[key if sub == "non_field_errors" else f"{key}-{sub}"] = messages
        else:
            flat[key] = value
    return flat


def validated(serializer) -> dict:
    if not serializer.is_valid():
        raise ValidationError(flatten_errors(serializer.errors))
    return dict(serializer.validated_data)
