"""Every rule lives once, in the service: the web form, the API and the XLSX import give the same Dutch
message for the same input (ISSUE14 item 6).

Each rule is tried through every entry point where the object can be created; the test asserts the
message the user sees beside the field. The API for expenses is read-only and only signals can be
imported, so an expense is tried through the web form and the service, a visit through the web form
(the tablet form) and the API.
"""

import datetime
import io
import uuid
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from actieplan import services as actieplan_services
from actieplan.models import Uitgave
from actieplan.tests.factories import ActieFactory, UitvoeringsplanFactory
from api.importeren import lees_bestand
from api.services import signalen_import_controleer
from api.tests.conftest import api
from api.tests.factories import maak_token
from controles.models import Bezoek, ChecklistVraag, ControleSoort
from controles.tests.factories import ControleFactory, ControleObjectFactory
from signalen.models import Signaal

pytestmark = pytest.mark.django_db

# "Tomorrow" is worked out when the test runs, not when it is collected: a suite that passes
# midnight (Amsterdam) between the two would otherwise send today's date as "tomorrow".
MORGEN = "<morgen>"


def _morgen() -> str:
    return (timezone.localdate() + datetime.timedelta(days=1)).strftime("%d-%m-%Y")


# --- the signal -----------------------------------------------------------------------------

GOED_SIGNAAL = {
    "titel": "Kapsalon zonder klanten",
    "omschrijving": "Nooit een afspraak te krijgen, wel veel contant geld.",
    "bron": "mma",
    "ontvangen_op": "01-03-2024",
}

# rule: (changed input, field, the Dutch message)
SIGNAALREGELS = {
    "ontvangen_in_de_toekomst": (
        {"ontvangen_op": MORGEN},
        "ontvangen_op",
        "De datum van ontvangst kan niet in de toekomst liggen.",
    ),
    "titel_leeg": ({"titel": "   "}, "titel", "Geef het signaal een korte titel."),
    "titel_te_lang": (
        {"titel": "x" * 201},
        "titel",
        "Zorg dat deze waarde niet meer dan 200 tekens bevat (het zijn er nu 201).",
    ),
    "omschrijving_leeg": ({"omschrijving": "  "}, "omschrijving", "Beschrijf de feiten van het signaal."),
}


def _iso(datum: str) -> str:
    return datetime.datetime.strptime(datum, "%d-%m-%Y").date().isoformat()  # noqa: DTZ007


def signaal_via_web(client, gebruiker, gemeente, invoer: dict) -> dict:
    client.force_login(gebruiker)
    gegevens = {**invoer, "gemeente": gemeente.pk, "prioriteit": 2, "ontvangen_op": _iso(invoer["ontvangen_op"])}
    antwoord = client.post(reverse("signalen:nieuw"), gegevens)
    assert antwoord.status_code == 200, "het formulier had moeten weigeren"
    return {veld: list(lijst) for veld, lijst in antwoord.context["form"].errors.items()}


def signaal_via_api(client, gebruiker, gemeente, invoer: dict) -> dict:
    sleutel = maak_token(gebruiker, signalen=True)[1]
    gegevens = {**invoer, "gemeente": gemeente.pk, "ontvangen_op": _iso(invoer["ontvangen_op"])}
    antwoord = api(sleutel).post("/api/v1/signalen/", gegevens, format="json")
    assert antwoord.status_code == 400, antwoord.json()
    return antwoord.json()["velden"]


def signaal_via_import(client, gebruiker, gemeente, invoer: dict) -> dict:
    boek = Workbook()
    blad = boek.active
    kolommen = ["gemeente", "titel", "omschrijving", "bron", "ontvangen_op"]
    blad.append(kolommen)
    blad.append([gemeente.naam, *(invoer[k] for k in kolommen[1:])])
    inhoud = io.BytesIO()
    boek.save(inhoud)
    bestand = SimpleUploadedFile("mma.xlsx", inhoud.getvalue())
    fouten = signalen_import_controleer(door=gebruiker, rijen=lees_bestand(bestand))
    assert list(fouten) == [2], fouten
    return fouten[2]


INGANGEN_SIGNAAL = {"web": signaal_via_web, "api": signaal_via_api, "import": signaal_via_import}


@pytest.mark.parametrize("ingang", INGANGEN_SIGNAAL)
def test_goed_signaal_komt_door_elke_ingang(client, beleid, duiven, ingang):
    """The baseline: the good input is accepted everywhere (so a refusal below is the rule's)."""
    if ingang == "web":
        client.force_login(beleid)
        gegevens = {**GOED_SIGNAAL, "gemeente": duiven.pk, "prioriteit": 2, "ontvangen_op": "2024-03-01"}
        assert client.post(reverse("signalen:nieuw"), gegevens).status_code == 302
    elif ingang == "api":
        sleutel = maak_token(beleid, signalen=True)[1]
        gegevens = {**GOED_SIGNAAL, "gemeente": duiven.pk, "ontvangen_op": "2024-03-01"}
        assert api(sleutel).post("/api/v1/signalen/", gegevens, format="json").status_code == 201
    else:
        assert signaal_via_import_ok(beleid, duiven)
    assert Signaal.objects.count() == (0 if ingang == "import" else 1)


def signaal_via_import_ok(gebruiker, gemeente) -> bool:
    boek = Workbook()
    blad = boek.active
    blad.append(["gemeente", "titel", "omschrijving", "bron", "ontvangen_op"])
    blad.append([gemeente.naam, *(GOED_SIGNAAL[k] for k in ("titel", "omschrijving", "bron", "ontvangen_op"))])
    inhoud = io.BytesIO()
    boek.save(inhoud)
    return (
        signalen_import_controleer(door=gebruiker, rijen=lees_bestand(SimpleUploadedFile("a.xlsx", inhoud.getvalue())))
        == {}
    )


@pytest.mark.parametrize("ingang", INGANGEN_SIGNAAL)
@pytest.mark.parametrize("regel", SIGNAALREGELS)
def test_signaalregel_zelfde_melding_bij_elke_ingang(client, beleid, duiven, regel, ingang):
    wijziging, veld, melding = SIGNAALREGELS[regel]
    wijziging = {k: _morgen() if v == MORGEN else v for k, v in wijziging.items()}
    fouten = INGANGEN_SIGNAAL[ingang](client, beleid, duiven, {**GOED_SIGNAAL, **wijziging})
    assert fouten.get(veld) == [melding], fouten
    assert not Signaal.objects.exists()


# --- the visit ------------------------------------------------------------------------------


@pytest.fixture
def controle(duiven, toezicht):
    controle = ControleFactory(gemeente=duiven, soort=ControleSoort.INTEGRALE_CONTROLE, datum=timezone.localdate())
    controle.deelnemers.set([toezicht])
    return controle


def _vraag(controle) -> ChecklistVraag:
    from controles.services import checklist_vragen

    return next(v for v in checklist_vragen(controle) if v.antwoordtype == "ja_nee")


def bezoekregels(controle) -> dict:
    """rule: (changes of the input, field, message); computed per test as they name ids."""
    vraag = _vraag(controle)
    ander = ControleObjectFactory(controle=ControleFactory(gemeente=controle.gemeente))
    return {
        "antwoord_geen_ja_nee": (
            {"antwoorden": {vraag.pk: "misschien"}},
            f"vraag_{vraag.pk}",
            "Kies ja, nee of n.v.t.",
        ),
        "object_van_andere_controle": ({"object": ander.pk}, "object", "Dit object hoort niet bij deze controle."),
        "geen_object": ({"object": None}, "object", "Kies het bezochte object."),
        "toelichting_te_lang": (
            {"vervolg_toelichting": "x" * 301},
            "vervolg_toelichting",
            "Zorg dat deze waarde niet meer dan 300 tekens bevat (het zijn er nu 301).",
        ),
    }


def bezoek_via_web(client, gebruiker, controle, invoer: dict) -> dict:
    client.force_login(gebruiker)
    gegevens = {
        "client_uuid": str(uuid.uuid4()),
        "vervolg": "niets",
        "bevindingen": invoer.get("bevindingen", ""),
        "vervolg_toelichting": invoer.get("vervolg_toelichting", ""),
    }
    if invoer.get("object"):
        gegevens["object"] = invoer["object"]
    for vraag, antwoord in invoer.get("antwoorden", {}).items():
        gegevens[f"vraag_{vraag}"] = antwoord
    antwoord = client.post(
        reverse("controles:bezoek_nieuw", args=[controle.pk]), gegevens, headers={"accept": "application/json"}
    )
    assert antwoord.status_code == 400, antwoord.content
    return antwoord.json()["fouten"]


def bezoek_via_api(client, gebruiker, controle, invoer: dict) -> dict:
    sleutel = maak_token(gebruiker, bezoeken=True)[1]
    gegevens = {
        "controle": controle.pk,
        "client_uuid": str(uuid.uuid4()),
        "vervolg": "niets",
        "bevindingen": invoer.get("bevindingen", ""),
        "vervolg_toelichting": invoer.get("vervolg_toelichting", ""),
        "antwoorden": [{"vraag": v, "antwoord": a} for v, a in invoer.get("antwoorden", {}).items()],
    }
    if invoer.get("object"):
        gegevens["object"] = invoer["object"]
    antwoord = api(sleutel).post("/api/v1/bezoeken/", gegevens, format="json")
    assert antwoord.status_code == 400, antwoord.json()
    return antwoord.json()["velden"]


INGANGEN_BEZOEK = {"web": bezoek_via_web, "api": bezoek_via_api}


@pytest.mark.parametrize("ingang", INGANGEN_BEZOEK)
@pytest.mark.parametrize("regel", ["antwoord_geen_ja_nee", "object_van_andere_controle", "geen_object",
                                   "toelichting_te_lang"])  # fmt: skip
def test_bezoekregel_zelfde_melding_bij_elke_ingang(client, toezicht, controle, regel, ingang):
    obj = ControleObjectFactory(controle=controle)
    wijziging, veld, melding = bezoekregels(controle)[regel]
    invoer = {"object": obj.pk, "bevindingen": "Pand in gebruik als opslag.", **wijziging}
    fouten = INGANGEN_BEZOEK[ingang](client, toezicht, controle, invoer)
    assert fouten.get(veld) == [melding], fouten
    assert not Bezoek.objects.exists()


# --- the expense ----------------------------------------------------------------------------


def uitgaveregels(gemeente, andere_gemeente) -> dict:
    plan = UitvoeringsplanFactory(
        gemeenten=[gemeente], periode_start=datetime.date(2024, 1, 1), periode_eind=datetime.date(2024, 12, 31)
    )
    actie = ActieFactory(thema__plan=plan)
    # A plan of the user's other municipality: the user may pick its action, the rule refuses it here.
    vreemd = ActieFactory(thema__plan=UitvoeringsplanFactory(gemeenten=[andere_gemeente]))
    return {
        "bedrag_nul": ({"bedrag": Decimal("0")}, "bedrag", "Een uitgave is een positief bedrag."),
        "bedrag_negatief": ({"bedrag": Decimal("-25.50")}, "bedrag", "Een uitgave is een positief bedrag."),
        "datum_buiten_plan": (
            {"actie": actie, "datum": datetime.date(2025, 3, 4)},
            "datum",
            f"Deze datum ligt buiten de periode van het plan van de gekozen actie ({plan.naam}).",
        ),
        "actie_van_andere_gemeente": (
            {"actie": vreemd},
            "actie",
            "Deze actie hoort bij een plan van andere gemeenten.",
        ),
    }


def uitgave_via_web(client, gebruiker, invoer: dict) -> dict:
    client.force_login(gebruiker)
    gegevens = {
        "gemeente": invoer["gemeente"].pk,
        "datum": invoer["datum"].isoformat(),
        "bedrag": str(invoer["bedrag"]).replace(".", ","),
        "categorie": invoer["categorie"],
        "omschrijving": invoer["omschrijving"],
    }
    if invoer.get("actie"):
        gegevens["actie"] = invoer["actie"].pk
    antwoord = client.post(reverse("actieplan:uitgave_nieuw"), gegevens)
    assert antwoord.status_code == 200
    return {veld: list(lijst) for veld, lijst in antwoord.context["form"].errors.items()}


def uitgave_via_service(client, gebruiker, invoer: dict) -> dict:
    with pytest.raises(ValidationError) as fout:
        actieplan_services.uitgave_boek(door=gebruiker, **invoer)
    return fout.value.message_dict


INGANGEN_UITGAVE = {"web": uitgave_via_web, "service": uitgave_via_service}


@pytest.mark.parametrize("ingang", INGANGEN_UITGAVE)
@pytest.mark.parametrize("regel", ["bedrag_nul", "bedrag_negatief", "datum_buiten_plan", "actie_van_andere_gemeente"])
def test_uitgaveregel_zelfde_melding_bij_elke_ingang(client, beleid, duiven, westervoort, regel, ingang):
    wijziging, veld, melding = uitgaveregels(duiven, westervoort)[regel]
    invoer = {
        "gemeente": duiven,
        "datum": datetime.date(2024, 3, 4),
        "bedrag": Decimal("25.50"),
        "categorie": "overig",
        "omschrijving": "Drukwerk posters",
        "actie": None,
        **wijziging,
    }
    fouten = INGANGEN_UITGAVE[ingang](client, beleid, invoer)
    assert fouten.get(veld) == [melding], fouten
    assert not Uitgave.objects.exists()
