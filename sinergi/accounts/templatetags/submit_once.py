"""`{% submit_once %}`: the hidden field that makes a form page save once (see accounts.once).
A builtin tag (settings.TEMPLATES), so templates need no `{% load %}`."""

from django import template
from django.utils.html import format_html

from sinergi.accounts.once import FIELD, new_token

register = template.Library()


@register.simple_tag
def submit_once():
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, new_token())
