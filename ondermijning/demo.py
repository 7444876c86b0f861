"""Demo data of the core: municipalities, samenwerkingsverbanden, partners, demo users.

Idempotent: everything is looked up by its natural key and updated, never duplicated.
Users are created only here (never in a migration), all with the demo password.
"""

from django.contrib.auth.models import Group

from ondermijning.models import Gebruiker, Gemeente, Organisatie, OrganisatieType, Samenwerkingsverband
from ondermijning.scoping import Rol

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
    "baarn": ("Bas", "Baarn", Rol.BELEIDSMEDEWERKER, ["Baarn"], "Gemeente Baarn"),
    "politie": ("Petra", "Politie", Rol.KETENPARTNER, [], "Politie"),
    "beheer": ("Ben", "Beheer", Rol.BEHEERDER, ["Duiven", "Westervoort"], "1Stroom (Duiven en Westervoort)"),
}


def laad(stdout=None) -> None:
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
    if stdout:
        stdout.write(
            f"Kern: {len(gemeenten)} gemeenten, {len(organisaties)} organisaties, {len(GEBRUIKERS)} gebruikers."
        )
