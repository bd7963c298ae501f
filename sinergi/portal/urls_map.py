"""The coverage map of the directory (to be written)."""

urlpatterns = []
