"""The portal pages link what they mention, the contact page gives the national secretariat's
e-mail and phone as its directory entry has them, and phone numbers are links that call
(issue 20, item 7)."""

import pytest

from sinergi.lib.text import tel_uri
from sinergi.pages.reference import load_pages
from sinergi.test import BaseTestCase


@pytest.mark.parametrize(
    ("written", "uri"),
    [
        ("(022) 2516061", "tel:+62222516061"),
        ("022-2516061", "tel:+62222516061"),
        ("0812-2233-4455", "tel:+6281222334455"),
        ("+62 21 3190 0000", "tel:+622131900000"),
        ("62 21 3190 0000", "tel:+622131900000"),
        ("ext. 12", ""),
        ("", ""),
    ],
)
def test_phone_numbers_as_written_in_indonesia_become_tel_addresses(written, uri):
    assert tel_uri(written) == uri


class ContactPageTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        load_pages()

    def test_the_pages_link_the_directory_the_formation_guide_and_the_library(self):
        faq = self.client.get("/halaman/tanya-jawab/")
        self.assertContains(faq, 'href="/pokja/"')
        self.assertContains(faq, 'href="/halaman/cara-membentuk-pokja/"')
        self.assertContains(faq, 'href="/pustaka/"')
        english = self.client.get("/en/halaman/tanya-jawab/")
        self.assertContains(english, 'href="/en/pustaka/"')
        self.assertContains(self.client.get("/halaman/kontak/"), 'href="/pokja/"')
        about = self.client.get("/en/halaman/tentang/")
        self.assertContains(about, 'href="/en/pokja/"')
        self.assertContains(about, 'href="/en/pustaka/"')

    def test_the_contact_page_gives_the_national_secretariat_e_mail_and_phone(self):
        contact = self.client.get("/en/halaman/kontak/")
        self.assertNotContains(contact, "Contact the national secretariat")  # none recorded
        self.national_group.email = "sekretariat@ampl.go.id"
        self.national_group.phone = "(021) 3190 0000"
        self.national_group.save()
        contact = self.client.get("/en/halaman/kontak/")
        self.assertContains(contact, "Contact the national secretariat")
        self.assertContains(contact, 'href="mailto:sekretariat@ampl.go.id"')
        self.assertContains(contact, '<a href="tel:+622131900000">(021) 3190 0000</a>', html=True)

    def test_a_working_group_phone_calls_from_its_profile_and_the_directory(self):
        self.bandung_group.phone = "022-5891692"
        self.bandung_group.save()
        link = '<a href="tel:+62225891692">022-5891692</a>'
        self.assertContains(self.client.get("/pokja/32.04/"), link, html=True)
        self.assertContains(self.client.get("/pokja/"), link, html=True)
