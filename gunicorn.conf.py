"""gunicorn settings read by default from the working directory (/app in the image).

The access log holds no query strings and no referrer: a search for a name
(`/signalen/?q=Jansen`) would otherwise end up in the log, and the next page's referrer
carries it as well. Logged: client, user, time, method, path, protocol, status, size, duration.
"""

access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(M)sms'
