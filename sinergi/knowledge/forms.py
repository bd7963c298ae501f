"""The form of a knowledge article: tags typed as a comma-separated list, and a steward chosen
among the working group's current knowledge holders."""

import re

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sinergi.knowledge.models import Article, Tag
from sinergi.lib.fields import ModelForm
from sinergi.pokja.models import Membership

MAX_TAGS = 10
TAG_MAX_LENGTH = Tag._meta.get_field("name").max_length


def split_tags(text) -> list[str]:
    """Tag names from "sanitasi, Musrenbang ,  STBM": trimmed, inner spaces collapsed, each name
    once whatever its case (the first spelling wins)."""
    names, seen = [], set()
    for raw in str(text or "").split(","):
        name = re.sub(r"\s+", " ", raw).strip()
        if name and name.casefold() not in seen:
            seen.add(name.casefold())
            names.append(name)
    return names


class StewardChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, membership):
        institution = membership.institution.name if membership.institution else ""
        return ", ".join(filter(None, [membership.person.full_name, institution]))


class ArticleForm(ModelForm):
    tag_names = forms.CharField(
        label=_("Tags"),
        required=False,
        max_length=500,
        help_text=_("Separated by commas, e.g. sanitasi, musrenbang, PDAM."),
    )

    class Meta:
        model = Article
        fields = ["title", "kind", "body", "tag_names", "steward", "is_public"]
        field_classes = {"steward": StewardChoiceField}
        widgets = {"body": forms.Textarea(attrs={"rows": 18})}
        help_texts = {
            "body": _("Markdown: ## for a heading, * for a list, [text](address) for a link."),
            "steward": _(
                "A knowledge holder of the working group who keeps the article current. "
                "Mark members as knowledge holders on the roster."
            ),
        }

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        self.group = group
        holders = (
            Membership.objects.filter(working_group=group, is_knowledge_holder=True)
            .active_on(timezone.localdate())
            .values("pk")
        )
        # The current steward stays a valid choice after leaving, until someone changes it.
        self.fields["steward"].queryset = (
            Membership.objects.filter(Q(pk__in=holders) | Q(pk=self.instance.steward_id))
            .select_related("person", "institution")
            .order_by("person__full_name")
        )
        if self.instance.pk:
            self.initial["tag_names"] = ", ".join(t.name for t in self.instance.tags.all())

    def clean_tag_names(self):
        names = split_tags(self.cleaned_data["tag_names"])
        if len(names) > MAX_TAGS:
            raise forms.ValidationError(
                _("At most %(count)s tags."), params={"count": MAX_TAGS}, code="too_many"
            )
        long = [name for name in names if len(name) > TAG_MAX_LENGTH]
        if long:
            raise forms.ValidationError(
                _("A tag has at most %(count)s characters: %(tag)s"),
                params={"count": TAG_MAX_LENGTH, "tag": long[0]},
                code="too_long",
            )
        return names

    def save_tags(self, article):
        """Give `article` the typed tags, reusing a tag of the same name whatever its case."""
        tags = []
        for name in self.cleaned_data["tag_names"]:
            tag = Tag.objects.filter(name__iexact=name).first()
            tags.append(tag or Tag.objects.create(name=name))
        article.tags.set(tags)
