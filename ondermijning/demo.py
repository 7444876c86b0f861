"""Demo data of the core: municipalities, samenwerkingsverbanden, partners, demo users.

Idempotent: everything is looked up by its natural key and updated, never duplicated.
Users are created only here (never in a migration), all with the demo password.

The demo is anchored to "today" (`vandaag`, Europe/Amsterdam; `laad_demo --vandaag` or a test
passes another day). The 2024 seed plans stay the past years they are; each app adds a
current-year story around today. How that story behaves when the demo is loaded again on a
later day (so `make run` every day does not pile up a new "today" each time):

- Year-keyed: the action plan of the current year (with its budget) is created once per year,
  keyed by its name; a plan of an earlier current year stays as that year's history.
- Rolling, refreshed in place: the objects that must sit around today (controls this week and
  next, the recent controls that set the rhythm, the upcoming overleg, the communication items
  of the coming weeks, the running Bibob term, the signals that arrived "recently") have a fixed
  natural key without a date; a later run moves them, with their history, to the same place
  relative to the new today (`verschuif`). An object a user has changed since (a planned
  control carried out, a communication item published) is left as it is, and a fresh one takes
  its place.
"""

import datetime

from django.contrib.auth.models import Group
from django.db import models
from django.utils import timezone

from ondermijning.models import Gebruiker, Gemeente, Organisatie, OrganisatieType, Samenwerkingsverband
from ondermijning.scoping import Rol
from ondermijning.services import gebruiker_rechten_wijzig

DEMO_WACHTWOORD = "ondermijning-demo"

GEMEENTEN = {
    "Duiven": "GM0226",
    "Westervoort": "GM0293",
    "Baarn": "GM0308",
    "Bunschoten": "GM0313",
    "Eemnes": "GM0317",
    "Soest": "GM0342",
    "De Bilt": "GM0310",
}

SAMENWERKINGSVERBANDEN = {
    "Duiven-Westervoort (1Stroom)": ["Duiven", "Westervoort"],
    "BES": ["Baarn", "Eemnes", "Soest"],
}

ORGANISATIES = {
    "1Stroom (Duiven en Westervoort)": OrganisatieType.GEMEENTE,
    "Gemeente Baarn": OrganisatieType.GEMEENTE,
    "Gemeente De Bilt": OrganisatieType.GEMEENTE,
    "Politie": OrganisatieType.POLITIE,
    "Openbaar Ministerie": OrganisatieType.OM,
    "Belastingdienst": OrganisatieType.BELASTINGDIENST,
    "Douane": OrganisatieType.DOUANE,
    "ODRA": OrganisatieType.OMGEVINGSDIENST,
    "RIEC Oost-Nederland": OrganisatieType.RIEC,
    "DOT Gelderland-Midden": OrganisatieType.DOT,
    "Samen Weerbaar": OrganisatieType.SAMEN_WEERBAAR,
    "PVO": OrganisatieType.PVO,
    "Halt": OrganisatieType.HALT,
}

# username: (first name, last name, role, municipalities, organisation)
GEBRUIKERS = {
    "beleid": ("Bea", "Beleid", Rol.BELEIDSMEDEWERKER, ["Duiven", "Westervoort"], "1Stroom (Duiven en Westervoort)"),
    "toezicht": ("Tom", "Toezicht", Rol.TOEZICHTHOUDER, ["Duiven", "Westervoort"], "1Stroom (Duiven en Westervoort)"),
    "voorzitter": ("Vera", "Voorzitter", Rol.VOORZITTER, ["Duiven", "Westervoort"], "1Stroom (Duiven en Westervoort)"),
    "coordinator": (
        "Cor",
        "Coördinator",
        Rol.COORDINATOR,
        ["Duiven", "Westervoort"],
        "1Stroom (Duiven en Westervoort)",
    ),
    "westervoort": ("Wim", "Westervoort", Rol.BELEIDSMEDEWERKER, ["Westervoort"], "1Stroom (Duiven en Westervoort)"),
    # The BES partnership's policy officer: works the signals of Baarn, Eemnes and Soest (their overleg
    # has no chair of its own in the demo, so its decisions are his).
    "baarn": ("Bas", "Baarn", Rol.BELEIDSMEDEWERKER, ["Baarn", "Eemnes", "Soest"], "Gemeente Baarn"),
    # Bunschoten and De Bilt have signals in the demo too: someone who works for them registers and weighs
    # them (the Baarn officer may not: they are not his municipalities).
    "debilt": ("Daan", "De Bilt", Rol.BELEIDSMEDEWERKER, ["Bunschoten", "De Bilt"], "Gemeente De Bilt"),
    "politie": ("Petra", "Politie", Rol.KETENPARTNER, [], "Politie"),
    "beheer": ("Ben", "Beheer", Rol.BEHEERDER, ["Duiven", "Westervoort"], "1Stroom (Duiven en Westervoort)"),
    # The second pair of eyes: a role or municipality granted by one beheerder waits for the other.
    "beheer2": ("Bo", "Beheer", Rol.BEHEERDER, ["Duiven", "Westervoort"], "1Stroom (Duiven en Westervoort)"),
}


def demo_vandaag(vandaag: datetime.date | None = None) -> datetime.date:
    """The day the demo is anchored to: the given day, or today in Europe/Amsterdam."""
    return vandaag or timezone.localdate()


def werkdag(datum: datetime.date) -> datetime.date:
    """The day itself on Monday to Friday, otherwise the Monday after."""
    return datum + datetime.timedelta(days=7 - datum.weekday()) if datum.weekday() >= 5 else datum


def maandag(datum: datetime.date) -> datetime.date:
    """Monday of the (ISO) week of `datum`."""
    return datum - datetime.timedelta(days=datum.weekday())


def verschuif(objecten, delta: datetime.timedelta) -> None:
    """Move every date and time of these objects by `delta` (the rolling demo story, see above).

    With `update()`, so `auto_now` fields keep the moved value too and no signal fires.
    """
    if not delta:
        return
    for obj in objecten:
        velden = {}
        for veld in obj._meta.concrete_fields:
            if isinstance(veld, models.DateField):  # DateTimeField is a DateField as well
                waarde = getattr(obj, veld.attname)
                if waarde is not None:
                    velden[veld.attname] = waarde + delta
        if velden:
            type(obj).objects.filter(pk=obj.pk).update(**velden)
            for naam, waarde in velden.items():
                setattr(obj, naam, waarde)


def laad(stdout=None, vandaag=None) -> None:
    """Create or update the core demo data."""
    gemeenten = {}
    for naam, code in GEMEENTEN.items():
        gemeenten[naam], _ = Gemeente.objects.update_or_create(naam=naam, defaults={"cbs_code": code})
    for naam, leden in SAMENWERKINGSVERBANDEN.items():
        verband, _ = Samenwerkingsverband.objects.get_or_create(naam=naam)
        verband.gemeenten.set([gemeenten[g] for g in leden])
    organisaties = {}
    for naam, type_ in ORGANISATIES.items():
        organisaties[naam], _ = Organisatie.objects.update_or_create(naam=naam, defaults={"type": type_})
    for username, (voornaam, achternaam, rol, gemeentenamen, organisatie) in GEBRUIKERS.items():
        gebruiker, aangemaakt = Gebruiker.objects.update_or_create(
            username=username,
            defaults={
                "first_name": voornaam,
                "last_name": achternaam,
                "email": f"{username}@example.org",
                "organisatie": organisaties[organisatie],
                "is_staff": rol == Rol.BEHEERDER,
                "is_active": True,
            },
        )
        if aangemaakt:
            gebruiker.set_password(DEMO_WACHTWOORD)
            gebruiker.save(update_fields=["password"])
        gebruiker.groups.set([Group.objects.get(name=rol)])
        gebruiker.gemeenten.set([gemeenten[g] for g in gemeentenamen])
    # Four eyes in the demo: beheer2 asked to let `westervoort` stand in for Duiven; it waits on beheer's
    # Mijn werk. Asked again on every run (the run above reset westervoort's municipalities).
    westervoort = Gebruiker.objects.get(username="westervoort")
    gebruiker_rechten_wijzig(
        gebruiker=westervoort,
        door=Gebruiker.objects.get(username="beheer2"),
        rollen=[Rol.BELEIDSMEDEWERKER],
        gemeenten=[gemeenten["Westervoort"].pk, gemeenten["Duiven"].pk],
    )
    if stdout:
        stdout.write(
            f"Kern: {len(gemeenten)} gemeenten, {len(organisaties)} organisaties, {len(GEBRUIKERS)} gebruikers."
        )
