"""The shared test base: a few regions, working groups and a persona for every role.

- national: secretariat of the national working group (reads everything)
- provincial: secretariat of Jawa Barat's working group (reads its province)
- regency: secretariat of Kabupaten Bandung's working group (edits it)
- member: member of Kabupaten Bandung's working group (reads it, edits nothing)
- outsider: secretariat of Nusa Tenggara Timur's working group (another province)
- a visitor is `self.client` without a login
"""

import datetime

from django.test import TestCase

from sinergi.accounts.models import User
from sinergi.pokja.models import Institution, Membership, Person, Role, WorkingGroup
from sinergi.regions.models import Region


def make_region(code, name, kind, parent):
    level = 0 if parent is None else len(code.split("."))
    return Region.objects.create(code=code, name=name, level=level, kind=kind, parent=parent)


class BaseTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        K = Region.Kind
        cls.nation = make_region("ID", "Indonesia", K.NATION, None)
        cls.jabar = make_region("32", "Jawa Barat", K.PROVINCE, cls.nation)
        cls.ntt = make_region("53", "Nusa Tenggara Timur", K.PROVINCE, cls.nation)
        cls.kab_bandung = make_region("32.04", "Kabupaten Bandung", K.REGENCY, cls.jabar)
        cls.kota_bandung = make_region("32.73", "Kota Bandung", K.CITY, cls.jabar)
        cls.kab_kupang = make_region("53.01", "Kabupaten Kupang", K.REGENCY, cls.ntt)
        cls.cileunyi = make_region("32.04.05", "Cileunyi", K.DISTRICT, cls.kab_bandung)
        cls.cinunuk = make_region("32.04.05.2001", "Cinunuk", K.VILLAGE, cls.cileunyi)

        cls.bappeda = Institution.objects.create(
            name="Bappeda Kabupaten Bandung",
            category=Institution.Category.BAPPEDA,
            region=cls.kab_bandung,
        )
        group = WorkingGroup.objects.create
        cls.national_group = group(region=cls.nation, name="Pokja AMPL Nasional")
        cls.jabar_group = group(region=cls.jabar, name="Pokja AMPL Provinsi Jawa Barat")
        cls.ntt_group = group(
            region=cls.ntt, name="Pokja PPAS Provinsi NTT", kind=WorkingGroup.Kind.PPAS
        )
        cls.bandung_group = group(
            region=cls.kab_bandung,
            name="Pokja AMPL Kabupaten Bandung",
            contact_institution=cls.bappeda,
        )
        cls.kupang_group = group(region=cls.kab_kupang, name="Pokja AMPL Kabupaten Kupang")

        def persona(email, name, working_group, kind):
            user = User.objects.create_user(email, "password", full_name=name)
            Role.objects.create(user=user, working_group=working_group, kind=kind)
            return user

        S, M = Role.Kind.SECRETARIAT, Role.Kind.MEMBER
        cls.national = persona("nasional@example.org", "Rina", cls.national_group, S)
        cls.provincial = persona("jabar@example.org", "Dedi", cls.jabar_group, S)
        cls.regency = persona("bandung@example.org", "Asep", cls.bandung_group, S)
        cls.member = persona("anggota@example.org", "Siti", cls.bandung_group, M)
        cls.outsider = persona("ntt@example.org", "Maria", cls.ntt_group, S)


def add_member(group, full_name, position="anggota", started_on="2024-01-01", **fields):
    """A person and their membership in `group` (plain objects.create, no actions)."""
    person_fields = {
        key: fields.pop(key) for key in ("email", "phone", "nip", "job_title") if key in fields
    }
    person = Person.objects.create(
        full_name=full_name,
        is_civil_servant=bool(person_fields.get("nip")),
        institution=fields.get("institution"),
        **person_fields,
    )
    return Membership.objects.create(
        person=person,
        working_group=group,
        position=position,
        started_on=datetime.date.fromisoformat(started_on),
        **fields,
    )
