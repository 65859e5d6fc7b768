"""The early-warning catalog (预警目录): kinds of warning that domain apps declare here (each app's
`services/warnings.py`, registered from its `setup/`), each switchable per organization (WarningSwitch; a kind with no
row is on). `notices` knows no domain app: the arrows point down, the apps register into this room.

A warning is told once per (kind, recipient, subject, occurrence) through notices.services.notices_announce; the daily
scan (beat's `notices-warnings-scan`, notices.tasks.scan_warnings) runs every kind that has a `scan`, and kinds sent
by another trigger (the quarterly bottom zone when a quarter closes, the tenure ladder through the deadline scan) ask
`warning_enabled` themselves."""
