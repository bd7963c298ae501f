"""Decree reminders, a collector of the daily `send_reminders` command.

The secretariat of a working group whose decree is expiring, and again once it has expired,
is told so once per stage and decree, with a link to record the new decree. The secretariat of
a provincial working group gets one digest of the kabupaten/kota of its province that entered a
stage, and each of those as an in-app notification. Texts are Indonesian, like the portal.
"""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils import formats, translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sinergi.accounts.models import Notification
from sinergi.accounts.notifications import notify
from sinergi.decrees.models import Decree, LegalStatus, legal_status, with_legal_status
from sinergi.pokja.models import Role, WorkingGroup
from sinergi.regions.models import Region

KINDS = {
    LegalStatus.EXPIRING: Notification.Kind.DECREE_EXPIRING,
    LegalStatus.EXPIRED: Notification.Kind.DECREE_EXPIRED,
}


def long_date(day: datetime.date) -> str:
    return formats.date_format(day, "j F Y")


@dataclass(frozen=True)
class Reminder:
    """A working group that entered a stage; `until` is the last day of its latest decree."""

    group: WorkingGroup
    stage: LegalStatus
    until: datetime.date

    @property
    def kind(self) -> str:
        return KINDS[self.stage]

    @property
    def key(self) -> str:
        # The decree's end is part of the event, so next year's decree is reminded again.
        return f"decree:{self.group.pk}:{self.stage.value}:{self.until.isoformat()}"

    def title(self) -> str:
        context = {"group": self.group.name, "date": long_date(self.until)}
        if self.stage == LegalStatus.EXPIRING:
            return _("The decree of %(group)s expires on %(date)s") % context
        return _("The decree of %(group)s has expired") % context

    def body(self) -> str:
        context = {"group": self.group.name, "date": long_date(self.until)}
        if self.stage == LegalStatus.EXPIRING:
            return (
                _(
                    "The decree (SK) that establishes %(group)s is valid until %(date)s. A "
                    "working group needs a new decree every year: prepare the renewal with the "
                    "regional government, then record the new decree in Sinergi:"
                )
                % context
            )
        return (
            _(
                "The decree (SK) that established %(group)s ended on %(date)s: the working "
                "group has no legal basis until a new decree is signed. Record the new decree "
                "in Sinergi:"
            )
            % context
        )

    def line(self) -> str:
        """One line of the provincial digest."""
        context = {
            "region": self.group.region.name,
            "group": self.group.name,
            "date": long_date(self.until),
        }
        if self.stage == LegalStatus.EXPIRING:
            return _("%(region)s (%(group)s): decree valid until %(date)s") % context
        return _("%(region)s (%(group)s): decree ended on %(date)s") % context


def reminders_on(today) -> tuple[list[Reminder], dict[str, WorkingGroup]]:
    """The working groups whose decree is expiring or expired on `today` (one query), and the
    provincial working groups by province code."""
    latest_until = (
        Decree.objects.filter(working_group=OuterRef("pk"))
        .order_by("-valid_until")
        .values("valid_until")[:1]
    )
    groups = with_legal_status(WorkingGroup.objects.select_related("region"), today).annotate(
        latest_until=Subquery(latest_until)
    )
    reminders, provinces = [], {}
    for group in groups:
        if group.region.level == Region.Level.PROVINCE:
            provinces[group.code] = group
        stage = legal_status(group, today)
        # An expired group whose next decree is already recorded (starting later) is left alone.
        if stage == LegalStatus.EXPIRING or (
            stage == LegalStatus.EXPIRED and group.decrees_valid_until is None
        ):
            reminders.append(Reminder(group, stage, group.latest_until))
    return reminders, provinces


def collect_decree_reminders(today: datetime.date) -> Counter:
    """Notify the secretariats of decrees expiring or expired on `today`; returns the number of
    new notifications by kind. Reads take three queries whatever the number of groups; each new
    notification is one insert."""
    reminders, provinces = reminders_on(today)
    if not reminders:
        return Counter()
    regencies = defaultdict(list)  # province code → reminders of its kabupaten/kota
    for reminder in reminders:
        if reminder.group.region.level == Region.Level.REGENCY:
            regencies[reminder.group.code[:2]].append(reminder)
    digest_groups = [provinces[code] for code in regencies if code in provinces]

    secretariat = defaultdict(list)  # working group id → its secretariat users
    roles = (
        Role.objects.in_force(today)
        .filter(
            working_group__in=[r.group.pk for r in reminders] + [g.pk for g in digest_groups],
            kind=Role.Kind.SECRETARIAT,
            user__is_active=True,
        )
        .select_related("user")
    )
    for role in roles:
        secretariat[role.working_group_id].append(role.user)
    if not secretariat:
        return Counter()
    # What each user already heard of, so that a re-run writes nothing.
    known = set(
        Notification.objects.filter(
            user__in={user.pk for users in secretariat.values() for user in users},
            key__in={r.key for r in reminders},
        ).values_list("user_id", "key")
    )

    counts = Counter()
    with translation.override("id"):
        for reminder in reminders:
            url = reverse("decrees:add", args=[reminder.group.code])
            for user in secretariat[reminder.group.pk]:
                if (user.pk, reminder.key) in known:
                    continue
                if notify(
                    user, reminder.kind, reminder.key, reminder.title(), reminder.body(), url
                ):
                    known.add((user.pk, reminder.key))
                    counts[reminder.kind] += 1
        for province_group in digest_groups:
            for user in secretariat[province_group.pk]:
                new = [r for r in regencies[province_group.code] if (user.pk, r.key) not in known]
                if new:
                    counts += send_digest(user, province_group, new)
    return counts


def send_digest(user, province_group, reminders) -> Counter:
    """One e-mail listing `reminders` to a provincial secretariat user, each also an in-app
    notification. Without the e-mail nothing is kept, so the next run sends the digest again."""
    reminders = sorted(reminders, key=lambda r: r.group.code)
    counts = Counter()
    with transaction.atomic():
        items = []
        for reminder in reminders:
            url = reverse("decrees:list", args=[reminder.group.code])
            item = notify(
                user, reminder.kind, reminder.key, reminder.title(), reminder.line(), url, False
            )
            if item:
                items.append(item)
                counts[reminder.kind] += 1
        if not items:
            return Counter()
        province = province_group.region.name
        title = ngettext(
            "%(count)s kabupaten/kota in %(province)s needs a new decree",
            "%(count)s kabupaten/kota in %(province)s need a new decree",
            len(items),
        ) % {"count": len(items), "province": province}
        intro = _(
            "The decree of these working groups in %(province)s is expiring or has expired:"
        ) % {"province": province}
        outro = _("The compliance overview shows every working group of the province:")
        created = {item.key for item in items}
        lines = "\n".join(f"- {r.line()}" for r in reminders if r.key in created)
        body = f"{intro}\n\n{lines}\n\n{outro}"
        url = reverse("portal:compliance") + "?" + urlencode({"provinsi": province_group.code})
        # A digest's event is its first item, which each user receives once.
        key = f"decree-digest:{items[0].pk}"
        if notify(user, Notification.Kind.DECREE_DIGEST, key, title, body, url) is None:
            # The e-mail failed: its items go too, so that the next run sends them again.
            transaction.set_rollback(True)
            return Counter()
    counts[Notification.Kind.DECREE_DIGEST] += 1
    return counts
