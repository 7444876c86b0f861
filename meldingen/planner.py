"""In-process scheduler for `make run` (DEBUG, no Redis, tasks eager).

Why a thread and not an embedded broker: with CELERY_TASK_ALWAYS_EAGER there is no worker to feed,
so the simplest thing that runs the same beat schedule is a daemon thread in the development server
that calls the same tasks on the same schedule (settings.CELERY_BEAT_SCHEDULE). It starts only
under `runserver` with DEBUG and eager tasks, and only in the autoreloader's serving process, so
production (gunicorn + worker + beat) and the test suite never run it.
"""

import logging
import os
import sys
import threading
import time

from celery.schedules import maybe_schedule
from django.conf import settings
from django.db import close_old_connections, connections

from ondermijning.celery import app

logger = logging.getLogger(__name__)

EERSTE_RONDE_NA = 5  # seconds after start: scan and send once, so the demo shows reminders at once
TIK = 5  # the shortest period in the schedule (the audit sealer's)


def moet_starten(argv=None, environ=None) -> bool:
    argv = sys.argv if argv is None else argv
    environ = os.environ if environ is None else environ
    if not (settings.DEBUG and settings.CELERY_TASK_ALWAYS_EAGER):
        return False
    if len(argv) < 2 or argv[1] != "runserver":
        return False
    return environ.get("RUN_MAIN") == "true" or "--noreload" in argv


def start_bij_runserver() -> threading.Thread | None:
    if not moet_starten():
        return None
    draad = threading.Thread(target=_lus, name="meldingen-planner", daemon=True)
    draad.start()
    logger.info("Meldingen: ingebouwde planner gestart (geen Redis; taken draaien in dit proces).")
    return draad


def _draai(taaknaam: str) -> None:
    """Run one task in this thread. The tasks' services use short transactions of their own: on
    SQLite a transaction holds the write lock from its start, and the web requests wait for it."""
    try:
        app.tasks[taaknaam].apply()
    except Exception:
        logger.exception("Geplande taak %s mislukt.", taaknaam)
    finally:
        close_old_connections()


def _lus() -> None:
    time.sleep(EERSTE_RONDE_NA)
    _draai("meldingen.herinneringen_scan")
    _draai("meldingen.herinneringen_verstuur")
    schema = {
        naam: (maybe_schedule(regel["schedule"], app=app), regel["task"])
        for naam, regel in settings.CELERY_BEAT_SCHEDULE.items()
    }
    laatst = dict.fromkeys(schema, app.now())
    connections.close_all()  # this thread's own connections; nothing open while it sleeps
    while True:
        time.sleep(TIK)
        for naam, (planning, taaknaam) in schema.items():
            if planning.is_due(laatst[naam]).is_due:
                laatst[naam] = app.now()
                _draai(taaknaam)
        connections.close_all()
