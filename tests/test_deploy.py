"""Deployment files and settings: what cannot run here (no Docker engine) is checked by structure."""

import base64
import importlib
import ipaddress
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


def test_compose_heeft_de_zes_diensten():
    diensten = _compose()["services"]
    assert set(diensten) == {"proxy", "db", "redis", "web", "worker", "beat"}
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


def test_alleen_de_proxy_publiceert_poorten():
    """The app is reachable on the internal network only; anyone outside talks to the proxy."""
    diensten = _compose()["services"]
    assert {naam for naam, dienst in diensten.items() if dienst.get("ports")} == {"proxy"}
    assert "8000" in [str(poort) for poort in diensten["web"]["expose"]]
    assert "--bind 0.0.0.0:8000" in diensten["web"]["command"]  # inside its container, on the network
    assert all("network_mode" not in dienst for dienst in diensten.values())


def test_app_vertrouwt_alleen_het_adres_van_de_proxy():
    compose = _compose()
    diensten = compose["services"]
    proxy_ip = diensten["proxy"]["networks"]["default"]["ipv4_address"]
    assert diensten["web"]["environment"]["TRUSTED_PROXIES"] == f"{proxy_ip}/32"
    assert "NUM_PROXIES" not in diensten["web"]["environment"]
    # Docker hands out addresses from ip_range only, so no other container can get the proxy's.
    netwerk = compose["networks"]["default"]["ipam"]["config"][0]
    assert ipaddress.ip_address(proxy_ip) in ipaddress.ip_network(netwerk["subnet"])
    assert ipaddress.ip_address(proxy_ip) not in ipaddress.ip_network(netwerk["ip_range"])


def _nginx_directieven() -> list[list[str]]:
    tekst = (ROOT / "deploy" / "nginx.conf").read_text()
    zonder_commentaar = "\n".join(regel.split("#", 1)[0] for regel in tekst.splitlines())
    return [d.split() for d in zonder_commentaar.replace("{", ";").replace("}", ";").split(";") if d.strip()]


def test_proxy_overschrijft_de_doorgestuurde_headers():
    """The proxy sets X-Forwarded-* itself: whatever the client sent is replaced, never appended to."""
    directieven = _nginx_directieven()
    headers = {d[1].lower(): d[2] for d in directieven if d[0] == "proxy_set_header"}
    assert headers["x-forwarded-for"] == "$remote_addr"
    assert headers["x-forwarded-proto"] == "$scheme"
    assert headers["x-forwarded-host"] == "$host"
    assert headers["forwarded"] == '""'
    woorden = [woord for d in directieven for woord in d]
    assert not any("$proxy_add_x_forwarded_for" in w or "$http_x_forwarded" in w for w in woorden)
    assert ["proxy_pass", "http://web:8000"] in directieven


def test_proxy_config_en_certificaten_zijn_gemount():
    proxy = _compose()["services"]["proxy"]
    assert all(v.endswith(":ro") for v in proxy["volumes"])
    koppelingen = {doel: bron for bron, doel, _ro in (v.rsplit(":", 2) for v in proxy["volumes"])}
    assert koppelingen["/etc/nginx/conf.d/default.conf"] == "./deploy/nginx.conf"
    assert "/etc/nginx/certs" in koppelingen
    certificaten = [d[1] for d in _nginx_directieven() if d[0] in ("ssl_certificate", "ssl_certificate_key")]
    assert len(certificaten) == 2
    assert all(pad.startswith("/etc/nginx/certs/") for pad in certificaten)


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


def test_vervallen_proxy_instellingen_weigeren_te_starten():
    """BEHIND_PROXY / NUM_PROXIES trusted whoever reached the app; a leftover .env must not pass silently."""
    resultaat = _in_subprocess({"DEBUG": "1", "NUM_PROXIES": "1"}, "-c", "import ondermijning.wsgi")
    assert resultaat.returncode != 0
    assert "TRUSTED_PROXIES" in resultaat.stderr


def test_host_cookies_zonder_debug():
    """__Host-: the browser accepts the cookie only with Secure, Path=/ and no Domain (no subdomain can set it)."""
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'ondermijning.settings'; django.setup();"
        "from django.conf import settings as s;"
        "print(s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE,"
        " s.SESSION_COOKIE_PATH, s.CSRF_COOKIE_PATH, s.SESSION_COOKIE_DOMAIN, s.CSRF_COOKIE_DOMAIN)"
    )
    productie = _in_subprocess({"DEBUG": "0", "SECRET_KEY": "x" * 50}, "-c", code)
    verwacht = ["__Host-sessionid", "__Host-csrftoken", "True", "True", "/", "/", "None", "None"]
    assert productie.stdout.split() == verwacht
    ontwikkeling = _in_subprocess({"DEBUG": "1"}, "-c", code)
    assert ontwikkeling.stdout.split()[:2] == ["sessionid", "csrftoken"]  # plain http on localhost


def test_pypdf_voorbij_de_bekende_dos_adviezen():
    """pypdf reads PDFs in the tests (and would read uploads); releases before 6.16.1 carry known
    denial-of-service advisories (endless loops and memory exhaustion on crafted PDFs, fixed from
    6.0.0 up to 6.16.1). CI's pip-audit watches for newer ones; this guards the floor."""
    pins = dict(regel.split("==") for regel in (ROOT / "requirements.txt").read_text().split() if "==" in regel)
    versie = tuple(int(deel) for deel in pins["pypdf"].split("."))
    assert versie >= (6, 16, 1)


def test_proxy_logt_geen_zoekvraag():
    """Searches may hold a name: the proxy's access log keeps the path, not the query string or referrer."""
    directieven = _nginx_directieven()
    formaten = {d[1]: " ".join(d[2:]) for d in directieven if d[0] == "log_format"}
    assert formaten, "geen eigen log_format"
    for formaat in formaten.values():
        assert "$uri" in formaat
        assert not any(v in formaat for v in ("$request ", '$request"', "$request_uri", "$args", "$query_string"))
        assert "$http_referer" not in formaat
    logs = [d for d in directieven if d[0] == "access_log"]
    servers = [d for d in directieven if d[0] == "server"]
    assert len(logs) == len(servers) and all(d[2] in formaten for d in logs)
