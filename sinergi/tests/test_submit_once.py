"""A form page saves once (issue 15, item 8): a double click, a resend or two tabs sending the
same page create one record, and the second answer leads where the first did."""

import re
import threading
from pathlib import Path

from django.db import connection
from django.test import Client, TransactionTestCase

from sinergi.accounts.models import FormSubmission
from sinergi.meetings.models import ActionItem, Meeting
from sinergi.meetings.tests.base import MeetingTestCase
from sinergi.test import BaseTestCase, add_member, form_values

ROOT = Path(__file__).resolve().parent.parent.parent
TOKEN = re.compile(r'name="_once" value="([^"]+)"')


def token_of(response) -> str:
    return TOKEN.search(response.content.decode()).group(1)


class EveryFormTemplateTestCase(BaseTestCase):
    def test_every_form_with_a_csrf_token_carries_a_submit_once_token(self):
        missing = [
            str(path.relative_to(ROOT))
            for folder in ("templates", "sinergi")
            for path in (ROOT / folder).rglob("*.html")
            if path.read_text().count("{% csrf_token %}")
            != path.read_text().count("{% csrf_token %}{% submit_once %}")
        ]
        self.assertEqual(missing, [], "Write {% csrf_token %}{% submit_once %} in these forms")

    def test_each_page_draws_a_fresh_token(self):
        self.client.force_login(self.regency)
        url = "/pokja/32.04/tindak-lanjut/baru/"
        self.assertNotEqual(token_of(self.client.get(url)), token_of(self.client.get(url)))


class DoubleSubmitTestCase(MeetingTestCase):
    url = "/pokja/32.04/tindak-lanjut/baru/"

    def data(self, token, **fields):
        return {
            "_once": token,
            "title": "Susun jadwal STBM",
            "due_on": "2026-12-20",
            "owner_person": self.siti.pk,
            **fields,
        }

    def test_the_same_page_sent_twice_makes_one_action_item(self):
        self.client.force_login(self.regency)
        token = token_of(self.client.get(self.url))
        before = ActionItem.objects.count()
        first = self.client.post(self.url, self.data(token))
        second = self.client.post("/en" + self.url, self.data(token), follow=True)
        self.assertEqual(ActionItem.objects.count(), before + 1)
        self.assertRedirects(second, first["Location"])
        self.assertContains(second, "it was saved once")

    def test_a_refused_form_can_be_corrected_and_sent_with_its_token(self):
        self.client.force_login(self.regency)
        token = token_of(self.client.get(self.url))
        refused = self.client.post(self.url, self.data(token, title=""))
        self.assertEqual(refused.status_code, 200)
        self.assertFalse(FormSubmission.objects.filter(token=token).exists())
        saved = self.client.post(self.url, self.data(token))
        self.assertEqual(saved.status_code, 302)
        self.assertEqual(ActionItem.objects.filter(title="Susun jadwal STBM").count(), 1)

    def test_meeting_sent_twice_is_scheduled_once_with_its_participants(self):
        self.client.force_login(self.regency)
        url = "/pokja/32.04/rapat/baru/"
        token = token_of(self.client.get(url))
        data = {
            "_once": token,
            "kind": Meeting.Kind.COORDINATION,
            "title": "Rapat pleno Desember",
            "starts_at": "2026-12-28 09:00",
            "ends_at": "2026-12-28 12:00",
            "place": "Aula Bappeda",
            "people": [self.siti.pk, self.dadang.pk],
            "tamu-TOTAL_FORMS": "0",
            "tamu-INITIAL_FORMS": "0",
        }
        first = self.client.post(url, data)
        self.assertEqual(first.status_code, 302)
        self.client.post(url, data)
        meetings = Meeting.objects.filter(title="Rapat pleno Desember")
        self.assertEqual(meetings.count(), 1)
        self.assertEqual(meetings.get().participants.count(), 2)

    def test_someone_elses_token_is_refused(self):
        self.client.force_login(self.regency)
        token = token_of(self.client.get(self.url))
        self.client.post(self.url, self.data(token))
        self.client.force_login(self.member)
        before = ActionItem.objects.count()
        response = self.client.post(self.url, self.data(token))
        self.assertIn(response.status_code, (400, 403))
        self.assertEqual(ActionItem.objects.count(), before)


class SentAtOnceTestCase(TransactionTestCase):
    """Two requests with one token at the same moment (a double click): one record, and both
    answers lead to it. Real threads and connections. SQLite has one writer at a time, and its
    in-memory test database refuses a second connection's write instead of waiting, so there
    the two requests run one after the other (what SQLite's write lock does in production)."""

    def test_two_posts_at_once_make_one_action_item(self):
        BaseTestCase.setUpTestData.__func__(BaseTestCase)
        regency = BaseTestCase.regency
        url = "/pokja/32.04/tindak-lanjut/baru/"
        client = Client()
        client.force_login(regency)
        token = token_of(client.get(url))
        owner = add_member(BaseTestCase.bandung_group, "Ujang Sopandi").person
        data = {
            "_once": token,
            "title": "Cek sambungan rumah",
            "due_on": "2026-12-20",
            "owner_person": owner.pk,
        }
        answers = []
        together = connection.vendor == "postgresql"
        start = threading.Barrier(2 if together else 1)

        def send():
            other = Client()
            other.force_login(regency)
            start.wait()
            try:
                answers.append(other.post(url, data))
            except Exception as error:  # seen by the assertion below
                answers.append(error)
            finally:
                connection.close()

        threads = [threading.Thread(target=send) for _ in range(2)]
        for thread in threads:
            thread.start()
            if not together:
                thread.join()
        for thread in threads:
            thread.join()
        self.assertEqual(ActionItem.objects.filter(title="Cek sambungan rumah").count(), 1)
        self.assertEqual([getattr(a, "status_code", a) for a in answers], [302, 302])
        self.assertEqual(answers[0]["Location"], answers[1]["Location"])


class MoreCreatesSentTwiceTestCase(BaseTestCase):
    """The issue's other double posts: a roster import and a news post sent twice."""

    def test_the_roster_import_sent_twice_imports_once(self):
        from django.core.files.uploadedfile import SimpleUploadedFile

        from sinergi.pokja.models import Membership, Person
        from sinergi.pokja.tests.test_roster_io import GOOD_ROWS, XLSX_CONTENT_TYPE, xlsx

        self.client.force_login(self.regency)
        url = "/pokja/32.04/anggota/impor/"
        token = token_of(self.client.get(url))
        content = xlsx(GOOD_ROWS)

        def send():
            upload = SimpleUploadedFile("anggota.xlsx", content, content_type=XLSX_CONTENT_TYPE)
            return self.client.post(url, {"file": upload, "_once": token})

        self.assertEqual(send().status_code, 302)
        counts = Person.objects.count(), Membership.objects.count()
        self.assertEqual(send().status_code, 302)
        self.assertEqual((Person.objects.count(), Membership.objects.count()), counts)

    def test_a_news_post_sent_twice_is_one_post(self):
        from sinergi.news.models import Post

        self.client.force_login(self.regency)
        url = "/pokja/32.04/berita/baru/"
        page = self.client.get(url)
        data = {**form_values(page), "title": "Desa Cinunuk ODF", "body": "Deklarasi ODF."}
        self.assertEqual(self.client.post(url, data).status_code, 302)
        self.client.post(url, data)
        self.assertEqual(Post.objects.filter(title="Desa Cinunuk ODF").count(), 1)


class RosterImportAtOnceTestCase(TransactionTestCase):
    """The roster import sent twice at the same moment (truly at once on PostgreSQL)."""

    def test_two_imports_at_once_make_each_person_once(self):
        from django.core.files.uploadedfile import SimpleUploadedFile

        from sinergi.pokja.models import Person
        from sinergi.pokja.tests.test_roster_io import GOOD_ROWS, XLSX_CONTENT_TYPE, xlsx

        BaseTestCase.setUpTestData.__func__(BaseTestCase)
        regency = BaseTestCase.regency
        url = "/pokja/32.04/anggota/impor/"
        client = Client()
        client.force_login(regency)
        token = token_of(client.get(url))
        content = xlsx(GOOD_ROWS)
        answers = []
        together = connection.vendor == "postgresql"
        start = threading.Barrier(2 if together else 1)

        def send():
            other = Client()
            other.force_login(regency)
            upload = SimpleUploadedFile("anggota.xlsx", content, content_type=XLSX_CONTENT_TYPE)
            start.wait()
            try:
                answers.append(other.post(url, {"file": upload, "_once": token}).status_code)
            except Exception as error:  # seen by the assertion below
                answers.append(error)
            finally:
                connection.close()

        before = Person.objects.count()
        threads = [threading.Thread(target=send) for _ in range(2)]
        for thread in threads:
            thread.start()
            if not together:
                thread.join()
        for thread in threads:
            thread.join()
        self.assertEqual(answers, [302, 302])
        names = list(Person.objects.values_list("full_name", flat=True))
        self.assertEqual(len(names), len(set(names)))
        self.assertGreater(len(names), before)
