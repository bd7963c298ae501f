"""Every URL pattern and API route, GET and write, for every persona, against one table.

The URL configuration is enumerated, so a new URL without an entry in expectations.TABLE fails
`test_every_url_has_an_entry`. Requests carry an empty form (nothing valid) inside a savepoint
that is rolled back, so a write that does get through changes nothing for later checks. Besides
the answer, every request is checked for a 500, for text that shows another group's internal
strings (fixtures' `secrets`), and for data changed by a GET or by a refused request (the audit
log grew). Every difference is collected and reported at once.
"""

import copy
import html
import json
import logging
import re
from urllib.parse import urlsplit

from auditlog.models import LogEntry
from django.contrib import admin
from django.core.cache import cache
from django.db import models, transaction
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse

from sinergi.meetings.models import Participant
from sinergi.monitoring.models import DataValue
from sinergi.test import BaseTestCase
from sinergi.tests.permission_matrix import expectations as X
from sinergi.tests.permission_matrix.fixtures import build_world


def url_patterns():
    """Key → parameter names of every URL pattern outside the admin site.

    The key is the URL name (`namespace:name`); when one name has several patterns it is
    followed by the parameters, `monitoring:dashboard(code)`. The API's format-suffix variants
    (`.json`) share their route's name and are covered with it.
    """
    found = {}

    def walk(patterns, namespace, outer_params):
        for pattern in patterns:
            params = outer_params | _params(pattern.pattern)
            if isinstance(pattern, URLResolver):
                inner = namespace
                if pattern.namespace:
                    inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                if inner != "admin":
                    walk(pattern.url_patterns, inner, params)
                continue
            if pattern.name:
                name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            else:
                name = str(pattern.pattern)
            found.setdefault(name, set()).add(frozenset(params - {"format"}))

    walk(get_resolver().url_patterns, "", frozenset())
    keys = {}
    for name, variants in found.items():
        for params in variants:
            key = name if len(variants) == 1 else f"{name}({','.join(sorted(params))})"
            keys[key] = sorted(params)
    return keys


def _params(pattern) -> frozenset:
    return frozenset(pattern.regex.groupindex)


def _url_name(key):
    return key.split("[")[0].split("(")[0]


def _value(world, path):
    value = world
    for attr in path.split("."):
        value = getattr(value, attr)
    return value.pk if isinstance(value, models.Model) else value


TEXT_TYPES = (
    "text/",
    "application/json",
    "application/geo+json",
    "application/rss",
    "application/atom",
)
REFUSALS = {"login", "admin-login", "401", "403", "404", "405"}
LOGIN_PATHS = {"/akun/masuk/": "login", "/admin/login/": "admin-login"}


def outcome(response) -> str:
    """The answer, as the table names it: ok, login, admin-login, or the status code."""
    status = response.status_code
    if status in (301, 302, 303, 307, 308):
        return LOGIN_PATHS.get(urlsplit(response["Location"]).path, X.OK)
    if status < 300 or status == 400:
        return X.OK
    return str(status)


class PermissionMatrixTest(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        build_world(cls)

    def setUp(self):
        # Thousands of refusals would each log a warning (and a traceback): the report says it.
        logging.disable(logging.CRITICAL)
        self.addCleanup(logging.disable, logging.NOTSET)
        self.patterns = url_patterns()
        self.clients = {}
        for role, user in self.roles.items():
            client = Client(raise_request_exception=False)
            if user is not None:
                client.force_login(user)
            self.clients[role] = client

    def world(self, name):
        return self.outside if name in X.OUTSIDE.values() else self.inside

    def params(self, key):
        return self.patterns[key if key in self.patterns else _url_name(key)]

    def url(self, key, entry, world, code=None):
        """The address of `key` with the objects of `world` (and region `code`, when given)."""
        kwargs = {}
        for param in self.params(key):
            if param in entry.fixed:
                kwargs[param] = entry.fixed[param]
            elif param in entry.kw:
                kwargs[param] = _value(world, entry.kw[param])
            elif param == "code":
                kwargs[param] = code or world.code
            else:
                raise AssertionError(f"{key}: no value for the URL parameter {param!r}")
        return reverse(_url_name(key), kwargs=kwargs) + entry.query.format(**vars(world))

    def request(self, role, method, url, data=None, probe=None):
        """One request in a savepoint rolled back afterwards; the session survives a sign-out.
        Returns the response and whether it changed domain data: the audit log grew, or
        `probe()` (for bulk writes, which the audit log does not see) answers otherwise."""
        client = self.clients[role]
        cookies = copy.deepcopy(client.cookies)
        with transaction.atomic():
            changes = (LogEntry.objects.count(), probe and probe())
            if method == "GET":
                response = client.get(url)
            elif method == "POST" and not isinstance(data, (list, str)):
                response = client.post(url, data or {})
            else:  # the API's JSON
                body = data if isinstance(data, str) else json.dumps(data or {})
                response = client.generic(method, url, body, content_type="application/json")
            changed = (LogEntry.objects.count(), probe and probe()) != changes
            transaction.set_rollback(True)
        if response.streaming:
            # Reading to the end closes the file through the test client, which keeps the
            # database connection open (closing the response directly would drop it).
            b"".join(response.streaming_content)
        client.cookies = cookies
        # Throttles and lockouts count in the cache: each request starts afresh.
        cache.clear()
        cache.set("sinergi:demo-data", False)
        return response, changed

    def leaks(self, role, response):
        """The internal strings of a group outside `role`'s scope that a text answer shows."""
        content_type = response.get("Content-Type", "")
        if response.streaming or not content_type.startswith(TEXT_TYPES):
            return []
        body = response.content.decode(errors="replace")
        if content_type.startswith("text/html"):
            body = html.unescape(re.sub(r"<[^>]*>", "", body))  # search marks the words it found
        return [
            secret
            for world, roles in X.SECRETS_HIDDEN_FROM.items()
            if role in roles
            for secret in self.world(world).secrets
            if secret in body
        ]

    def check(self, cases):
        """Requests every (key, entry, role, method, url, expected) and returns the report lines
        of the differences from the table (and of known issues that no longer reproduce)."""
        lines = []
        for key, entry, world, role, method, url, want in cases:
            response, changed = self.request(role, method, url)
            got = outcome(response)
            for secret in self.leaks(role, response):
                lines.append(f"{method:5} {url:62} {role:16} shows {secret!r} [{key}]")
            if changed and method == "GET":
                lines.append(f"GET   {url:62} {role:16} changed data: GET must be safe [{key}]")
            elif changed and got in REFUSALS:
                lines.append(f"{method:5} {url:62} {role:16} got {got}, yet data changed [{key}]")
            known = entry.known.get((method, role)) or entry.known.get((method, role, world))
            if got == want and known:
                lines.append(
                    f"FIXED {method:5} {url} {role}: {got}; remove the known issue [{key}]"
                )
            elif got != want and not known:
                lines.append(f"{method:5} {url:62} {role:16} got {got:11} expected {want} [{key}]")
        return lines

    def cases(self, world_name, roles, keys, code=None, want=None):
        for key in keys:
            entry = X.TABLE[key]
            relations = X.RELATIONS["bandung" if world_name == "none" else world_name]
            world = self.world(world_name)
            url = self.url(key, entry, world, code)
            for method, rule in (("GET", entry.get), (entry.write, entry.post)):
                for role in roles:
                    if role not in entry.roles:
                        continue
                    expected = want(rule) if want else X.expected(rule, role, relations[role])
                    # Known issues belong to their world, not to the foreign-ids check.
                    label = "foreign" if code else world_name
                    yield key, entry, label, role, method, url, expected

    def assert_no_differences(self, lines):
        if lines:
            self.fail(f"{len(lines)} differences from the permission table:\n" + "\n".join(lines))

    def test_every_url_has_an_entry(self):
        keys = set(self.patterns)
        entries = {_url_name(key) if "[" in key else key for key in X.TABLE}
        missing = sorted(keys - entries)
        stale = sorted(entries - keys)
        self.assertEqual(missing, [], "URLs without an entry in expectations.TABLE")
        self.assertEqual(stale, [], "entries in expectations.TABLE without a URL")

    def test_inside_scope(self):
        """Every entry, every persona, on Kabupaten Bandung's objects (Jawa Barat's for the
        province pages, the Bandung member's own things)."""
        lines = []
        for key, entry in X.TABLE.items():
            world = "bandung" if entry.world == "none" else entry.world
            lines += self.check(self.cases(world, X.ROLES, [key]))
        self.assert_no_differences(lines)

    def test_outside_scope(self):
        """Kabupaten Kupang's objects (NTT for the province pages, the Kupang member's things),
        for the personas of Bandung and Jawa Barat, for whom all of it lies outside."""
        lines = []
        for key, entry in X.TABLE.items():
            if entry.world != "none":
                outside = X.OUTSIDE[entry.world]
                lines += self.check(self.cases(outside, X.OUTSIDE_ROLES, [key]))
        self.assert_no_differences(lines)

    def test_foreign_ids_under_own_code(self):
        """Bandung's address with Kupang's ids (/pokja/32.04/rapat/<Kupang meeting>/) is 404
        even to Bandung's secretariat: an object is looked up within the group of the URL."""
        code = self.inside.code
        keys = [
            key
            for key, entry in X.TABLE.items()
            if entry.world == "bandung"
            and "code" in self.params(key)
            # Years and step numbers are not ids: they name the group's own object.
            and self.url(key, entry, self.outside, code) != self.url(key, entry, self.inside)
        ]

        def want(rule):
            return "405" if isinstance(rule, dict) and rule[X.EDITOR] == "405" else "404"

        lines = self.check(self.cases("kupang", [X.SECRETARIAT], keys, code=code, want=want))
        self.assert_no_differences(lines)

    def test_admin_site(self):
        """The admin index and every registered model's list: the administrator only."""
        urls = [reverse("admin:index")] + [
            reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
            for model in admin.site._registry
        ]
        lines = []
        for url in urls:
            for role in X.ROLES:
                got = outcome(self.request(role, "GET", url)[0])
                if role == X.VISITOR and got == "admin-login":
                    got = "login"  # the admin index has its own sign-in page; either will do
                want = X.expected(X.ADMIN_SITE, role, None)
                if got != want:
                    lines.append(f"GET   {url:70} {role:16} got {got:11} expected {want}")
        self.assert_no_differences(lines)

    def test_writes_naming_another_groups_objects(self):
        """Valid writes by Bandung's secretariat: with Bandung's objects they go through (so the
        payload is right), with Kupang's they change nothing."""
        meeting = self.inside.meeting

        def probe():  # invitations and values are written in bulk
            return Participant.objects.count(), DataValue.objects.count()

        def writes(w):
            """(label, method, url, payload) for a write in Bandung naming the objects of `w`."""
            yield (
                "API meeting",
                "POST",
                reverse("api:meeting-list"),
                {
                    "working_group": w.code,
                    "kind": "koordinasi",
                    "title": "Rapat",
                    "starts_at": "2025-10-01T09:00",
                    "place": "Bappeda",
                },
            )
            yield (
                "API action item",
                "POST",
                reverse("api:action-item-list"),
                {
                    "working_group": self.inside.code,
                    "title": "Tindak lanjut",
                    "due_on": "2025-10-01",
                    "owner_person": w.person.pk,
                },
            )
            yield (
                "API invitees",
                "PATCH",
                reverse("api:meeting-detail", args=[meeting.pk]),
                {"people": [w.shared_person.pk]},
            )
            yield (
                "API inspection",
                "POST",
                reverse("api:inspection-list"),
                {
                    "facility": w.facility.pk,
                    "inspected_on": "2025-10-01",
                    "status": "berfungsi",
                },
            )
            yield (
                "API values",
                "POST",
                reverse("api:data-values-bulk"),
                [
                    {
                        "indicator": "akses-air-layak",
                        "region": w.code,
                        "year": "2024",
                        "numerator": "70",
                        "denominator": "100",
                    }
                ],
            )
            yield (
                "facility page",
                "POST",
                reverse("facilities:add", args=[self.inside.code]),
                {
                    "kind": "spam",
                    "name": "SPAM baru",
                    "village": w.facility.village.code,
                },
            )

        lines = []
        for mine, theirs in zip(writes(self.inside), writes(self.outside), strict=True):
            label, method, url, payload = mine
            response, changed = self.request(X.SECRETARIAT, method, url, payload, probe)
            if not changed:
                lines.append(
                    f"{label}: the valid write with Bandung's objects changed nothing"
                    f" ({response.status_code}), so the check with Kupang's proves nothing"
                )
            label, method, url, payload = theirs
            response, changed = self.request(X.SECRETARIAT, method, url, payload, probe)
            if changed or response.status_code >= 500:
                lines.append(
                    f"{label}: {method} {url} {payload} by Bandung's secretariat:"
                    f" {response.status_code}, data changed"
                )
        self.assert_no_differences(lines)
