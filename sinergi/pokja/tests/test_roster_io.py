import datetime
import io
import zipfile
from unittest import mock

from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.utils import translation
from openpyxl import Workbook, load_workbook

from sinergi.lib.spreadsheets import XLSX_CONTENT_TYPE
from sinergi.pokja.models import Institution, Membership, Person
from sinergi.pokja.roster_io import COLUMNS
from sinergi.test import BaseTestCase

HEADER = [column.header for column in COLUMNS]
NIP_BUDI = "197801012005011001"
NIP_ASEP = "198203152008012002"


def label(choice):
    """The Indonesian label of a choice, as the template's drop-downs offer it."""
    with translation.override("id"):
        return str(choice.label)


def row(**values):
    return [values.get(column.key) for column in COLUMNS]


def xlsx(rows, header=HEADER):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for values in rows:
        sheet.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


GOOD_ROWS = [
    row(
        full_name="Budi Santoso",
        is_civil_servant="ya",
        nip=NIP_BUDI,
        institution_name="bappeda kabupaten bandung",
        job_title="Kepala Bappeda",
        email="budi@bandungkab.go.id",
        phone="0812345678",
        position="KETUA",
        started_on="01/02/2024",
        is_knowledge_holder="ya",
    ),
    row(
        full_name="Sri Wahyuni",
        is_civil_servant="tidak",
        institution_name="Yayasan Air Bersih Bandung",
        institution_category=label(Institution.Category.NGO),
        position=label(Membership.Position.SECRETARY),
        field=label(Membership.Field.WATER),
        duties="Menyusun notulen",
        started_on=datetime.date(2024, 2, 1),  # a real date cell
    ),
    row(
        full_name="Asep Sunarya",
        nip=NIP_ASEP,
        institution_name="Yayasan Air Bersih Bandung",
        position="anggota",
        field="air_limbah",
        started_on="2024-02-01",
    ),
]


class RosterIOTestCase(BaseTestCase):
    base = "/pokja/32.04/anggota"

    def upload(self, content, name="anggota.xlsx", language=""):
        upload = SimpleUploadedFile(name, content, content_type=XLSX_CONTENT_TYPE)
        return self.client.post(f"{language}{self.base}/impor/", {"file": upload})

    def counts(self):
        return Person.objects.count(), Membership.objects.count(), Institution.objects.count()

    def summary(self, response):
        """The last message of a redirect that was not followed."""
        return str(list(get_messages(response.wsgi_request))[-1])

    def problems(self, response):
        return {(p.row, p.column) for p in response.context["problems"]}


class ImportTestCase(RosterIOTestCase):
    def test_a_good_file_fills_the_roster_and_the_same_file_again_changes_nothing(self):
        self.client.force_login(self.regency)
        content = xlsx(GOOD_ROWS)
        r = self.upload(content, language="/en")
        self.assertRedirects(r, f"/en{self.base}/", fetch_redirect_response=False)
        message = self.summary(r)
        self.assertIn("People created: 3", message)
        self.assertIn("Memberships imported. Created: 3,", message)
        self.assertIn("Institutions created: 1", message)

        budi = Person.objects.get(nip=NIP_BUDI)
        self.assertEqual(budi.institution, self.bappeda)  # matched without regard to case
        self.assertTrue(budi.is_civil_servant)
        self.assertEqual(budi.phone, "0812345678")
        chair = budi.memberships.get()
        self.assertEqual(chair.working_group, self.bandung_group)
        self.assertEqual(chair.position, Membership.Position.CHAIR)
        self.assertEqual(chair.started_on, datetime.date(2024, 2, 1))
        self.assertTrue(chair.is_knowledge_holder)
        ngo = Institution.objects.get(name="Yayasan Air Bersih Bandung")
        self.assertEqual((ngo.region, ngo.category), (self.kab_bandung, "lsm"))
        secretary = Membership.objects.get(person__full_name="Sri Wahyuni")
        self.assertEqual(secretary.position, Membership.Position.SECRETARY)
        self.assertEqual(secretary.field, Membership.Field.WATER)
        self.assertEqual(secretary.institution, ngo)
        self.assertFalse(secretary.person.is_civil_servant)
        asep = Person.objects.get(nip=NIP_ASEP)
        self.assertTrue(asep.is_civil_servant)  # a NIP makes a civil servant
        self.assertEqual(asep.memberships.get().field, Membership.Field.WASTEWATER)

        before = self.counts()
        r = self.upload(content, language="/en")
        self.assertRedirects(r, f"/en{self.base}/", fetch_redirect_response=False)
        self.assertEqual(self.counts(), before)
        message = self.summary(r)
        self.assertIn("People created: 0, updated: 0", message)
        self.assertIn("Created: 0, changed: 0, unchanged: 3.", message)
        self.assertIn("Institutions created: 0", message)

    def test_it_recognises_known_people_and_updates_what_the_file_fills_in(self):
        known = Person.objects.create(
            full_name="Budi Santoso", institution=self.bappeda, phone="022-111"
        )
        Membership.objects.create(
            person=known,
            working_group=self.bandung_group,
            position=Membership.Position.MEMBER,
            started_on=datetime.date(2020, 1, 1),
            # Ended: a second open membership would overlap it (see test_overlap.py).
            ended_on=datetime.date(2023, 12, 31),
            end_reason=Membership.EndReason.TERM_ENDED,
        )
        self.client.force_login(self.regency)
        r = self.upload(xlsx(GOOD_ROWS[:1]), language="/en")
        message = self.summary(r)
        self.assertIn("People created: 0, updated: 1", message)
        known.refresh_from_db()
        self.assertEqual((known.nip, known.phone), (NIP_BUDI, "0812345678"))
        self.assertEqual(known.memberships.count(), 2)  # a new position, the old one stays

    def test_a_file_with_bad_rows_changes_nothing_and_lists_every_row(self):
        rows = [
            row(
                institution_name="Bappeda Kabupaten Bandung",
                position="anggota",
                started_on="01/02/2024",
            ),
            row(
                full_name="Ani",
                institution_name="Bappeda Kabupaten Bandung",
                position="ketua umum",
                started_on="01/02/2024",
            ),
            row(
                full_name="Cecep",
                institution_name="Bappeda Kabupaten Bandung",
                position="anggota",
                started_on="31/02/2024",
            ),
            row(
                full_name="Dedi",
                nip="19780101200501100",
                institution_name="Bappeda Kabupaten Bandung",
                position="anggota",
                started_on="01/02/2024",
            ),
            row(
                full_name="Euis",
                is_civil_servant="tidak",
                nip=NIP_ASEP,
                institution_name="Bappeda Kabupaten Bandung",
                position="anggota",
                started_on="01/02/2024",
            ),
            GOOD_ROWS[0],
            row(
                full_name="Budi S.",
                nip=NIP_BUDI,
                institution_name="Bappeda Kabupaten Bandung",
                position="anggota",
                started_on="01/03/2024",
            ),
            row(
                full_name="Fajar",
                institution_name="Lembaga Baru",
                position="anggota",
                started_on="01/02/2024",
            ),
            row(full_name="Gita", institution_name="Lembaga Lain", position="anggota"),
        ]
        content = xlsx(rows)
        before = self.counts()
        self.client.force_login(self.regency)

        r = self.upload(content)
        self.assertEqual(r.status_code, 200)
        self.assertEqual(self.counts(), before)
        expected = {
            (2, "Nama lengkap"),
            (3, "Jabatan di Pokja"),
            (4, "Tanggal mulai"),
            (5, "NIP"),
            (6, "NIP"),
            (8, "Nama lengkap"),
            (9, "Kategori lembaga"),
            (10, "Tanggal mulai"),
            (10, "Kategori lembaga"),
        }
        self.assertEqual(self.problems(r), expected)
        for number in (2, 3, 4, 5, 6, 8, 9, 10):
            self.assertContains(r, f'<th scope="row">{number}</th>', html=False)
        self.assertNotContains(r, '<th scope="row">7</th>')
        # Indonesian by default.
        self.assertContains(r, "Bidang ini harus diisi.")
        self.assertContains(r, "ketua umum bukan salah satu dari pilihan yang tersedia")
        self.assertContains(r, "31/02/2024")  # the date that does not exist, named

        r = self.upload(content, language="/en")
        self.assertEqual(self.problems(r), expected)
        self.assertEqual(self.counts(), before)
        for text in [
            "This field is required.",
            "ketua umum is not one of the available choices",
            "“31/02/2024” is not a day of the calendar.",
            "A NIP has 18 digits.",
            "Only a civil servant has a NIP.",
            "This person is already in row 7.",
            "“Lembaga Baru” is not a known institution of this region",
            "Nothing was imported",
        ]:
            self.assertContains(r, text)

    def test_a_nip_typed_as_a_number_is_refused(self):
        self.client.force_login(self.regency)
        values = row(
            full_name="Budi",
            nip=1.97801012005011e17,
            institution_name="Bappeda Kabupaten Bandung",
            position="anggota",
            started_on="01/02/2024",
        )
        r = self.upload(xlsx([values]), language="/en")
        self.assertContains(r, "Write the NIP as text")
        self.assertEqual(Person.objects.count(), 0)

    def test_a_phone_number_typed_as_a_number_is_refused(self):
        # A number cell drops the leading 0 of 0812345678 without a word.
        self.client.force_login(self.regency)
        for phone in (812345678, 812345678.0):
            with self.subTest(phone=phone):
                values = row(
                    full_name="Budi",
                    phone=phone,
                    institution_name="Bappeda Kabupaten Bandung",
                    position="anggota",
                    started_on="01/02/2024",
                )
                r = self.upload(xlsx([values]), language="/en")
                self.assertEqual(self.problems(r), {(2, "Telepon")})
                self.assertContains(r, "Format the cell as text")
        self.assertEqual(Person.objects.count(), 0)

    def test_a_conflicting_change_during_the_import_rolls_everything_back(self):
        self.client.force_login(self.regency)
        with mock.patch.object(Membership.objects, "create", side_effect=IntegrityError):
            r = self.upload(xlsx(GOOD_ROWS), language="/en")
        self.assertContains(r, "The data changed while the file was being imported")
        self.assertEqual(self.counts(), (0, 0, 1))

    def test_a_filled_in_template_imports(self):
        self.client.force_login(self.regency)
        workbook = load_workbook(io.BytesIO(self.client.get(f"{self.base}/templat.xlsx").content))
        for values in GOOD_ROWS:
            workbook.worksheets[0].append(values)
        buffer = io.BytesIO()
        workbook.save(buffer)
        r = self.upload(buffer.getvalue())
        self.assertRedirects(r, f"{self.base}/", fetch_redirect_response=False)
        self.assertEqual(self.bandung_group.memberships.count(), 3)

    def test_the_form_links_the_template(self):
        self.client.force_login(self.regency)
        r = self.client.get(f"{self.base}/impor/")
        self.assertContains(r, f'href="{self.base}/templat.xlsx"')
        self.assertContains(r, 'enctype="multipart/form-data"')


class BadUploadTestCase(RosterIOTestCase):
    def assertRefused(self, response, text):
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, text)
        self.assertEqual(self.counts(), (0, 0, 1))

    def setUp(self):
        self.client.force_login(self.regency)

    def test_a_pdf_renamed_xlsx_is_refused_clearly(self):
        r = self.upload(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", language="/en")
        self.assertRefused(r, "This file is not an Excel workbook (.xlsx).")

    def test_a_zip_that_is_no_workbook_is_refused_clearly(self):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("hello.txt", "hello")
        r = self.upload(buffer.getvalue(), language="/en")
        self.assertRefused(r, "could not be read as an Excel workbook")

    def test_a_damaged_workbook_is_refused_clearly(self):
        r = self.upload(xlsx(GOOD_ROWS)[:3000], language="/en")
        self.assertRefused(r, "Excel workbook")

    def test_another_extension_is_refused_in_indonesian(self):
        r = self.upload(b"nama;jabatan\n", name="anggota.csv")
        self.assertRefused(r, "Ekstensi berkas “csv” tidak diizinkan")

    def test_an_empty_file_is_refused(self):
        self.assertRefused(self.upload(b""), "Berkas kosong.")

    def test_no_file_is_refused(self):
        r = self.client.post(f"{self.base}/impor/", {})
        self.assertRefused(r, "Bidang ini harus diisi.")

    def test_a_file_over_2_mb_is_refused(self):
        r = self.upload(b"PK\x03\x04" + b"0" * (2 * 1024 * 1024), language="/en")
        self.assertRefused(r, "The file is larger than 2 MB.")

    def test_wrong_headers_are_refused(self):
        r = self.upload(xlsx(GOOD_ROWS, header=["Nama", "Jabatan"]), language="/en")
        self.assertRefused(r, "These columns are missing from the first row")

    def test_a_header_without_rows_is_refused(self):
        r = self.upload(xlsx([]), language="/en")
        self.assertRefused(r, "The file has no rows to import below the header.")

    def test_an_empty_sheet_is_refused(self):
        workbook = Workbook()
        buffer = io.BytesIO()
        workbook.save(buffer)
        r = self.upload(buffer.getvalue(), language="/en")
        self.assertRefused(r, "must hold the column headers")

    def test_too_many_rows_are_refused(self):
        rows = [GOOD_ROWS[0]] * 1001
        r = self.upload(xlsx(rows), language="/en")
        self.assertRefused(r, "The file has more than 1000 rows")


class TemplateTestCase(RosterIOTestCase):
    def test_the_template_is_an_xlsx_with_the_header_and_the_allowed_values(self):
        self.client.force_login(self.regency)
        r = self.client.get(f"{self.base}/templat.xlsx")
        self.assertEqual(r.status_code, 200)
        self.assertEqual(r["Content-Type"], XLSX_CONTENT_TYPE)
        self.assertIn("attachment;", r["Content-Disposition"])
        workbook = load_workbook(io.BytesIO(r.content))
        sheet, lists = workbook.worksheets
        self.assertEqual([cell.value for cell in sheet[1]], HEADER)
        self.assertEqual(sheet.max_row, 1)
        offered = {
            value for column in lists.iter_cols(min_row=2, values_only=True) for value in column
        }
        self.assertIn(label(Membership.Position.CHAIR), offered)
        self.assertIn(label(Membership.Field.DRAINAGE), offered)
        self.assertIn(label(Institution.Category.BAPPEDA), offered)
        self.assertEqual(len(sheet.data_validations.dataValidation), 5)


class ExportTestCase(RosterIOTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.budi = Person.objects.create(
            full_name="Budi Santoso", nip=NIP_BUDI, institution=cls.bappeda
        )
        cls.ani = Person.objects.create(
            full_name="Ani Rahmawati", is_civil_servant=False, institution=cls.bappeda
        )
        Membership.objects.create(
            person=cls.budi,
            working_group=cls.bandung_group,
            position=Membership.Position.CHAIR,
            started_on=datetime.date(2023, 1, 1),
        )
        Membership.objects.create(
            person=cls.ani,
            working_group=cls.bandung_group,
            position=Membership.Position.SECRETARY,
            started_on=datetime.date(2020, 1, 1),
            ended_on=datetime.date(2022, 12, 31),
            end_reason=Membership.EndReason.TRANSFER,
        )

    def sheet(self, response):
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], XLSX_CONTENT_TYPE)
        return list(load_workbook(io.BytesIO(response.content)).worksheets[0].values)

    def test_the_export_holds_the_current_roster(self):
        self.client.force_login(self.member)
        # Session, user, scope, group, memberships with their people and institutions, and
        # which of the people's contact details the user may read.
        with self.assertNumQueries(6):
            r = self.client.get(f"{self.base}/ekspor.xlsx")
        header, *rows = self.sheet(r)
        self.assertEqual(list(header[: len(HEADER)]), HEADER)
        self.assertEqual([values[0] for values in rows], ["Budi Santoso"])
        self.assertEqual(rows[0][2], NIP_BUDI)
        self.assertEqual(rows[0][8], label(Membership.Position.CHAIR))

    def test_the_history_includes_ended_memberships_with_the_reason(self):
        self.client.force_login(self.regency)
        with self.assertNumQueries(6):
            r = self.client.get(f"{self.base}/ekspor.xlsx?riwayat=1")
        header, *rows = self.sheet(r)
        self.assertEqual([values[0] for values in rows], ["Ani Rahmawati", "Budi Santoso"])
        ani = rows[0]
        self.assertEqual(ani[-2].date(), datetime.date(2022, 12, 31))
        self.assertEqual(ani[-1], label(Membership.EndReason.TRANSFER))

    def test_an_exported_history_imports_again_without_changing_anything(self):
        self.client.force_login(self.regency)
        content = self.client.get(f"{self.base}/ekspor.xlsx?riwayat=1").content
        before = self.counts()
        r = self.upload(content, language="/en")
        self.assertRedirects(r, f"/en{self.base}/", fetch_redirect_response=False)
        message = self.summary(r)
        self.assertIn("People created: 0, updated: 0", message)
        self.assertIn("Created: 0, changed: 0, unchanged: 2.", message)
        self.assertEqual(self.counts(), before)


class AccessTestCase(RosterIOTestCase):
    def status(self, user, url, method="get"):
        self.client.force_login(user)
        return getattr(self.client, method)(url).status_code

    def test_the_secretariat_imports_and_exports(self):
        for path in ("templat.xlsx", "impor/", "ekspor.xlsx", "ekspor.xlsx?riwayat=1"):
            self.assertEqual(self.status(self.regency, f"{self.base}/{path}"), 200, path)

    def test_readers_export_but_may_not_import(self):
        for reader in (self.member, self.provincial):
            self.assertEqual(self.status(reader, f"{self.base}/templat.xlsx"), 403)
            self.assertEqual(self.status(reader, f"{self.base}/impor/"), 403)
            self.assertEqual(self.status(reader, f"{self.base}/ekspor.xlsx"), 200)
            r = self.upload(xlsx(GOOD_ROWS))
            self.assertEqual(r.status_code, 403)
        self.assertEqual(Person.objects.count(), 0)

    def test_outsiders_get_404(self):
        for path in ("templat.xlsx", "impor/", "ekspor.xlsx"):
            self.assertEqual(self.status(self.outsider, f"{self.base}/{path}"), 404, path)
        self.assertEqual(self.upload(xlsx(GOOD_ROWS)).status_code, 404)
        self.assertEqual(self.status(self.regency, "/pokja/53.01/anggota/ekspor.xlsx"), 404)
        self.assertEqual(Person.objects.count(), 0)

    def test_visitors_are_sent_to_sign_in(self):
        for path in ("templat.xlsx", "impor/", "ekspor.xlsx"):
            url = f"{self.base}/{path}"
            self.assertRedirects(
                self.client.get(url), f"/akun/masuk/?next={url}", fetch_redirect_response=False
            )
        self.assertRedirects(
            self.upload(xlsx(GOOD_ROWS)),
            f"/akun/masuk/?next={self.base}/impor/",
            fetch_redirect_response=False,
        )
