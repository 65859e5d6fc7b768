"""Pages: grid."""

urlpatterns: list = []
