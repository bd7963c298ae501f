"""Notifications of coordination work. OWNED BY the notifications helper: the functions below
are the interface the meeting views call; they are implemented there."""


def announce_meeting(meeting):
    """Tell every invitee of `meeting` (once per invitee): called after the meeting is saved
    or invitees are added, inside or after the transaction."""


def announce_action(item):
    """Tell the owner of a new action item (once per item)."""


def collect_coordination_reminders(day):
    """send_reminders collector: invitations not yet sent, items due in 3 days, overdue."""
    from collections import Counter

    return Counter()
