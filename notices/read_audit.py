"""notices' pages that show other people's records (who owes what by when), for the audit of reads."""

from django.utils.translation import gettext_lazy as _

from common.read_audit import register

register("notices:deadlines", _("期限清单"), listing=True)
register("notices:deadlines_export", _("期限清单导出"), listing=True)
register("notices_api:deadline-list", _("期限清单(接口)"), listing=True)
