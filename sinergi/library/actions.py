"""Writes of the library: a document with its first file, and a new version of a document.

The text of each file is extracted before the transaction (it can take a moment and never
fails); the rows are written in one transaction, and a stored file is removed again when the
transaction does not commit, so a failed upload leaves nothing behind.
"""

from contextlib import contextmanager

from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Max

from sinergi.library.extract import extract_text
from sinergi.library.forms import clean_filename
from sinergi.library.models import Document, DocumentVersion


def do_add_document(group, form, file, note, user) -> Document:
    """Save the valid DocumentForm `form` as a document of `group` with `file` as version 1."""
    filename = clean_filename(file.name)
    text = extract_text(file, filename)
    with _files_removed_on_failure() as stored, transaction.atomic():
        document = form.save(commit=False)
        document.working_group, document.created_by = group, user
        document.save()
        _create_version(stored, document, 1, file, filename, note, text, user)
    return document


def do_add_version(document, file, note, user) -> DocumentVersion:
    """Store `file` as the next version of `document`."""
    filename = clean_filename(file.name)
    text = extract_text(file, filename)
    with _files_removed_on_failure() as stored, transaction.atomic():
        # Lock the document so that two uploads at once do not take the same number.
        Document.objects.select_for_update().only("pk").get(pk=document.pk)
        latest = document.versions.aggregate(latest=Max("number"))["latest"] or 0
        version = _create_version(stored, document, latest + 1, file, filename, note, text, user)
        document.save(update_fields=["updated"])
    return version


def _create_version(stored, document, number, file, filename, note, text, user):
    version = DocumentVersion(
        document=document,
        number=number,
        filename=filename,
        size=file.size,
        note=note,
        text=text,
        uploaded_by=user,
    )
    file.seek(0)
    version.file.save(filename, file, save=False)
    stored.append(version.file.name)
    version.save()
    return version


@contextmanager
def _files_removed_on_failure():
    """Yields a list for the names of stored files; deletes them if the block fails."""
    stored = []
    try:
        yield stored
    except BaseException:
        for name in stored:
            default_storage.delete(name)
        raise
