import operator
from functools import reduce
from zoneinfo import ZoneInfo

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# Dotted Kemendagri codes: province "32", regency/city "32.01", district "32.01.01",
# village "32.01.01.2001"; the national root is "ID".
CODE_PATTERN = r"ID|[0-9]{2}(?:\.[0-9]{2}(?:\.[0-9]{2}(?:\.[0-9]{4})?)?)?"
NATIONAL_CODE = "ID"

# The region filter, written once. A code is a materialised path: the regions below "32.04" are
# those whose code starts with "32.04." (with the dot: "32.7" is no parent of "32.71"). The
# national code stands for every region: its filter is ~Q(pk__in=[]), every row, rather than Q(),
# which `|` drops (X | Q() is X), so that the filters combine with `|`. No code is no row.


def _codes(code_or_codes) -> list[str]:
    if isinstance(code_or_codes, str):
        return [code_or_codes]
    return sorted(set(code_or_codes))


def _any_of(conditions) -> Q:
    return reduce(operator.or_, conditions) if conditions else Q(pk__in=[])


def at_or_below(code_or_codes, field: str = "code") -> Q:
    """A filter on rows whose region code `field` (e.g. "region__code") is one of the codes or
    lies below one of them. Takes one code or several; the national code matches every row, and
    no code no row."""
    codes = _codes(code_or_codes)
    if NATIONAL_CODE in codes:
        return ~Q(pk__in=[])
    return _any_of(
        [Q(**{field: code}) | Q(**{f"{field}__startswith": f"{code}."}) for code in codes]
    )


def below(code_or_codes, field: str = "code") -> Q:
    """As `at_or_below`, without the regions of the codes themselves (the national code still
    matches every row: leave the nation out by its level where it matters)."""
    codes = _codes(code_or_codes)
    if NATIONAL_CODE in codes:
        return ~Q(pk__in=[])
    return _any_of([Q(**{f"{field}__startswith": f"{code}."}) for code in codes])


def is_at_or_below(code: str, ancestor_code: str) -> bool:
    """`at_or_below` for one code in memory: whether `code` is `ancestor_code` or below it."""
    return ancestor_code in (NATIONAL_CODE, code) or code.startswith(f"{ancestor_code}.")


# Indonesia's three time zones follow the provinces (Kemendagri codes of 2022 and later, the
# four new Papua provinces 93–96 included); every other province, and the nation, is on WIB.
WIB, WITA, WIT = ZoneInfo("Asia/Jakarta"), ZoneInfo("Asia/Makassar"), ZoneInfo("Asia/Jayapura")
_PROVINCE_ZONES = {
    **dict.fromkeys(["51", "52", "53", "63", "64", "65", "71", "72", "73", "74", "75", "76"], WITA),
    **dict.fromkeys(["81", "82", "91", "92", "93", "94", "95", "96"], WIT),
}
ZONE_NAMES = {WIB.key: "WIB", WITA.key: "WITA", WIT.key: "WIT"}


def time_zone_of(code: str) -> ZoneInfo:
    """The time zone of the region with the Kemendagri `code`: that of its province (WIB for
    the nation and any code not known)."""
    return _PROVINCE_ZONES.get(code[:2], WIB)


def zone_name(zone) -> str:
    """ "WIB", "WITA" or "WIT" for one of Indonesia's zones; the zone's key for any other."""
    key = getattr(zone, "key", str(zone))
    return ZONE_NAMES.get(key, key)


class RegionQuerySet(models.QuerySet):
    def within(self, region):
        """Every region below `region` (not itself)."""
        return self.filter(at_or_below(region.code)).exclude(pk=region.pk)

    def national(self):
        return self.get(level=Region.Level.NATIONAL)


class Region(models.Model):
    """An administrative region of Indonesia under one national root."""

    NATIONAL_CODE = NATIONAL_CODE

    class Level(models.IntegerChoices):
        NATIONAL = 0, _("national")
        PROVINCE = 1, _("province")
        REGENCY = 2, _("regency / city")
        DISTRICT = 3, _("district")
        VILLAGE = 4, _("village")

    class Kind(models.TextChoices):
        NATION = "nasional", _("Nation")
        PROVINCE = "provinsi", _("Province")
        REGENCY = "kabupaten", _("Regency")
        CITY = "kota", _("City")
        DISTRICT = "kecamatan", _("District")
        PAPUA_DISTRICT = "distrik", _("District (distrik)")
        URBAN_VILLAGE = "kelurahan", _("Urban village")
        VILLAGE = "desa", _("Village")
        CUSTOMARY_VILLAGE = "desa_adat", _("Customary village")

    code = models.CharField(_("code"), max_length=13, unique=True)
    name = models.CharField(_("name"), max_length=100)
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )

    objects = RegionQuerySet.as_manager()

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["code"]
        indexes = [
            # The children of a region, in code order (region pages, API ?parent=).
            models.Index(fields=["parent", "code"], name="region_parent_code"),
            # Every region of one level (API ?level=, directories of provinces and regencies).
            models.Index(fields=["level", "code"], name="region_level_code"),
            # Names without regard to case (the region picker, regions/lookup.py) are indexed
            # by migration 0002, in a form each database needs.
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(level=0, parent__isnull=True)
                | models.Q(level__gt=0, parent__isnull=False),
                name="region_root_has_no_parent",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        if self.level == self.Level.NATIONAL:
            return reverse("regions:index")
        return reverse("regions:detail", args=[self.code])

    def ancestor_codes(self) -> list[str]:
        """Codes of the regions above this one, nearest last, without the national root."""
        if self.level == self.Level.NATIONAL:
            return []
        parts = self.code.split(".")
        return [".".join(parts[:i]) for i in range(1, len(parts))]

    def ancestors(self) -> list["Region"]:
        """The regions above this one, national root first (one query)."""
        if self.level == self.Level.NATIONAL:
            return []
        codes = [self.NATIONAL_CODE, *self.ancestor_codes()]
        return list(Region.objects.filter(code__in=codes).order_by("level"))

    def contains(self, other: "Region") -> bool:
        """True when `other` is this region or lies below it."""
        return is_at_or_below(other.code, self.code)

    @property
    def province_code(self) -> str | None:
        return None if self.level == self.Level.NATIONAL else self.code[:2]
