"""Demo tasks: a plan of approach on a few Duiven cases, one overdue, one for the police. Idempotent."""

import datetime

from ondermijning.demo import demo_vandaag
from ondermijning.models import Gebruiker, Grondslag, Organisatie
from ondermijning.services import verstrekking_registreer
from signalen.models import Agendapunt, Signaal, SignaalStatus
from taken.models import Taak

# (description, owner username or "Politie", days from today)
TAKEN = [
    ("Buren van het pand spreken over overlast en bezoekers", "beleid", -4),
    ("Eigenaar van het pand aanschrijven", "beleid", 6),
    ("Resultaat bespreken in het volgende overleg", "voorzitter", 20),
    ("Bestuurlijke rapportage aanleveren", "Politie", 10),
]


def laad(stdout=None, vandaag=None) -> None:
    """Create the demo tasks once; a later run on another day leaves them as they are."""
    vandaag = demo_vandaag(vandaag)
    gebruikers = {g.username: g for g in Gebruiker.objects.filter(username__in=["beleid", "voorzitter"])}
    politie = Organisatie.objects.filter(naam="Politie").first()
    gedeeld = Agendapunt.objects.filter(gedeeld_met=politie, signaal__gemeente__naam="Duiven").select_related("signaal")
    signaal = next((p.signaal for p in gedeeld), None) or (
        Signaal.objects.filter(gemeente__naam="Duiven").exclude(status=SignaalStatus.AFGESLOTEN).order_by("pk").first()
    )
    if signaal is None or len(gebruikers) < 2:
        return
    aantal = 0
    for omschrijving, wie, dagen in TAKEN:
        eigenaar = {"eigenaar_organisatie": politie} if wie == "Politie" else {"eigenaar": gebruikers[wie]}
        if wie == "Politie" and politie is None:
            continue
        taak, gemaakt = Taak.objects.get_or_create(
            signaal=signaal,
            omschrijving=omschrijving,
            defaults={
                "gemeente": signaal.gemeente,
                "uiterlijk_op": vandaag + datetime.timedelta(days=dagen),
                "door": gebruikers["voorzitter"],
                **eigenaar,
            },
        )
        if gemaakt and wie == "Politie":
            verstrekking_registreer(
                obj=taak, organisatie=politie, door=gebruikers["voorzitter"], grondslag=Grondslag.LOKAAL_OVERLEG,
                omschrijving=f"taak {taak.pk} over signaal {signaal.nummer}", gemeente=signaal.gemeente_id,
            )  # fmt: skip
        aantal += gemaakt
    if stdout:
        stdout.write(f"Taken: {aantal} nieuw.")
