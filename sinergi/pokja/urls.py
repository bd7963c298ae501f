from django.urls import include, path

from sinergi.pokja import views

app_name = "pokja"

urlpatterns = [
    path("dasbor/", views.dashboard, name="dashboard"),
    path("lembaga/", views.institutions, name="institutions"),
    path("undangan/<str:token>/", views.accept_invitation, name="accept_invitation"),
    path("pokja/<region:code>/ruang-kerja/", views.workspace, name="workspace"),
    path("pokja/<region:code>/ubah/", views.edit, name="edit"),
    path("pokja/<region:code>/renstra/", views.strategic_plan_file, name="strategic_plan_file"),
    path("pokja/<region:code>/lembaga/tambah/", views.add_institution, name="add_institution"),
    path("pokja/<region:code>/anggota/", views.roster, name="roster"),
    path("pokja/<region:code>/anggota/tambah/", views.add_member, name="add_member"),
    path("pokja/<region:code>/anggota/<int:pk>/ubah/", views.edit_member, name="edit_member"),
    path("pokja/<region:code>/anggota/<int:pk>/akhiri/", views.end_member, name="end_member"),
    path(
        "pokja/<region:code>/anggota/<int:pk>/ubah-jabatan/",
        views.change_position,
        name="change_position",
    ),
    path("pokja/<region:code>/anggota/<int:pk>/undang/", views.invite_member, name="invite_member"),
    path("pokja/<region:code>/anggota/<int:pk>/hapus/", views.remove_member, name="remove_member"),
    path("pokja/<region:code>/orang/<int:pk>/ubah/", views.edit_person, name="edit_person"),
    path("pokja/<region:code>/orang/<int:pk>/hapus/", views.remove_person, name="remove_person"),
    path(
        "pokja/<region:code>/undangan/<int:pk>/tarik/",
        views.revoke_invitation,
        name="revoke_invitation",
    ),
    path("pokja/<region:code>/serah-terima/", views.handovers, name="handovers"),
    path("pokja/<region:code>/serah-terima/<int:pk>/", views.handover, name="handover"),
    # Roster import and export, in this namespace.
    path("", include("sinergi.pokja.urls_roster_io")),
    # Onboarding: bulk invitation of the secretariats, access requests.
    path("", include("sinergi.pokja.urls_onboarding")),
]
