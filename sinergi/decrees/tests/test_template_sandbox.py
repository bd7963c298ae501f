"""An uploaded decree template is Jinja code written by someone else: it is filled in a sandbox
where nothing but the decree variables can be reached, and a template that tries more is
refused on upload and answered cleanly when it was stored before the check existed."""

import io
import shutil
import tempfile
from pathlib import Path

import docx
from django.contrib.messages import get_messages
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import timezone, translation

from sinergi.accounts.models import User
from sinergi.decrees import drafts
from sinergi.decrees.admin import DecreeTemplateForm
from sinergi.decrees.models import DecreeTemplate
from sinergi.test import BaseTestCase

MEDIA = tempfile.mkdtemp(prefix="sinergi-test-media-")


def payloads(marker: Path) -> dict[str, str]:
    """Template texts that would run `touch marker` (or read the server's internals) if the
    template could reach Python objects beyond the variables it is given."""
    touch = f"popen('touch {marker}').read()"
    return {
        "lipsum globals": f"{{{{ lipsum.__globals__['os'].{touch} }}}}",
        "lipsum globals by attr filter": f"{{{{ (lipsum|attr('__globals__'))['os'].{touch} }}}}",
        "class mro": (
            "{% for c in ''.__class__.__mro__[1].__subclasses__() %}"
            "{% if c.__name__ == 'Popen' %}"
            f"{{{{ c('touch {marker}', shell=True).wait() }}}}"
            "{% endif %}{% endfor %}"
        ),
        "cycler globals": f"{{{{ cycler.__init__.__globals__.os.{touch} }}}}",
        "joiner globals": f"{{{{ joiner.__init__.__globals__['os'].{touch} }}}}",
        "namespace holding globals": (
            "{% set x = namespace() %}{% set x.g = namespace.__init__.__globals__ %}"
            f"{{{{ x.g.os.{touch} }}}}"
        ),
        "self": f"{{{{ self.__init__.__globals__.__builtins__.__import__('os').{touch} }}}}",
        "str.format": "{{ '{0.__class__.__mro__}'.format(members) }}",
        "writing to a variable": "{{ members.append(members[0]) }}{{ member_count }}",
        "writing to a row": "{% set _ = members[0].update(name='x') %}{{ members[0].name }}",
        "huge repetition": "{{ 'x' * 10**9 }}",
        "huge power": "{{ 7 ** 100000000 }}",
    }


def template_with(text: str, where: str = "body") -> bytes:
    """A DOCX template holding `text` in its body, its header or its document title."""
    document = docx.Document()
    document.add_paragraph("{{ signatory_title }}")
    if where == "body":
        document.add_paragraph(text)
    elif where == "header":
        document.sections[0].header.paragraphs[0].text = text
    else:
        document.core_properties.title = text
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def upload_form(content: bytes) -> DecreeTemplateForm:
    data = {"level": "kabupaten_kota", "name": "Uji", "is_active": "on", "notes": ""}
    return DecreeTemplateForm(data, {"file": SimpleUploadedFile("t.docx", content)})


@override_settings(MEDIA_ROOT=MEDIA)
class TemplateSandboxTestCase(BaseTestCase):
    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        shutil.rmtree(MEDIA, ignore_errors=True)

    def setUp(self):
        self.directory = Path(tempfile.mkdtemp(prefix="sinergi-sandbox-"))
        self.addCleanup(shutil.rmtree, self.directory, ignore_errors=True)
        self.marker = self.directory / "ran"

    def assert_refused(self, form, label):
        self.assertFalse(form.is_valid(), label)
        self.assertEqual([e.code for e in form.errors.as_data()["file"]], ["unsafe_template"])
        self.assertFalse(self.marker.exists(), f"{label} ran a command")

    def test_every_payload_is_refused_on_upload_and_runs_nothing(self):
        for label, text in payloads(self.marker).items():
            with self.subTest(label):
                self.assert_refused(upload_form(template_with(text)), label)
        self.assertFalse(DecreeTemplate.objects.exists())

    def test_a_payload_in_the_header_or_the_title_is_refused_too(self):
        text = payloads(self.marker)["lipsum globals"]
        for where in ["header", "title"]:
            with self.subTest(where):
                self.assert_refused(upload_form(template_with(text, where)), where)

    def test_the_refusal_says_why_in_the_users_language(self):
        form = upload_form(template_with(payloads(self.marker)["cycler globals"]))
        with translation.override("en"):
            self.assertFalse(form.is_valid())
            message = str(form.errors["file"])
        self.assertIn("uses something other than the decree variables", message)
        self.assertNotIn("__globals__", message)

    def test_the_admin_refuses_the_upload(self):
        self.client.force_login(User.objects.create_superuser("admin@example.org", "x"))
        content = template_with(payloads(self.marker)["lipsum globals"])
        data = {"level": "kabupaten_kota", "name": "Jahat", "is_active": "on", "notes": ""}
        r = self.client.post(
            "/admin/decrees/decreetemplate/add/",
            {**data, "file": SimpleUploadedFile("jahat.docx", content)},
        )
        self.assertEqual(r.status_code, 200)
        errors = r.context["adminform"].form.errors.as_data()["file"]
        self.assertEqual([e.code for e in errors], ["unsafe_template"])
        self.assertFalse(DecreeTemplate.objects.exists())
        self.assertFalse(self.marker.exists())

    def test_the_legitimate_features_of_a_template_still_work(self):
        text = (
            "{{ signatory_title|upper }} {{ members|length }} {{ year + 1 }} "
            "{% for m in members %}{{ loop.index }}. {{ m.name }} {% endfor %}"
            "{% set ns = namespace(count=0) %}{% for m in members %}"
            "{% set ns.count = ns.count + 1 %}{% endfor %}{{ ns.count }}"
        )
        self.assertTrue(upload_form(template_with(text)).is_valid())
        data = drafts.render_docx(self.bandung_group, timezone.localdate())
        self.assertIn("BUPATI BANDUNG", docx.Document(io.BytesIO(data)).paragraphs[0].text)

    def store(self, text):
        """A template saved without the upload check, as before the sandbox existed."""
        template = DecreeTemplate(level=DecreeTemplate.Level.REGENCY, name="Lama")
        template.file.save("lama.docx", ContentFile(template_with(text)))
        return template

    def test_a_stored_malicious_template_gives_a_clean_message_and_runs_nothing(self):
        self.store(payloads(self.marker)["lipsum globals"])
        with self.assertRaises(drafts.TemplateUnusable):
            drafts.render_docx(self.bandung_group, timezone.localdate())
        self.client.force_login(self.regency)
        r = self.client.get("/en/pokja/32.04/sk/rancangan.docx")
        self.assertRedirects(r, "/en/pokja/32.04/sk/", fetch_redirect_response=False)
        message = [str(m) for m in get_messages(r.wsgi_request)]
        self.assertEqual(len(message), 1)
        self.assertIn("decree template", message[0])
        self.assertFalse(self.marker.exists())
        # The PDF follows the default wording and stays available.
        r = self.client.get("/pokja/32.04/sk/rancangan.pdf")
        self.assertEqual(r.status_code, 200)

    def test_a_stored_template_missing_from_storage_gives_the_same_message(self):
        template = self.store("{{ signatory_title }}")
        template.file.storage.delete(template.file.name)
        self.client.force_login(self.regency)
        r = self.client.get("/pokja/32.04/sk/rancangan.docx")
        self.assertRedirects(r, "/pokja/32.04/sk/", fetch_redirect_response=False)
