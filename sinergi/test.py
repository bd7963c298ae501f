"""The shared test base: a few regions, working groups and a persona for every role.

- national: secretariat of the national working group (reads everything)
- provincial: secretariat of Jawa Barat's working group (reads its province)
- regency: secretariat of Kabupaten Bandung's working group (edits it)
- member: member of Kabupaten Bandung's working group (reads it, edits nothing)
- outsider: secretariat of Nusa Tenggara Timur's working group (another province)
- a visitor is `self.client` without a login
"""

import datetime
from html.parser import HTMLParser

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


class _FormReader(HTMLParser):
    """The values a browser would send for the page's POST forms, as {name: [values]}."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict[str, list[str]]] = []
        self._select = self._textarea = None
        self._options: list[tuple[str, bool]] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append({} if (a.get("method") or "").lower() == "post" else None)
        form = self.forms[-1] if self.forms else None
        if form is None or "disabled" in a:
            return
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("submit", "button", "file"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            checkable = a.get("type") in ("checkbox", "radio")
            form.setdefault(name, []).append(a.get("value", "on" if checkable else ""))
        elif tag == "textarea" and name:
            self._textarea, form[name] = name, [""]
        elif tag == "select" and name:
            self._select, self._options = (name, "multiple" in a), []
        elif tag == "option" and self._select:
            self._options.append((a.get("value", ""), "selected" in a))

    def handle_data(self, data):
        if self._textarea and self.forms and self.forms[-1] is not None:
            self.forms[-1][self._textarea][0] += data

    def handle_endtag(self, tag):
        form = self.forms[-1] if self.forms else None
        if tag == "textarea" and self._textarea:
            if form is not None:
                text = form[self._textarea][0]
                form[self._textarea][0] = text[1:] if text.startswith("\n") else text
            self._textarea = None
        elif tag == "select" and self._select and form is not None:
            name, multiple = self._select
            chosen = [value for value, selected in self._options if selected]
            if not chosen and not multiple and self._options:
                chosen = [self._options[0][0]]
            form[name] = chosen
            self._select = None


def form_values(response, index=-1) -> dict:
    """What the page's POST form (the last one, or `index`) sends unchanged, ready for
    `client.post`: one value per name as a string, several as a list."""
    reader = _FormReader()
    reader.feed(response.content.decode())
    form = [f for f in reader.forms if f is not None][index]
    form.pop("csrfmiddlewaretoken", None)
    return {
        name: values if len(values) > 1 else values[0] for name, values in form.items() if values
    }
