"""A demo strategic plan: Kabupaten Bandung's adopted Renstra AMPL 2025–2029, so that the plan
pages, its documents and the targets on the dashboard show something right after `make run`."""

import datetime
from decimal import Decimal

from django.db import transaction

from sinergi.monitoring.models import Indicator
from sinergi.planning.actions import do_adopt_plan
from sinergi.planning.models import Goal, PlanTarget, StrategicPlan, Strategy
from sinergi.pokja.models import WorkingGroup

REGION = "32.04"
TITLE = "Renstra AMPL Kabupaten Bandung 2025–2029"
START, END = 2025, 2029
ADOPTED_ON = datetime.date(2025, 4, 14)
ADOPTED_BY = (
    "Peraturan Bupati Bandung Nomor 27 Tahun 2025 tentang Rencana Strategis Air Minum dan "
    "Penyehatan Lingkungan Tahun 2025–2029"
)
VISION = (
    "Terwujudnya akses air minum dan sanitasi yang aman, merata, dan berkelanjutan bagi "
    "seluruh masyarakat Kabupaten Bandung pada tahun 2029."
)
MISSION = "\n".join(
    [
        "Meningkatkan cakupan dan mutu layanan air minum perpipaan dan bukan perpipaan yang aman.",
        "Mewujudkan pengelolaan air limbah domestik yang aman melalui layanan lumpur tinja "
        "terjadwal dan sistem pengelolaan air limbah domestik (SPALD).",
        "Menuntaskan buang air besar sembarangan dan membudayakan perilaku hidup bersih dan sehat "
        "melalui Sanitasi Total Berbasis Masyarakat (STBM).",
        "Memperkuat kelembagaan, koordinasi lintas perangkat daerah, dan pendanaan pembangunan "
        "air minum dan sanitasi bersama dunia usaha dan masyarakat.",
    ]
)
# Goal → its strategies.
GOALS = [
    (
        "Meningkatkan akses rumah tangga terhadap air minum aman.",
        [
            "Memperluas jaringan perpipaan Perumda Air Minum Tirta Raharja dan SPAM regional ke "
            "kecamatan dengan cakupan layanan rendah.",
            "Meningkatkan kinerja dan keberlanjutan SPAM perdesaan melalui penguatan KP-SPAMS dan "
            "BUMDes pengelola air minum.",
        ],
    ),
    (
        "Meningkatkan akses sanitasi aman dan pengelolaan air limbah domestik.",
        [
            "Menerapkan layanan lumpur tinja terjadwal (LLTT) dan mengoptimalkan kapasitas IPLT.",
            "Membangun SPALD terpusat skala permukiman dan tangki septik individual yang memenuhi "
            "standar bagi masyarakat berpenghasilan rendah.",
        ],
    ),
    (
        "Mewujudkan Kabupaten Bandung bebas buang air besar sembarangan dan berperilaku higienis.",
        [
            "Mempercepat deklarasi desa/kelurahan Stop BABS melalui pemicuan STBM, pendampingan "
            "sanitarian, dan verifikasi berkala.",
            "Mengembangkan wirausaha sanitasi dan pemasaran sanitasi untuk penyediaan jamban sehat "
            "yang terjangkau.",
        ],
    ),
]
# Indicator code → targets (percent) for 2025 to 2029.
TARGETS = {
    "am-layak": ["93", "95", "97", "98.5", "100"],
    "am-aman": ["14", "18", "22", "26", "30"],
    "san-layak": ["86", "88.5", "91", "93.5", "95"],
    "san-aman": ["10", "13", "16", "19", "22"],
    "san-babs": ["3.5", "2.5", "1.5", "0.5", "0"],
    "stbm-odf": ["65", "75", "85", "95", "100"],
}


@transaction.atomic
def load_demo() -> dict[str, int]:
    group = WorkingGroup.objects.filter(region__code=REGION).first()
    if group is None or group.strategic_plans.exists():
        return {"strategic_plans": 0}
    plan = StrategicPlan.objects.create(
        working_group=group,
        title=TITLE,
        start_year=START,
        end_year=END,
        vision=VISION,
        mission=MISSION,
    )
    for number, (text, strategies) in enumerate(GOALS, start=1):
        goal = Goal.objects.create(plan=plan, number=number, text=text)
        Strategy.objects.bulk_create(Strategy(goal=goal, text=s) for s in strategies)
    indicators = Indicator.objects.in_bulk(list(TARGETS), field_name="code")
    PlanTarget.objects.bulk_create(
        PlanTarget(plan=plan, indicator=indicators[code], year=year, value=Decimal(value))
        for code, values in TARGETS.items()
        if code in indicators
        for year, value in zip(range(START, END + 1), values, strict=True)
    )
    do_adopt_plan(plan, ADOPTED_ON, ADOPTED_BY)
    return {"strategic_plans": 1}
