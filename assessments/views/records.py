"""Pages: records."""

urlpatterns: list = []
