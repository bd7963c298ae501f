from django import template

from sinergi.formation.access import may_start_in

register = template.Library()


@register.filter
def may_start_formation_in(user, region) -> bool:
    """Whether `user` may start a working group in `region` (for the profile of a region
    without one): `{% if user|may_start_formation_in:region %}`."""
    return may_start_in(user, region)
