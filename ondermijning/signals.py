"""Login events go to the audit trail (success, failure, logout)."""

import time

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from ondermijning import audit
from ondermijning.beveiliging import LOGIN_TIJDSTIP
from ondermijning.middleware import client_ip
from ondermijning.models import AuditActie, AuditResultaat, GebruikerSessie


@receiver(user_logged_in, dispatch_uid="audit_login")
def _login_gelukt(sender, request, user, **kwargs):
    audit.log(
        actie=AuditActie.LOGIN_GELUKT,
        actor=user,
        obj=user,
        ip=client_ip(request) if request else None,
        # A provider login records how the provider authenticated (acr/amr), see ondermijning.views.OidcCallback.
        toelichting=getattr(request, "login_toelichting", ""),
    )
    if request is not None and hasattr(request, "session"):
        # Remember the session per user (to end them all on deactivation) and when it started
        # (for the absolute session lifetime).
        if request.session.session_key is None:
            request.session.save()
        request.session[LOGIN_TIJDSTIP] = int(time.time())
        GebruikerSessie.objects.create(gebruiker=user, sessie_sleutel=request.session.session_key)


@receiver(user_login_failed, dispatch_uid="audit_login_mislukt")
def _login_mislukt(sender, credentials, request=None, **kwargs):
    # The typed username is not stored (it may be a mistyped password); only the id of an
    # existing account, so repeated attempts on one account can be traced.
    gebruiker = (
        get_user_model()
        ._default_manager.filter(username=credentials.get("username", ""))
        .values_list("pk", flat=True)
        .first()
    )
    audit.log(
        actie=AuditActie.LOGIN_MISLUKT,
        object_type="ondermijning.gebruiker",
        object_id=gebruiker or "",
        resultaat=AuditResultaat.MISLUKT,
        ip=client_ip(request) if request else None,
    )


@receiver(user_logged_out, dispatch_uid="audit_logout")
def _uitgelogd(sender, request, user, **kwargs):
    if user is not None:
        audit.log(actie=AuditActie.UITLOGGEN, actor=user, obj=user, ip=client_ip(request) if request else None)
