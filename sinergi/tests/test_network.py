from django.test import RequestFactory, SimpleTestCase, override_settings

from sinergi.lib.network import client_ip


class ClientIpTestCase(SimpleTestCase):
    def request(self, forwarded=None):
        headers = {"REMOTE_ADDR": "10.0.0.2"}
        if forwarded is not None:
            headers["HTTP_X_FORWARDED_FOR"] = forwarded
        return RequestFactory().get("/", **headers)

    def test_without_proxies_the_forwarded_header_is_ignored(self):
        self.assertEqual(client_ip(self.request("1.2.3.4")), "10.0.0.2")

    @override_settings(PROXY_COUNT=1)
    def test_behind_one_proxy_a_forged_entry_is_ignored(self):
        self.assertEqual(client_ip(self.request("6.6.6.6, 203.0.113.9")), "203.0.113.9")
        self.assertEqual(client_ip(self.request()), "10.0.0.2")

    @override_settings(PROXY_COUNT=2)
    def test_behind_two_proxies(self):
        self.assertEqual(client_ip(self.request("6.6.6.6, 203.0.113.9, 10.0.0.1")), "203.0.113.9")
