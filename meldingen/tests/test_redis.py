"""Redis down: pages answer, saving succeeds, nothing is lost; and a real worker delivers.

The broker-at-a-closed-port tests run everywhere. The tests marked `redis_herstart` stop and restart
the real local Redis and start a real Celery worker: they do that only when REDIS_URL is set (the
PostgreSQL + Redis run of CI); without REDIS_URL they assert that tasks run eagerly in-process.
"""

import base64
import contextlib
import datetime
import logging
import os
import shutil
import subprocess
import sys
import time
from urllib.parse import urlparse

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from meldingen import services
from meldingen.models import ExportOpdracht, ExportStatus, Herinnering, HerinneringSoort, Notificatie
from meldingen.tasks import export_maak_taak, herinneringen_verstuur_taak
from meldingen.tests.conftest import broker, nieuwe_verbinding
from ondermijning.celery import app
from signalen.tests.factories import SignaalFactory

GESLOTEN_POORT = "redis://127.0.0.1:1/0"


def _pagina_s_antwoorden(client, opdracht):
    for url in (
        reverse("mijn_werk"),
        reverse("meldingen:lijst"),
        reverse("meldingen:bel"),
        reverse("meldingen:exports"),
    ):
        assert client.get(url).status_code == 200, url
    status = client.get(reverse("meldingen:export_status", args=[opdracht.pk]))
    assert status.status_code == 200 and "In de wachtrij" in status.content.decode()


@pytest.mark.django_db
def test_broker_onbereikbaar_niets_verloren_paginas_blijven(
    client, beleid, duiven, testexport, media, caplog, django_capture_on_commit_callbacks
):
    client.force_login(beleid)
    signaal = SignaalFactory(gemeente=duiven)
    caplog.set_level(logging.WARNING, logger="meldingen.services")
    with broker(GESLOTEN_POORT):
        start = time.monotonic()
        with django_capture_on_commit_callbacks(execute=True):
            antwoord = client.post(
                reverse("meldingen:export_aanvragen", args=[testexport.code]), {"gemeente": duiven.pk}
            )
            services.herinnering_plan(
                soort=HerinneringSoort.WEGING_TE_LANG,
                ontvanger=beleid,
                obj=signaal,
                gemeente=duiven,
                due_at=timezone.now(),
            )
        assert time.monotonic() - start < 10, "a request must not hang on an unreachable broker"
        assert antwoord.status_code == 302
        opdracht = ExportOpdracht.objects.get()
        assert opdracht.status == ExportStatus.WACHTRIJ
        assert Herinnering.objects.get().sent_at is None
        assert "niet in de wachtrij gezet" in caplog.text
        _pagina_s_antwoorden(client, opdracht)

    # Redis is back: the periodic tasks find both rows in the database.
    later = timezone.now() + datetime.timedelta(minutes=3)
    assert services.exports_onderhoud(nu=later)["opnieuw"] == 1
    export_maak_taak.apply(args=[opdracht.pk])  # what the worker does with the re-queued job
    opdracht.refresh_from_db()
    assert opdracht.status == ExportStatus.KLAAR
    herinneringen_verstuur_taak.apply()
    assert Herinnering.objects.get().sent_at is not None
    assert Notificatie.objects.filter(ontvanger=beleid).count() == 1


# --- the real Redis and a real worker (CI's PostgreSQL + Redis run) ---------------------------


def _redis_cli(*args) -> subprocess.CompletedProcess:
    poort = str(urlparse(settings.REDIS_URL).port or 6379)
    return subprocess.run([shutil.which("redis-cli"), "-p", poort, *args], capture_output=True, text=True, timeout=10)  # noqa: S603


def _wacht(voorwaarde, seconden=60) -> bool:
    eind = time.monotonic() + seconden
    while time.monotonic() < eind:
        if voorwaarde():
            return True
        time.sleep(0.3)
    return False


def _redis_starten() -> None:
    poort = str(urlparse(settings.REDIS_URL).port or 6379)
    subprocess.run(  # noqa: S603
        [
            shutil.which("redis-server"),
            "--daemonize",
            "yes",
            "--bind",
            "127.0.0.1",
            "--port",
            poort,
            "--save",
            "",
            "--appendonly",
            "no",
        ],
        check=True,
        timeout=10,
    )
    assert _wacht(lambda: _redis_cli("ping").stdout.strip() == "PONG", 20), "Redis kwam niet terug"


def _kan_redis_herstarten() -> None:
    """Only a local Redis that this machine can start again may be stopped."""
    url = urlparse(settings.REDIS_URL)
    assert url.hostname in ("127.0.0.1", "localhost"), f"Redis op {url.hostname}: niet lokaal, niet te herstarten"
    assert shutil.which("redis-server") and shutil.which("redis-cli"), "redis-server/redis-cli ontbreken"
    assert _redis_cli("ping").stdout.strip() == "PONG", "Redis draait niet"


@contextlib.contextmanager
def echte_worker(tmp_path):
    """A Celery worker process against the real Redis and this test's (committed) database."""
    db = connection.settings_dict
    database_url = (
        f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    )
    omgeving = {
        **os.environ,
        "DATABASE_URL": database_url,
        "REDIS_URL": settings.REDIS_URL,
        "SECRET_KEY": "worker-in-test-" + "x" * 40,
        "ALLOWED_HOSTS": "localhost",
        "EMAIL_URL": f"filemail:///{tmp_path / 'mail'}",  # environ drops one leading slash
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        # The worker runs with production settings, which require the audit key (issue 17.2): the
        # test process's key, so the events it writes belong to the same chain.
        "AUDIT_HMAC_SLEUTELS": ",".join(
            f"{sleutel_id}:{base64.b64encode(sleutel).decode()}"
            for sleutel_id, sleutel in settings.AUDIT_HMAC_SLEUTELS.items()
        ),
        "AUDIT_HMAC_SLEUTEL_ID": str(settings.AUDIT_HMAC_SLEUTEL_ID),
    }
    log = open(tmp_path / "worker.log", "w")  # noqa: SIM115
    proces = subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "ondermijning",
            "worker",
            "--pool=solo",
            "--loglevel=INFO",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-n",
            f"test-{os.getpid()}@%h",
        ],  # fmt: skip
        cwd=settings.BASE_DIR,
        env=omgeving,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        yield tmp_path / "worker.log"
    finally:
        proces.terminate()
        try:
            proces.wait(20)
        except subprocess.TimeoutExpired:
            proces.kill()
        log.close()


def _eager_modus():
    assert not settings.REDIS_URL
    assert settings.CELERY_TASK_ALWAYS_EAGER and app.conf.task_always_eager
    assert settings.CELERY_BROKER_URL == "memory://"


@pytest.mark.redis_herstart
@pytest.mark.django_db(transaction=True)
def test_echte_redis_stoppen_en_herstarten_niets_verloren(client, beleid, duiven, media, tmp_path):
    if not settings.REDIS_URL:
        _eager_modus()
        return
    _kan_redis_herstarten()
    client.force_login(beleid)
    signaal = SignaalFactory(gemeente=duiven)
    _redis_cli("shutdown", "nosave")
    try:
        assert _wacht(lambda: _redis_cli("ping").returncode != 0, 20), "Redis stopte niet"
        nieuwe_verbinding()
        start = time.monotonic()
        antwoord = client.post(
            reverse("meldingen:export_aanvragen", args=["signalenlijst-xlsx"]), {"gemeente": duiven.pk}
        )
        services.herinnering_plan(
            soort=HerinneringSoort.WEGING_TE_LANG,
            ontvanger=beleid,
            obj=signaal,
            gemeente=duiven,
            due_at=timezone.now(),
            onderwerp=f"Signaal {signaal.nummer} wacht op weging.",
        )
        assert time.monotonic() - start < 15
        assert antwoord.status_code == 302
        opdracht = ExportOpdracht.objects.get()
        assert opdracht.status == ExportStatus.WACHTRIJ
        _pagina_s_antwoorden(client, opdracht)
    finally:
        _redis_starten()
    nieuwe_verbinding()

    with echte_worker(tmp_path) as log:
        later = timezone.now() + datetime.timedelta(minutes=3)
        assert services.exports_onderhoud(nu=later)["opnieuw"] == 1
        assert services.in_wachtrij(herinneringen_verstuur_taak.name)

        def klaar():
            opdracht.refresh_from_db()
            return opdracht.status == ExportStatus.KLAAR and Herinnering.objects.filter(sent_at__isnull=False).exists()

        assert _wacht(klaar, 90), log.read_text()[-3000:]
    mails = list((tmp_path / "mail").iterdir())
    assert len(mails) == 1 and signaal.nummer in mails[0].read_text()
    assert (media / opdracht.bestand).read_bytes()[:2] == b"PK"  # an XLSX (zip) file


@pytest.mark.redis_herstart
@pytest.mark.django_db(transaction=True)
def test_echte_worker_bezorgt_herinnering_en_export(client, beleid, duiven, media, tmp_path):
    if not settings.REDIS_URL:
        _eager_modus()
        return
    _kan_redis_herstarten()
    app.control.purge()
    signaal = SignaalFactory(gemeente=duiven)
    with echte_worker(tmp_path) as log:
        herinnering = services.herinnering_plan(  # queues the sender on commit (autocommit here)
            soort=HerinneringSoort.WEGING_TE_LANG, ontvanger=beleid, obj=signaal, gemeente=duiven, due_at=timezone.now()
        )
        opdracht = services.export_aanvraag(door=beleid, soort="signalenlijst-xlsx", parameters={})

        def klaar():
            herinnering.refresh_from_db()
            opdracht.refresh_from_db()
            return herinnering.sent_at is not None and opdracht.status == ExportStatus.KLAAR

        assert _wacht(klaar, 90), log.read_text()[-3000:]
    assert "meldingen.export_maak" in log.read_text()
    assert Notificatie.objects.get(herinnering=herinnering).ontvanger == beleid
    assert len(list((tmp_path / "mail").iterdir())) == 1
