"""The handover pack PDF (to be written)."""

urlpatterns = []
