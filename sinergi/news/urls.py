from django.contrib.auth.decorators import login_not_required
from django.urls import path

from sinergi.news import feeds, views

app_name = "news"

GROUP = "pokja/<region:code>/berita/"

urlpatterns = [
    path("berita/", views.news_list, name="news"),
    path("berita/rss/", login_not_required(feeds.NewsFeed()), name="news_rss"),
    path("berita/atom/", login_not_required(feeds.NewsAtomFeed()), name="news_atom"),
    path("berita/<int:pk>/", views.post_detail, name="post"),
    path("berita/<int:pk>/gambar/", views.post_image, name="post_image"),
    path(GROUP, views.group_news, name="group_news"),
    path(GROUP + "rss/", login_not_required(feeds.GroupNewsFeed()), name="group_news_rss"),
    path(GROUP + "baru/", views.add_post, name="post_add"),
    path(GROUP + "<int:pk>/ubah/", views.edit_post, name="post_edit"),
    path(GROUP + "<int:pk>/hapus/", views.remove_post, name="post_remove"),
]
