"""Action items in a handover: the leaving member's open items pass to the successor, and the
handover pack lists them.

`transfer_action_items()` runs when `pokja.actions.do_name_successor()` names a successor: the
app's `ready()` registers it in `pokja.handover.on_successor_named`;
`action_items_section()` is one of the `SECTIONS` of `portal.handover_pack`. Neither imports
`pokja.actions` or `portal`, so the dependency keeps pointing one way.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from sinergi.meetings import reminders
from sinergi.meetings.models import ActionItem


def transfer_action_items(handover, successor_person) -> int:
    """Give the open action items of the leaving member in the handover's working group to
    `successor_person`, in one UPDATE, and tell the new owner after the commit. Closed items
    keep their owner: they record who did the work. Returns the number of items passed on.

    A queryset update leaves no entry in the change history; the handover itself records
    when and to whom the position passed."""
    leaving = handover.leaving
    items = ActionItem.objects.open().filter(
        working_group_id=leaving.working_group_id, owner_person_id=leaving.person_id
    )
    ids = list(items.values_list("pk", flat=True))
    if not ids or leaving.person_id == successor_person.pk:
        return 0
    count = ActionItem.objects.filter(pk__in=ids).update(owner_person=successor_person)

    def announce():
        for item in ActionItem.objects.filter(pk__in=ids).select_related("owner_person"):
            reminders.announce_action(item)

    transaction.on_commit(announce)
    return count


def action_items_section(pack) -> list:
    """The open action items of the position: the leaving member's, or, once the successor is
    named and the items have passed on, the successor's. One query."""
    handover = pack.handover
    owners = [handover.leaving.person_id]
    if handover.successor_id:
        owners.append(handover.successor.person_id)
    items = (
        ActionItem.objects.open()
        .filter(working_group=pack.group, owner_person__in=owners)
        .select_related("decision__meeting", "owner_person")
        .order_by("due_on", "pk")
    )
    flowables = [pack.heading(_("Open action items"))]
    if not items:
        flowables.append(pack.paragraph(_("No open action items."), "muted"))
        return flowables
    rows = []
    for item in items:
        text = item.title
        if item.decision_id:
            text += " — " + _("from the meeting “%(meeting)s”, decision %(number)s") % {
                "meeting": item.decision.meeting.title,
                "number": item.decision.number,
            }
        text += "\n" + _("Owner: %(name)s") % {"name": item.owner_person.full_name}
        if item.is_overdue(pack.today):
            text += " · " + _("OVERDUE")
        rows.append((_("Due %(date)s") % {"date": pack.date(item.due_on)}, text))
    flowables.append(pack.facts(rows))
    return flowables
