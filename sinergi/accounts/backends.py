from axes.backends import AxesStandaloneBackend
from axes.exceptions import AxesBackendPermissionDenied
from axes.helpers import get_client_ip_address, get_cool_off, toggleable
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.utils import timezone


class SignInLimitBackend(AxesStandaloneBackend):
    """django-axes' lockout of one e-mail from one address, plus a limit per address.

    Axes applies one failure limit to every lockout parameter, so a per-address parameter would
    lock a whole office behind one address after a few typos. Instead, the failures axes
    recorded for every e-mail from this address are summed here against a higher limit: one
    password tried on many accounts is stopped. It runs inside `authenticate()`, so the
    admin's sign-in is covered as well as ours; the lockout answer is axes' (429).
    """

    @toggleable
    def authenticate(self, request, username=None, password=None, **kwargs):
        super().authenticate(request, username=username, password=password, **kwargs)
        if address_failures(request) >= settings.SIGN_IN_ADDRESS_FAILURE_LIMIT:
            # The flag axes itself sets: AxesMiddleware turns the response into the lockout page.
            request.axes_locked_out = True
            raise AxesBackendPermissionDenied("Too many failed sign-ins from this address")


def address_failures(request) -> int:
    """Failed sign-ins from the request's address within axes' cool-off time."""
    attempts = AccessAttempt.objects.filter(
        ip_address=get_client_ip_address(request),
        attempt_time__gte=timezone.now() - get_cool_off(request),
    )
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
