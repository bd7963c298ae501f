"""A secretariat schedules a meeting, records attendance and a decision with an action item;
the owner sees it in their list and closes it. In Debian's chromium."""

import datetime
import re

import pytest
from django.utils import timezone

from sinergi.meetings import demo as meetings_demo
from sinergi.meetings.models import ActionItem, Meeting

TITLE = "Rapat koordinasi percepatan ODF Kecamatan Rancaekek"
ACTION = "Kirim daftar desa calon verifikasi ODF Rancaekek"


def sign_in(page, base, email):
    page.context.clear_cookies()
    page.goto(base + "/akun/masuk/")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Kata sandi").fill("demo-sinergi")
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(base + "/dasbor/")


@pytest.mark.browser
def test_secretariat_schedules_records_decides_and_the_owner_closes_the_item(
    live_server, demo, page
):
    meetings_demo.load_demo()  # idempotent, whether or not load_demo already ran it
    base = live_server.url
    day = timezone.localdate() + datetime.timedelta(days=7)
    sign_in(page, base, "kabbandung@demo.sinergi.test")

    # Schedule: every member of today's roster is invited by default.
    page.goto(base + "/pokja/32.04/rapat/")
    page.get_by_role("link", name="Jadwalkan rapat").click()
    page.get_by_label("Jenis").select_option(label="Rapat koordinasi")
    page.get_by_label("Judul").fill(TITLE)
    page.get_by_label("Mulai").fill(f"{day.isoformat()}T09:00")
    page.get_by_label("Selesai").fill(f"{day.isoformat()}T11:30")
    page.get_by_label("Tempat").fill("Kantor Kecamatan Rancaekek")
    assert page.get_by_label("Siti Rahmawati, S.KM.").is_checked()
    page.get_by_label("Nama tamu 1").fill("Bidan desa Sukamanah")
    page.get_by_role("button", name="Jadwalkan rapat").click()
    assert page.get_by_text("Rapat telah dijadwalkan.").is_visible()
    meeting = Meeting.objects.get(title=TITLE)
    page.wait_for_url(f"{base}/pokja/32.04/rapat/{meeting.pk}/")

    # Attendance, with the signed list.
    page.get_by_role("link", name="Catat kehadiran").click()
    rows = page.get_by_role("row")
    rows.filter(has_text="Siti Rahmawati").get_by_label(re.compile(r": Hadir$")).check()
    rows.filter(has_text="Gilang Permana").get_by_label(re.compile(r": Izin$")).check()
    page.get_by_label("Daftar hadir bertanda tangan").set_input_files(
        {"name": "daftar-hadir.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%%EOF"}
    )
    page.get_by_role("button", name="Simpan kehadiran").click()
    assert page.get_by_text("Kehadiran telah dicatat.").is_visible()
    assert page.get_by_role("link", name="Daftar hadir bertanda tangan").is_visible()

    # A decision, then an action item from it for the member.
    page.get_by_role("link", name="Tambah keputusan").click()
    page.get_by_label("Keputusan").fill("Puskesmas mengirim daftar desa calon verifikasi ODF.")
    page.get_by_role("button", name="Simpan keputusan").click()
    assert page.get_by_text("Keputusan telah disimpan.").is_visible()
    page.get_by_role("link", name="Tambah tindak lanjut untuk keputusan 1").click()
    page.get_by_label("Tindakan").fill(ACTION)
    page.get_by_label("Penanggung jawab (anggota)").select_option(label="Siti Rahmawati, S.KM.")
    page.get_by_label("Jatuh tempo").fill((day + datetime.timedelta(days=14)).isoformat())
    page.get_by_role("button", name="Simpan tindak lanjut").click()
    assert page.get_by_text("Tindak lanjut telah dicatat.").is_visible()
    item = ActionItem.objects.get(title=ACTION)
    assert item.decision.meeting == meeting

    # The owner, a mere member, sees it in their list and closes it.
    sign_in(page, base, "anggota.kabbandung@demo.sinergi.test")
    page.goto(base + "/tindak-lanjut-saya/")
    row = page.get_by_role("row").filter(has_text=ACTION)
    row.get_by_role("link", name=f"Tutup {ACTION}").click()
    page.get_by_label("Selesai").check()
    page.get_by_label("Catatan penutupan").fill("Daftar 6 desa terkirim ke Pokja.")
    page.get_by_role("button", name="Tutup tindak lanjut").click()
    page.wait_for_url(base + "/tindak-lanjut-saya/")
    assert page.get_by_text("Tindak lanjut telah ditutup.").is_visible()

    item.refresh_from_db()
    assert item.status == ActionItem.Status.DONE
    assert item.closed_on == timezone.localdate()
    attendance = {
        p.person.full_name: p.attendance for p in meeting.participants.exclude(person=None)
    }
    assert attendance["Siti Rahmawati, S.KM."] == "hadir"
    assert attendance["Gilang Permana, S.Kom."] == "izin"
    assert meeting.participants.filter(guest_name="Bidan desa Sukamanah").exists()
