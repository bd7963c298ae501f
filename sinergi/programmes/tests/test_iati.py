"""Programmes from IATI activity files (sinergi/programmes/iati.py): upload, preview, confirm."""

import datetime
from decimal import Decimal
from pathlib import Path
from unittest import mock

from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from sinergi.programmes import iati_views
from sinergi.programmes.models import Programme
from sinergi.programmes.tests.base import ProgrammeTestCase, make_programme
from sinergi.regions.models import Region
from sinergi.test import make_region

DATA = Path(__file__).parent / "data"
URL = "/en/pokja/32.04/program/impor-iati/"
NATIONAL_URL = "/en/pokja/ID/program/impor-iati/"
D = datetime.date.fromisoformat


def xml_file(name="iati-example-locations.xml", text=None) -> SimpleUploadedFile:
    data = (DATA / name).read_bytes() if text is None else text.encode()
    return SimpleUploadedFile(name, data, content_type="application/xml")


def example(**replacements) -> str:
    text = (DATA / "iati-example-locations.xml").read_text()
    for old, new in replacements.items():
        assert old in text, old
        text = text.replace(old, new)
    return text


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<iati-activities version="2.03"><iati-activity><iati-identifier>&lol4;</iati-identifier>
</iati-activity></iati-activities>"""

EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE iati-activities [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<iati-activities version="2.03"><iati-activity><iati-identifier>&secret;</iati-identifier>
</iati-activity></iati-activities>"""


class IatiTestCase(ProgrammeTestCase):
    def preview(self, file=None, url=URL, user=None):
        self.client.force_login(user or self.regency)
        return self.client.post(url, {"file": file or xml_file()})

    def confirm(self, response, url=URL):
        return self.client.post(url, {"token": response.context["token"]})

    def import_file(self, file=None, url=URL, user=None):
        response = self.preview(file, url, user)
        self.assertEqual(response.status_code, 200)
        return self.confirm(response, url)

    def messages(self, response):
        return [str(m) for m in response.wsgi_request._messages]


class ImportTests(IatiTestCase):
    def test_publisher_sample_imports_its_water_activity_for_indonesia(self):
        response = self.preview(xml_file("iati-maec-spain.xml"), NATIONAL_URL, self.national)
        preview = response.context["preview"]
        self.assertEqual(
            [s.record.identifier for s in preview.added], ["ES-DIR3-E04585801-009-074013"]
        )
        self.assertEqual(len(preview.skipped), 3)
        self.assertContains(response, "Not a water and sanitation activity (DAC sectors: 12230).")
        self.assertContains(response, "Budget of 11,866 EUR not converted to rupiah")

        response = self.confirm(response, NATIONAL_URL)
        self.assertRedirects(response, "/en/pokja/ID/program/")
        programme = Programme.objects.get()
        self.assertEqual(programme.iati_identifier, "ES-DIR3-E04585801-009-074013")
        self.assertEqual(
            programme.name, "Dotación de tanques estancos para la recogida de agua de lluvia"
        )
        self.assertEqual((programme.kind, programme.sector), ("donor", "air_minum"))
        self.assertEqual(
            (programme.starts_on, programme.ends_on), (D("2013-01-01"), D("2013-12-31"))
        )
        self.assertEqual(programme.status, Programme.Status.FINISHED)
        self.assertEqual(programme.funder, "Spain")
        self.assertEqual(programme.implementer, "Otra entidad sin ánimo de lucro del país donante")
        self.assertIsNone(programme.budget)
        self.assertEqual(programme.contact_email, "aod.sgpolde@maec.es")
        self.assertEqual(list(programme.locations.all()), [self.nation])
        self.assertEqual(programme.registered_by, self.national_group)
        self.assertEqual(list(programme.working_groups.all()), [self.national_group])

    def test_an_activity_for_the_whole_country_is_left_to_the_national_group(self):
        response = self.preview(xml_file("iati-maec-spain.xml"))
        self.assertEqual(response.context["token"], "")
        self.assertContains(response, "It names no location below the country")
        self.assertContains(response, "no activity of this file can become a programme here")

    def test_example_imports_with_locations_funders_budget_and_dates(self):
        response = self.preview()
        self.assertEqual(Programme.objects.count(), 0)
        self.assertContains(response, "Kampung Cibeureum Hilir (-6.9512 107.7805)")
        skipped = {s.identifier: s.reasons for s in response.context["preview"].skipped}
        self.assertEqual(
            skipped,
            {
                "AA-AAA-123456789-WASH-2": [
                    "None of its locations was found in Kabupaten Bandung."
                ],
                "AA-AAA-123456789-EDU-3": [
                    "Not a water and sanitation activity (DAC sectors: 11220)."
                ],
                "AA-AAA-123456789-WASH-4": [
                    "Not an activity in Indonesia (recipient countries: TL)."
                ],
                "AA-AAA-123456789-WASH-5": ["The activity was cancelled."],
            },
        )

        response = self.confirm(response)
        self.assertRedirects(response, "/en/pokja/32.04/program/")
        self.assertIn("Created: 1, changed: 0, unchanged: 0.", self.messages(response)[-1])
        programme = Programme.objects.get()
        self.assertEqual(programme.iati_identifier, "AA-AAA-123456789-WASH-1")
        # The narrative in Indonesian is preferred to the English one.
        self.assertEqual(programme.name, "Sanitasi berbasis masyarakat di Bandung")
        self.assertEqual(programme.sector, "sanitasi")  # 14032 has the larger share
        self.assertEqual(programme.status, Programme.Status.RUNNING)
        # The actual start replaces the planned one; the planned end stands.
        self.assertEqual(
            (programme.starts_on, programme.ends_on), (D("2025-02-01"), D("2026-12-31"))
        )
        self.assertEqual(programme.funder, "Example Water Foundation")
        self.assertEqual(programme.implementer, "KSM Sanitasi Cinunuk")
        # 400 million for 2025, and 2026's revised 250 million instead of its original 200.
        self.assertEqual(programme.budget, Decimal("650000000"))
        self.assertEqual(
            (programme.contact_name, programme.contact_email, programme.contact_phone),
            ("Ujang Suryana", "ujang@example.org", "+62 22 1234567"),
        )
        self.assertEqual(
            sorted(programme.locations.values_list("code", flat=True)),
            ["32.04.05.2001", "32.04.06"],
        )

    def test_an_activity_without_an_end_date_is_left_out_with_the_reason(self):
        text = example(**{'<activity-date type="3" iso-date="2026-12-31"/>': ""})
        response = self.preview(xml_file(text=text))
        skipped = response.context["preview"].skipped[0]
        self.assertEqual(skipped.identifier, "AA-AAA-123456789-WASH-1")
        self.assertEqual(skipped.reasons, ["End: This field is required."])

    def test_budgets_in_several_currencies_are_not_added_up(self):
        revised = '<value currency="IDR" value-date="2026-01-01">250000000</value>'
        text = example(**{revised: '<value currency="USD" value-date="2026-01-01">16000</value>'})
        response = self.preview(xml_file(text=text))
        step = response.context["preview"].added[0]
        self.assertEqual(step.record.data["budget"], None)
        self.assertEqual(
            step.record.notes, ["Budgets in several currencies (IDR, USD) are not imported."]
        )

    def test_preview_writes_nothing(self):
        logged = LogEntry.objects.count()
        response = self.preview()
        self.assertContains(response, "Programmes to add")
        self.assertContains(response, 'name="token"')
        self.assertEqual(Programme.objects.count(), 0)
        self.assertEqual(LogEntry.objects.count(), logged)

    def test_the_same_file_again_changes_nothing(self):
        self.import_file()
        before = list(Programme.objects.values())
        response = self.preview()
        self.assertEqual(len(response.context["preview"].unchanged), 1)
        self.assertEqual(response.context["token"], "")
        self.assertContains(response, "Nothing to import")
        self.assertEqual(list(Programme.objects.values()), before)

    def test_a_newer_file_updates_the_programme_instead_of_adding_one(self):
        self.import_file()
        newer = example(
            **{
                '<activity-status code="2"/>\n    <activity-date type="1" iso-date="2025-01-01"/>\n'
                '    <activity-date type="2"': '<activity-status code="4"/>\n'
                '    <activity-date type="1" iso-date="2025-01-01"/>\n    <activity-date type="2"',
                '<value currency="IDR" value-date="2026-01-01">250000000</value>': (
                    '<value currency="IDR" value-date="2026-01-01">300000000</value>'
                ),
                "<name><narrative>Kec. Rancaekek</narrative></name>": (
                    "<name><narrative>Kec. Cileunyi</narrative></name>"
                ),
                'code="32.04.06"': 'code="32.04.05"',
            }
        )
        response = self.preview(xml_file(text=newer))
        step = response.context["preview"].updated[0]
        self.assertEqual(
            [(c.label, c.old, c.new) for c in step.changes],
            [
                ("Status", "Running", "Finished"),
                ("Budget (Rp)", "650,000,000", "700,000,000"),
                ("Locations", "Cinunuk, Rancaekek", "Cileunyi, Cinunuk"),
            ],
        )
        self.confirm(response)
        programme = Programme.objects.get()
        self.assertEqual(programme.status, Programme.Status.FINISHED)
        self.assertEqual(programme.budget, Decimal("700000000"))
        self.assertEqual(
            sorted(programme.locations.values_list("code", flat=True)),
            ["32.04.05", "32.04.05.2001"],
        )

    def test_a_programme_registered_by_hand_is_adopted(self):
        by_hand = make_programme(
            "Sanitasi berbasis masyarakat di Bandung",
            self.bandung_group,
            ["32.04.05.2001"],
            start="2025-02-01",
            end="2026-06-30",
        )
        response = self.preview()
        step = response.context["preview"].updated[0]
        self.assertEqual(step.programme, by_hand)
        self.confirm(response)
        by_hand.refresh_from_db()
        self.assertEqual(Programme.objects.count(), 1)
        self.assertEqual(by_hand.iati_identifier, "AA-AAA-123456789-WASH-1")
        self.assertEqual(by_hand.ends_on, D("2026-12-31"))

    def test_an_activity_another_group_imported_is_left_out(self):
        self.import_file(url="/en/pokja/32/program/impor-iati/", user=self.provincial)
        response = self.preview()
        self.assertEqual(response.context["preview"].added, [])
        self.assertContains(response, "already registered this activity: it is read-only here")

    def test_a_name_of_several_regions_is_listed_as_unmatched(self):
        make_region("32.04.05.2010", "Sukamaju", Region.Kind.VILLAGE, self.cileunyi)
        make_region("32.04.06.2010", "Sukamaju", Region.Kind.VILLAGE, self.rancaekek)
        text = example(**{"Kampung Cibeureum Hilir": "Sukamaju"})
        response = self.preview(xml_file(text=text))
        self.assertContains(response, "Sukamaju (2 regions of this name) (-6.9512 107.7805)")

    def test_the_preview_speaks_indonesian(self):
        self.client.force_login(self.regency)
        response = self.client.post(URL.removeprefix("/en"), {"file": xml_file()})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["LANGUAGE_CODE"], "id")
        self.assertContains(response, "Sanitasi berbasis masyarakat di Bandung")

    def test_the_import_is_in_the_history_of_the_programme(self):
        self.import_file()
        programme = Programme.objects.get()
        entry = (
            LogEntry.objects.get_for_object(programme).filter(action=LogEntry.Action.CREATE).get()
        )
        self.assertEqual(entry.actor, self.regency)
        response = self.client.get(f"/en/program/{programme.pk}/")
        self.assertContains(response, "AA-AAA-123456789-WASH-1")


class RefusedFileTests(IatiTestCase):
    def assertRefused(self, response, message):
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("preview", response.context)
        self.assertContains(response, message)
        self.assertEqual(Programme.objects.count(), 0)

    def test_billion_laughs_is_refused_unread(self):
        response = self.preview(xml_file(text=BILLION_LAUGHS))
        self.assertRefused(response, "declares a DTD or entities")

    def test_external_entity_is_refused_unread(self):
        response = self.preview(xml_file(text=EXTERNAL_ENTITY))
        self.assertRefused(response, "declares a DTD or entities")
        self.assertNotContains(response, "root:")

    def test_broken_xml_is_refused(self):
        response = self.preview(xml_file(text="<iati-activities><iati-activity>"))
        self.assertRefused(response, "The file is not well-formed XML")

    def test_a_file_that_is_not_xml_is_refused(self):
        response = self.preview(SimpleUploadedFile("laporan.pdf", b"%PDF-1.4 binary"))
        self.assertRefused(response, "The file is not well-formed XML")

    def test_xml_that_is_not_iati_is_refused(self):
        response = self.preview(xml_file(text="<rss><channel/></rss>"))
        self.assertRefused(response, "not an IATI activity file: its first element is &lt;rss&gt;")

    def test_an_iati_file_without_activities_is_refused(self):
        response = self.preview(xml_file(text='<iati-activities version="2.03"/>'))
        self.assertRefused(response, "The file has no &lt;iati-activity&gt;.")

    @override_settings(UPLOAD_MAX_MB=0)
    def test_a_file_over_the_upload_limit_is_refused(self):
        self.assertRefused(self.preview(), "The file is larger than 0 MB.")

    def test_a_tampered_or_foreign_token_writes_nothing(self):
        response = self.preview()
        token = response.context["token"]
        for bad in (token[:-2] + "xx", iati_views._token(self.kupang_group, self.regency, [])):
            response = self.client.post(URL, {"token": bad})
            self.assertRedirects(response, URL)
            self.assertIn("The preview has expired", self.messages(response)[-1])
        self.client.force_login(self.national)
        self.client.post(URL, {"token": token})
        self.assertEqual(Programme.objects.count(), 0)

    def test_an_expired_token_writes_nothing(self):
        response = self.preview()
        with mock.patch.object(iati_views, "TOKEN_MAX_AGE", -1):
            response = self.client.post(URL, {"token": response.context["token"]})
        self.assertRedirects(response, URL)
        self.assertEqual(Programme.objects.count(), 0)


class AccessTests(IatiTestCase):
    def test_secretariat_sees_the_link_and_the_page(self):
        self.client.force_login(self.regency)
        self.assertContains(self.client.get("/en/pokja/32.04/program/"), URL.removeprefix("/en"))
        self.assertContains(self.client.get(URL), "Import from an IATI file")

    def test_member_gets_403_and_no_link(self):
        self.client.force_login(self.member)
        self.assertNotContains(self.client.get("/en/pokja/32.04/program/"), "impor-iati")
        self.assertEqual(self.client.get(URL).status_code, 403)
        self.assertEqual(self.client.post(URL, {"file": xml_file()}).status_code, 403)

    def test_outsider_gets_404(self):
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.get(URL).status_code, 404)
        self.assertEqual(self.client.post(URL, {"file": xml_file()}).status_code, 404)

    def test_visitor_is_sent_to_sign_in(self):
        response = self.client.get(URL)
        self.assertEqual(response.status_code, 302)
        self.assertIn("next=", response["Location"])
        self.assertEqual(Programme.objects.count(), 0)
