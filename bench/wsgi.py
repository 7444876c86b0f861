"""The production WSGI application plus the benchmark's tuned Signaal admin (the baseline of
`make bench-http`). Registered before the URLconf is first imported; never used in production."""

from bench.run import registreer_admin_terugval
from ondermijning.wsgi import application  # noqa: F401 (django.setup())

registreer_admin_terugval()
