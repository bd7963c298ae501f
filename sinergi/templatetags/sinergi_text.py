from django import template

from sinergi.lib.text import render_markdown

register = template.Library()


@register.filter
def markdown(text):
    """Render user-written text (Markdown, no raw HTML) as safe HTML."""
    return render_markdown(text)
