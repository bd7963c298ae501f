from django import template
from django.utils.html import format_html

from sinergi.lib.text import render_markdown, tel_uri

register = template.Library()


@register.filter
def markdown(text):
    """Render user-written text (Markdown, no raw HTML) as safe HTML."""
    return render_markdown(text)


@register.filter
def phone_link(phone):
    """A phone number as a link that calls it on a phone (`tel:`), or the text as it is."""
    uri = tel_uri(phone)
    return format_html('<a href="{}">{}</a>', uri, phone) if uri else phone
