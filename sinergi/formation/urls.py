from django.urls import path

from sinergi.formation import views, views_directory

app_name = "formation"

urlpatterns = [
    path("pembentukan/", views.index, name="index"),
    path("pembentukan/mulai/", views.start, name="start"),
    path("pembentukan/forum-setara/", views.register_forum, name="register_forum"),
    # The directory import of the national secretariat (onboarding the network).
    path("pokja/impor-direktori/", views_directory.directory_import, name="directory_import"),
    path(
        "pokja/impor-direktori/templat/",
        views_directory.directory_template,
        name="directory_template",
    ),
    path("pokja/<region:code>/pembentukan/", views.tracker, name="tracker"),
    path(
        "pokja/<region:code>/pembentukan/langkah/<int:number>/",
        views.update_step,
        name="update_step",
    ),
    path(
        "pokja/<region:code>/pembentukan/langkah/<int:number>/bukti/",
        views.add_evidence,
        name="add_evidence",
    ),
    path("pokja/<region:code>/pembentukan/bukti/<int:pk>/", views.evidence, name="evidence"),
    path(
        "pokja/<region:code>/pembentukan/bukti/<int:pk>/hapus/",
        views.remove_evidence,
        name="remove_evidence",
    ),
    path(
        "pokja/<region:code>/pembentukan/pemangku/",
        views.add_stakeholder,
        name="add_stakeholder",
    ),
    path(
        "pokja/<region:code>/pembentukan/pemangku/<int:pk>/hapus/",
        views.remove_stakeholder,
        name="remove_stakeholder",
    ),
]
