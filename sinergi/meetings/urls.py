"""Meetings and action items of a working group, and the user's own action items; calendars
and reports are in `urls_calendar.py`, included at the end in the same namespace."""

from django.urls import include, path

from sinergi.meetings import views

app_name = "meetings"

MEETINGS = "pokja/<region:code>/rapat/"
MEETING = MEETINGS + "<int:pk>/"
ITEMS = "pokja/<region:code>/tindak-lanjut/"

urlpatterns = [
    path(MEETINGS, views.meeting_list, name="meetings"),
    path(MEETINGS + "baru/", views.add_meeting, name="meeting_add"),
    path(MEETING, views.meeting_detail, name="meeting"),
    path(MEETING + "ubah/", views.edit_meeting, name="meeting_edit"),
    path(MEETING + "batalkan/", views.cancel_meeting, name="meeting_cancel"),
    path(MEETING + "hapus/", views.remove_meeting, name="meeting_remove"),
    path(MEETING + "undangan/", views.invitees, name="meeting_invitees"),
    path(MEETING + "kehadiran/", views.attendance, name="meeting_attendance"),
    path(MEETING + "notulen/", views.minutes, name="meeting_minutes"),
    path(MEETING + "berkas/<str:kind>/", views.meeting_file, name="meeting_file"),
    path(MEETING + "keputusan/tambah/", views.add_decision, name="decision_add"),
    path(MEETING + "keputusan/<int:decision>/ubah/", views.edit_decision, name="decision_edit"),
    path(
        MEETING + "keputusan/<int:decision>/hapus/",
        views.delete_decision,
        name="decision_delete",
    ),
    path(ITEMS, views.action_items, name="action_items"),
    path(ITEMS + "baru/", views.add_action_item, name="action_item_add"),
    path(ITEMS + "<int:pk>/", views.action_item_detail, name="action_item"),
    path(ITEMS + "<int:pk>/ubah/", views.edit_action_item, name="action_item_edit"),
    path(ITEMS + "<int:pk>/tutup/", views.close_action_item, name="action_item_close"),
    path(ITEMS + "<int:pk>/buka-kembali/", views.reopen_action_item, name="action_item_reopen"),
    path("tindak-lanjut-saya/", views.my_action_items, name="my_action_items"),
    # Calendars, feeds and reports, in this namespace.
    path("", include("sinergi.meetings.urls_calendar")),
]
