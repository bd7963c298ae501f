"""A provincial secretariat forms a kabupaten's working group in four steps and activates it
with the first decree, in Debian's chromium. Indonesian labels are added to locale/id later, so
fields are found by their id and the pages by their address."""

import datetime

import pytest
from django.utils import timezone

from sinergi.decrees.models import Decree
from sinergi.formation.models import Evidence, Formation

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def submit(page, form_selector):
    with page.expect_navigation():
        page.locator(f"{form_selector} button[type=submit]").click()


def sign_in(page, base, email):
    page.goto(base + "/akun/masuk/")
    page.fill("#id_username", email)
    page.fill("#id_password", "demo-sinergi")
    submit(page, "main form")
    page.wait_for_url(base + "/dasbor/")


@pytest.mark.browser
def test_provincial_secretariat_forms_a_kabupaten_group_that_the_first_decree_activates(
    live_server, demo, page, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    base = live_server.url
    today = timezone.localdate()
    sign_in(page, base, "jabar@demo.sinergi.test")

    # Choose the region, then who leads: Ciamis has no institution yet, so its Bappeda is
    # proposed as a new one.
    page.goto(base + "/pembentukan/mulai/")
    page.select_option("select[name=wilayah]", "32.07")
    submit(page, "#choose-region")
    assert page.url == base + "/pembentukan/mulai/?wilayah=32.07"
    assert "Kabupaten Ciamis" in page.input_value("#id_new_institution")
    submit(page, "#start-formation")
    assert page.url == base + "/pokja/32.07/pembentukan/"

    # Step 1: the stakeholder map, then done.
    page.fill("#id_st-name", "Dinas Kesehatan Kabupaten Ciamis")
    page.select_option("#id_st-interest", "3")
    page.select_option("#id_st-influence", "3")
    submit(page, "#add-stakeholder")
    page.select_option("#id_s1-status", "done")
    page.fill("#id_s1-notes", "Tujuh lembaga dipetakan melalui wawancara.")
    submit(page, "#step-1")

    # Step 2: the signed agreement as evidence, the date of the orientation meeting.
    page.fill("#id_e2-title", "Berita acara kesepakatan pembentukan")
    page.set_input_files(
        "#id_e2-file", {"name": "berita-acara.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    submit(page, "#evidence-2")
    page.select_option("#id_s2-status", "done")
    page.fill("#id_s2-orientation_meeting_on", today.isoformat())
    page.fill("#id_s2-notes", "Rapat orientasi di aula Bappeda; semua OPD sepakat.")
    submit(page, "#step-2")

    # Steps 3 and 4.
    page.select_option("#id_s3-status", "done")
    page.fill("#id_s3-structure", "Ketua: Kepala Bappeda; empat bidang.")
    page.fill("#id_s3-positions", "Sekretaris: Kepala Bidang Infrastruktur.")
    submit(page, "#step-3")
    page.select_option("#id_s4-status", "done")
    page.fill("#id_s4-directions", "Akses air minum layak untuk semua desa.")
    page.fill("#id_s4-priorities", "ODF di sepuluh kecamatan.")
    submit(page, "#step-4")

    formation = Formation.objects.get(working_group__region__code="32.07")
    assert [s.status for s in formation.steps.all()] == ["done"] * 4
    assert Evidence.objects.get(step__formation=formation).step.number == 2

    # The first decree, valid for a year from today so that it is active, not expiring.
    with page.expect_navigation():
        page.click("#record-first-decree")
    assert page.url == base + "/pokja/32.07/sk/tambah/"
    page.fill("#id_number", "050/Kep.31-Bappeda/2026")
    page.fill("#id_signed_on", today.isoformat())
    page.fill("#id_valid_from", today.isoformat())
    page.fill("#id_valid_until", (today + datetime.timedelta(days=365)).isoformat())
    submit(page, "main form")
    decree = Decree.objects.get(working_group=formation.working_group)
    assert page.url == f"{base}/pokja/32.07/sk/{decree.pk}/"

    page.goto(base + "/pokja/32.07/pembentukan/")
    assert page.locator("#record-first-decree").count() == 0
    assert page.locator(f'a[href="/pokja/32.07/sk/{decree.pk}/"]').count() == 1

    page.goto(base + "/pokja/?provinsi=32")
    row = page.get_by_role("row").filter(has_text="Kabupaten Ciamis")
    assert row.locator(".badge").inner_text() == "SK berlaku"
