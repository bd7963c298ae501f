import datetime
import io

import pypdf
from django.utils import timezone

from sinergi.meetings.calendar import JAKARTA
from sinergi.meetings.models import ActionItem, Meeting
from sinergi.meetings.reports import quarter_activity, quarter_dates
from sinergi.meetings.tests.base import CoordinationTestCase, item, jakarta, meeting


def pdf_text(response) -> str:
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


class MeetingReportTestCase(CoordinationTestCase):
    def url(self, meeting=None):
        meeting = meeting or self.past
        return f"/pokja/{meeting.working_group.code}/rapat/{meeting.pk}/laporan.pdf"

    def test_access_matrix(self):
        for user, status in [
            (self.regency, 200),
            (self.member, 200),
            (self.provincial, 200),
            (self.national, 200),
            (self.outsider, 404),
        ]:
            with self.subTest(user=user.email):
                self.client.force_login(user)
                self.assertEqual(self.client.get(self.url()).status_code, status)
        self.client.force_login(self.member)
        # Kupang's meeting under Bandung's address is as absent as an unknown one.
        wrong = f"/pokja/32.04/rapat/{self.kupang_meeting.pk}/laporan.pdf"
        self.assertEqual(self.client.get(wrong).status_code, 404)
        self.client.logout()
        self.assertEqual(self.client.get(self.url()).status_code, 302)

    def test_the_pdf_holds_the_whole_record_as_plain_text(self):
        self.client.force_login(self.member)
        response = self.client.get(self.url())
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertTrue(response.content.startswith(b"%PDF"))
        text = pdf_text(response)
        for expected in [
            "Rapat evaluasi STBM",
            "Kunjungan monev",
            "Evaluasi pilar STBM",
            "Peserta dan kehadiran",
            "2 dari 3 undangan hadir",
            "Siti Rahmawati",
            "Izin",
            "Notulen",
            "<b>Tidak tebal</b> <script>alert(1)</script>",  # shown, never interpreted
            "Verifikasi desa ODF di Cileunyi.",
            "Jadwalkan verifikasi ODF",
            "13.30 WIB",
        ]:
            self.assertIn(expected, text)

    def test_an_empty_meeting_still_prints(self):
        bare = meeting(self.bandung_group, "Rapat kosong", jakarta(datetime.date(2026, 1, 5), 9))
        self.client.force_login(self.regency)
        text = pdf_text(self.client.get(self.url(bare)))
        self.assertIn("Rapat kosong", text)
        self.assertIn("Tidak ada yang dicatat.", text)


class QuarterReportTestCase(CoordinationTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.day = timezone.localtime(cls.past.starts_at, JAKARTA).date()
        cls.quarter = (cls.day.month - 1) // 3 + 1
        cls.query = f"?tahun={cls.day.year}&triwulan={cls.quarter}"

    def test_access_matrix(self):
        for url in ["/pokja/32.04/laporan-kegiatan/", "/pokja/32.04/laporan-kegiatan.pdf"]:
            for user, status in [
                (self.regency, 200),
                (self.member, 200),
                (self.provincial, 200),
                (self.national, 200),
                (self.outsider, 404),
            ]:
                with self.subTest(url=url, user=user.email):
                    self.client.force_login(user)
                    self.assertEqual(self.client.get(url + self.query).status_code, status)
            self.client.logout()
            self.assertEqual(self.client.get(url).status_code, 302)

    def test_the_counts_of_a_quarter(self):
        start, end = quarter_dates(self.day.year, self.quarter)
        ActionItem.objects.filter(pk=self.action.pk).update(
            status=ActionItem.Status.DONE, closed_on=start, due_on=start
        )
        late = item(self.bandung_group, "Terlambat ditutup", self.siti, start)
        ActionItem.objects.filter(pk=late.pk).update(
            status=ActionItem.Status.DONE, closed_on=start + datetime.timedelta(days=1)
        )
        item(self.bandung_group, "Masih terbuka", self.asep, start)
        meeting(
            self.bandung_group,
            "Dibatalkan",
            self.past.starts_at - datetime.timedelta(hours=5),
            is_cancelled=True,
        )
        with self.assertNumQueries(2):
            report = quarter_activity(
                self.bandung_group, self.day.year, self.quarter, timezone.localdate()
            )
        self.assertEqual([m.title for m in report.meetings], ["Rapat evaluasi STBM"])
        self.assertEqual(report.by_kind, [(Meeting.Kind.MONITORING_VISIT.label, 1)])
        self.assertEqual((report.present, report.recorded, report.invited), (2, 3, 3))
        self.assertEqual(report.attendance_rate, 67)
        self.assertEqual(report.decisions, 1)
        actions = report.actions
        self.assertEqual(actions["created"], 3 if start <= timezone.localdate() <= end else 0)
        self.assertEqual(actions["closed_on_time"], 1)
        self.assertEqual(actions["closed_late"], 1)
        self.assertEqual(actions["open"], 1)
        self.assertEqual(actions["overdue"], 1 if report.as_of > start else 0)

    def test_the_page_and_the_pdf(self):
        self.client.force_login(self.member)
        response = self.client.get("/pokja/32.04/laporan-kegiatan/" + self.query)
        self.assertContains(response, f"Triwulan {self.quarter} {self.day.year}")
        self.assertContains(response, "Rapat evaluasi STBM")
        self.assertContains(response, "Tingkat kehadiran")
        self.assertContains(response, "67%")
        response = self.client.get("/pokja/32.04/laporan-kegiatan.pdf" + self.query)
        self.assertTrue(response.content.startswith(b"%PDF"))
        text = pdf_text(response)
        self.assertIn("Laporan kegiatan", text)
        self.assertIn("Rapat evaluasi STBM", text)
        self.assertIn("Tingkat kehadiran", text)

    def test_a_bad_quarter_gets_a_clear_message(self):
        self.client.force_login(self.member)
        for query in [
            "?tahun=2026&triwulan=5",
            "?tahun=abc&triwulan=1",
            "?tahun=99999999999999999999&triwulan=1",
            "?triwulan=2",
        ]:
            with self.subTest(query=query):
                response = self.client.get("/pokja/32.04/laporan-kegiatan/" + query)
                self.assertContains(response, "bukan triwulan", status_code=400)
                pdf = self.client.get("/pokja/32.04/laporan-kegiatan.pdf" + query)
                self.assertEqual(pdf.status_code, 404)
