"""The API guide (/api/docs/ in Indonesian, /en/api/docs/ in English, docs/api.md for
developers): it answers in both languages, is light and readable without JavaScript, and every
example in it is true — each curl request is sent to the app and its answer compared with the
documented one, and each Python script is run with urllib routed to the app.
"""

import contextlib
import io
import json
import os
import re
import shlex
import urllib.error
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from unittest import mock
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.utils import timezone, translation
from django.utils.translation import gettext

from sinergi.accounts.models import ApiToken
from sinergi.api.pagination import Pagination
from sinergi.monitoring.models import DataValue, Indicator
from sinergi.monitoring.reference import load_catalogue
from sinergi.test import BaseTestCase

DOCS = Path(settings.BASE_DIR) / "docs" / "api.md"
WEIGHT_LIMIT = 200_000  # bytes: the page and the same-site files it loads


class Block:
    def __init__(self, kind, text):
        self.kind, self.text = kind, text.strip("\n")


class _CodeBlocks(HTMLParser):
    """The <pre><code> blocks of a page, with their language (class="language-…")."""

    def __init__(self):
        super().__init__()
        self.blocks, self.current, self.in_pre = [], None, False

    def handle_starttag(self, tag, attrs):
        if tag == "pre":
            self.in_pre = True
        elif tag == "code" and self.in_pre:
            kind = dict(attrs).get("class", "").removeprefix("language-")
            self.current = Block(kind, "")

    def handle_endtag(self, tag):
        if tag == "code" and self.current is not None:
            self.blocks.append(Block(self.current.kind, self.current.text))
            self.current = None
        elif tag == "pre":
            self.in_pre = False

    def handle_data(self, data):
        if self.current is not None:
            self.current.text += data


def html_blocks(html: str) -> list[Block]:
    parser = _CodeBlocks()
    parser.feed(html)
    return parser.blocks


def markdown_blocks(text: str) -> list[Block]:
    return [
        Block(kind, body) for kind, body in re.findall(r"^```(\w*)\n(.*?)^```", text, re.S | re.M)
    ]


def examples(blocks):
    """(curl command, documented answer or None) pairs and the Python scripts, in order."""
    requests, scripts = [], []
    for index, block in enumerate(blocks):
        if block.text.startswith("curl "):
            after = blocks[index + 1] if index + 1 < len(blocks) else None
            answer = after if after is not None and after.kind in ("json", "http") else None
            requests.append((block.text, answer))
        elif block.kind == "python":
            scripts.append(block.text)
    return requests, scripts


def parse_curl(command: str, key: str) -> dict:
    """Method, path, headers and body of a documented curl command."""
    words = shlex.split(command.replace("\\\n", " ").replace("$SINERGI_TOKEN", key))
    assert words[0] == "curl"
    request = {"method": "GET", "headers": {}, "body": None, "url": None}
    words = iter(words[1:])
    for word in words:
        if word == "-X":
            request["method"] = next(words)
        elif word == "-H":
            name, _, value = next(words).partition(":")
            request["headers"][name.strip()] = value.strip()
        elif word in ("--data", "-d", "--data-raw", "--data-binary"):
            request["body"] = next(words)
            if request["method"] == "GET":
                request["method"] = "POST"
        elif word in ("-i", "-s", "-sS", "--fail"):
            continue
        else:
            assert not word.startswith("-"), f"the test does not know curl's {word}"
            assert request["url"] is None, command
            request["url"] = word
    return request


def parse_answer(block) -> tuple[int, dict, object]:
    """The documented status, headers and JSON body of an answer block."""
    if block.kind == "json":
        return 200, {}, json.loads(block.text)
    head, _, body = block.text.partition("\n\n")
    status_line, *header_lines = head.splitlines()
    status = int(status_line.split()[1])
    headers = dict(line.split(": ", 1) for line in header_lines)
    return status, headers, json.loads(body)


def assert_shape(documented, actual, where="answer"):
    """Every documented key is in the answer, with a value of the same JSON type (a documented
    null allows anything); lists are compared by their first item."""
    if documented is None:
        return
    if isinstance(documented, dict):
        assert isinstance(actual, dict), f"{where}: {actual!r} is not an object"
        missing = set(documented) - set(actual)
        assert not missing, f"{where}: documented {sorted(missing)} not in {sorted(actual)}"
        for name, value in documented.items():
            assert_shape(value, actual[name], f"{where}.{name}")
    elif isinstance(documented, list):
        assert isinstance(actual, list), f"{where}: {actual!r} is not a list"
        if documented:
            assert actual, f"{where}: documented items, got none"
            assert_shape(documented[0], actual[0], f"{where}[0]")
    else:
        assert type(actual) is type(documented), f"{where}: {actual!r} vs {documented!r}"


class GuideTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        load_catalogue()
        water = Indicator.objects.get(code="am-layak")
        for region, numerator in ((cls.kab_bandung, 900), (cls.kota_bandung, 300)):
            DataValue.objects.create(
                indicator=water,
                region=region,
                year=2024,
                source="bps_susenas",
                method="nasional",
                numerator=numerator,
                denominator=1000,
                value=water.ratio(numerator, 1000),
                status=DataValue.Status.VERIFIED,
                verified=timezone.now(),
            )
        # The documented writes are those of Kabupaten Bandung's secretariat.
        cls.key = ApiToken.objects.issue(cls.regency, "Panduan")[1]

    def run_examples(self, blocks):
        requests, scripts = examples(blocks)
        self.assertGreaterEqual(len(requests), 5)
        self.assertGreaterEqual(len(scripts), 3)
        for command, answer in requests:
            with self.subTest(command=command):
                self.run_curl(command, answer)
        namespace = {}
        for script in scripts:
            with self.subTest(script=script[:60]):
                self.run_script(script, namespace)

    def run_curl(self, command, answer):
        request = parse_curl(command, self.key)
        url = urlsplit(request["url"])
        headers = dict(request["headers"])
        content_type = headers.pop("Content-Type", "application/octet-stream")
        response = self.client.generic(
            request["method"],
            f"{url.path}?{url.query}" if url.query else url.path,
            data=request["body"] or "",
            content_type=content_type,
            headers=headers,
        )
        status, documented_headers, body = parse_answer(answer) if answer else (200, {}, None)
        self.assertEqual(response.status_code, status, response.content[:500])
        for name, value in documented_headers.items():
            self.assertTrue(response.headers[name].startswith(value), (name, response.headers))
        if body is not None:
            assert_shape(body, response.json())

    def run_script(self, script, namespace):
        """Runs a documented script with urllib.request.urlopen answered by the app; every
        request it makes must succeed."""
        statuses = []

        def urlopen(request, *args, **kwargs):
            if isinstance(request, str):
                request = urllib.request.Request(request)
            url = urlsplit(request.full_url)
            headers = {name.title(): value for name, value in request.header_items()}
            content_type = headers.pop("Content-Type", "application/octet-stream")
            response = self.client.generic(
                request.get_method(),
                f"{url.path}?{url.query}" if url.query else url.path,
                data=request.data or "",
                content_type=content_type,
                headers=headers,
            )
            statuses.append((request.full_url, response.status_code))
            if response.status_code >= 400:
                raise urllib.error.HTTPError(
                    request.full_url,
                    response.status_code,
                    response.reason_phrase,
                    response.headers,
                    io.BytesIO(response.content),
                )
            answer = io.BytesIO(response.content)
            answer.status, answer.headers = response.status_code, response.headers
            return answer

        output = io.StringIO()
        with (
            mock.patch.object(urllib.request, "urlopen", urlopen),
            mock.patch.dict(os.environ, {"SINERGI_TOKEN": self.key}),
            contextlib.redirect_stdout(output),
        ):
            exec(compile(script, "<example>", "exec"), namespace)  # noqa: S102
        self.assertTrue(statuses, script)
        self.assertTrue(all(status < 400 for _, status in statuses), statuses)
        self.assertTrue(output.getvalue(), "the example prints its result")


class GuidePageTest(GuideTestCase):
    def test_it_speaks_indonesian_at_api_docs(self):
        r = self.client.get("/api/docs/")
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, '<html lang="id">')
        self.assertContains(r, "Apa yang ditawarkan API")
        self.assertContains(r, 'href="/en/api/docs/"')  # the language switch

    def test_it_speaks_english_under_en(self):
        r = self.client.get("/en/api/docs/")
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, '<html lang="en">')
        self.assertContains(r, "What the API offers")
        self.assertNotContains(r, "Apa yang ditawarkan API")
        self.assertContains(r, 'href="/api/docs/"')

    def test_it_reads_without_javascript(self):
        for path in ("/api/docs/", "/en/api/docs/"):
            html = self.client.get(path).content.decode()
            self.assertFalse(re.search(r'(?:src|href)="[^"]*swagger', html), "no Swagger assets")
            self.assertEqual(html.count("<h1>"), 1)
            # Every entry of the table of contents leads to a heading of the page.
            anchors = re.findall(r'<li><a href="#([\w-]+)">', html)
            self.assertEqual(len(anchors), 10)
            for anchor in anchors:
                self.assertRegex(html, rf'<h2 id="{anchor}">')
            self.assertGreaterEqual(html.count("<pre><code"), 10)
            self.assertIn("Authorization: Token &lt;", html)
            self.assertIn('href="/api/docs/explorer/"', html)

    def test_it_is_light(self):
        for path in ("/api/docs/", "/en/api/docs/"):
            html = self.client.get(path).content
            weight = len(html)
            assets = re.findall(rb'(?:href|src)="(/static/[^"]+)"', html)
            self.assertTrue(assets)
            for asset in {a.decode() for a in assets}:
                found = finders.find(asset.removeprefix(settings.STATIC_URL))
                self.assertIsNotNone(found, asset)
                weight += Path(found).stat().st_size
            self.assertLess(weight, WEIGHT_LIMIT, f"{path}: {weight} bytes")

    def test_the_explorer_moved_next_to_the_guide(self):
        r = self.client.get("/api/docs/explorer/")
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, '<html lang="en">')
        self.assertContains(r, 'id="swagger-ui"')
        self.assertContains(r, 'href="/api/docs/"')

    def test_the_api_root_points_to_the_guide(self):
        r = self.client.get("/api/", HTTP_ACCEPT="text/html")
        self.assertContains(r, 'href="/api/docs/"')

    def test_its_limits_and_page_sizes_are_those_of_the_settings(self):
        rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
        english = " ".join(self.client.get("/en/api/docs/").content.decode().split())
        for rate in rates.values():
            self.assertIn(f"<td>{rate.partition('/')[0]} per ", english)
        self.assertEqual((Pagination.page_size, Pagination.max_page_size), (100, 1000))
        self.assertIn("pages of 100 rows", english)
        self.assertIn("at most 1000; a larger size is read as 1000, and one that is not", english)
        self.assertEqual(self.client.get("/api/regions/?page_size=5000").status_code, 200)
        self.assertEqual(self.client.get("/api/regions/?page_size=0").status_code, 400)
        self.assertEqual(self.client.get("/api/regions/?page=99").status_code, 404)

    def test_the_api_answers_in_indonesian_whatever_accept_language(self):
        r = self.client.get(
            "/api/regions/", HTTP_AUTHORIZATION="Token x", HTTP_ACCEPT_LANGUAGE="en"
        )
        self.assertEqual(r.status_code, 401)
        with translation.override("id"):
            indonesian = gettext("The token is unknown, expired or revoked.")
        self.assertEqual(r.json()["detail"], indonesian)

    def test_the_token_page_it_names_exists(self):
        english = self.client.get("/en/api/docs/")
        self.assertContains(english, 'href="/en/akun/token/"')
        self.client.force_login(self.member)
        self.assertEqual(self.client.get("/en/akun/token/").status_code, 200)


class GuideExamplesTest(GuideTestCase):
    def test_every_example_of_the_indonesian_guide_is_true(self):
        self.run_examples(html_blocks(self.client.get("/api/docs/").content.decode()))

    def test_every_example_of_the_english_guide_is_true(self):
        self.run_examples(html_blocks(self.client.get("/en/api/docs/").content.decode()))

    def test_every_example_of_docs_api_md_is_true(self):
        self.run_examples(markdown_blocks(DOCS.read_text()))


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_guide_has_no_serious_accessibility_violations(live_server, page):
    from sinergi.tests.test_accessibility import blocking_violations

    for path in ("/api/docs/", "/en/api/docs/"):
        page.goto(live_server.url + path)
        assert page.get_by_role("heading", level=2).count() >= 10
        problems = blocking_violations(page)
        assert not problems, f"{path}:\n" + "\n".join(problems)
