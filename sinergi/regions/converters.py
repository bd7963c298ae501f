from sinergi.regions.models import CODE_PATTERN


class RegionCodeConverter:
    """`<region:code>` in URLs: a dotted Kemendagri code such as 32, 32.04 or 32.04.05.2001."""

    regex = CODE_PATTERN

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value
