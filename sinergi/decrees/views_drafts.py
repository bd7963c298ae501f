import datetime
import logging

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from sinergi.decrees import drafts
from sinergi.decrees.models import Decree, decree_in_force
from sinergi.lib.downloads import attachment
from sinergi.pokja.access import get_rw_group_for_user

logger = logging.getLogger(__name__)

# fmt in the address → (renderer, content type)
FORMATS = {
    "docx": (drafts.render_docx, drafts.DOCX_CONTENT_TYPE),
    "pdf": (drafts.render_pdf, "application/pdf"),
}


def draft_years(group, today) -> tuple[list[int], int]:
    """The years a draft decree may be for (this year and next: a decree does not start in
    the past) and the one to offer first: next year once the decree in force is expiring
    (decided at the end of the year), else this year (none, or the last one has expired)."""
    years = [today.year, today.year + 1]
    current = decree_in_force(group.decrees.order_by(), today)
    expiring = current is not None and current.status_on(today) == Decree.Status.EXPIRING
    if expiring:
        next_start = current.valid_until + datetime.timedelta(days=1)
        return years, min(max(next_start.year, today.year), today.year + 1)
    return years, today.year


def _year(request, group, today) -> int:
    """The year of the decree: ?tahun= names one of `draft_years`; the default when absent."""
    years, default = draft_years(group, today)
    text = request.GET.get("tahun", str(default))
    if text not in {str(year) for year in years}:
        raise Http404
    return int(text)


@never_cache  # the roster of a working group: no shared or browser cache keeps a copy
def draft(request, code, fmt):
    """The draft decree (rancangan SK) of the group for a year, with the roster of the
    decree's first day, for its secretariat."""
    if fmt not in FORMATS:
        raise Http404
    group = get_rw_group_for_user(request, code)
    today = timezone.localdate()
    render, content_type = FORMATS[fmt]
    try:
        content = render(group, today, _year(request, group, today))
    except drafts.TemplateUnusable as exc:
        # Logged with its cause for the national secretariat; the reader gets the way on.
        logger.warning("Decree template %s cannot be used", exc.args[0].pk, exc_info=exc)
        messages.error(
            request,
            _(
                "The decree template in use cannot be filled in. The national secretariat has "
                "to replace it; meanwhile the draft is available as PDF."
            ),
        )
        return redirect("decrees:list", group.code)
    response = HttpResponse(content, content_type=content_type)
    return attachment(response, f"rancangan-sk-{group.code}.{fmt}")
