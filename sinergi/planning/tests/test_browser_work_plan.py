"""A kabupaten secretariat plans next year, records a quarter and downloads the realisation
report, in Debian's chromium. Fields are found by name: their labels are translated."""

from decimal import Decimal

import pytest

from sinergi.planning.models import Activity, BudgetLine, QuarterReport, WorkPlan
from sinergi.planning.summaries import summarize

ACTIVITIES = [
    ("Pembangunan SPAM perdesaan di Desa Cinunuk", "air_minum"),
    ("Pemicuan STBM di 12 desa", "higiene_stbm"),
    ("Pembangunan IPAL komunal", "sanitasi"),
    ("Pembangunan TPS3R", "persampahan"),
    ("Rapat koordinasi Pokja AMPL", "kelembagaan"),
]


def sign_in(page, base, email):
    page.goto(base + "/akun/masuk/")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Kata sandi").fill("demo-sinergi")
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(base + "/dasbor/")


@pytest.mark.browser
def test_secretariat_enters_a_plan_records_a_quarter_and_downloads_the_report(
    live_server, demo, page
):
    base = live_server.url
    plan_url = base + "/pokja/32.04/rkt/2027/"
    sign_in(page, base, "kabbandung@demo.sinergi.test")

    page.goto(base + "/pokja/32.04/rkt/")
    page.fill("#create-work-plan [name=year]", "2027")
    page.locator("#create-work-plan button[type=submit]").click()
    page.wait_for_url(plan_url)

    for number, (name, sector) in enumerate(ACTIVITIES, start=1):
        page.locator("#add-activity").click()
        page.wait_for_url(plan_url + "kegiatan/tambah/")
        page.fill("[name=name]", name)
        page.select_option("[name=sector]", sector)
        page.select_option("[name=institution]", index=number)
        page.fill("[name=output]", "Keluaran kegiatan")
        page.fill("[name=unit]", "paket")
        page.fill("[name=quantity]", "1")
        page.select_option("[name=end_quarter]", "3")
        page.fill("[name=apbd_kabkota_amount]", "1.250.000.000")
        page.fill("[name=dana_desa_amount]", "250.000.000,50")
        page.fill("[name=csr_amount]", "100000000")
        page.fill("[name=csr_programme]", "CSR Bank BJB")
        page.locator("#activity-form button[type=submit]").click()
        page.wait_for_url(plan_url)

    page.locator("#realisation-1").click()
    page.wait_for_url(plan_url + "kegiatan/1/realisasi/")
    page.fill("[name=q1_progress]", "25")
    page.fill("[name=q1_apbd_kabkota]", "300.000.000")
    page.fill("[name=q1_csr]", "40.000.000")
    page.fill("[name=q1_note]", "Pengadaan pipa selesai")
    page.locator("#realisation-form button[type=submit]").click()
    page.wait_for_url(plan_url)

    page.locator("#summary-link").click()
    page.wait_for_url(plan_url + "ringkasan/")
    totals = page.locator("#tabel-sumber tfoot").inner_text()
    assert "8.000.000.002,50" in totals
    assert "340.000.000" in totals

    with page.expect_download() as download:
        page.locator("#realisation-report-xlsx").click()
    with open(download.value.path(), "rb") as report:
        assert report.read(2) == b"PK"

    plan = WorkPlan.objects.get(working_group__region__code="32.04", year=2027)
    assert list(plan.activities.values_list("name", flat=True)) == [n for n, _ in ACTIVITIES]
    assert BudgetLine.objects.filter(activity__work_plan=plan).count() == 15
    summary = summarize([plan])
    assert summary.total_budget == Decimal("8000000002.50")
    assert summary.total_spent == Decimal("340000000")
    report = QuarterReport.objects.get(activity__work_plan=plan)
    assert (report.activity, report.quarter, report.physical_progress) == (
        Activity.objects.get(work_plan=plan, number=1),
        1,
        Decimal(25),
    )
