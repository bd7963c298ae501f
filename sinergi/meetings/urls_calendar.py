"""Calendars, iCalendar feeds and activity reports of a working group; included by urls.py."""

from django.urls import path

from sinergi.meetings import views_calendar as views

GROUP = "pokja/<region:code>/"

urlpatterns = [
    path(GROUP + "rapat/kalender/", views.month, name="meetings_calendar"),
    path(GROUP + "rapat/mendatang/", views.upcoming, name="meetings_upcoming"),
    path(GROUP + "rapat/<int:pk>/laporan.pdf", views.meeting_report, name="meeting_report"),
    path(GROUP + "laporan-kegiatan/", views.quarter_report, name="activity_report"),
    path(
        GROUP + "laporan-kegiatan.pdf",
        views.quarter_report,
        {"fmt": "pdf"},
        name="activity_report_pdf",
    ),
    path("akun/kalender/", views.feeds, name="calendar_feeds"),
    path("akun/kalender/buat/", views.create_feed, name="calendar_feed_create"),
    path("akun/kalender/<int:pk>/cabut/", views.revoke_feed, name="calendar_feed_revoke"),
    path("kalender/<slug:token>.ics", views.feed, name="calendar_feed"),
]
