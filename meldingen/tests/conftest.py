"""Fixtures of the meldingen tests: a frozen clock, domain objects, a test export kind."""

import contextlib
import csv
import datetime
import io

import pytest
from django.http import Http404
from django.utils import timezone

from ondermijning import export as exports
from ondermijning.celery import app
from ondermijning.models import Gemeente
from signalen.models import Signaal

# Wednesday 12 June 2024, 10:00 in Amsterdam: second quarter, during office hours.
NU = timezone.make_aware(datetime.datetime(2024, 6, 12, 10, 0))
VANDAAG = NU.date()


@pytest.fixture
def nu():
    return NU


def _controleer(gebruiker, parameters):
    """Only a municipality the user works for; anything else looks missing."""
    try:
        return Gemeente.objects.voor_gebruiker(gebruiker).get(pk=int(parameters.get("gemeente", 0)))
    except (Gemeente.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def _maak(*, gebruiker, parameters, voortgang=None):
    gemeente = _controleer(gebruiker, parameters)
    uit = io.StringIO()
    schrijver = csv.writer(uit)
    schrijver.writerow(["nummer", "status"])
    signalen = Signaal.objects.voor_gebruiker(gebruiker).filter(gemeente=gemeente).order_by("pk")
    for i, signaal in enumerate(signalen):
        schrijver.writerow([signaal.nummer, signaal.status])
        if voortgang:
            voortgang(i)
    return exports.Bestand(uit.getvalue().encode(), f"signalen-{gemeente.naam.lower()}.csv", "text/csv")


@pytest.fixture
def testexport():
    """A small export kind for the generic machinery (the real ones are in each app's exports.py)."""
    soort = exports.registreer_export(
        exports.ExportSoort(
            code="test-signalen",
            titel="Testexport signalen",
            permissie="signalen.view_signaal",
            maak=_maak,
            controleer=_controleer,
        )
    )
    yield soort
    exports.EXPORTS.pop(soort.code, None)


@pytest.fixture
def media(tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


def nieuwe_verbinding() -> None:
    """Forget pooled broker connections so the next publish uses the current broker_url."""
    app._pool = None
    with contextlib.suppress(AttributeError, KeyError):
        app.__dict__["amqp"]._producer_pool = None


@contextlib.contextmanager
def broker(url: str | None = None, eager: bool = False):
    """Point Celery at another broker (or run tasks eagerly) for the duration of a block."""
    oud = {"broker_url": app.conf.broker_url, "task_always_eager": app.conf.task_always_eager}
    if url:
        app.conf.broker_url = url
    app.conf.task_always_eager = eager
    nieuwe_verbinding()
    try:
        yield
    finally:
        app.conf.broker_url = oud["broker_url"]
        app.conf.task_always_eager = oud["task_always_eager"]
        nieuwe_verbinding()


@pytest.fixture
def eager():
    """Tasks run in-process on commit, also in the PostgreSQL + Redis run (no worker there)."""
    with broker(eager=True):
        yield
