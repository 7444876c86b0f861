"""Smoke test for CI: log in on a running server and check that Mijn werk answers in Dutch."""

import http.cookiejar
import re
import sys
import urllib.parse
import urllib.request


def main(basis: str, gebruiker: str, wachtwoord: str) -> None:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    login = opener.open(f"{basis}/accounts/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login).group(1)
    data = urllib.parse.urlencode({"username": gebruiker, "password": wachtwoord, "csrfmiddlewaretoken": token})
    verzoek = urllib.request.Request(f"{basis}/accounts/login/", data=data.encode(), headers={"Referer": basis})
    pagina = opener.open(verzoek)
    html = pagina.read().decode()
    if pagina.url.rstrip("/") != basis.rstrip("/") or "Mijn werk" not in html:
        sys.exit(f"Inloggen als {gebruiker} gaf geen Mijn werk (kwam uit op {pagina.url}).")
    print(f"Smoke test geslaagd: {gebruiker} ziet Mijn werk ({len(html)} bytes).")


if __name__ == "__main__":
    main(*sys.argv[1:4])
