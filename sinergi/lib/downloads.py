"""Private files: how an uploaded file leaves the server, and when a stored file is deleted.

Media files are not served by the web server in production. Every uploaded file goes out through
a view that first decides, with the scope functions of sinergi/pokja/access.py, whether the user
may read the record that holds it, and only then calls `serve_file()`: this module checks no
access. It answers with the type the file's name says (the upload validators made the name match
the content), as an attachment unless an image is asked for inline, never sniffed by the browser,
and 404 when the storage no longer has the file.

A file is deleted only once the transaction that removed its record has committed
(`delete_file_on_commit()`): a rollback must find the file still there.
"""

import os
import string
import unicodedata
from urllib.parse import quote

from django.core.exceptions import SuspiciousFileOperation
from django.db import transaction
from django.http import FileResponse, Http404
from django.utils.cache import patch_cache_control

from sinergi.lib.uploads import content_type_of_name

# Types a browser may show in the page instead of saving: images, which run no code.
INLINE_TYPES = {"image/png", "image/jpeg"}
# Characters kept as they are in the plain `filename="…"` fallback; any other becomes "_".
FALLBACK_CHARACTERS = set(string.ascii_letters + string.digits + " ._-()[]+,")


def clean_filename(name) -> str:
    """The last part of `name`, without control or format characters (a newline cannot start a
    new header, a right-to-left mark cannot disguise the extension)."""
    name = os.path.basename(str(name or "").replace("\\", "/"))
    name = "".join(" " if unicodedata.category(c)[0] in "CZ" and c != " " else c for c in name)
    return " ".join(name.split()) or "berkas"


def _ascii_fallback(name: str) -> str:
    """`name` in printable ASCII for clients that ignore filename*: accents dropped, any
    other character outside a safe set (quotes, backslashes, "%", ";") replaced by "_"."""
    chars = []
    for char in name:
        base = "".join(
            c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c)
        )
        chars.append(base if base and set(base) <= FALLBACK_CHARACTERS else "_")
    return "".join(chars)


def content_disposition(filename, inline: bool = False) -> str:
    """The Content-Disposition value (RFC 6266) for `filename`: an ASCII `filename="…"` that
    needs no escaping, and the exact name as `filename*=UTF-8''…` when the two differ."""
    name = clean_filename(filename)
    fallback = _ascii_fallback(name)
    value = f'{"inline" if inline else "attachment"}; filename="{fallback}"'
    if fallback != name:
        value += f"; filename*=UTF-8''{quote(name, safe='')}"
    return value


def attachment(response, filename, inline: bool = False):
    """Set the Content-Disposition of `response` to save (or show) it as `filename`; returns
    `response`. For every download the application builds, files or exports."""
    response["Content-Disposition"] = content_disposition(filename, inline)
    return response


def serve_file(file, filename=None, *, inline=False, max_age=None) -> FileResponse:
    """The stored `file` (a FieldFile) as a download named `filename` (its stored name by
    default); 404 when there is no file or the storage no longer has it.

    Call it only after the view has checked that the user may read the record `file` belongs
    to. `inline` shows a PNG or JPEG in the page (any other type is still an attachment).
    `max_age` makes a public file cacheable for that many seconds; by default nothing keeps a
    copy.
    """
    if not file or not file.name:
        raise Http404
    storage, stored_name = file.storage, file.name
    try:
        # exists() first: some object stores open lazily and fail only while streaming.
        if not storage.exists(stored_name):
            raise Http404
        handle = storage.open(stored_name, "rb")
    except (OSError, SuspiciousFileOperation):  # gone, unreadable, or a name outside storage
        raise Http404 from None
    name = filename or stored_name
    content_type = content_type_of_name(name)
    response = FileResponse(handle, content_type=content_type)
    attachment(response, name, inline=inline and content_type in INLINE_TYPES)
    response["X-Content-Type-Options"] = "nosniff"
    if max_age is None:
        patch_cache_control(response, private=True, no_store=True)
    else:
        patch_cache_control(response, public=True, max_age=max_age)
    return response


def delete_file_on_commit(file) -> None:
    """Delete the stored `file` once the current transaction commits (at once outside one);
    if it rolls back, the record comes back and so does nothing happen to its file."""
    if not file or not file.name:
        return
    storage, name = file.storage, file.name
    # robust: a storage that fails to delete leaves an orphan file and a log line, not a 500
    # after the data has been committed.
    transaction.on_commit(lambda: storage.delete(name), robust=True)
