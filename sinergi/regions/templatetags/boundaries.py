"""The boundary files of the maps, for the templates that include a map."""

import json

from django import template
from django.templatetags.static import static

from sinergi.regions.boundaries import province_codes, province_file

register = template.Library()


@register.simple_tag
def province_boundary_files():
    """{province code: URL of its kabupaten/kota file} as JSON, for a data-* attribute (the
    output is escaped like any other value)."""
    return json.dumps(
        {code: static(province_file(code)) for code in province_codes()}, separators=(",", ":")
    )
