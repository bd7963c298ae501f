from django.urls import path

from sinergi.accounts import views_notifications as views

app_name = "notifications"

urlpatterns = [
    path("notifikasi/", views.notifications, name="notifications"),
    path("notifikasi/<int:pk>/baca/", views.read_notification, name="notification_read"),
    path("notifikasi/baca-semua/", views.read_all_notifications, name="notifications_read_all"),
]
