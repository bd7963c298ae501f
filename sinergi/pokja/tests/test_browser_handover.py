"""The mutasi-and-handover journey of a kabupaten secretariat, in Debian's chromium."""

import pytest

from sinergi.pokja.models import Handover


def sign_in(page, base, email):
    page.goto(base + "/akun/masuk/")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Kata sandi").fill("demo-sinergi")
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(base + "/dasbor/")


@pytest.mark.browser
def test_secretariat_ends_a_membership_for_mutasi_hands_over_and_gets_the_pack(
    live_server, demo, page
):
    base = live_server.url
    sign_in(page, base, "kabbandung@demo.sinergi.test")

    page.goto(base + "/pokja/32.04/anggota/")
    row = page.get_by_role("row").filter(has_text="Neneng Sulastri")
    row.get_by_role("link", name="Akhiri").click()
    page.get_by_label("Hari terakhir menjabat").fill("2026-11-30")
    page.get_by_label("Alasan berhenti").select_option("mutasi")
    page.get_by_role("button", name="Akhiri keanggotaan").click()

    page.wait_for_url(f"{base}/pokja/32.04/serah-terima/*/")
    page.get_by_label("Yang perlu diketahui pengganti").fill(
        "Data desa STBM ada di folder DPMD; verifikasi ODF Kecamatan Rancaekek belum selesai."
    )
    page.get_by_role("button", name="Simpan catatan").click()
    assert page.get_by_text("Catatan serah terima telah disimpan").is_visible()

    page.get_by_label("Atau orang baru: nama lengkap").fill("Dewi Lestari, S.Sos.")
    page.get_by_label("Tanggal mulai").fill("2026-12-01")
    page.get_by_role("button", name="Tetapkan pengganti").click()
    assert page.get_by_text("Dewi Lestari, S.Sos. menggantikan").is_visible()

    with page.expect_download() as download:
        page.get_by_role("link", name="Unduh paket serah terima (PDF)").click()
    path = download.value.path()
    with open(path, "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"

    handover = Handover.objects.get(leaving__person__full_name__startswith="Neneng Sulastri")
    assert handover.successor.person.full_name == "Dewi Lestari, S.Sos."
    assert "Rancaekek" in handover.notes

    # From the successor's first day the roster shows the successor in the leaving member's place.
    page.goto(base + "/pokja/32.04/anggota/?tanggal=2026-12-01")
    assert page.get_by_text("Dewi Lestari, S.Sos.").is_visible()
    assert page.get_by_text("Neneng Sulastri").count() == 0
