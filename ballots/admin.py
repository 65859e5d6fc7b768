from django.contrib import admin

from ballots.models import BallotCode, CodeBatch, Evaluation
from common.admin import AuditHistoryInline, ReadOnlyAdminMixin

# Evaluations change only through their services (set up, publish, close and seal), each checked and audited; the
# admin shows them read-only with their history. Ballots, the pool and the tally are not in the admin at all: a
# ballot is never shown one by one, and nothing but the seal writes them.


@admin.register(Evaluation)
class EvaluationAdmin(ReadOnlyAdminMixin, AuditHistoryInline, admin.ModelAdmin):
    list_display = ["title", "year", "unit", "state", "opens_at", "closes_at"]
    list_filter = ["organization", "year", "state"]
    search_fields = ["title"]
    list_select_related = ["unit"]


@admin.register(CodeBatch)
class CodeBatchAdmin(ReadOnlyAdminMixin, AuditHistoryInline, admin.ModelAdmin):
    list_display = ["evaluation", "number", "unit", "category", "size", "file_format", "issued_at"]
    list_filter = ["evaluation"]
    list_select_related = ["evaluation", "unit", "category"]


@admin.register(BallotCode)
class BallotCodeAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    # The hash is left out: it is of no use to a reader, and one fewer copy of it is one fewer to leak.
    list_display = ["__str__", "evaluation", "unit", "category", "state", "voided_at"]
    list_filter = ["evaluation", "state"]
    exclude = ["code_hash"]
    list_select_related = ["batch", "evaluation", "unit", "category"]
