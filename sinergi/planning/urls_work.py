"""Annual work plans (rencana kerja tahunan, RKT) of a working group, and the provincial and
national roll-ups."""

from django.urls import include, path

from sinergi.planning import views_work as views

app_name = "workplans"

PLAN = "pokja/<region:code>/rkt/<int:year>/"

urlpatterns = [
    path("pokja/<region:code>/rkt/", views.index, name="index"),
    path("pokja/<region:code>/rkt/tambah/", views.create, name="create"),
    path(PLAN, views.detail, name="detail"),
    path(f"{PLAN}hapus/", views.remove, name="remove"),
    path(f"{PLAN}kegiatan/tambah/", views.add_activity, name="add_activity"),
    path(f"{PLAN}kegiatan/<int:number>/ubah/", views.edit_activity, name="edit_activity"),
    path(f"{PLAN}kegiatan/<int:number>/realisasi/", views.realisation, name="realisation"),
    path(f"{PLAN}kegiatan/<int:number>/hapus/", views.remove_activity, name="remove_activity"),
    path(f"{PLAN}ringkasan/", views.summary, name="summary"),
    path(
        "ringkasan-provinsi/<region:code>/<int:year>/",
        views.province_summary,
        name="province_summary",
    ),
    path("ringkasan-nasional/<int:year>/", views.national_summary, name="national_summary"),
    # The work plan as files and its realisation report, in this namespace.
    path("", include("sinergi.planning.urls_io")),
]
