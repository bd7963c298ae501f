from django.urls import path

from sinergi.knowledge import views

app_name = "knowledge"

GROUP = "pokja/<region:code>/pengetahuan/"

urlpatterns = [
    path(GROUP, views.article_list, name="articles"),
    path(GROUP + "baru/", views.add_article, name="article_add"),
    path(GROUP + "<int:pk>/", views.article_detail, name="article"),
    path(GROUP + "<int:pk>/ubah/", views.edit_article, name="article_edit"),
]
