"""Text that users write with light formatting (minutes, pages, news, articles), rendered
safely: Markdown without raw HTML, then cleaned by an allow-list sanitizer.

Raw HTML in the source is not interpreted: `<script>` is shown as the text "<script>". Links may
only use http, https and mailto.
"""

import html

import markdown
import nh3
from django.core.validators import RegexValidator
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

TAGS = {
    "p", "br", "strong", "em", "ul", "ol", "li", "a", "h2", "h3", "h4", "blockquote",
    "code", "pre", "hr", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ATTRIBUTES = {"a": {"href", "title"}}


def _markdown() -> markdown.Markdown:
    md = markdown.Markdown(extensions=["sane_lists", "tables"], output_format="html")
    # Without these, raw HTML blocks and inline tags pass through; with them gone, Markdown
    # escapes them and they show as text.
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    return md


def render_markdown(text: str) -> str:
    """`text` as safe HTML."""
    html = _markdown().convert(text or "")
    clean = nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener",
    )
    return mark_safe(clean)  # noqa: S308 - sanitized above


def plain_text(text: str) -> str:
    """The words of `text` without Markdown markup, for search indexes and snippets."""
    return html.unescape(nh3.clean(_markdown().convert(text or ""), tags=set())).strip()


# A title or a name is one line: e-mail subjects, calendar names and PDF headings take it as is.
one_line = RegexValidator(
    r"[\r\n\x0b\x0c\x1c-\x1e\x85\u2028\u2029]",
    message=gettext_lazy("Write it on one line."),
    code="line_break",
    inverse_match=True,
)


def tel_uri(phone: str) -> str:
    """The `tel:` address of a phone number as people write it in Indonesia ("(022) 5230145",
    "0812-2233-4455", "+62 21 3190 0000"), in international form; "" when it is not a number."""
    digits = "".join(c for c in phone or "" if c.isdigit())
    if len(digits) < 6:
        return ""
    if (phone or "").strip().startswith("+"):
        return f"tel:+{digits}"
    if digits.startswith("62"):
        return f"tel:+{digits}"
    if digits.startswith("0"):
        return f"tel:+62{digits[1:]}"
    return f"tel:{digits}"
