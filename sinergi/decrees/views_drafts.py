import logging

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from sinergi.decrees import drafts
from sinergi.lib.downloads import attachment
from sinergi.pokja.access import get_rw_group_for_user

logger = logging.getLogger(__name__)

# fmt in the address → (renderer, content type)
FORMATS = {
    "docx": (drafts.render_docx, drafts.DOCX_CONTENT_TYPE),
    "pdf": (drafts.render_pdf, "application/pdf"),
}


def _year(request, today) -> int:
    """The year of the decree: ?tahun= may name last year, this year or next year (drafted in
    December); the current year when absent."""
    years = {str(year): year for year in range(today.year - 1, today.year + 2)}
    text = request.GET.get("tahun", str(today.year))
    if text not in years:
        raise Http404
    return years[text]


@never_cache  # the roster of a working group: no shared or browser cache keeps a copy
def draft(request, code, fmt):
    """The draft decree (rancangan SK) of the group from today's roster, for its secretariat."""
    if fmt not in FORMATS:
        raise Http404
    group = get_rw_group_for_user(request, code)
    today = timezone.localdate()
    render, content_type = FORMATS[fmt]
    try:
        content = render(group, today, _year(request, today))
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
