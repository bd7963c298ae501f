from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.cache import never_cache

from sinergi.lib.downloads import attachment
from sinergi.pokja.access import get_group_for_user
from sinergi.portal.handover_pack import build_handover_pack, pack_handovers


@never_cache  # personal data of a working group: no shared or browser cache keeps a copy
def handover_pack(request, code, pk):
    group, _can_edit = get_group_for_user(request, code)
    handover = get_object_or_404(pack_handovers(), pk=pk, leaving__working_group=group)
    response = HttpResponse(build_handover_pack(handover), content_type="application/pdf")
    return attachment(response, f"serah-terima-{group.code}-{handover.pk}.pdf")
