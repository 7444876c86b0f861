import os

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ondermijning.settings")
application = get_wsgi_application()

try:
    settings.SECRET_KEY  # noqa: B018 - Django refuses an empty key only on first use; refuse at start
except ImproperlyConfigured as fout:
    raise ImproperlyConfigured("SECRET_KEY is verplicht wanneer DEBUG uit staat.") from fout
if settings.AUDIT_HMAC_SLEUTEL_ID not in settings.AUDIT_HMAC_SLEUTELS:
    # Without its key the audit chain could not be written: refuse at start, not at the first request.
    raise ImproperlyConfigured("AUDIT_HMAC_SLEUTELS is verplicht wanneer DEBUG uit staat (zie README).")
