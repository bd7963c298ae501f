"""Forms of the library: a document's description, a file (the first or a new version), and
the filters of the lists."""

import os

from django import forms
from django.core.exceptions import SuspiciousFileOperation
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sinergi.lib.fields import ModelForm, NumberField
from sinergi.lib.uploads import DOCUMENT_KINDS, FileKindValidator
from sinergi.library.models import Document
from sinergi.regions.models import CODE_PATTERN

FIRST_YEAR = 1945
MAX_FILENAME = 120


def clean_filename(name: str) -> str:
    """A safe file name for storage and for the download, keeping the extension."""
    stem, extension = os.path.splitext(os.path.basename(name or ""))
    try:
        stem = get_valid_filename(stem.strip(" ."))
    except SuspiciousFileOperation:  # nothing usable left, e.g. "???.pdf"
        stem = "dokumen"
    return f"{stem[: MAX_FILENAME - len(extension)]}{extension.lower()}"


class DocumentForm(ModelForm):
    class Meta:
        model = Document
        fields = ["title", "category", "description", "year", "language", "is_public"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "description": gettext_lazy("Optional. Markdown formatting is allowed."),
        }

    def clean_title(self):
        return " ".join(self.cleaned_data["title"].split())

    def clean_year(self):
        year = self.cleaned_data["year"]
        last = timezone.localdate().year + 1
        if year is not None and not FIRST_YEAR <= year <= last:
            raise forms.ValidationError(
                _("Give a year between %(first)d and %(last)d.")
                % {"first": FIRST_YEAR, "last": last}
            )
        return year


class MemberDocumentForm(DocumentForm):
    """A member's upload: the same fields but "public", which the secretariat decides."""

    class Meta(DocumentForm.Meta):
        fields = ["title", "category", "description", "year", "language"]


class FileForm(forms.Form):
    """A file of a document with what changed; the one check of an upload (content, extension
    and size)."""

    file = forms.FileField(
        label=gettext_lazy("File"),
        validators=[FileKindValidator(DOCUMENT_KINDS)],
        help_text=gettext_lazy(
            "PDF, Word (.docx), Excel (.xlsx), PowerPoint (.pptx), JPEG or PNG. The content "
            "must match the file name's extension."
        ),
    )
    note = forms.CharField(
        label=gettext_lazy("What changed"),
        max_length=300,
        required=False,
        help_text=gettext_lazy("Optional, e.g. “revised after the meeting of 12 May”."),
    )


class LibraryFilterForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Title"), required=False, max_length=100)
    kategori = forms.ChoiceField(
        label=gettext_lazy("Category"),
        required=False,
        choices=[("", gettext_lazy("All categories")), *Document.Category.choices],
    )
    tahun = NumberField(
        label=gettext_lazy("Year"),
        required=False,
        grouping=False,
        min_value=FIRST_YEAR,
        max_value=2100,
    )
    bahasa = forms.ChoiceField(
        label=gettext_lazy("Language"),
        required=False,
        choices=[("", gettext_lazy("All languages")), *Document.Language.choices],
    )
    wilayah = forms.RegexField(
        label=gettext_lazy("Region code"),
        required=False,
        regex=rf"^(?:{CODE_PATTERN})$",
        max_length=13,
        help_text=gettext_lazy("ID for national, 32 for a province and its regions, 32.04 …"),
        error_messages={"invalid": gettext_lazy("Write a region code such as 32 or 32.04.")},
    )
    publik = forms.ChoiceField(
        label=gettext_lazy("Access"),
        required=False,
        choices=[
            ("", gettext_lazy("All")),
            ("ya", gettext_lazy("Public")),
            ("tidak", gettext_lazy("Internal")),
        ],
    )

    def __init__(self, *args, by_region=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not by_region:
            del self.fields["wilayah"]

    def filter(self, documents, skip=()):
        """`documents` narrowed by the valid filters (an invalid one is ignored and shown as an
        error), except those named in `skip`."""
        self.is_valid()
        data = {k: v for k, v in self.cleaned_data.items() if k not in skip and v not in ("", None)}
        if "q" in data:
            documents = documents.filter(title__icontains=data["q"])
        if "kategori" in data:
            documents = documents.filter(category=data["kategori"])
        if "tahun" in data:
            documents = documents.filter(year=data["tahun"])
        if "bahasa" in data:
            documents = documents.filter(language=data["bahasa"])
        if "wilayah" in data:
            documents = documents.of_groups_at_or_below(data["wilayah"])
        if "publik" in data:
            documents = documents.filter(is_public=data["publik"] == "ya")
        return documents
