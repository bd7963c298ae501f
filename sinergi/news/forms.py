"""The form of a news or advocacy post, with its image checked by content and size."""

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from sinergi.lib.fields import ModelForm
from sinergi.news.models import Post

IMAGE_MAX_BYTES = 5 * 1024 * 1024


class PostForm(ModelForm):
    class Meta:
        model = Post
        fields = ["kind", "title", "summary", "body", "image", "image_description"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 2}),
            "body": forms.Textarea(attrs={"rows": 16}),
            "image": forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png"}),
        }
        help_texts = {
            "summary": _("One or two sentences shown in lists and feeds."),
            "body": _("Markdown: ## for a heading, * for a list, [text](address) for a link."),
            "image": _("JPEG or PNG, at most 5 MB."),
        }

    def clean_image(self):
        image = self.cleaned_data.get("image")
        if image and getattr(image, "size", 0) > IMAGE_MAX_BYTES:
            raise forms.ValidationError(
                _("The image is too large (%(size)s); the limit is %(limit)s."),
                params={
                    "size": filesizeformat(image.size),
                    "limit": filesizeformat(IMAGE_MAX_BYTES),
                },
            )
        return image

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("image") and not cleaned.get("image_description", "").strip():
            self.add_error(
                "image_description",
                _("Describe what the image shows, for readers who cannot see it."),
            )
        return cleaned
