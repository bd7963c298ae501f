import datetime
import io
import os
import re
import shutil
import subprocess
import tempfile
import zipfile
from io import StringIO
from pathlib import Path

import docx
import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import TestCase, override_settings
from django.utils import timezone

from sinergi.accounts.models import User
from sinergi.decrees import drafts
from sinergi.decrees.admin import DecreeTemplateForm
from sinergi.decrees.management.commands.build_decree_templates import entries
from sinergi.decrees.models import DecreeTemplate
from sinergi.pokja.models import Institution, Membership, WorkingGroup
from sinergi.regions.actions import do_load_regions
from sinergi.test import BaseTestCase, add_member

MEDIA = tempfile.mkdtemp(prefix="sinergi-test-media-")
SPECIAL = 'Ujang "Acil" Suryana & Rekan <LSM>'


def open_docx(data: bytes):
    return docx.Document(io.BytesIO(data))


def all_text(document) -> str:
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        lines += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(lines)


def appendix_rows(document) -> list[list[str]]:
    """The rows of the members' table (the last table), without its header."""
    rows = [[cell.text for cell in row.cells] for row in document.tables[-1].rows]
    assert rows[0] == drafts.MEMBER_COLUMNS
    return rows[1:]


def template_docx(text: str) -> bytes:
    """A small uploaded template: one paragraph and a table with a docxtpl row loop."""
    document = docx.Document()
    document.add_paragraph(text)
    table = document.add_table(rows=3, cols=2)
    table.cell(0, 0).text = "{%tr for m in members %}"
    table.cell(1, 0).text = "{{ m.name }}"
    table.cell(1, 1).text = "{{ m.position }}"
    table.cell(2, 0).text = "{%tr endfor %}"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@override_settings(MEDIA_ROOT=MEDIA)
class DraftDecreeTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.today = timezone.localdate()
        public_works = Institution.objects.create(
            name="Dinas PU & Tata Ruang",
            category=Institution.Category.AGENCY,
            region=cls.kab_bandung,
        )
        add = add_member
        group = cls.bandung_group
        add(group, SPECIAL)
        add(
            group,
            "Wulan Sari",
            "koordinator_bidang",
            field="air_minum",
            institution=public_works,
            job_title="Kepala Bidang <Air Minum>",
        )
        add(
            group,
            "Agus Hidayat",
            "ketua",
            institution=cls.bappeda,
            job_title="Kepala Bappeda Kabupaten Bandung",
        )
        add(
            group,
            "Cecep Mutasi",
            ended_on=cls.today - datetime.timedelta(days=10),
            end_reason=Membership.EndReason.TRANSFER,
        )
        add(group, "Dodi Belum Mulai", started_on=str(cls.today + datetime.timedelta(days=1)))
        add(cls.kupang_group, "Maria Kupang")
        cls.url = "/pokja/32.04/sk/rancangan.docx"

    def render(self, group=None):
        return open_docx(drafts.render_docx(group or self.bandung_group, self.today))

    def test_the_docx_names_the_group_the_signatory_and_every_current_member(self):
        document = self.render()
        text = all_text(document)
        self.assertIn("KEPUTUSAN BUPATI BANDUNG", text)
        self.assertIn("PROVINSI JAWA BARAT", text)
        self.assertIn("yang selanjutnya disebut Pokja AMPL Kabupaten Bandung", text)
        self.assertIn("melalui Kepala Bappeda Kabupaten Bandung", text)
        self.assertIn(f"sampai dengan tanggal 31 Desember {self.today.year}", text)
        self.assertEqual(
            appendix_rows(document),
            [
                ["1", "Ketua", "Agus Hidayat", "Kepala Bappeda Kabupaten Bandung", ""],
                [
                    "2",
                    "Koordinator bidang",
                    "Wulan Sari",
                    "Kepala Bidang <Air Minum>, Dinas PU & Tata Ruang",
                    "Air minum",
                ],
                ["3", "Anggota", SPECIAL, "", ""],
            ],
        )
        for absent in ["Cecep Mutasi", "Dodi Belum Mulai", "Maria Kupang"]:
            self.assertNotIn(absent, text)

    def test_special_characters_survive_and_no_tag_is_left(self):
        WorkingGroup.objects.filter(pk=self.bandung_group.pk).update(
            name='Pokja "AMPL" & PKP <Bandung>', secretariat_address="Jl. A & B\nSoreang"
        )
        self.bandung_group.refresh_from_db()
        data = drafts.render_docx(self.bandung_group, self.today)
        text = all_text(open_docx(data))
        self.assertIn('POKJA "AMPL" & PKP <BANDUNG>', text)
        self.assertIn("Alamat sekretariat: Jl. A & B", text)
        self.assertIn(SPECIAL, text)
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            xml = archive.read("word/document.xml").decode()
        self.assertIsNone(re.search(r"\{[{%]|[}%]\}", xml))

    def test_each_level_gets_its_signatory(self):
        city = WorkingGroup.objects.create(region=self.kota_bandung, name="Pokja AMPL Kota Bandung")
        text = all_text(self.render(city))
        self.assertIn("KEPUTUSAN WALI KOTA BANDUNG", text)
        text = all_text(self.render(self.jabar_group))
        self.assertIn("KEPUTUSAN GUBERNUR JAWA BARAT", text)
        self.assertIn("LINGKUNGAN PROVINSI JAWA BARAT TAHUN", text)
        self.assertIn("Anggaran Pendapatan dan Belanja Daerah Provinsi Jawa Barat", text)
        text = all_text(self.render(self.national_group))
        self.assertIn("Anggaran Pendapatan dan Belanja Negara", text)

    def test_the_newest_active_uploaded_template_is_used_instead_of_the_default(self):
        def upload(level, text, active=True):
            template = DecreeTemplate(level=level, name=text, is_active=active)
            template.file.save("templat.docx", ContentFile(template_docx(text)))

        L = DecreeTemplate.Level
        upload(L.REGENCY, "Templat lama {{ signatory_title }}")
        upload(L.REGENCY, "Templat baru {{ signatory_title }}")
        upload(L.REGENCY, "Templat nonaktif", active=False)
        upload(L.PROVINCE, "Templat provinsi")
        document = self.render()
        self.assertEqual(document.paragraphs[0].text, "Templat baru Bupati Bandung")
        rows = [[c.text for c in row.cells] for row in document.tables[0].rows]
        self.assertEqual(rows[0], ["Agus Hidayat", "Ketua"])
        self.assertEqual(len(rows), 3)
        self.assertEqual(self.render(self.jabar_group).paragraphs[0].text, "Templat provinsi")

    def test_the_admin_refuses_a_template_that_cannot_be_filled(self):
        def form(content):
            data = {"level": "kabupaten_kota", "name": "Uji", "is_active": "on", "notes": ""}
            files = {"file": SimpleUploadedFile("t.docx", content)}
            return DecreeTemplateForm(data, files)

        self.assertTrue(form(template_docx("{{ signatory_title }}")).is_valid())
        for content in [template_docx("{{ nama_bupati }}"), template_docx("{{ year")]:
            self.assertIn("Templat tidak dapat diisi", str(form(content).errors["file"]))
        zipped = io.BytesIO()
        with zipfile.ZipFile(zipped, "w") as archive:
            archive.writestr("word/document.xml", "<not-word/>")
        self.assertIn("file", form(zipped.getvalue()).errors)

    def test_the_admin_shows_the_variables(self):
        self.client.force_login(User.objects.create_superuser("admin@example.org", "x"))
        r = self.client.get("/admin/decrees/decreetemplate/add/")
        self.assertContains(r, "{{ signatory_title }}")
        self.assertContains(r, "{{ m.job_and_institution }}")

    def test_the_sample_has_every_variable_of_a_real_draft(self):
        real = drafts.draft_context(self.bandung_group, self.today)
        sample = drafts.sample_context()
        self.assertEqual(list(sample), list(real))
        self.assertEqual(list(sample["members"][0]), list(real["members"][0]))

    def test_the_queries_do_not_grow_with_the_roster(self):
        group = WorkingGroup.objects.select_related("region", "contact_institution").get(
            pk=self.bandung_group.pk
        )
        # The province for the heading, the decrees (the first day), the roster, the uploaded
        # templates.
        with self.assertNumQueries(4):
            drafts.render_docx(group, self.today)

    def test_the_pdf_is_a_pdf(self):
        data = drafts.render_pdf(self.bandung_group, self.today)
        self.assertTrue(data.startswith(b"%PDF"))

    def test_the_shipped_templates_are_what_the_command_builds(self):
        with tempfile.TemporaryDirectory() as directory:
            out = StringIO()
            call_command("build_decree_templates", output_dir=Path(directory), stdout=out)
            self.assertIn("2 templates, 2 written", out.getvalue())
            for level in DecreeTemplate.Level.values:
                built = (Path(directory) / f"{level}.docx").read_bytes()
                shipped = drafts.default_template_path(level).read_bytes()
                self.assertEqual(entries(built), entries(shipped), level)

    def test_the_secretariat_downloads_the_docx(self):
        self.client.force_login(self.regency)
        r = self.client.get(self.url)
        self.assertEqual(r.status_code, 200)
        self.assertEqual(r["Content-Type"], drafts.DOCX_CONTENT_TYPE)
        self.assertEqual(r["Content-Disposition"], 'attachment; filename="rancangan-sk-32.04.docx"')
        self.assertIn("Agus Hidayat", all_text(open_docx(r.content)))

    def test_the_secretariat_downloads_the_pdf(self):
        self.client.force_login(self.regency)
        r = self.client.get("/pokja/32.04/sk/rancangan.pdf")
        self.assertEqual(r.status_code, 200)
        self.assertEqual(r["Content-Type"], "application/pdf")
        self.assertEqual(r["Content-Disposition"], 'attachment; filename="rancangan-sk-32.04.pdf"')
        self.assertTrue(r.content.startswith(b"%PDF"))

    def test_next_years_decree_can_be_drafted(self):
        self.client.force_login(self.regency)
        year = self.today.year + 1
        r = self.client.get(f"{self.url}?tahun={year}")
        self.assertIn(f"sampai dengan tanggal 31 Desember {year}", all_text(open_docx(r.content)))
        for wrong in [self.today.year + 2, "dua", ""]:
            self.assertEqual(self.client.get(f"{self.url}?tahun={wrong}").status_code, 404)

    def test_an_unknown_format_is_not_found(self):
        self.client.force_login(self.regency)
        self.assertEqual(self.client.get("/pokja/32.04/sk/rancangan.odt").status_code, 404)

    def test_readers_are_refused_and_outsiders_see_nothing(self):
        for user, status in [
            (self.member, 403),
            (self.provincial, 403),
            (self.national, 403),
            (self.outsider, 404),
        ]:
            self.client.force_login(user)
            self.assertEqual(self.client.get(self.url).status_code, status, user)

    def test_a_visitor_is_sent_to_sign_in(self):
        self.assertRedirects(self.client.get(self.url), f"/akun/masuk/?next={self.url}")


class DemoDraftDecreeTestCase(TestCase):
    """The draft decree of a demo kabupaten, from the demo data of `make run`."""

    @classmethod
    def setUpTestData(cls):
        do_load_regions(max_level=2)
        call_command("load_demo", stdout=StringIO())
        cls.group = WorkingGroup.objects.select_related("region").get(region__code="32.04")
        cls.today = timezone.localdate()
        cls.data = drafts.render_docx(cls.group, cls.today)

    def test_every_current_member_is_in_the_appendix(self):
        current = Membership.objects.filter(working_group=self.group).active_on(self.today)
        names = sorted(current.values_list("person__full_name", flat=True))
        self.assertTrue(names)
        rows = appendix_rows(open_docx(self.data))
        self.assertEqual(sorted(row[2] for row in rows), names)
        self.assertEqual([row[0] for row in rows], [str(i) for i in range(1, len(rows) + 1)])

    @pytest.mark.skipif(
        shutil.which("libreoffice") is None,
        reason="LibreOffice is not installed (apt-get install libreoffice-writer-nogui)",
    )
    def test_libreoffice_converts_it_to_pdf(self):
        with tempfile.TemporaryDirectory() as directory:
            source = Path(directory) / "rancangan-sk.docx"
            source.write_bytes(self.data)
            # Its own profile and HOME, so that it runs as root and beside another instance.
            subprocess.run(
                [
                    "libreoffice",
                    f"-env:UserInstallation=file://{directory}/profile",
                    "--headless",
                    "--convert-to",
                    "pdf",
                    "--outdir",
                    directory,
                    str(source),
                ],
                env={**os.environ, "HOME": directory},
                capture_output=True,
                timeout=180,
                check=True,
            )
            pdf = source.with_suffix(".pdf")
            self.assertTrue(pdf.exists())
            self.assertGreater(pdf.stat().st_size, 0)
            self.assertTrue(pdf.read_bytes().startswith(b"%PDF"))
