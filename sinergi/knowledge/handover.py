"""The knowledge base in a handover: the articles the leaving member kept (as steward) pass to
the successor, and the handover pack lists them with the titles of every article of the group.

`transfer_stewardship()` runs when `pokja.actions.do_name_successor()` names a successor: the
app's `ready()` registers it in `pokja.handover.on_successor_named`.

`knowledge_section` follows the section contract of `portal/handover_pack.py` (it takes the
`Pack`, returns flowables or an empty list, and costs one query); it is listed in `SECTIONS`
there. It does not import the portal, which sits above this app.
"""

from django.utils.translation import gettext as _

from sinergi.knowledge.models import Article


def transfer_stewardship(handover, successor_person) -> int:
    """Make the successor's membership the steward of the articles the leaving membership kept.
    Each article is saved, so its change history says who keeps it now. Returns how many."""
    articles = list(Article.objects.filter(steward=handover.leaving_id))
    for article in articles:
        article.steward = handover.successor
        article.save(update_fields=["steward"])
    return len(articles)


def follow_position_change(ended, following) -> int:
    """A steward who changes position keeps their articles: the new membership keeps them.
    Registered in `pokja.handover.on_position_changed`. Returns how many."""
    articles = list(Article.objects.filter(steward=ended))
    for article in articles:
        article.steward = following
        article.save(update_fields=["steward"])
    return len(articles)


# A pack is printed: past this many titles, it says how many more there are.
MAX_TITLES = 60


def _line(article) -> str:
    return f"• {article.title} ({article.get_kind_display()})"


def knowledge_section(pack) -> list:
    articles = list(
        Article.objects.filter(working_group=pack.group)
        .only("title", "kind", "steward_id", "author_id", "working_group_id")
        .order_by("title", "pk")
    )
    if not articles:
        return []
    leaving = pack.handover.leaving
    user_id = leaving.person.user_id
    theirs = [
        a
        for a in articles
        if a.steward_id == leaving.pk or (user_id is not None and a.author_id == user_id)
    ]
    flowables = [
        pack.heading(_("The knowledge base")),
        pack.paragraph(
            _(
                "What the members know is kept in the knowledge base of the working group in "
                "Sinergi, under Knowledge base on the page of the working group."
            )
        ),
        pack.subheading(
            _("Articles kept or written by %(name)s") % {"name": leaving.person.full_name}
        ),
    ]
    if theirs:
        flowables.append(
            pack.paragraph(
                _(
                    "The successor takes these over: check that they are still right, and name "
                    "a new steward among the knowledge holders where needed."
                ),
                "muted",
            )
        )
        flowables += [pack.paragraph(_line(a), "cell") for a in theirs]
    else:
        flowables.append(pack.paragraph(_("None."), "muted"))
    flowables.append(pack.subheading(_("All articles of the working group")))
    flowables += [pack.paragraph(_line(a), "cell") for a in articles[:MAX_TITLES]]
    if len(articles) > MAX_TITLES:
        more = len(articles) - MAX_TITLES
        flowables.append(pack.paragraph(_("and %(count)s more.") % {"count": more}, "muted"))
    return flowables
