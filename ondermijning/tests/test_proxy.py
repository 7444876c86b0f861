"""Forwarded headers count only when the request comes from a configured proxy (TRUSTED_PROXIES)."""

from django.http import HttpResponse

from ondermijning.middleware import VertrouwdeProxyMiddleware, client_ip

PROXY = "172.28.0.10"
VERVALST = {
    "HTTP_X_FORWARDED_FOR": "6.6.6.6",
    "HTTP_X_FORWARDED_PROTO": "https",
    "HTTP_X_FORWARDED_HOST": "aanvaller.example",
}


def _door_middleware(verzoek):
    gezien = {}

    def view(request):
        gezien.update(ip=client_ip(request), https=request.is_secure(), meta=dict(request.META))
        return HttpResponse()

    VertrouwdeProxyMiddleware(view)(verzoek)
    return gezien


def test_vervalste_headers_rechtstreeks_naar_de_app_worden_genegeerd(settings, rf):
    """The old compose setting (NUM_PROXIES=1, BEHIND_PROXY) trusted whoever reached port 8000."""
    settings.NUM_PROXIES = 1
    settings.TRUSTED_PROXIES = [f"{PROXY}/32"]
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    gezien = _door_middleware(rf.get("/", REMOTE_ADDR="10.1.2.3", **VERVALST))
    assert gezien["ip"] == "10.1.2.3"
    assert gezien["https"] is False
    assert not {"HTTP_X_FORWARDED_FOR", "HTTP_X_FORWARDED_PROTO", "HTTP_X_FORWARDED_HOST"} & set(gezien["meta"])


def test_zonder_vertrouwde_proxy_telt_geen_header(settings, rf):
    settings.TRUSTED_PROXIES = []
    verzoek = rf.get("/", HTTP_X_FORWARDED_FOR="6.6.6.6, 192.0.2.10", REMOTE_ADDR="10.0.0.1")
    assert client_ip(verzoek) == "10.0.0.1"


def test_via_de_proxy_telt_het_adres_dat_de_proxy_zette(settings, rf):
    settings.TRUSTED_PROXIES = ["172.28.0.0/24"]
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    verzoek = rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="192.0.2.10", HTTP_X_FORWARDED_PROTO="https")
    gezien = _door_middleware(verzoek)
    assert gezien["ip"] == "192.0.2.10"
    assert gezien["https"] is True


def test_van_rechts_het_eerste_onvertrouwde_adres(settings, rf):
    """A proxy that appends instead of overwriting still cannot let the client choose its address."""
    settings.TRUSTED_PROXIES = [f"{PROXY}/32", "10.0.0.0/8"]
    verzoek = rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="6.6.6.6, 192.0.2.10, 10.4.4.4")
    assert client_ip(verzoek) == "192.0.2.10"
    onzin = rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="geen-adres")
    assert client_ip(onzin) == PROXY
