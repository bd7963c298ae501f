from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.cache import never_cache

from sinergi.decrees import drafts
from sinergi.pokja.access import get_rw_group_for_user

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
    response = HttpResponse(render(group, today, _year(request, today)), content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"rancangan-sk-{group.code}.{fmt}"
    )
    return response
