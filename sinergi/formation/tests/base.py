"""Regions without a working group, and a formation under way, on top of the shared personas.

- Kabupaten Ciamis (32.07, Jawa Barat) has no working group: the provincial secretariat of
  Jawa Barat may start one there;
- Kabupaten Sumba Timur (53.11, NTT) has none either, out of that secretariat's reach;
- Kota Bandung (32.73) is being formed, started by the provincial secretariat, which holds its
  secretariat role; `forming_member` is a member of it.
"""

import datetime

from sinergi.accounts.models import User
from sinergi.formation.actions import do_start_formation
from sinergi.pokja.models import Institution, Role
from sinergi.regions.models import Region
from sinergi.test import BaseTestCase, make_region


class FormationTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        K = Region.Kind
        cls.ciamis = make_region("32.07", "Kabupaten Ciamis", K.REGENCY, cls.jabar)
        cls.sumba_timur = make_region("53.11", "Kabupaten Sumba Timur", K.REGENCY, cls.ntt)
        cls.bappelitbang = Institution.objects.create(
            name="Bappelitbang Kota Bandung",
            category=Institution.Category.BAPPEDA,
            region=cls.kota_bandung,
        )
        cls.formation = do_start_formation(
            cls.kota_bandung, cls.bappelitbang, datetime.date(2026, 8, 3), cls.provincial
        )
        cls.forming_group = cls.formation.working_group
        cls.forming_member = User.objects.create_user(
            "anggota.kotabandung@example.org", "password", full_name="Lia"
        )
        Role.objects.create(
            user=cls.forming_member, working_group=cls.forming_group, kind=Role.Kind.MEMBER
        )
