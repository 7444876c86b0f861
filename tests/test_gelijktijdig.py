"""Several users at once against the real server, the way `make run` serves it.

A fresh file database (SQLite in a temporary directory, or a dedicated PostgreSQL database next to
the one DATABASE_URL names) is migrated and loaded with `laad_demo`; `manage.py runserver
--noreload` serves it (threaded, with the in-process planner of meldingen/planner.py, as under
`make run`); eight logged-in demo users read signal pages and register, weigh and enrich signals
through the real forms for a bounded time. No answer may be a server error, and the audit chain
must still verify afterwards, and the yearly counts kept by PostgreSQL must equal the data.

Select it alone with `pytest -m gelijktijdig`; GELIJKTIJDIG_SECONDEN sets how long the users work.
"""

import os
import random
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import environ
import pytest
import requests

from ondermijning.demo import DEMO_WACHTWOORD

pytestmark = pytest.mark.gelijktijdig

ROOT = Path(__file__).resolve().parents[1]
CLIENTS = 8
# Eight clients of the demo users who see signals; the policy officers (some logged in twice) also
# register, weigh and enrich, the chair and the coordinator read.
GEBRUIKERS = ["beleid", "westervoort", "baarn", "voorzitter", "coordinator", "beleid", "westervoort", "beleid"]
SCHRIJVERS = {"beleid", "westervoort", "baarn"}
DUUR = float(os.environ.get("GELIJKTIJDIG_SECONDEN", "10"))
OPBOUW = "from django.core.management import call_command as c; c('migrate', interactive=False); c('laad_demo')"
_TELLEN = threading.Lock()


# --- the database: a file, never the test database ---------------------------------------------


def _postgres_database():
    """A dedicated database beside the one DATABASE_URL names (dropped and created afresh)."""
    import psycopg2

    url = os.environ["DATABASE_URL"]
    config = environ.Env.db_url_config(url)
    naam = f"{config['NAME']}_gelijktijdig"
    beheer = psycopg2.connect(
        dbname="postgres",
        user=config.get("USER") or None,
        password=config.get("PASSWORD") or None,
        host=config.get("HOST") or None,
        port=config.get("PORT") or None,
    )
    beheer.autocommit = True

    def opdracht(sql):
        with beheer.cursor() as cursor:
            cursor.execute(sql)

    opdracht(f'DROP DATABASE IF EXISTS "{naam}" WITH (FORCE)')
    opdracht(f'CREATE DATABASE "{naam}"')
    deel = urlsplit(url)
    try:
        yield deel._replace(path=f"/{naam}").geturl()
    finally:
        opdracht(f'DROP DATABASE IF EXISTS "{naam}" WITH (FORCE)')
        beheer.close()


@pytest.fixture
def database_url():
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://", "pgsql://")):
        yield from _postgres_database()
    else:
        with tempfile.TemporaryDirectory(prefix="gelijktijdig-") as map_:
            yield f"sqlite:///{map_}/db.sqlite3"


def _omgeving(database_url: str) -> dict:
    omgeving = dict(os.environ, DATABASE_URL=database_url, DEBUG="1", OTP_VERPLICHT="0", PYTHONUNBUFFERED="1")
    omgeving.pop("REDIS_URL", None)  # as `make run`: tasks run eagerly, the planner thread runs
    return omgeving


def _manage(omgeving: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=omgeving, capture_output=True, text=True, timeout=120
    )


def _vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(database_url, tmp_path):
    """migrate + laad_demo + runserver on a free port; yields (base URL, environment, server log)."""
    omgeving = _omgeving(database_url)
    # migrate and laad_demo in one process: one Django start-up less in a test that must stay short.
    klaar = _manage(omgeving, "shell", "-c", OPBOUW)
    assert klaar.returncode == 0, klaar.stdout + klaar.stderr
    poort = _vrije_poort()
    log = tmp_path / "runserver.log"
    with log.open("w") as uitvoer:
        proces = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{poort}"],
            cwd=ROOT,
            env=omgeving,
            stdout=uitvoer,
            stderr=subprocess.STDOUT,
        )
    basis = f"http://127.0.0.1:{poort}"
    try:
        for _ in range(150):
            try:
                if requests.get(f"{basis}/accounts/login/", timeout=2).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            assert proces.poll() is None, log.read_text()
            time.sleep(0.2)
        else:
            pytest.fail("runserver kwam niet op:\n" + log.read_text())
        yield basis, omgeving, log
    finally:
        proces.send_signal(signal.SIGINT)
        try:
            proces.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proces.kill()
            proces.wait()


# --- a user with a browser-like session --------------------------------------------------------


class _Formulieren(HTMLParser):
    """Every <form> of a page with the values a browser would submit untouched."""

    def __init__(self):
        super().__init__()
        self.formulieren: list[dict] = []
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.formulieren.append({"action": a.get("action") or "", "velden": [], "keuzes": {}})
            return
        if not self.formulieren:
            return
        form = self.formulieren[-1]
        naam = a.get("name")
        if tag == "input" and naam:
            soort = a.get("type", "text")
            if soort in ("radio", "checkbox"):
                form["keuzes"].setdefault(naam, []).append(a.get("value", "on"))
                if "checked" in a:
                    form["velden"].append((naam, a.get("value", "on")))
            elif soort not in ("submit", "button", "file"):
                form["velden"].append((naam, a.get("value", "")))
        elif tag == "select" and naam:
            self._select = naam
            form["keuzes"][naam] = []
        elif tag == "option" and self._select:
            form["keuzes"][self._select].append(a.get("value", ""))
            if "selected" in a:
                form["velden"].append((self._select, a.get("value", "")))
        elif tag == "textarea" and naam:
            self._textarea = naam
            form["velden"].append((naam, ""))

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea and self.formulieren:
            naam, tekst = self.formulieren[-1]["velden"][-1]
            self.formulieren[-1]["velden"][-1] = (naam, tekst + data)


def _invullen(html: str, kenmerk: str, waarden: dict) -> list[tuple[str, str]]:
    """The form holding field `kenmerk`, filled like a user would: the given values, else what the
    page proposes, else the first real choice of every select and radio group left empty."""
    parser = _Formulieren()
    parser.feed(html)
    form = next(f for f in parser.formulieren if kenmerk in f["keuzes"] or any(n == kenmerk for n, _ in f["velden"]))
    velden = [(n, w) for n, w in form["velden"] if n not in waarden]
    gevuld = {n for n, w in velden if w}
    for naam, keuzes in form["keuzes"].items():
        echte = [k for k in keuzes if k]
        if naam not in waarden and naam not in gevuld and echte:
            velden = [(n, w) for n, w in velden if n != naam] + [(naam, echte[0])]
    return velden + list(waarden.items())


class Gebruiker:
    def __init__(self, basis: str, naam: str, teller: Counter, fouten: list):
        self.basis, self.naam, self.teller, self.fouten = basis, naam, teller, fouten
        self.sessie = requests.Session()
        self.sessie.headers["Referer"] = basis + "/"

    def _verzoek(self, soort: str, methode: str, pad: str, **kwargs) -> requests.Response | None:
        try:
            antwoord = self.sessie.request(methode, self.basis + pad, timeout=60, allow_redirects=False, **kwargs)
        except requests.RequestException as fout:
            with _TELLEN:
                self.teller[(soort, "verbinding")] += 1
                self.fouten.append(f"{methode} {_patroon(pad)}: {type(fout).__name__}")
            return None
        with _TELLEN:
            self.teller[(soort, antwoord.status_code)] += 1
            if antwoord.status_code >= 500:
                self.fouten.append(f"{methode} {_patroon(pad)}: {antwoord.status_code} {_foutregel(antwoord.text)}")
        return antwoord

    def inloggen(self) -> bool:
        """Log in through the form; False after a server error (counted like any other)."""
        pagina = self._verzoek("inloggen (formulier)", "GET", "/accounts/login/")
        if pagina is None or pagina.status_code >= 500:
            return False
        velden = _invullen(pagina.text, "username", {"username": self.naam, "password": DEMO_WACHTWOORD})
        antwoord = self._verzoek("inloggen", "POST", "/accounts/login/", data=velden)
        if antwoord is None or antwoord.status_code >= 500:
            return False
        assert antwoord.status_code == 302, f"{self.naam} kon niet inloggen"
        return True

    def formulier(self, soort: str, pad: str, kenmerk: str, waarden: dict) -> requests.Response | None:
        """GET the form page, POST it filled in (the CSRF token comes along from the page)."""
        pagina = self._verzoek(f"{soort} (formulier)", "GET", pad)
        if pagina is None or pagina.status_code != 200:
            return None
        return self._verzoek(soort, "POST", pad, data=_invullen(pagina.text, kenmerk, waarden))

    def signalen(self) -> list[int] | None:
        lijst = self._verzoek("lijst", "GET", "/signalen/")
        if lijst is None or lijst.status_code >= 500:
            return None
        bekend = sorted({int(pk) for pk in re.findall(r'href="/signalen/(\d+)/"', lijst.text)})
        assert bekend, f"{self.naam} ziet geen signalen"
        return bekend

    def werk(self, tot: float) -> None:
        """Until `tot`: read signals; register one, weigh it, enrich it and read it again."""
        bekend = None
        while bekend is None and time.monotonic() < tot:
            bekend = self.signalen()
        ronde = 0
        while time.monotonic() < tot:
            ronde += 1
            self._verzoek("detail", "GET", f"/signalen/{random.choice(bekend)}/")
            if self.naam not in SCHRIJVERS:
                continue
            nieuw = self.formulier(
                "registreren",
                "/signalen/nieuw/",
                "titel",
                {"titel": f"Gelijktijdig {self.naam} {ronde}", "omschrijving": "Testsignaal onder belasting."},
            )
            if nieuw is None or nieuw.status_code != 302:
                continue
            pk = int(re.search(r"/signalen/(\d+)/", nieuw.headers["Location"]).group(1))
            self._verzoek("detail", "GET", f"/signalen/{pk}/")
            self.formulier(
                "weging",
                f"/signalen/{pk}/weging/",
                "uitkomst",
                {"uitkomst": "opplussen", "toelichting": "Gelijktijdigheidstest."},
            )
            self.formulier(
                "verrijking",
                f"/signalen/{pk}/opplussen/",
                "informatie",
                {"informatie": "Aanvullende informatie onder belasting."},
            )
            self._verzoek("detail", "GET", f"/signalen/{pk}/")


def _patroon(pad: str) -> str:
    return re.sub(r"\d+", "<pk>", pad)


def _foutregel(html: str) -> str:
    """The exception of Django's debug page (DEBUG=1), e.g. "OperationalError: database is locked"."""
    soort = re.search(r"<title>(\w+)", html)
    waarde = re.search(r'<pre class="exception_value">(.*?)</pre>', html, re.S)
    if not (soort and waarde):
        return html[:120]
    return f"{soort.group(1)}: {waarde.group(1).strip()}"


# --- the test ----------------------------------------------------------------------------------


def test_acht_gebruikers_tegelijk_geen_serverfout_en_de_auditketen_klopt(server):
    basis, omgeving, log = server
    teller: Counter = Counter()
    fouten: list[str] = []
    gebruikers = [Gebruiker(basis, naam, teller, fouten) for naam in GEBRUIKERS[:CLIENTS]]
    tot = time.monotonic() + DUUR
    problemen: list[BaseException] = []

    def draai(gebruiker):
        try:
            if gebruiker.inloggen():
                gebruiker.werk(tot)
        except BaseException as fout:  # surfaced in the main thread below
            problemen.append(fout)

    draden = [threading.Thread(target=draai, args=(g,)) for g in gebruikers]
    for draad in draden:
        draad.start()
    for draad in draden:
        draad.join(timeout=DUUR + 90)
    assert not problemen, problemen

    totaal = sum(teller.values())
    serverfouten = sum(n for (_, status), n in teller.items() if status == "verbinding" or status >= 500)
    samenvatting = ", ".join(f"{soort} {status}: {n}" for (soort, status), n in sorted(teller.items(), key=str))
    print(f"\n{totaal} verzoeken, {serverfouten} serverfouten ({serverfouten / max(totaal, 1):.1%}): {samenvatting}")
    assert serverfouten == 0, (
        f"{serverfouten} van {totaal} verzoeken ({serverfouten / totaal:.1%}) gaven een serverfout:\n"
        + "\n".join(f"{n} x {fout}" for fout, n in Counter(fouten).most_common(5))
        + "\n\nEinde van het serverlog:\n"
        + log.read_text()[-3000:]
    )
    # Every kind of work really happened (a test that only got refusals would prove nothing).
    for soort in ("registreren", "weging", "verrijking"):
        assert teller[(soort, 302)] > 0, f"geen geslaagde {soort}: {samenvatting}"
    assert teller[("detail", 200)] > 0

    verifieer = _manage(omgeving, "audit_verify")
    assert verifieer.returncode == 0, verifieer.stdout + verifieer.stderr
    # The yearly counts the triggers keep (PostgreSQL) still equal the data after concurrent
    # registrations and weging in the same municipalities (rows locked in key order: no deadlock).
    tellingen = _manage(omgeving, "jaartelling")
    assert tellingen.returncode == 0, tellingen.stdout + tellingen.stderr
