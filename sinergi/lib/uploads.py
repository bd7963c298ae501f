"""Validation of uploaded files by their content, not their name.

A file is accepted when its bytes are one of the allowed kinds, it is not too large, and its name
ends in the extension of what it really is: a DOCX renamed to .pdf is refused, so a download
never hands a reader a file that opens in the wrong program.
"""

import os
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
# What an Office Open XML archive must contain to count as one, and which format that makes it.
OFFICE_MARKERS = {
    "word/document.xml": "docx",
    "xl/workbook.xml": "xlsx",
    "ppt/presentation.xml": "pptx",
}
LABELS = {"pdf": "PDF", "png": "PNG", "jpeg": "JPEG", "office": "DOCX/XLSX/PPTX"}
# The exact format of a file (what its extension must say) and the kind it belongs to.
FORMAT_KINDS = {
    "pdf": "pdf",
    "png": "png",
    "jpeg": "jpeg",
    "docx": "office",
    "xlsx": "office",
    "pptx": "office",
}
EXTENSIONS = {
    ".pdf": "pdf",
    ".png": "png",
    ".jpg": "jpeg",
    ".jpeg": "jpeg",
    ".docx": "docx",
    ".xlsx": "xlsx",
    ".pptx": "pptx",
}
# The extension to suggest for a file of each format.
PREFERRED_EXTENSIONS = {
    "pdf": ".pdf",
    "png": ".png",
    "jpeg": ".jpg",
    "docx": ".docx",
    "xlsx": ".xlsx",
    "pptx": ".pptx",
}
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpeg": "image/jpeg",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}


def max_upload_bytes() -> int:
    return settings.UPLOAD_MAX_MB * 1024 * 1024


def detect_format(file) -> str | None:
    """The format of `file` ("pdf", "png", "jpeg", "docx", "xlsx", "pptx") from its bytes, or
    None."""
    file.seek(0)
    head = file.read(8)
    file.seek(0)
    for kind, signatures in SIGNATURES.items():
        if any(head.startswith(signature) for signature in signatures):
            return _office_format(file) if kind == "office" else kind
    return None


def detect_kind(file) -> str | None:
    """The kind of `file` ("pdf", "png", "jpeg", "office") from its bytes, or None."""
    return FORMAT_KINDS.get(detect_format(file))


def format_of_name(name: str) -> str | None:
    """The format a file name claims by its extension, or None for an extension not accepted."""
    return EXTENSIONS.get(os.path.splitext(os.path.basename(name or ""))[1].lower())


def content_type_of_name(name: str) -> str:
    return CONTENT_TYPES.get(format_of_name(name), "application/octet-stream")


def _office_format(file) -> str | None:
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        file.seek(0)
    for marker, office_format in OFFICE_MARKERS.items():
        if marker in names:
            return office_format
    return None


@deconstructible
class FileKindValidator:
    """Accept only files whose content is one of `kinds`, whose name ends in the extension of
    that content, and that are not too large."""

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
        actual = detect_format(file)
        if FORMAT_KINDS.get(actual) not in self.kinds:
            raise ValidationError(
                _("This file is not a %(kinds)s file."),
                code="wrong_kind",
                params={"kinds": " / ".join(LABELS[k] for k in self.kinds)},
            )
        extension = os.path.splitext(os.path.basename(file.name or ""))[1].lower()
        if EXTENSIONS.get(extension) != actual:
            raise ValidationError(
                _(
                    "The file name ends in “%(extension)s” but the file is a %(actual)s file. "
                    "Rename it to end in “%(expected)s” and upload it again."
                ),
                code="wrong_extension",
                params={
                    "extension": extension or "—",
                    "actual": actual.upper() if actual != "jpeg" else "JPEG",
                    "expected": PREFERRED_EXTENSIONS[actual],
                },
            )

    def __eq__(self, other):
        return isinstance(other, FileKindValidator) and self.kinds == other.kinds


SCAN_KINDS = ("pdf", "png", "jpeg")
DOCUMENT_KINDS = ("pdf", "png", "jpeg", "office")
