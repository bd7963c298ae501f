"""Writes of the library: a document with its first file, a new version of a document, and
the text of a version for the search.

The rows are written in one transaction, and a stored file is removed again when the
transaction does not commit, so a failed upload leaves nothing behind. The text of the file is
not extracted in the request that uploads it (a crafted file could hold the request, and its
worker, for seconds): the version is saved with its text pending, and `do_extract_text` runs
after the response. `extract_document_text`, run by cron, catches up with any version a
process left pending.
"""

import logging
from contextlib import contextmanager

from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Max

from sinergi.lib.deferred import after_response
from sinergi.library.extract import extract_text
from sinergi.library.forms import clean_filename
from sinergi.library.models import Document, DocumentVersion

logger = logging.getLogger(__name__)


def do_add_document(group, form, file, note, user) -> Document:
    """Save the valid DocumentForm `form` as a document of `group` with `file` as version 1."""
    filename = clean_filename(file.name)
    with _files_removed_on_failure() as stored, transaction.atomic():
        document = form.save(commit=False)
        document.working_group, document.created_by = group, user
        document.save()
        version = _create_version(stored, document, 1, file, filename, note, user)
    after_response(do_extract_text, version.pk)
    return document


def do_add_version(document, file, note, user) -> DocumentVersion:
    """Store `file` as the next version of `document`."""
    filename = clean_filename(file.name)
    with _files_removed_on_failure() as stored, transaction.atomic():
        # Lock the document so that two uploads at once do not take the same number.
        Document.objects.select_for_update().only("pk").get(pk=document.pk)
        latest = document.versions.aggregate(latest=Max("number"))["latest"] or 0
        version = _create_version(stored, document, latest + 1, file, filename, note, user)
        document.save(update_fields=["updated"])
    after_response(do_extract_text, version.pk)
    return version


def _create_version(stored, document, number, file, filename, note, user):
    version = DocumentVersion(
        document=document,
        number=number,
        filename=filename,
        size=file.size,
        note=note,
        text_pending=True,
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


def do_extract_text(version_id) -> bool:
    """Extract and store the text of the version `version_id` if it is still pending; saving it
    updates the document's search entry (search/signals.py). Returns whether it did. Safe to
    run twice or at once in two processes: both store the same text."""
    version = DocumentVersion.objects.filter(pk=version_id, text_pending=True).first()
    if version is None:  # done already, or the upload did not commit
        return False
    try:
        with version.file.open("rb") as handle:
            text = extract_text(handle, version.filename)
    except OSError:  # the file is gone from the storage: nothing to read, ever
        logger.warning("The file of document version %s is missing", version_id)
        text = ""
    version.text, version.text_pending = text, False
    version.save(update_fields=["text", "text_pending"])
    return True


def do_extract_pending_texts() -> int:
    """Extract the text of every version still pending, oldest first; returns how many."""
    pending = DocumentVersion.objects.filter(text_pending=True).order_by("pk")
    return sum(do_extract_text(pk) for pk in list(pending.values_list("pk", flat=True)))
