"""Password rules (GB/T 22239-2019 8.1.4.1 a: 口令具有复杂度要求并定期更换): length and kinds of characters, and no
reuse of the last few passwords. Both are Django password validators (AUTH_PASSWORD_VALIDATORS), so every form that
sets a password applies them."""

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from security.models import PasswordHistory
from security.services.passwords import password_history_record

CLASSES = (str.islower, str.isupper, str.isdigit, lambda ch: not ch.isalnum())


class CharacterClassesValidator:
    """At least `min_length` characters, of at least `min_classes` of the four kinds: lowercase and uppercase
    letters, digits, other characters."""

    def __init__(self, min_length: int = 10, min_classes: int = 3):
        self.min_length = min_length
        self.min_classes = min_classes

    def validate(self, password, user=None):
        kinds = sum(1 for test in CLASSES if any(test(ch) for ch in password))
        if len(password) < self.min_length or kinds < self.min_classes:
            raise ValidationError(self._message(), code="password_too_simple")

    def _message(self) -> str:
        return _("密码至少 %(length)d 位,并包含大写字母、小写字母、数字、其他符号中的至少 %(classes)d 类。") % {
            "length": self.min_length,
            "classes": self.min_classes,
        }

    def get_help_text(self):
        return self._message()


class PasswordHistoryValidator:
    """Not one of the user's last PASSWORD_HISTORY_COUNT passwords. Records each new password's hash when it is set
    (Django calls password_changed from User.save() after set_password())."""

    def __init__(self, count: int | None = None):
        self.count = count

    @property
    def _count(self) -> int:
        return self.count or settings.PASSWORD_HISTORY_COUNT

    def validate(self, password, user=None):
        if user is None or user.pk is None:
            return
        hashes = list(PasswordHistory.objects.filter(user=user).values_list("password", flat=True)[: self._count])
        if user.password and user.password not in hashes:
            hashes.append(user.password)  # an account older than the history
        if any(check_password(password, encoded) for encoded in hashes):
            raise ValidationError(self._message(), code="password_reused")

    def password_changed(self, password, user=None):
        if user is not None and user.pk is not None:
            password_history_record(user=user, keep=self._count)

    def _message(self) -> str:
        return ngettext(
            "新密码不能与最近 %(count)d 次使用过的密码相同。",
            "新密码不能与最近 %(count)d 次使用过的密码相同。",
            self._count,
        ) % {"count": self._count}

    def get_help_text(self):
        return self._message()
