"""gunicorn settings, read from the working directory: the Dockerfile's CMD runs in /app, so the
production server picks this up without a flag. Command-line flags still win."""


def post_worker_init(worker):
    """Warm a fresh worker (fonts, templates, URL resolver) before it takes requests (issue 21)."""
    from ondermijning.pdf import opwarmen

    opwarmen()
