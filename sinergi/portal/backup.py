"""One consistent archive of an installation, and bringing it back (`manage.py backup`,
`manage.py restore`).

The archive is a `.tar.gz` with:
- `database.xml`: every record (Django's XML serializer: it keeps times to the microsecond,
  which its JSON serializer cuts to milliseconds, and is read back as a stream), with natural
  keys for content types and accounts, so that it loads into a freshly migrated database of
  either engine (SQLite or PostgreSQL, whichever made it);
- `media/<name>`: every uploaded file a record refers to, read through the storage API (the
  disk or an object store);
- `manifest.json`: when and from which schema it was made, the number of rows of every model and
  the SHA-256 of every file.

The records are read in one transaction (REPEATABLE READ on PostgreSQL; SQLite's transaction
holds the write lock), so the dump is one moment of the database; the files are read after it,
and a file is never changed in place (a new version is a new file), so every file the dump
refers to is there. `restore` refuses a database that already holds working groups or accounts,
loads the records, writes the files, rebuilds the search index and checks every count and
checksum against the manifest.
"""

import hashlib
import io
import json
import tarfile
import tempfile
from pathlib import Path

from auditlog.context import disable_auditlog
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = 1
# Made again by `migrate` on the new installation, or worthless there.
LEFT_OUT = [
    "contenttypes",
    "auth.permission",
    "sessions",
    "accounts.formsubmission",
    "axes",
    # Summaries of the indicator values, counted again by their triggers as the values load.
    "monitoring.indicatoryear",
    "monitoring.villagetotal",
]


class RestoreError(Exception):
    pass


def _models():
    skipped = {label.lower() for label in LEFT_OUT}
    for model in apps.get_models():
        opts = model._meta
        if not opts.managed or opts.proxy:
            continue
        if opts.app_label in skipped or opts.label_lower in skipped:
            continue
        yield model


def _counts() -> dict[str, int]:
    return {model._meta.label_lower: model._default_manager.count() for model in _models()}


def _file_names() -> set[str]:
    """The names of every file a record refers to."""
    names = set()
    for model in _models():
        for field in model._meta.get_fields():
            if isinstance(field, models.FileField):
                values = model._default_manager.exclude(**{field.name: ""}).values_list(
                    field.name, flat=True
                )
                names.update(name for name in values.iterator() if name)
    return names


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _schema() -> dict[str, str]:
    """The newest applied migration of each app, so that restore can refuse an older code."""
    latest = {}
    for app, name in MigrationRecorder.Migration.objects.values_list("app", "name"):
        latest[app] = max(latest.get(app, ""), name)
    return latest


def _add(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(timezone.now().timestamp())
    archive.addfile(info, io.BytesIO(data))


def backup(path: Path) -> dict:
    """Write the archive to `path`; returns its manifest."""
    with tempfile.TemporaryDirectory() as work:
        dump = Path(work) / "database.xml"
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            counts = _counts()
            names = sorted(_file_names())
            call_command(
                "dumpdata",
                exclude=LEFT_OUT,
                format="xml",
                natural_foreign=True,
                natural_primary=True,
                output=str(dump),
                verbosity=0,
            )
            schema = _schema()
        manifest = {
            "format": FORMAT,
            "made": timezone.now().isoformat(),
            "engine": connection.vendor,
            "schema": schema,
            "rows": counts,
            "files": {},
            "missing_files": [],
        }
        with tarfile.open(path, "w:gz") as archive:
            archive.add(dump, "database.xml")
            for name in names:
                try:
                    with default_storage.open(name, "rb") as file:
                        data = file.read()
                except FileNotFoundError:
                    manifest["missing_files"].append(name)
                    continue
                manifest["files"][name] = _sha256(data)
                _add(archive, f"media/{name}", data)
            _add(archive, "manifest.json", json.dumps(manifest, indent=1).encode())
    return manifest


def _read_manifest(archive: tarfile.TarFile) -> dict:
    try:
        manifest = json.load(archive.extractfile("manifest.json"))
    except KeyError:
        raise RestoreError("Not a Sinergi backup: the archive has no manifest.json.") from None
    if manifest.get("format") != FORMAT:
        raise RestoreError(f"Unknown backup format {manifest.get('format')!r}.")
    return manifest


def _check_empty() -> None:
    user = apps.get_model("accounts", "User")
    group = apps.get_model("pokja", "WorkingGroup")
    if user.objects.exists() or group.objects.exists():
        raise RestoreError(
            "This database already holds accounts or working groups: restore into a freshly "
            "migrated, empty database (see docs/operations.md)."
        )


def _check_schema(manifest) -> None:
    here = _schema()
    newer = [app for app, name in manifest["schema"].items() if name > here.get(app, "")]
    if newer:
        raise RestoreError(
            "The backup was made by a newer version of Sinergi (migrations of "
            + ", ".join(sorted(newer))
            + "): install that version, migrate, then restore."
        )


def restore(path: Path) -> dict:
    """Bring back the archive at `path` into this (empty, migrated) installation and check it
    against its manifest; returns the manifest."""
    with tarfile.open(path, "r:gz") as archive:
        manifest = _read_manifest(archive)
        _check_schema(manifest)
        _check_empty()
        with tempfile.TemporaryDirectory() as work:
            archive.extract("database.xml", work, filter="data")
            # The history comes back as it was: loading writes no change entries of its own.
            with transaction.atomic(), disable_auditlog():
                call_command("loaddata", str(Path(work) / "database.xml"), verbosity=0)
        for name, digest in manifest["files"].items():
            data = archive.extractfile(f"media/{name}").read()
            if _sha256(data) != digest:
                raise RestoreError(f"The archive's copy of {name} is damaged.")
            if default_storage.exists(name):
                default_storage.delete(name)
            saved = default_storage.save(name, ContentFile(data))
            if saved != name:
                raise RestoreError(f"{name} could not be written under its own name.")
    call_command("rebuild_search_index", verbosity=0)
    verify(manifest)
    return manifest


def verify(manifest) -> None:
    """Every model's rows and every file's checksum as the manifest says, or RestoreError."""
    counts = _counts()
    wrong = [
        f"{label}: {counts.get(label)} rows, {expected} expected"
        for label, expected in manifest["rows"].items()
        if counts.get(label) != expected and label != "search.searchentry"
    ]
    for name, digest in manifest["files"].items():
        with default_storage.open(name, "rb") as file:
            if _sha256(file.read()) != digest:
                wrong.append(f"{name}: checksum differs")
    if wrong:
        raise RestoreError("The restored installation differs from the backup: " + "; ".join(wrong))


def default_name(directory: Path) -> Path:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    return directory / f"sinergi-{stamp}.tar.gz"
