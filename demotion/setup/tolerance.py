def ready() -> None:
    """Registers this area's deadline kinds, panels, audit words and hooks (called from DemotionConfig.ready)."""
