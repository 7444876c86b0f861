"""Request-wide plumbing: trusted proxies, origin IP for the audit trail, no caching of pages with personal data."""

import functools
import ipaddress

from django.conf import settings

from ondermijning import audit
from ondermijning.models import AuditActie, AuditResultaat

# Headers only a proxy of our own may set; from anyone else they are dropped before Django reads them.
DOORGESTUURDE_HEADERS = ("HTTP_X_FORWARDED_FOR", "HTTP_X_FORWARDED_PROTO", "HTTP_X_FORWARDED_HOST", "HTTP_FORWARDED")


@functools.cache
def _netwerken(cidrs: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(cidr, strict=False) for cidr in cidrs)


def _vertrouwde_proxy(adres: str | None) -> bool:
    """Is this peer address one of our own reverse proxies (settings.TRUSTED_PROXIES)?"""
    if not adres or not settings.TRUSTED_PROXIES:
        return False
    try:
        ip = ipaddress.ip_address(adres)
    except ValueError:
        return False
    return any(ip in netwerk for netwerk in _netwerken(tuple(settings.TRUSTED_PROXIES)))


def client_ip(request) -> str | None:
    """The client's IP: REMOTE_ADDR, or, when that is a trusted proxy, the right-most untrusted X-Forwarded-For entry.

    Only a request from one of our own proxies has its X-Forwarded-For read at all, and then
    walking from the right past our proxies, so a client can never choose the address that
    lands in the audit trail (or in a lockout) by sending the header itself.
    """
    adres = request.META.get("REMOTE_ADDR") or None
    if not _vertrouwde_proxy(adres):
        return adres
    doorgestuurd = [d.strip() for d in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if d.strip()]
    for hop in reversed(doorgestuurd):
        try:
            ipaddress.ip_address(hop)
        except ValueError:
            return adres  # not written by our proxy, which always sets an address
        if not _vertrouwde_proxy(hop):
            return hop
        adres = hop
    return adres


class VertrouwdeProxyMiddleware:
    """Drop X-Forwarded-* unless the request comes from a trusted proxy: first in MIDDLEWARE.

    SECURE_PROXY_SSL_HEADER (is_secure, the HTTPS redirect, secure cookies) and the client IP
    then see a forwarded header only when our own proxy set it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _vertrouwde_proxy(request.META.get("REMOTE_ADDR")):
            for header in DOORGESTUURDE_HEADERS:
                request.META.pop(header, None)
        return self.get_response(request)


class AuditContextMiddleware:
    """Make the origin IP available to `audit.log`, and record refused access (403, and 404 on an object URL).

    A 404 on a URL with an object id is how out-of-scope access looks, so it is recorded too:
    the trail shows who probed which ids.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = audit.huidig_ip.set(client_ip(request))
        try:
            response = self.get_response(request)
            self._registreer_weigering(request, response)
            return response
        finally:
            audit.huidig_ip.reset(token)

    @staticmethod
    def _registreer_weigering(request, response):
        match = getattr(request, "resolver_match", None)
        if response.status_code not in (403, 404) or match is None or not request.user.is_authenticated:
            return
        if response.status_code == 404 and not match.kwargs:
            return
        object_id = next(iter(match.kwargs.values()), "")
        audit.log(
            actie=AuditActie.TOEGANG_GEWEIGERD,
            actor=request.user,
            object_type=match.view_name[:60],
            object_id=str(object_id)[:40],
            resultaat=AuditResultaat.GEWEIGERD,
            toelichting=f"HTTP {response.status_code}",
        )


class NoStoreMiddleware:
    """Pages and files may hold personal data: never let a browser or proxy cache them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith(settings.STATIC_URL):
            response.headers.setdefault("Cache-Control", "no-store")
        return response


class BeveiligingsHeadersMiddleware:
    """Headers Django has no setting for, on every response (static files included: it runs before WhiteNoise).

    Permissions-Policy: no page needs a powerful browser feature (PERMISSIONS_POLICY in settings).
    Cross-Origin-Resource-Policy: another site may not embed our pages, files or photos.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.permissions_policy = ", ".join(
            f"{functie}=({' '.join(bronnen)})" for functie, bronnen in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.permissions_policy)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response
