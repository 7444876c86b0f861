"""Request-wide plumbing: origin IP for the audit trail, no caching of pages with personal data."""

from django.conf import settings

from ondermijning import audit
from ondermijning.models import AuditActie, AuditResultaat


def client_ip(request) -> str | None:
    """The client's IP: REMOTE_ADDR, or the address NUM_PROXIES hops from the right of X-Forwarded-For.

    Only the entries appended by our own proxies are trusted, so a spoofed header cannot choose
    the address that lands in the audit trail (or in a lockout).
    """
    aantal = settings.NUM_PROXIES
    if aantal > 0:
        doorgestuurd = [d.strip() for d in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if d.strip()]
        if len(doorgestuurd) >= aantal:
            return doorgestuurd[-aantal]
    return request.META.get("REMOTE_ADDR") or None


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
