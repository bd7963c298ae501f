from django.conf import settings


def client_ip(request) -> str | None:
    """The client's address, trusting X-Forwarded-For only as far as PROXY_COUNT proxies.

    Each trusted proxy appends the address it received the request from, so with N proxies the
    client is the N-th entry from the right; entries further left may be forged by the client.
    """
    remote = request.META.get("REMOTE_ADDR")
    count = settings.PROXY_COUNT
    if count <= 0:
        return remote
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [a for a in forwarded if a]
    return forwarded[-count] if len(forwarded) >= count else remote
