from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# Dotted Kemendagri codes: province "32", regency/city "32.01", district "32.01.01",
# village "32.01.01.2001"; the national root is "ID".
CODE_PATTERN = r"ID|[0-9]{2}(?:\.[0-9]{2}(?:\.[0-9]{2}(?:\.[0-9]{4})?)?)?"


class RegionQuerySet(models.QuerySet):
    def within(self, region):
        """Every region below `region` (not itself): the code is a materialised path."""
        if region.level == Region.Level.NATIONAL:
            return self.exclude(pk=region.pk)
        return self.filter(code__startswith=f"{region.code}.")

    def national(self):
        return self.get(level=Region.Level.NATIONAL)


class Region(models.Model):
    """An administrative region of Indonesia under one national root."""

    NATIONAL_CODE = "ID"

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
        if self.level == self.Level.NATIONAL:
            return True
        return other.code == self.code or other.code.startswith(f"{self.code}.")

    @property
    def province_code(self) -> str | None:
        return None if self.level == self.Level.NATIONAL else self.code[:2]
