import datetime
import re

from django.utils import timezone, translation

from sinergi.decrees.models import Decree
from sinergi.pokja.models import Handover, Institution, Membership, Person
from sinergi.portal.handover_pack import build_handover_pack, pack_handovers
from sinergi.test import BaseTestCase

P, F = Membership.Position, Membership.Field

# A string shown by an uncompressed reportlab page: "(text) Tj", or a line break "T*".
SHOWN = re.compile(rb"\(((?:\\.|[^\\)])*)\)\s*Tj|T\*")


def text_of(pdf: bytes) -> str:
    """The ASCII text of an uncompressed PDF, one line of the page per line.

    Reportlab splits a line into several strings around markup and entities; joining them gives
    the line back. Non-ASCII characters come out as codes of the font subset, not as text.
    """
    parts = []
    for match in SHOWN.finditer(pdf):
        if match.group(1) is None:
            parts.append("\n")
        else:
            raw = re.sub(rb"\\([()\\])", rb"\1", match.group(1))
            parts.append(raw.decode("latin-1"))
    return "".join(parts)


class HandoverPackTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        today = timezone.localdate()
        cls.today = today
        days = datetime.timedelta

        cls.public_works = Institution.objects.create(
            name="Dinas PUTR Kabupaten Bandung",
            category=Institution.Category.AGENCY,
            region=cls.kab_bandung,
        )
        cls.chair = Membership.objects.create(
            person=Person.objects.create(
                full_name="Agus Hidayat",
                email="agus.private@example.net",
                phone="+62 811 2233 4455",
                institution=cls.bappeda,
            ),
            working_group=cls.bandung_group,
            position=P.CHAIR,
            institution=cls.bappeda,
            started_on=today - days(900),
        )
        cls.leaving = Membership.objects.create(
            person=Person.objects.create(
                full_name="Budi Santoso", email="budi.private@example.net", phone="0812999000"
            ),
            working_group=cls.bandung_group,
            position=P.FIELD_COORDINATOR,
            field=F.WATER,
            duties="Coordinate the drinking water programmes",
            institution=cls.public_works,
            started_on=today - days(800),
            ended_on=today - days(10),
            end_reason=Membership.EndReason.TRANSFER,
        )
        cls.successor = Membership.objects.create(
            person=Person.objects.create(
                full_name="Wulan Sari",
                email="wulan.private@example.net",
                job_title="Kepala Bidang Air Minum",
            ),
            working_group=cls.bandung_group,
            position=P.FIELD_COORDINATOR,
            field=F.WATER,
            duties="Coordinate the drinking water programmes\nReport SPAM data every quarter",
            institution=cls.public_works,
            started_on=today - days(9),
        )
        cls.handover = Handover.objects.create(
            leaving=cls.leaving,
            successor=cls.successor,
            notes="Follow up the DAK proposal with Bappeda\nThe PDAM director prefers letters",
            open_items="Renew the SPAM Regional agreement",
            documents="Feasibility study 2024, in the shared drive",
            key_contacts="Pak Joko, PDAM Tirta Raharja",
            created_by=cls.regency,
        )
        cls.decree = Decree.objects.create(
            working_group=cls.bandung_group,
            number="188.45/Kep.123-Bappeda/2025",
            signed_on=today - days(100),
            signatory="Bupati Bandung",
            valid_from=today - days(100),
            valid_until=today + days(265),
        )
        cls.url = f"/pokja/32.04/serah-terima/{cls.handover.pk}/paket.pdf"

    def pack(self, handover=None):
        """The pack in English, uncompressed, so its text can be found in the bytes."""
        handover = pack_handovers().get(pk=(handover or self.handover).pk)
        with translation.override("en"):
            return build_handover_pack(handover, invariant=True, compress=False)

    def test_it_holds_the_notes_the_successor_and_the_decree(self):
        pdf = self.pack()
        self.assertTrue(pdf.startswith(b"%PDF"))
        text = text_of(pdf)
        self.assertIn("Handover pack", text)
        self.assertIn("For Wulan Sari, who takes over from Budi Santoso.", text)
        # The line break of the notes is kept.
        self.assertIn("Follow up the DAK proposal with Bappeda\nThe PDAM director", text)
        self.assertIn("Renew the SPAM Regional agreement", text)
        self.assertIn("Feasibility study 2024, in the shared drive", text)
        self.assertIn("Pak Joko, PDAM Tirta Raharja", text)
        self.assertIn("Kepala Bidang Air Minum", text)
        self.assertIn("Coordinate the drinking water programmes\nReport SPAM data", text)
        self.assertIn("188.45/Kep.123-Bappeda/2025", text)
        self.assertIn("Bupati Bandung", text)
        self.assertIn("Valid today.", text)
        self.assertIn("Kabupaten Bandung (32.04)", text)
        self.assertIn("three roles", text)

    def test_its_sections_come_in_reading_order(self):
        text = text_of(self.pack())
        headings = [
            "The working group",
            "The current decree",
            "Your position and duties",
            "The handover",
            "Roster on",
        ]
        found = [text.index(heading) for heading in headings]
        self.assertEqual(found, sorted(found))

    def test_every_page_has_the_footer_with_its_number(self):
        for i in range(40):
            Membership.objects.create(
                person=Person.objects.create(full_name=f"Anggota {i:02}"),
                working_group=self.bandung_group,
                position=P.MEMBER,
                started_on=self.today,
            )
        pdf = self.pack()
        pages = pdf.count(b"/Type /Page\n")
        self.assertGreaterEqual(pages, 3)
        text = text_of(pdf)
        self.assertIn("Anggota 39", text)
        numbers = re.findall(r"Pokja AMPL Kabupaten Bandung\nGenerated on .+ page (\d+)", text)
        self.assertEqual(numbers, [str(n) for n in range(1, pages + 1)])

    def test_it_is_the_same_bytes_on_every_run(self):
        self.assertEqual(self.pack(), self.pack())

    def test_the_roster_has_names_and_institutions_but_no_personal_contacts(self):
        pdf = self.pack()
        text = text_of(pdf)
        self.assertIn("Agus Hidayat", text)
        self.assertIn("Bappeda Kabupaten Bandung", text)
        for secret in [
            "agus.private@",
            "2233 4455",
            "budi.private@",
            "0812999000",
            "wulan.private@",
        ]:
            self.assertNotIn(secret, text)
            self.assertNotIn(secret.encode(), pdf)

    def test_markup_in_the_notes_is_printed_as_text(self):
        self.handover.notes = 'Ask <script>alert("x")</script> & check <b>unclosed tags'
        self.handover.documents = "A & B <i>"
        self.handover.save()
        pdf = self.pack()
        self.assertTrue(pdf.startswith(b"%PDF"))
        text = text_of(pdf)
        self.assertIn('Ask <script>alert("x")</script> & check <b>unclosed tags', text)
        self.assertIn("A & B <i>", text)

    def test_characters_outside_ascii_do_not_break_it(self):
        self.handover.notes = "Café — naïve → done ✓\x07 水"
        self.handover.save()
        pdf = self.pack()
        self.assertTrue(pdf.startswith(b"%PDF"))
        # Vera has no arrow or check mark: they become ASCII; the bell is dropped.
        self.assertIn(" -> done v ", text_of(pdf))

    def test_a_group_without_a_decree_says_so(self):
        Decree.objects.all().delete()
        text = text_of(self.pack())
        self.assertIn("has no decree recorded in Sinergi", text)
        self.assertNotIn("Valid today.", text)

    def test_an_expired_decree_is_marked_expired(self):
        Decree.objects.filter(pk=self.decree.pk).update(
            valid_from=self.today - datetime.timedelta(500),
            valid_until=self.today - datetime.timedelta(135),
        )
        text = text_of(self.pack())
        self.assertIn("188.45/Kep.123-Bappeda/2025", text)
        self.assertIn("EXPIRED", text)

    def test_the_decree_valid_today_wins_over_a_later_one(self):
        Decree.objects.create(
            working_group=self.bandung_group,
            number="NEXT-YEAR",
            signed_on=self.today,
            signatory="Bupati Bandung",
            valid_from=self.today + datetime.timedelta(266),
            valid_until=self.today + datetime.timedelta(630),
        )
        text = text_of(self.pack())
        self.assertIn("188.45/Kep.123-Bappeda/2025", text)
        self.assertNotIn("NEXT-YEAR", text)

    def test_a_name_ending_with_a_period_ends_the_sentence_once(self):
        # Issue 15: "menggantikan Asep Hidayat, S.T., M.T.." printed two periods.
        Person.objects.filter(pk=self.leaving.person_id).update(
            full_name="Asep Hidayat, S.T., M.T."
        )
        text = text_of(self.pack())
        self.assertIn("who takes over from Asep Hidayat, S.T., M.T.\n", text + "\n")
        self.assertNotIn("M.T..", text)

    def test_the_decree_says_when_it_ends_and_in_how_many_days_when_soon(self):
        # Issue 15: "valid today" without saying that it ends in 26 days.
        text = text_of(self.pack())
        self.assertIn("Valid today. It ends on", text)
        self.assertNotIn("265 days", text)
        Decree.objects.filter(pk=self.decree.pk).update(
            valid_until=self.today + datetime.timedelta(26)
        )
        text = " ".join(text_of(self.pack()).split())
        self.assertIn("in 26 days", text)

    def test_a_long_field_name_breaks_after_its_slash_not_mid_word(self):
        # Issue 15: the narrow field column printed "Komunikasi/kamp" and "anye".
        Membership.objects.filter(pk=self.chair.pk).update(field=F.COMMUNICATION)
        handover = pack_handovers().get(pk=self.handover.pk)
        with translation.override("id"):
            text = text_of(build_handover_pack(handover, invariant=True, compress=False))
        self.assertIn("Komunikasi/\nkampanye", text)
        self.assertNotIn("kamp\n", text)

    def test_a_decree_not_yet_in_force_says_so(self):
        Decree.objects.filter(pk=self.decree.pk).update(
            valid_from=self.today + datetime.timedelta(5),
            valid_until=self.today + datetime.timedelta(370),
        )
        text = text_of(self.pack())
        self.assertIn("188.45/Kep.123-Bappeda/2025", text)
        self.assertIn("Not yet in force", text)

    def test_without_a_successor_it_shows_the_leaving_members_position(self):
        self.handover.successor = None
        self.handover.save()
        text = text_of(self.pack())
        self.assertIn("no successor has been named yet", text)
        self.assertIn("held it, until a successor is named", text)
        self.assertIn("Held by", text)
        self.assertIn("Coordinate the drinking water programmes", text)
        self.assertIn("Not named yet", text)

    def test_empty_notes_say_nothing_was_recorded(self):
        Handover.objects.filter(pk=self.handover.pk).update(notes="", open_items="")
        self.assertEqual(text_of(self.pack()).count("Nothing recorded."), 2)

    def test_its_queries_do_not_grow_with_the_roster(self):
        handover = pack_handovers().get(pk=self.handover.pk)
        with self.assertNumQueries(4):  # the decree, open action items, articles, the roster
            build_handover_pack(handover)
        for i in range(30):
            Membership.objects.create(
                person=Person.objects.create(full_name=f"Anggota {i}"),
                working_group=self.bandung_group,
                position=P.MEMBER,
                institution=self.public_works,
                started_on=self.today,
            )
        handover = pack_handovers().get(pk=self.handover.pk)
        with self.assertNumQueries(4):
            build_handover_pack(handover)

    def test_it_is_a_pdf_download(self):
        self.client.force_login(self.regency)
        r = self.client.get(self.url)
        self.assertEqual(r.status_code, 200)
        self.assertEqual(r["Content-Type"], "application/pdf")
        self.assertEqual(
            r["Content-Disposition"],
            f'attachment; filename="serah-terima-32.04-{self.handover.pk}.pdf"',
        )
        self.assertIn("no-store", r["Cache-Control"])
        self.assertTrue(r.content.startswith(b"%PDF"))

    def test_members_of_the_group_and_the_province_may_download_it(self):
        for user in [self.regency, self.member, self.provincial, self.national]:
            with self.subTest(user=user.email):
                self.client.force_login(user)
                self.assertEqual(self.client.get(self.url).status_code, 200)

    def test_an_outsider_gets_404(self):
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.get(self.url).status_code, 404)

    def test_a_visitor_is_sent_to_sign_in(self):
        r = self.client.get(self.url)
        self.assertRedirects(r, f"/akun/masuk/?next={self.url}", fetch_redirect_response=False)

    def test_a_handover_of_another_group_is_404_through_this_groups_address(self):
        kupang = Membership.objects.create(
            person=Person.objects.create(full_name="Yohanes Laka"),
            working_group=self.kupang_group,
            position=P.SECRETARY,
            started_on=self.today - datetime.timedelta(300),
            ended_on=self.today,
            end_reason=Membership.EndReason.PROMOTION,
        )
        other = Handover.objects.create(leaving=kupang)
        self.client.force_login(self.regency)
        r = self.client.get(f"/pokja/32.04/serah-terima/{other.pk}/paket.pdf")
        self.assertEqual(r.status_code, 404)
        r = self.client.get(f"/pokja/53.01/serah-terima/{other.pk}/paket.pdf")
        self.assertEqual(r.status_code, 404)

    def test_an_unknown_handover_is_404(self):
        self.client.force_login(self.regency)
        r = self.client.get(f"/pokja/32.04/serah-terima/{self.handover.pk + 999}/paket.pdf")
        self.assertEqual(r.status_code, 404)

    def test_the_download_costs_a_fixed_number_of_queries(self):
        self.client.force_login(self.member)
        # session, user, scope, working group, handover, decree, roster
        with self.assertNumQueries(9):
            self.client.get(self.url)
