"""Facility failures, a collector of the daily `send_reminders` command.

When an inspection finds a facility not working, the secretariat of the working group of its
kabupaten/kota (or, without one, of the nearest working group above) is told in the app and by
e-mail, and the contact of the programme that built it gets one plain e-mail, so that the
failure reaches someone who can act. The inspection then records when, and is not told again.
Texts are Indonesian, like the portal.
"""

import datetime
import logging
from collections import Counter, defaultdict

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from sinergi.accounts.models import Notification
from sinergi.accounts.notifications import notify
from sinergi.facilities.models import Inspection
from sinergi.lib import mail
from sinergi.pokja.models import Role, WorkingGroup
from sinergi.regions.models import Region

logger = logging.getLogger(__name__)

# Stored with the kind Notification.Kind.FACILITY_FAILURE.
KIND = "facility_failure"
PROGRAMME_KIND = "facility_failure_programme"
# Failures told per run; the rest wait for the next day.
BATCH = 500


def _group_codes(village_code) -> list[str]:
    """The regions whose working group may hear of a failure in `village_code`, nearest first:
    the kabupaten/kota, the province, the nation."""
    return [village_code[:5], village_code[:2], Region.NATIONAL_CODE]


def _nearest(groups, secretariat, village_code):
    """The nearest working group above the village that has an active secretariat."""
    for code in _group_codes(village_code):
        group = groups.get(code)
        if group is not None and secretariat.get(group.pk):
            return group
    return None


def _texts(inspection, group) -> tuple[str, str]:
    facility = inspection.facility
    context = {
        "facility": facility.name,
        "kind": facility.get_kind_display(),
        "village": facility.village.name,
        "date": formats.date_format(inspection.inspected_on, "j F Y"),
        "problem": inspection.problem or "–",
        "group": group.name if group else "",
    }
    title = _("%(facility)s in %(village)s is not working") % context
    body = (
        _(
            "The inspection of %(date)s found %(facility)s (%(kind)s) in %(village)s not "
            "working. Problem found: %(problem)s"
        )
        % context
    )
    return title, body


def collect_facility_failures(today: datetime.date) -> Counter:
    """Tell the working groups and programme contacts of failures not yet told; returns the
    number of new notifications by kind. Reads take four queries whatever the number of
    failures; each failure then writes its notifications and one update."""
    failures = list(
        Inspection.objects.filter(status=Inspection.Status.NOT_WORKING, notified__isnull=True)
        .select_related("facility__village", "facility__programme")
        .order_by("pk")[:BATCH]
    )
    if not failures:
        return Counter()
    codes = {code for i in failures for code in _group_codes(i.facility.village.code)}
    groups = {
        group.region.code: group
        for group in WorkingGroup.objects.filter(region__code__in=codes).select_related("region")
    }
    secretariat = defaultdict(list)
    for role in (
        Role.objects.in_force(today)
        .filter(
            working_group__in=list(groups.values()),
            kind=Role.Kind.SECRETARIAT,
            user__is_active=True,
        )
        .select_related("user")
    ):
        secretariat[role.working_group_id].append(role.user)
    known = set(
        Notification.objects.filter(
            key__in=[f"facility-failure:{i.pk}" for i in failures]
        ).values_list("user_id", "key")
    )

    counts = Counter()
    with translation.override("id"):
        for inspection in failures:
            key = f"facility-failure:{inspection.pk}"
            code = inspection.facility.village.code
            group = _nearest(groups, secretariat, code)
            title, body = _texts(inspection, group)
            url = ""
            if group:
                url = reverse("facilities:detail", args=[group.code, inspection.facility_id])
            complete = True
            for user in secretariat[group.pk] if group else []:
                if (user.pk, key) in known:
                    continue
                if notify(user, KIND, key, title, body, url):
                    counts[KIND] += 1
                else:
                    complete = False  # the e-mail failed: the next run tries again
            programme = inspection.facility.programme
            if complete and programme and programme.contact_email:
                complete = _tell_programme(programme, title, body)
                counts[PROGRAMME_KIND] += complete
            if complete:
                # An update, not a save: `notified` is bookkeeping, not audited history.
                Inspection.objects.filter(pk=inspection.pk).update(notified=timezone.now())
    return counts


def _tell_programme(programme, title, body) -> bool:
    """One plain e-mail to the programme's contact, who has no account; False if it failed.
    Its link is the programme's public page: the facility page needs a login."""
    greeting = (
        _("Dear %(name)s,") % {"name": programme.contact_name}
        if programme.contact_name
        else _("Dear programme contact,")
    )
    intro = _("A facility built by %(programme)s was found not working:") % {
        "programme": programme.name
    }
    outro = _("The working group has been told too. The programme in Sinergi:")
    link = settings.SITE_URL + programme.get_absolute_url()
    text = f"{greeting}\n\n{intro}\n\n{body}\n\n{outro}\n{link}\n"
    try:
        send_mail(" ".join(title.split()), text, None, [programme.contact_email])
    except OSError:  # smtplib's errors are OSErrors
        logger.exception("Failure of inspection not sent to programme %s", programme.pk)
        mail.failed()
        return False
    return True
