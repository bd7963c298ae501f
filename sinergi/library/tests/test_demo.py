from sinergi.accounts.models import User
from sinergi.library.demo import load_demo
from sinergi.library.models import Document
from sinergi.library.tests.base import LibraryTestCase


class DemoTestCase(LibraryTestCase):
    def test_it_creates_documents_with_real_files_once(self):
        asep = User.objects.create_user("kabbandung@demo.sinergi.test", "x", full_name="Asep")
        self.assertEqual(load_demo(), {"documents": 5, "document_versions": 6})
        self.assertEqual(load_demo(), {"documents": 0, "document_versions": 0})
        guide = Document.objects.get(title="Panduan Pembentukan Pokja AMPL")
        self.assertEqual(guide.working_group, self.national_group)
        self.assertTrue(guide.is_public)
        latest, first = guide.versions.all()
        self.assertEqual((latest.number, first.number), (2, 1))
        self.assertIn("sanitasi", latest.text)
        self.assertIn("air minum", latest.text)
        decree = Document.objects.get(title="Contoh SK Pokja AMPL Kabupaten").versions.get()
        self.assertIn("MEMUTUSKAN", decree.text)
        sheet = Document.objects.get(title__startswith="Lembar Kerja").versions.get()
        self.assertIn("Dinas Kesehatan", sheet.text)
        internal = Document.objects.get(is_public=False)
        self.assertEqual(internal.working_group, self.bandung_group)
        self.assertEqual(internal.versions.get().uploaded_by, asep)
        response = self.client.get(f"/pustaka/{guide.pk}/unduh/")
        self.assertTrue(b"".join(response.streaming_content).startswith(b"%PDF-"))
        self.assertEqual(self.client.get(f"/pustaka/{internal.pk}/unduh/").status_code, 404)

    def test_it_needs_the_groups(self):
        self.bandung_group.delete()
        self.assertEqual(load_demo(), {"documents": 3, "document_versions": 4})
