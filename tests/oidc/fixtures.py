"""The real OpenID Connect provider (tests/oidc/provider.js, panva/oidc-provider) as a pytest fixture.

Started once per test session on a free port of 127.0.0.1, with `npm ci` first when node_modules is
missing. Without Node.js the tests that need it are skipped with a loud notice (CI installs Node.js).
"""

import json
import shutil
import subprocess
import threading
import warnings
from pathlib import Path

import pytest

MAP = Path(__file__).resolve().parent
CLIENT_ID = "ondermijning"
CLIENT_SECRET = "test-geheim-van-de-client"
WACHTWOORD = "provider-wachtwoord"

# The two users in different groups (plus one in no mapped group and one disabled at the provider).
GEBRUIKERS = {
    "anna": {"groups": ["ondermijning-beleid", "gemeente-duiven", "gemeente-westervoort"]},
    "bram": {"groups": ["ondermijning-toezicht", "gemeente-westervoort"]},
    "cas": {"groups": ["kantinecommissie"]},
    "dirk": {"groups": ["ondermijning-beleid", "gemeente-duiven"], "actief": False},
}


class TestProvider:
    """A running provider; `zet(...)` rewrites its JSON config, which it re-reads on every request."""

    __test__ = False

    def __init__(self, pad: Path, config: dict):
        self.pad, self.config = pad, config
        self.issuer = ""

    def schrijf(self):
        self.pad.write_text(json.dumps(self.config))

    def zet(self, *, sabotage=None, **gebruikers):
        """`zet(anna={"groups": [...]})` changes a user; `zet(sabotage="audience")` tampers the ID token."""
        for login, wijziging in gebruikers.items():
            self.config["users"].setdefault(login, {"wachtwoord": WACHTWOORD}).update(wijziging)
        self.config["sabotage"] = sabotage
        self.schrijf()

    def herstel(self):
        self.config["users"] = {login: {"wachtwoord": WACHTWOORD, **g} for login, g in GEBRUIKERS.items()}
        self.config["users"] = json.loads(json.dumps(self.config["users"]))
        self.config["sabotage"] = None
        self.schrijf()


def _node_of_overslaan():
    if shutil.which("node") is None or shutil.which("npm") is None:
        melding = (
            "LET OP: Node.js ontbreekt: de OIDC-tests tegen de echte provider (tests/oidc) worden NIET "
            "gedraaid. Installeer: apt-get install nodejs npm"
        )
        warnings.warn(melding, stacklevel=2)
        pytest.skip(melding)
    if not (MAP / "node_modules" / "oidc-provider").exists():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=MAP, check=True, capture_output=True)


@pytest.fixture(scope="session")
def oidc_provider(live_server, tmp_path_factory):
    _node_of_overslaan()
    pad = tmp_path_factory.mktemp("oidc") / "provider.json"
    provider = TestProvider(
        pad,
        {
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
            "redirect_uri": [f"{live_server.url}/accounts/oidc/callback/", "http://testserver/accounts/oidc/callback/"],
            "post_logout_redirect_uri": [f"{live_server.url}/accounts/login/", "http://testserver/accounts/login/"],
            "users": {},
            "sabotage": None,
        },
    )
    provider.herstel()
    proces = subprocess.Popen(
        ["node", str(MAP / "provider.js"), "--poort", "0", "--config", str(pad)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    wachter = threading.Timer(20, proces.kill)  # never hang the suite on a provider that does not start
    wachter.start()
    regel = proces.stdout.readline()
    wachter.cancel()
    if not regel:
        pytest.fail("De OIDC-testprovider (tests/oidc/provider.js) startte niet.")
    provider.issuer = json.loads(regel)["issuer"]
    yield provider
    proces.terminate()
    proces.wait(timeout=10)


@pytest.fixture
def oidc_config(oidc_provider, duiven, westervoort):
    """The provider as the beheerder configures it in the admin: groups to roles and municipalities."""
    from ondermijning.models import OidcGroep, OidcProvider
    from ondermijning.scoping import Rol

    oidc_provider.herstel()
    provider = OidcProvider.objects.create(
        actief=True,
        naam="Testprovider",
        issuer=oidc_provider.issuer,
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        scopes="openid email profile groups",
        telt_als_tweede_factor=True,
        contact_toegang="de servicedesk (servicedesk@duiven.example)",
    )
    OidcGroep.objects.bulk_create(
        [
            OidcGroep(provider=provider, groep="ondermijning-beleid", rol=Rol.BELEIDSMEDEWERKER),
            OidcGroep(provider=provider, groep="ondermijning-toezicht", rol=Rol.TOEZICHTHOUDER),
            OidcGroep(provider=provider, groep="gemeente-duiven", gemeente=duiven),
            OidcGroep(provider=provider, groep="gemeente-westervoort", gemeente=westervoort),
        ]
    )
    yield provider
    oidc_provider.herstel()
