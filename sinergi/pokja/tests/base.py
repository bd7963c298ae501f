"""Shared by the tests of removing records entered by mistake (pokja/removal.py). No tests here."""

from django.urls import reverse
from django.utils import translation


class RemovalMixin:
    """The confirmation page of a removal in Kabupaten Bandung, and its form posted, in English,
    by the group's secretariat unless another user is given."""

    code = "32.04"

    def url(self, name, *args):
        with translation.override("en"):
            return reverse(name, args=[self.code, *args])

    def confirmation(self, name, *args, user=None):
        self.client.force_login(user or self.regency)
        return self.client.get(self.url(name, *args))

    def remove(self, name, *args, reason="Tercatat dua kali", user=None):
        self.client.force_login(user or self.regency)
        return self.client.post(self.url(name, *args), {"reason": reason})
