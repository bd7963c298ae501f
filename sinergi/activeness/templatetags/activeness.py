from django import template

register = template.Library()


@register.filter
def activeness_band(total) -> str:
    """The colour band of an index: "0" (below 25) to "3" (75 and more); "" without one."""
    if total is None or total == "":
        return ""
    return str(min(int(total) // 25, 3))
