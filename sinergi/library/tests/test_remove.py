"""Removing a library document uploaded by mistake, with every version's file, which is
deleted only once the removal commits (issue 15, item 6)."""

from django.core.files.base import ContentFile

from sinergi.library.models import Document, DocumentVersion
from sinergi.pokja.models import Removal
from sinergi.pokja.tests.base import RemovalMixin
from sinergi.test import BaseTestCase

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class RemoveDocumentTest(RemovalMixin, BaseTestCase):
    def setUp(self):
        self.document = Document.objects.create(
            working_group=self.bandung_group, title="Kajian SPAM (salah unggah)", category="kajian"
        )
        self.files = []
        for number in (1, 2):
            version = DocumentVersion.objects.create(
                document=self.document,
                number=number,
                file=ContentFile(PDF, name=f"kajian-{number}.pdf"),
                filename=f"kajian-{number}.pdf",
                size=len(PDF),
            )
            self.files.append((version.file.storage, version.file.name))

    def test_it_removes_the_document_and_its_files_after_commit(self):
        response = self.confirmation("library:remove_document", self.document.pk)
        self.assertContains(response, "2 document versions")
        self.assertContains(response, "2 stored files")
        with self.captureOnCommitCallbacks(execute=False) as callbacks:
            response = self.remove(
                "library:remove_document", self.document.pk, reason="Salah unggah"
            )
            self.assertTrue(all(storage.exists(name) for storage, name in self.files))
        for callback in callbacks:
            callback()
        self.assertRedirects(response, "/en/pokja/32.04/pustaka/", fetch_redirect_response=False)
        self.assertFalse(any(storage.exists(name) for storage, name in self.files))
        self.assertFalse(Document.objects.exists())
        self.assertFalse(DocumentVersion.objects.exists())
        removal = Removal.objects.get()
        self.assertEqual(removal.label, "Kajian SPAM (salah unggah)")
        self.assertEqual(removal.removed_with, "2 document versions")

    def test_a_post_without_a_reason_keeps_document_and_files(self):
        with self.captureOnCommitCallbacks(execute=True):
            response = self.remove("library:remove_document", self.document.pk, reason="")
        self.assertContains(response, "This field is required.")
        self.assertTrue(Document.objects.exists())
        self.assertTrue(all(storage.exists(name) for storage, name in self.files))

    def test_members_upload_but_only_the_secretariat_removes(self):
        for user, status in ((self.member, 403), (self.provincial, 403), (self.outsider, 404)):
            response = self.remove("library:remove_document", self.document.pk, user=user)
            self.assertEqual(response.status_code, status)
        self.assertTrue(Document.objects.exists())

    def test_the_document_page_links_the_removal(self):
        self.client.force_login(self.regency)
        response = self.client.get(f"/en/pustaka/{self.document.pk}/")
        self.assertContains(response, self.url("library:remove_document", self.document.pk))
