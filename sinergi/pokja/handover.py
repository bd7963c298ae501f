"""What else happens when a handover names the successor, or a member's position changes from
a date, registered by the apps above pokja.

`pokja` sits below the apps whose records follow a position (the meetings' action items), so it
cannot import them. Instead each such app appends a function to `on_successor_named` in its
`AppConfig.ready()`; `actions.do_name_successor()` calls every one, in order, inside its own
transaction, so a failure rolls the whole handover back. A plain list rather than a Django signal:
what runs is written in one place per app and is easy to find.
"""

from collections.abc import Callable

# Each function takes (handover, successor_person); its return value is ignored.
on_successor_named: list[Callable] = []


def successor_named(handover, successor_person) -> None:
    for receiver in on_successor_named:
        receiver(handover, successor_person)


# Each function takes (ended_membership, next_membership) of one person, when
# `actions.do_change_position()` (or a member named successor) moves them to a new position.
on_position_changed: list[Callable] = []


def position_changed(ended, following) -> None:
    for receiver in on_position_changed:
        receiver(ended, following)
