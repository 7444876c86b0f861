"""gunicorn settings, read from the working directory: the Dockerfile's CMD runs in /app, so the
production server picks this up without a flag. Command-line flags still win.

The access log holds no query strings and no referrer: a search for a name
(`/signalen/?q=Jansen`) would otherwise end up in the log, and the next page's referrer
carries it as well. Logged: client, user, time, method, path, protocol, status, size, duration.
"""

access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(M)sms'


def post_worker_init(worker):
    """Warm a fresh worker (fonts, templates, URL resolver) before it takes requests (issue 21)."""
    from ondermijning.pdf import opwarmen

    opwarmen()
