"""Who may start a working group where there is none. The rule lives in `pokja.access` (the one
door for every access rule); these are the names the formation pages use."""

from sinergi.pokja import access

LEVELS = access.FORMATION_LEVELS
may_start_anywhere = access.can_start_formation_anywhere
may_start_in = access.can_start_formation
regions_in_reach = access.formation_regions


def startable_regions(user):
    """The regions in reach of `user` that have no working group yet, in code order."""
    return regions_in_reach(user).filter(working_group__isnull=True).order_by("code")
