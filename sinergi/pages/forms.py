"""The edit form of a portal page: both languages side by side."""

from django import forms
from django.utils.translation import gettext_lazy as _

from sinergi.lib.fields import ModelForm
from sinergi.pages.models import Page

# Addresses under /halaman/ that name views, not pages.
RESERVED_SLUGS = {"baru"}


class PageForm(ModelForm):
    class Meta:
        model = Page
        fields = ["slug", "title_id", "body_id", "title_en", "body_en", "order", "is_published"]
        widgets = {
            "title_id": forms.TextInput(attrs={"lang": "id"}),
            "title_en": forms.TextInput(attrs={"lang": "en"}),
            "body_id": forms.Textarea(attrs={"rows": 24, "lang": "id"}),
            "body_en": forms.Textarea(attrs={"rows": 24, "lang": "en"}),
        }
        help_texts = {
            "slug": _("Lower-case letters, digits and hyphens, e.g. tanya-jawab."),
            "body_id": _("Markdown: ## for a heading, * for a list, [text](address) for a link."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # Links to a page use its address, so it stays fixed once the page exists.
            del self.fields["slug"]

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if slug in RESERVED_SLUGS:
            raise forms.ValidationError(_("This address is reserved; choose another one."))
        return slug
