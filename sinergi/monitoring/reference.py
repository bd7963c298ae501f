"""The national indicator catalogue and the national targets (reference data)."""

from decimal import Decimal

from django.db import transaction

from sinergi.monitoring.models import Indicator, Method, Source, Target
from sinergi.regions.models import Region

SUSENAS = (
    "BPS, Survei Sosial Ekonomi Nasional (Susenas), definisi nasional akses air minum dan "
    "sanitasi (Statistik Indonesia; Indikator Perumahan dan Kesehatan Lingkungan)"
)
JMP = "WHO/UNICEF Joint Monitoring Programme (JMP), tangga layanan, sebagaimana diterapkan BPS"
STBM = "Kementerian Kesehatan, Sistem Monitoring STBM (Permenkes No. 3 Tahun 2014 tentang STBM)"
HH = ("rumah tangga", "seluruh rumah tangga")
VILLAGES = "seluruh desa/kelurahan"

# The numerator and denominator labels of the catalogue in English, by their Indonesian.
LABELS_EN = {
    "rumah tangga": "households",
    "seluruh rumah tangga": "all households",
    "rumah tangga dengan akses air minum layak": "households with adequate drinking water",
    "rumah tangga dengan akses air minum aman": "households with safe drinking water",
    "rumah tangga dengan sambungan perpipaan": "households with a piped connection",
    "rumah tangga dengan akses sanitasi layak": "households with adequate sanitation",
    "rumah tangga dengan akses sanitasi aman": "households with safely managed sanitation",
    "rumah tangga yang BABS": "households practising open defecation",
    "seluruh desa/kelurahan": "all villages",
    "desa/kelurahan yang dideklarasikan SBS": "villages declared open-defecation free (SBS)",
    "desa/kelurahan yang memenuhi pilar 2": "villages meeting STBM pillar 2",
    "desa/kelurahan yang memenuhi pilar 3": "villages meeting STBM pillar 3",
    "desa/kelurahan yang memenuhi pilar 4": "villages meeting STBM pillar 4",
    "desa/kelurahan yang memenuhi pilar 5": "villages meeting STBM pillar 5",
}

# code, Indonesian name, English name, sector, direction, aggregation, unit, numerator label,
# denominator label, source text, default source, default method, key, definition (id), (en)
# fmt: off
CATALOGUE = [
    ("am-layak", "Akses air minum layak", "Access to adequate drinking water", "air_minum", "naik", "rasio", "persen",
     "rumah tangga dengan akses air minum layak", HH[1], SUSENAS, Source.SUSENAS, Method.NATIONAL, True,
     "Persentase rumah tangga dengan akses air minum layak: aman, layak dasar (≤ 30 menit) atau layak terbatas (> 30 menit).",
     "Share of households with adequate drinking water: safely managed, basic (≤ 30 minutes) or limited (> 30 minutes)."),
    ("am-aman", "Akses air minum aman", "Access to safe drinking water", "air_minum", "naik", "rasio", "persen",
     "rumah tangga dengan akses air minum aman", HH[1], SUSENAS, Source.SUSENAS, Method.NATIONAL, True,
     "Sumber layak di dalam atau di halaman rumah, tersedia saat dibutuhkan, dan memenuhi standar kualitas.",
     "An improved source on premises, available when needed, meeting the quality standard."),
    ("am-perpipaan", "Akses air minum perpipaan", "Access to piped drinking water", "air_minum", "naik", "rasio", "persen",
     "rumah tangga dengan sambungan perpipaan", HH[1], SUSENAS, Source.SUSENAS, Method.NATIONAL, True,
     "Persentase rumah tangga yang memperoleh air minum dari jaringan perpipaan.",
     "Share of households supplied by a piped network."),
    ("am-pdam", "Rumah tangga terlayani PDAM/Perumda", "Households served by a water utility", "air_minum", "naik", "jumlah", "rumah_tangga",
     "", "", "Laporan kinerja BUMD air minum (PDAM/Perumda Air Minum)", Source.UTILITY, Method.NATIONAL, False,
     "Jumlah sambungan rumah tangga aktif yang dilayani BUMD air minum.",
     "Number of active household connections served by the regional water utility."),
    ("am-jmp-aman", "Air minum: dikelola aman (JMP)", "Drinking water: safely managed (JMP)", "air_minum", "naik", "rasio", "persen",
     "rumah tangga", HH[1], JMP, Source.SUSENAS, Method.JMP, False,
     "Tangga layanan JMP: sumber layak di tempat, tersedia saat dibutuhkan, bebas kontaminasi.",
     "JMP ladder: improved source on premises, available when needed, free from contamination."),
    ("am-jmp-dasar", "Air minum: dasar (JMP)", "Drinking water: basic (JMP)", "air_minum", "naik", "rasio", "persen",
     "rumah tangga", HH[1], JMP, Source.SUSENAS, Method.JMP, False,
     "Sumber layak dengan waktu pengambilan pulang-pergi paling lama 30 menit.",
     "Improved source with a round trip of 30 minutes or less."),
    ("am-jmp-terbatas", "Air minum: terbatas (JMP)", "Drinking water: limited (JMP)", "air_minum", "turun", "rasio", "persen",
     "rumah tangga", HH[1], JMP, Source.SUSENAS, Method.JMP, False,
     "Sumber layak dengan waktu pengambilan lebih dari 30 menit.",
     "Improved source with a round trip of more than 30 minutes."),
    ("am-jmp-tidak-layak", "Air minum: tidak layak (JMP)", "Drinking water: unimproved (JMP)", "air_minum", "turun", "rasio", "persen",
     "rumah tangga", HH[1], JMP, Source.SUSENAS, Method.JMP, False,
     "Sumur atau mata air tidak terlindung.", "Unprotected dug well or spring."),
    ("am-jmp-permukaan", "Air minum: air permukaan (JMP)", "Drinking water: surface water (JMP)", "air_minum", "turun", "rasio", "persen",
     "rumah tangga", HH[1], JMP, Source.SUSENAS, Method.JMP, False,
     "Langsung dari sungai, danau, kolam, atau saluran irigasi.", "Directly from a river, lake, pond or canal."),
    ("san-layak", "Akses sanitasi layak", "Access to adequate sanitation", "sanitasi", "naik", "rasio", "persen",
     "rumah tangga dengan akses sanitasi layak", HH[1], SUSENAS, Source.SUSENAS, Method.NATIONAL, True,
     "Persentase rumah tangga dengan sanitasi aman, layak sendiri, atau layak bersama.",
     "Share of households with safe, own adequate or shared adequate sanitation."),
    ("san-aman", "Akses sanitasi aman", "Access to safe sanitation", "sanitasi", "naik", "rasio", "persen",
     "rumah tangga dengan akses sanitasi aman", HH[1], SUSENAS, Source.SUSENAS, Method.NATIONAL, True,
     "Kloset sendiri dengan tangki septik yang disedot dalam 5 tahun terakhir dan diolah di IPLT, atau tersambung ke SPALD terpusat.",
     "Own toilet with a septic tank emptied in the last five years and treated at a sludge plant (IPLT), or sewered."),
    ("san-layak-sendiri", "Sanitasi layak sendiri", "Adequate own sanitation", "sanitasi", "naik", "rasio", "persen",
     "rumah tangga", HH[1], SUSENAS, Source.SUSENAS, Method.NATIONAL, False,
     "Fasilitas sanitasi layak yang digunakan sendiri.", "Adequate facility used by the household only."),
    ("san-layak-bersama", "Sanitasi layak bersama", "Adequate shared sanitation", "sanitasi", "naik", "rasio", "persen",
     "rumah tangga", HH[1], SUSENAS, Source.SUSENAS, Method.NATIONAL, False,
     "Fasilitas sanitasi layak yang digunakan bersama rumah tangga lain.", "Adequate facility shared with other households."),
    ("san-belum-layak", "Sanitasi belum layak", "Inadequate sanitation", "sanitasi", "turun", "rasio", "persen",
     "rumah tangga", HH[1], SUSENAS, Source.SUSENAS, Method.NATIONAL, False,
     "Fasilitas sanitasi yang tidak memenuhi syarat layak.", "A facility that does not meet the adequate standard."),
    ("san-babs", "Buang air besar sembarangan (BABS)", "Open defecation", "sanitasi", "turun", "rasio", "persen",
     "rumah tangga yang BABS", HH[1], SUSENAS, Source.SUSENAS, Method.NATIONAL, True,
     "Persentase rumah tangga yang masih buang air besar sembarangan (di tempat terbuka).",
     "Share of households still practising open defecation."),
    ("stbm-odf", "Desa/kelurahan ODF (SBS)", "Open-defecation-free villages (ODF/SBS)", "higiene_stbm", "naik", "rasio", "persen",
     "desa/kelurahan yang dideklarasikan SBS", VILLAGES, STBM, Source.STBM, Method.NATIONAL, True,
     "Persentase desa/kelurahan yang telah dideklarasikan Stop Buang Air Besar Sembarangan (pilar 1 STBM).",
     "Share of villages declared open-defecation-free (STBM pillar 1)."),
    ("stbm-ctps", "Desa/kelurahan pilar 2 STBM (CTPS)", "Villages with STBM pillar 2 (handwashing)", "higiene_stbm", "naik", "rasio", "persen",
     "desa/kelurahan yang memenuhi pilar 2", VILLAGES, STBM, Source.STBM, Method.NATIONAL, False,
     "Cuci tangan pakai sabun.", "Handwashing with soap."),
    ("stbm-pammrt", "Desa/kelurahan pilar 3 STBM (PAMMRT)", "Villages with STBM pillar 3 (household water)", "higiene_stbm", "naik", "rasio", "persen",
     "desa/kelurahan yang memenuhi pilar 3", VILLAGES, STBM, Source.STBM, Method.NATIONAL, False,
     "Pengelolaan air minum dan makanan rumah tangga.", "Safe household water and food management."),
    ("stbm-psrt", "Desa/kelurahan pilar 4 STBM (PSRT)", "Villages with STBM pillar 4 (solid waste)", "higiene_stbm", "naik", "rasio", "persen",
     "desa/kelurahan yang memenuhi pilar 4", VILLAGES, STBM, Source.STBM, Method.NATIONAL, False,
     "Pengamanan sampah rumah tangga.", "Safe household solid waste management."),
    ("stbm-plcrt", "Desa/kelurahan pilar 5 STBM (PLCRT)", "Villages with STBM pillar 5 (liquid waste)", "higiene_stbm", "naik", "rasio", "persen",
     "desa/kelurahan yang memenuhi pilar 5", VILLAGES, STBM, Source.STBM, Method.NATIONAL, False,
     "Pengamanan limbah cair rumah tangga.", "Safe household liquid waste management."),
]

# fmt: on

# National targets: RPJMN 2020–2024 and RPJPN 2025–2045.
NATIONAL_TARGETS = [
    ("am-layak", 2024, "100", "RPJMN 2020–2024"),
    ("am-perpipaan", 2024, "30", "RPJMN 2020–2024"),
    ("am-aman", 2024, "15", "RPJMN 2020–2024"),
    ("san-layak", 2024, "90", "RPJMN 2020–2024"),
    ("san-aman", 2024, "15", "RPJMN 2020–2024"),
    ("san-babs", 2024, "0", "RPJMN 2020–2024"),
    ("am-layak", 2045, "100", "RPJPN 2025–2045"),
    ("san-aman", 2045, "70", "RPJPN 2025–2045"),
]


@transaction.atomic
def load_catalogue() -> dict[str, int]:
    """Create missing indicators and national targets; edits in the admin are kept."""
    created = {"indicators": 0, "targets": 0}
    for order, row in enumerate(CATALOGUE):
        (
            code,
            name_id,
            name_en,
            sector,
            direction,
            aggregation,
            unit,
            numerator,
            denominator,
            source,
            default_source,
            default_method,
            key,
            definition_id,
            definition_en,
        ) = row
        _, new = Indicator.objects.get_or_create(
            code=code,
            defaults={
                "name_id": name_id,
                "name_en": name_en,
                "sector": sector,
                "direction": direction,
                "aggregation": aggregation,
                "unit": unit,
                "numerator_label": numerator,
                "denominator_label": denominator,
                "numerator_label_en": LABELS_EN.get(numerator, ""),
                "denominator_label_en": LABELS_EN.get(denominator, ""),
                "source": source,
                "default_source": default_source,
                "default_method": default_method,
                "is_key": key,
                "order": order,
                "definition_id": definition_id,
                "definition_en": definition_en,
            },
        )
        created["indicators"] += new
    nation = Region.objects.national()
    indicators = Indicator.objects.in_bulk(field_name="code")
    for code, year, value, basis in NATIONAL_TARGETS:
        _, new = Target.objects.get_or_create(
            indicator=indicators[code],
            region=nation,
            year=year,
            defaults={"value": Decimal(value), "basis": basis},
        )
        created["targets"] += new
    return created
