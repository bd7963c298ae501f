"""Uploads on an S3-compatible object store (issue 19, item 6), against a local S3 server (moto's,
from PyPI): the settings that docs/operations.md gives put a decree scan in a private bucket,
the private download serves it to whom may read it and to no one else, two uploads of one name
never overwrite each other, and the backup archive holds the file."""

import datetime
import socket
import tarfile

import boto3
import pytest
from django.core.files.base import ContentFile
from django.test import override_settings
from moto.server import ThreadedMotoServer

from sinergi.decrees.models import Decree
from sinergi.test import BaseTestCase

SCAN = b"%PDF-1.4\n% SK Pokja AMPL\n%%EOF\n"
BUCKET = "sinergi-media"


@pytest.fixture(scope="module")
def s3_server():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def bucket(s3_server, monkeypatch):
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")  # never ask the network for keys
    client = boto3.client(
        "s3",
        endpoint_url=s3_server,
        region_name="us-east-1",
        aws_access_key_id="sinergi",
        aws_secret_access_key="rahasia",
    )
    client.create_bucket(Bucket=BUCKET)
    # The options sinergi/settings.py builds from MEDIA_STORAGE=storages.backends.s3.S3Storage
    # and the S3_* variables.
    storages = {
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": s3_server,
                "region_name": "us-east-1",
                "access_key": "sinergi",
                "secret_key": "rahasia",
                "location": "",
                "default_acl": "private",
                "querystring_auth": True,
                "file_overwrite": False,
            },
        },
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(STORAGES=storages):
        yield client
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


def make_decree(number):
    return Decree.objects.create(
        working_group=BaseTestCase.bandung_group,
        number=number,
        signed_on=datetime.date(2026, 1, 5),
        valid_from=datetime.date(2026, 1, 5),
        valid_until=datetime.date(2026, 12, 31),
        scan=ContentFile(SCAN, "sk.pdf"),
    )


@pytest.mark.django_db
def test_a_scan_lives_in_the_private_bucket_and_is_served_only_to_readers(client, bucket):
    BaseTestCase.setUpTestData.__func__(BaseTestCase)
    decree = make_decree("1/SK/2026")
    stored = bucket.get_object(Bucket=BUCKET, Key=decree.scan.name)["Body"].read()
    assert stored == SCAN
    grants = bucket.get_object_acl(Bucket=BUCKET, Key=decree.scan.name)["Grants"]
    assert not [g for g in grants if g["Grantee"].get("URI", "").endswith("AllUsers")]

    url = f"/pokja/32.04/sk/{decree.pk}/pindaian/"
    client.force_login(BaseTestCase.regency)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == SCAN
    client.logout()
    assert client.get(url).status_code in (302, 404)  # a visitor does not read it


@pytest.mark.django_db
def test_two_uploads_of_one_name_keep_both_files(bucket):
    BaseTestCase.setUpTestData.__func__(BaseTestCase)
    first, second = make_decree("1/SK/2026"), make_decree("2/SK/2026")
    assert first.scan.name != second.scan.name
    keys = {item["Key"] for item in bucket.list_objects_v2(Bucket=BUCKET)["Contents"]}
    assert {first.scan.name, second.scan.name} <= keys


@pytest.mark.django_db(transaction=True)  # the backup reads in a transaction of its own
def test_the_backup_archive_holds_the_files_of_the_bucket(bucket, tmp_path):
    from sinergi.portal.backup import backup

    BaseTestCase.setUpTestData.__func__(BaseTestCase)
    decree = make_decree("1/SK/2026")
    archive = tmp_path / "sinergi.tar.gz"
    backup(archive)
    with tarfile.open(archive) as tar:
        assert tar.extractfile(f"media/{decree.scan.name}").read() == SCAN
