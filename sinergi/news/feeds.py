"""RSS and Atom feeds of the published posts, national and per working group."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from sinergi.lib.text import render_markdown
from sinergi.news.models import Post
from sinergi.pokja.models import WorkingGroup

FEED_SIZE = 30


class NewsFeed(Feed):
    """The newest published posts of every working group and of the national secretariat."""

    def title(self):
        return _("Sinergi news: drinking water and sanitation working groups")

    def link(self):
        return reverse("news:news")

    def description(self):
        return _("News and advocacy of the Pokja AMPL, nationally and in the regions.")

    def items(self):
        return Post.objects.published().select_related("working_group__region")[:FEED_SIZE]

    def item_title(self, post):
        return post.title

    def item_description(self, post):
        return post.summary or render_markdown(post.body)

    def item_pubdate(self, post):
        return post.published_at

    def item_updateddate(self, post):
        return post.updated

    def item_author_name(self, post):
        return post.working_group.name

    def item_categories(self, post):
        return [str(post.get_kind_display())]


class NewsAtomFeed(NewsFeed):
    feed_type = Atom1Feed

    def subtitle(self):
        return self.description()


class GroupNewsFeed(NewsFeed):
    """The newest published posts of one working group."""

    def get_object(self, request, code):
        return get_object_or_404(WorkingGroup.objects.select_related("region"), region__code=code)

    def title(self, group):
        return _("News of %(group)s") % {"group": group.name}

    def link(self, group):
        return reverse("news:group_news", args=[group.code])

    def description(self, group):
        return _("News and advocacy of %(group)s.") % {"group": group.name}

    def items(self, group):
        return (
            Post.objects.published()
            .filter(working_group=group)
            .select_related("working_group__region")[:FEED_SIZE]
        )
