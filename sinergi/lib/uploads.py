"""Validation of uploaded files by their content, not their name."""

import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

# Signatures at the start of each kind of file.
SIGNATURES = {
    "pdf": [b"%PDF-"],
    "png": [b"\x89PNG\r\n\x1a\n"],
    "jpeg": [b"\xff\xd8\xff"],
    "office": [b"PK\x03\x04"],  # DOCX, XLSX, PPTX are zip archives
}
# What an Office Open XML archive must contain to count as one.
OFFICE_MARKERS = ("word/document.xml", "xl/workbook.xml", "ppt/presentation.xml")
LABELS = {"pdf": "PDF", "png": "PNG", "jpeg": "JPEG", "office": "DOCX/XLSX/PPTX"}


def max_upload_bytes() -> int:
    return settings.UPLOAD_MAX_MB * 1024 * 1024


def detect_kind(file) -> str | None:
    """The kind of `file` ("pdf", "png", "jpeg", "office") from its bytes, or None."""
    file.seek(0)
    head = file.read(8)
    file.seek(0)
    for kind, signatures in SIGNATURES.items():
        if any(head.startswith(signature) for signature in signatures):
            if kind == "office" and not _is_office(file):
                return None
            return kind
    return None


def _is_office(file) -> bool:
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError):
        return False
    finally:
        file.seek(0)
    return any(marker in names for marker in OFFICE_MARKERS)


@deconstructible
class FileKindValidator:
    """Accept only files whose content is one of `kinds` and that are not too large."""

    def __init__(self, kinds):
        self.kinds = tuple(kinds)

    def __call__(self, file):
        if file.size > max_upload_bytes():
            raise ValidationError(
                _("The file is too large (%(size)s); the limit is %(limit)s."),
                code="too_large",
                params={
                    "size": filesizeformat(file.size),
                    "limit": filesizeformat(max_upload_bytes()),
                },
            )
        if detect_kind(file) not in self.kinds:
            raise ValidationError(
                _("This file is not a %(kinds)s file."),
                code="wrong_kind",
                params={"kinds": " / ".join(LABELS[k] for k in self.kinds)},
            )

    def __eq__(self, other):
        return isinstance(other, FileKindValidator) and self.kinds == other.kinds


SCAN_KINDS = ("pdf", "png", "jpeg")
DOCUMENT_KINDS = ("pdf", "png", "jpeg", "office")
