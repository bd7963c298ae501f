"""Roster import and export (to be written)."""

urlpatterns = []
