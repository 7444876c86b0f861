"""Who is calling: a token (partner systems, the MMA intake, the field app) or a logged-in user.

Token calls carry no session, so the login and two-factor middleware leave them alone and the
API views authenticate here. A logged-in user may read through the API (the docs' "try it
out") only with a session that passed the second factor.
"""

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from api.models import ApiToken, Scope
from ondermijning.geheim import geheim_hash

# A session user reads through the API; writing is for systems with a token.
SESSIE_SCOPES = frozenset({Scope.LEZEN.value})


class TokenAuthenticatie(authentication.BaseAuthentication):
    """`Authorization: Bearer <sleutel>`; refused when unknown, revoked, expired or the account is inactive."""

    keyword = "Bearer"

    def authenticate(self, request):
        kop = authentication.get_authorization_header(request).split()
        if not kop or kop[0].lower() not in (b"bearer", b"token"):
            return None
        if len(kop) != 2:
            raise exceptions.AuthenticationFailed(_("Geef de sleutel als 'Authorization: Bearer <sleutel>'."))
        try:
            sleutel = kop[1].decode("ascii")
        except UnicodeError as fout:
            raise exceptions.AuthenticationFailed(_("Deze sleutel is ongeldig.")) from fout
        token = ApiToken.objects.select_related("gebruiker").filter(sleutel_hash=geheim_hash(sleutel)).first()
        if token is None or not token.actief or not token.gebruiker.is_active:
            raise exceptions.AuthenticationFailed(_("Deze sleutel is ongeldig of ingetrokken."))
        if token.is_verlopen:
            raise exceptions.AuthenticationFailed(_("Deze sleutel is verlopen. Vraag de beheerder om een nieuwe."))
        nu = timezone.now()
        if token.laatst_gebruikt_op is None or (nu - token.laatst_gebruikt_op).total_seconds() > 60:
            # At most one write a minute per token: a busy system should not hammer this row.
            ApiToken.objects.filter(pk=token.pk).update(laatst_gebruikt_op=nu)
        return token.gebruiker, token

    def authenticate_header(self, request):
        return f'{self.keyword} realm="api"'


class GeverifieerdeSessieAuthenticatie(authentication.SessionAuthentication):
    """The web session, but only after the second factor (when two-factor login is required)."""

    def authenticate(self, request):
        resultaat = super().authenticate(request)
        if resultaat is None:
            return None
        user = resultaat[0]
        if settings.OTP_VERPLICHT and not user.is_verified():
            return None
        return resultaat


def scopes(request) -> frozenset[str]:
    """What the caller may do at all: the token's scopes, or reading for a session."""
    if isinstance(request.auth, ApiToken):
        return request.auth.scopes
    if request.user.is_authenticated:
        return SESSIE_SCOPES
    return frozenset()
