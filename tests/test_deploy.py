"""Deployment files and settings: what cannot run here (no Docker engine) is checked by structure."""

import base64
import importlib
import os
import secrets
import subprocess
import sys
from pathlib import Path

import yaml
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent


def _compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_heeft_de_vijf_diensten():
    diensten = _compose()["services"]
    assert set(diensten) == {"db", "redis", "web", "worker", "beat"}
    assert diensten["db"]["image"].startswith("postgres:16")
    assert diensten["redis"]["image"].startswith("redis")


def test_compose_commandos_noemen_modules_die_bestaan():
    diensten = _compose()["services"]
    assert "gunicorn ondermijning.wsgi:application" in diensten["web"]["command"]
    module, _, attribuut = "ondermijning.wsgi:application".partition(":")
    assert hasattr(importlib.import_module(module), attribuut)
    for naam in ("worker", "beat"):
        commando = diensten[naam]["command"]
        assert commando.startswith(f"celery -A ondermijning {naam}")
    assert importlib.import_module("ondermijning").celery_app.main == "ondermijning"


def test_compose_gebruikt_dezelfde_omgevingsvariabelen():
    diensten = _compose()["services"]
    for naam in ("web", "worker", "beat"):
        omgeving = diensten[naam]["environment"]
        assert omgeving["DATABASE_URL"].startswith("postgres://")
        assert omgeving["REDIS_URL"].startswith("redis://redis:6379")
        assert "SECRET_KEY" in omgeving
        assert "AUDIT_HMAC_SLEUTELS" in omgeving and omgeving["AUDIT_ANKER_BESTAND"]


def test_dockerfile_start_gunicorn_met_de_wsgi_module():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "ondermijning.wsgi:application" in dockerfile
    assert "libpango" in dockerfile


AUDITSLEUTEL = "1:" + base64.b64encode(b"k" * 32).decode()


def _in_subprocess(env_extra: dict, *argv: str) -> subprocess.CompletedProcess:
    weg = ("SECRET_KEY", "DEBUG", "DATABASE_URL", "AUDIT_HMAC_SLEUTELS", "AUDIT_HMAC_SLEUTEL_ID")
    env = {k: v for k, v in os.environ.items() if k not in weg}
    env.update(env_extra)
    return subprocess.run([sys.executable, *argv], cwd=ROOT, env=env, capture_output=True, text=True)


def test_secret_key_verplicht_zonder_debug():
    """Without DEBUG the web application refuses to start without a key; commands that sign
    nothing (makemigrations --check in CI, migrate in a build step) still run."""
    wsgi = ("-c", "import ondermijning.wsgi")
    resultaat = _in_subprocess({"DEBUG": "0"}, *wsgi)
    assert resultaat.returncode != 0
    assert "SECRET_KEY is verplicht" in resultaat.stderr
    sleutels = {"SECRET_KEY": "x" * 50, "AUDIT_HMAC_SLEUTELS": AUDITSLEUTEL}
    assert _in_subprocess({"DEBUG": "0", **sleutels}, *wsgi).returncode == 0
    assert _in_subprocess({"DEBUG": "1"}, *wsgi).returncode == 0
    zonder_sleutel = _in_subprocess({"DEBUG": "0"}, "manage.py", "makemigrations", "--check", "--dry-run")
    assert zonder_sleutel.returncode == 0, zonder_sleutel.stderr


def test_auditsleutel_verplicht_zonder_debug():
    """Issue 17.2: without DEBUG the web application refuses to start without the audit chain's HMAC key
    (it is never generated or kept in the database); with DEBUG a development key is made in var/."""
    wsgi = ("-c", "import ondermijning.wsgi")
    resultaat = _in_subprocess({"DEBUG": "0", "SECRET_KEY": "x" * 50}, *wsgi)
    assert resultaat.returncode != 0
    assert "AUDIT_HMAC_SLEUTELS is verplicht" in resultaat.stderr
    verkeerde_id = _in_subprocess({"DEBUG": "0", "SECRET_KEY": "x" * 50, "AUDIT_HMAC_SLEUTELS": AUDITSLEUTEL,
                                   "AUDIT_HMAC_SLEUTEL_ID": "2"}, *wsgi)  # fmt: skip
    assert verkeerde_id.returncode != 0
    zonder_sleutel = _in_subprocess({"DEBUG": "0"}, "manage.py", "makemigrations", "--check", "--dry-run")
    assert zonder_sleutel.returncode == 0, zonder_sleutel.stderr


def test_basisinstellingen():
    assert settings.LANGUAGE_CODE == "nl"
    assert settings.TIME_ZONE == "Europe/Amsterdam"
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"
    assert "django.contrib.auth.middleware.LoginRequiredMiddleware" in settings.MIDDLEWARE
    assert "redis" not in str(settings.CACHES).lower()  # the site must work with Redis down


def test_celery_eager_zonder_redis_en_bereikbaar_met_redis():
    """Without REDIS_URL tasks run in-process; with it (CI on PostgreSQL+Redis) the broker answers."""
    from ondermijning.celery import app

    if not settings.REDIS_URL:
        assert app.conf.task_always_eager
        assert app.conf.broker_url == "memory://"
    else:
        with app.connection_for_write() as verbinding:
            verbinding.ensure_connection(max_retries=2)
            assert verbinding.connected


def test_geen_cdn_alle_assets_lokaal():
    basis = (ROOT / "templates" / "base.html").read_text()
    assert "http://" not in basis and "https://" not in basis
    assert (ROOT / "static" / "vendor" / "htmx.min.js").exists()
    assert (ROOT / "static" / "vendor" / "bootstrap.min.css").exists()


def test_check_deploy_met_productie_instellingen_is_schoon():
    resultaat = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={
            **{k: v for k, v in os.environ.items() if k not in ("DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE")},
            "SECRET_KEY": secrets.token_urlsafe(60),
        },
        capture_output=True,
        text=True,
    )
    assert resultaat.returncode == 0, resultaat.stderr
    assert "no issues" in resultaat.stdout
