"""The draft decree (rancangan SK) of a working group, as DOCX or PDF."""

from django.urls import path

from sinergi.decrees import views_drafts

urlpatterns = [
    path("pokja/<region:code>/sk/rancangan.<str:fmt>", views_drafts.draft, name="decree_draft"),
]
