"""Wiring of a cadre's history across years: a section of the staff's page of one cadre and of the cadre's own page."""


def ready() -> None:
    from overview import history_panels  # noqa: F401  (registers on import)
