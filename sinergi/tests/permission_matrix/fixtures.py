"""The world the matrix runs in: personas for every role and one object of every kind in
Kabupaten Bandung (inside the Bandung personas' scope) and in Kabupaten Kupang (outside it).

Plain `objects.create`, no actions: the matrix tests access, not behaviour.
"""

import datetime
from decimal import Decimal
from types import SimpleNamespace

from django.core.files.base import ContentFile
from django.utils import timezone

from sinergi.accounts.models import ApiToken, Notification, User
from sinergi.decrees.models import Decree
from sinergi.facilities.models import Facility, Inspection
from sinergi.formation.models import Evidence, Formation, FormationStep, Stakeholder
from sinergi.knowledge.models import Article
from sinergi.library.models import Document, DocumentVersion
from sinergi.meetings.models import ActionItem, CalendarFeed, Decision, Meeting
from sinergi.monitoring.models import DataValue, Indicator, Target
from sinergi.news.models import Post
from sinergi.pages.models import Page
from sinergi.planning.models import Activity, Goal, StrategicPlan, Strategy, WorkPlan
from sinergi.pokja.models import Handover, Institution, Invitation, Membership, Role
from sinergi.programmes.models import Programme
from sinergi.regions.models import Region
from sinergi.search.index import rebuild as rebuild_search_index
from sinergi.test import add_member, make_region

YEAR = 2025
# A tiny but real PDF, so file views have something to serve.
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6300010000050001"
    "0d0a2db40000000049454e44ae426082"
)


def pdf(name):
    return ContentFile(PDF, name=name)


def build_personas(case):
    """Adds the two personas BaseTestCase lacks; returns role name → user (None: visitor)."""
    case.other_member = User.objects.create_user(
        "kupang@example.org", "password", full_name="Yohanes"
    )
    Role.objects.create(
        user=case.other_member, working_group=case.kupang_group, kind=Role.Kind.MEMBER
    )
    case.admin = User.objects.create_superuser("admin@example.org", "password", full_name="Admin")
    return {
        "visitor": None,
        "other_member": case.other_member,
        "member": case.member,
        "secretariat": case.regency,
        "provincial": case.provincial,
        "other_provincial": case.outsider,
        "national": case.national,
        "admin": case.admin,
    }


def build_group_objects(group, village, author, tag):
    """One object of every kind that belongs to `group` (`village` lies in its region)."""
    w = SimpleNamespace(group=group, code=group.region.code, province=group.region.code[:2])
    w.institution = institution = Institution.objects.create(
        name=f"Dinas PUPR {tag}", category=Institution.Category.AGENCY, region=group.region
    )
    w.membership = add_member(group, f"Anggota {tag}", email=f"anggota-{tag}@example.org")
    w.person = w.membership.person
    leaving = add_member(group, f"Mantan {tag}", position="sekretaris")
    leaving.ended_on = datetime.date(2025, 6, 30)
    leaving.end_reason = leaving.EndReason.PROMOTION
    leaving.save(update_fields=["ended_on", "end_reason"])
    w.handover = Handover.objects.create(leaving=leaving, notes=f"Catatan serah terima {tag}")
    w.invitation = Invitation.objects.create(
        person=w.person,
        working_group=group,
        kind=Role.Kind.MEMBER,
        email=w.person.email,
        token_hash=f"{tag:0>64}"[:64],
        expires=timezone.now() + datetime.timedelta(days=7),
    )
    group.strategic_plan_file = pdf("renstra.pdf")
    group.save(update_fields=["strategic_plan_file"])

    w.decree = Decree.objects.create(
        working_group=group,
        number=f"SK/{tag}/2025",
        signed_on=datetime.date(2025, 1, 2),
        signatory="Bupati",
        valid_from=datetime.date(2025, 1, 1),
        valid_until=datetime.date(2025, 12, 31),
        scan=pdf("sk.pdf"),
    )
    w.formation = Formation.objects.create(working_group=group, lead_institution=institution)
    w.steps = [FormationStep.objects.create(formation=w.formation, number=n) for n in (1, 2, 3, 4)]
    w.step = w.steps[0]
    w.evidence = Evidence.objects.create(step=w.step, title="Peta aktor", file=pdf("bukti.pdf"))
    w.stakeholder = Stakeholder.objects.create(
        formation=w.formation, institution=institution, interest=2, influence=3
    )

    w.meeting = Meeting.objects.create(
        working_group=group,
        kind=Meeting.Kind.COORDINATION,
        title=f"Rapat koordinasi {tag}",
        starts_at=timezone.now() - datetime.timedelta(days=3),
        agenda=f"Agenda rahasia {tag}",
        online_link=f"https://rapat.example.org/{tag}",
        minutes=f"Notulen rahasia {tag}",
        minutes_file=pdf("notulen.pdf"),
        attendance_file=pdf("hadir.pdf"),
    )
    w.decision = Decision.objects.create(
        meeting=w.meeting, number=1, text=f"Keputusan rahasia {tag}"
    )
    w.action_item = ActionItem.objects.create(
        working_group=group,
        decision=w.decision,
        title=f"Tindak lanjut rahasia {tag}",
        due_on=datetime.date(2025, 9, 1),
        owner_person=w.person,
    )

    w.document = Document.objects.create(
        working_group=group, title=f"Kajian internal {tag}", category="kajian"
    )
    w.version = DocumentVersion.objects.create(
        document=w.document, number=1, file=pdf("kajian.pdf"), filename="kajian.pdf", size=40
    )
    w.public_document = Document.objects.create(
        working_group=group, title=f"Panduan {tag}", category="panduan", is_public=True
    )
    w.public_version = DocumentVersion.objects.create(
        document=w.public_document,
        number=1,
        file=pdf("panduan.pdf"),
        filename="panduan.pdf",
        size=40,
    )
    w.article = Article.objects.create(
        working_group=group, title=f"Catatan internal {tag}", body="Isi"
    )
    w.public_article = Article.objects.create(
        working_group=group, title="Cara kerja", body="Isi", is_public=True
    )
    w.post = Post.objects.create(
        working_group=group,
        title=f"Berita {tag}",
        body="Isi",
        published_at=timezone.now() - datetime.timedelta(days=1),
        image=ContentFile(PNG, name="foto.png"),
        image_description="Foto",
    )
    w.draft_post = Post.objects.create(
        working_group=group,
        title=f"Draf {tag}",
        body="Isi",
        image=ContentFile(PNG, name="draf.png"),
        image_description="Foto",
    )

    w.programme = Programme.objects.create(
        name=f"PAMSIMAS {tag}",
        kind=Programme.Kind.NATIONAL,
        sector="air_minum",
        starts_on=datetime.date(2025, 1, 1),
        ends_on=datetime.date(2026, 12, 31),
        registered_by=group,
    )
    w.facility = Facility.objects.create(kind="spam", name=f"SPAM {tag}", village=village)
    w.inspection = Inspection.objects.create(
        facility=w.facility, inspected_on=datetime.date(2025, 3, 1), status="berfungsi"
    )

    w.plan = StrategicPlan.objects.create(
        working_group=group,
        title=f"Renstra {tag}",
        start_year=2025,
        end_year=2029,
        adopting_file=pdf("penetapan.pdf"),
    )
    w.goal = Goal.objects.create(plan=w.plan, number=1, text="Akses air minum")
    w.strategy = Strategy.objects.create(goal=w.goal, text="Perluas SPAM")
    w.work_plan = WorkPlan.objects.create(working_group=group, year=YEAR)
    w.activity = Activity.objects.create(
        work_plan=w.work_plan,
        number=1,
        name="Sosialisasi STBM",
        sector="higiene_stbm",
        location=group.region,
    )
    # Strings only those who may read the group's internal pages may ever see, in any answer.
    w.secrets = [
        w.person.email,
        w.handover.notes,
        w.meeting.title,
        w.meeting.agenda,
        w.meeting.minutes,
        w.meeting.online_link,
        w.decision.text,
        w.action_item.title,
        w.document.title,
        w.article.title,
        w.draft_post.title,
    ]
    return w


def build_world(case):
    """Personas, regions and the objects; sets `case.roles`, `case.inside`, `case.outside`."""
    K = Region.Kind
    kupang_district = make_region("53.01.01", "Kupang Tengah", K.DISTRICT, case.kab_kupang)
    kupang_village = make_region("53.01.01.2001", "Oebelo", K.VILLAGE, kupang_district)
    # Regencies without a working group, where a formation may start.
    case.kota_kupang = make_region("53.71", "Kota Kupang", K.CITY, case.ntt)
    case.roles = build_personas(case)

    case.inside = build_group_objects(case.bandung_group, case.cinunuk, case.regency, "bdg")
    case.outside = build_group_objects(case.kupang_group, kupang_village, case.outsider, "kpg")
    case.inside.free_region = case.kota_bandung.code
    case.outside.free_region = case.kota_kupang.code

    # Reference data, shared by everyone: an indicator with values in both regions.
    indicator = Indicator.objects.create(
        code="akses-air-layak",
        name_id="Akses air minum layak",
        name_en="Access to basic drinking water",
        unit="persen",
        sector="air_minum",
        aggregation="rasio",
        source="BPS",
        denominator_label="Rumah tangga",
        is_public=True,
    )
    # The key indicator the dashboards open with: its only values are drafts.
    key_indicator = Indicator.objects.create(
        code="akses-sanitasi-aman",
        name_id="Akses sanitasi aman",
        name_en="Access to safely managed sanitation",
        unit="persen",
        sector="sanitasi",
        aggregation="rasio",
        source="BPS",
        denominator_label="Rumah tangga",
        is_key=True,
    )
    for region in (case.kab_bandung, case.kab_kupang):
        DataValue.objects.create(
            indicator=key_indicator, region=region, year=YEAR, source="stbm", value=Decimal(9)
        )
    for world, region in ((case.inside, case.kab_bandung), (case.outside, case.kab_kupang)):
        world.indicator = indicator
        world.data_value = DataValue.objects.create(
            indicator=indicator,
            region=region,
            year=YEAR,
            source="bps_susenas",
            value=Decimal(80),
            status=DataValue.Status.VERIFIED,
        )
        world.draft_value = DataValue.objects.create(
            indicator=indicator,
            region=region,
            year=YEAR,
            source="survei",
            value=Decimal(85),
            note=f"Survei belum diverifikasi {world.code}",
        )
        world.secrets.append(world.draft_value.note)
        world.target = Target.objects.create(
            indicator=indicator, region=region, year=YEAR, value=Decimal(90)
        )
    case.inside.page = case.outside.page = Page.objects.create(
        slug="tentang", title_id="Tentang", title_en="About", body_id="Isi", body_en="Body"
    )

    # The Bandung member's own action item, and a person who also sits in Jawa Barat's Pokja.
    own_person = add_member(case.bandung_group, "Siti", email="anggota@example.org").person
    own_person.user = case.member
    own_person.save(update_fields=["user"])
    case.inside.own_action_item = ActionItem.objects.create(
        working_group=case.bandung_group,
        title="Kirim data STBM",
        due_on=datetime.date(2025, 9, 1),
        owner_person=own_person,
    )
    case.outside.own_action_item = case.outside.action_item
    shared = add_member(case.bandung_group, "Dedi", email="jabar@example.org").person
    Membership.objects.create(
        person=shared,
        working_group=case.jabar_group,
        position="sekretaris",
        started_on=datetime.date(2024, 1, 1),
    )
    case.inside.shared_person = shared
    case.outside.shared_person = case.outside.person

    # The full-text index, so that search shows what it would show in use.
    rebuild_search_index()

    # Things a user owns: the Bandung member's (inside) and the Kupang member's (outside).
    for world, user in ((case.inside, case.member), (case.outside, case.other_member)):
        world.notification = Notification.objects.create(
            user=user, kind="action_new", key=f"k-{user.pk}", title="Tindak lanjut baru"
        )
        world.feed = CalendarFeed.objects.create(
            user=user, working_group=world.group, token_hash=f"{user.pk:0>64}"
        )
        world.api_token, _key = ApiToken.objects.issue(user, "Dasbor")
