"""How refused requests are logged: one line each.

Django logs a PermissionDenied (403) with its traceback, and a probe of a thousand URLs that answer 403 or 404 would
bury a real error among the tracebacks. A refusal is an expected answer, not a fault: its line says the status and the
path, and the traceback is kept for the 5xx answers that need it.
"""

import logging

ONE_LINE_STATUSES = frozenset({401, 403, 404, 405})


class RefusalsOnOneLine(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) in ONE_LINE_STATUSES:
            record.exc_info = None
            record.exc_text = None
        return True
