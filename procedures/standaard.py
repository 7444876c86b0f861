"""The two standard kinds of procedure (for every municipality), as the data migration seeds them.

Plain data so the migration keeps working when the models change: (volgorde, naam, velden); `vanaf`
names the volgorde of the step the term counts from. A municipality adapts them in the admin.
"""

from django.apps import apps as registry

DAMOCLES = {
    "naam": "Sluiting art. 13b Opiumwet (Damocles)",
    "vorm": "13b",
    "stappen": [
        (
            1,
            "Intake bestuurlijke rapportage politie",
            {
                "tekst_verplicht": True,
                "tekst_label": "Bevinding: hard- of softdrugs, hoeveelheid, woning of bedrijfspand",
            },
        ),
        (
            2,
            "Stap op de Damoclesladder",
            {"rol": "ladder", "toelichting": "Uit de eerdere 13b-maatregelen op dit pand."},
        ),
        (
            3,
            "Voornemen verzonden",
            {"toelichting": "Awb 4:8: belanghebbende in de gelegenheid stellen een zienswijze te geven."},
        ),
        (
            4,
            "Zienswijze",
            {
                "termijn": 2,
                "eenheid": "weken",
                "vanaf": 3,
                "uitkomsten": "Zienswijze ontvangen\nGeen zienswijze ontvangen",
                "tekst_label": "Samenvatting van de zienswijze",
                "toelichting": "Awb 4:8; standaard twee weken na verzending van het voornemen.",
            },
        ),
        (
            5,
            "Evenredigheidstoets",
            {"rol": "proportionaliteit", "toelichting": "Geschikt, noodzakelijk en evenredig (Awb 3:4)."},
        ),
        (
            6,
            "Besluit verzonden",
            {
                "rol": "besluit",
                "uitkomsten": "Sluiting\nWaarschuwing\nAfzien van maatregel",
                "tekst_label": "Duur volgens de ladder en toelichting",
            },
        ),
        (
            7,
            "Sluiting van/tot",
            {
                "rol": "sluiting",
                "overslaanbaar": True,
                "herinneren_dagen": 14,
                "toelichting": "Herinnering voor het einde: de heropening voorbereiden.",
            },
        ),
        (
            8,
            "Bezwaartermijn",
            {
                "termijn": 6,
                "eenheid": "weken",
                "vanaf": 6,
                "uitkomsten": "Geen bezwaar ingediend\nBezwaar ingediend",
                "toelichting": "Awb 6:7: zes weken na de dag waarop het besluit is bekendgemaakt.",
            },
        ),
        (
            9,
            "Uitkomst bezwaar/beroep",
            {
                "termijn": 12,
                "eenheid": "weken",
                "vanaf": 8,
                "overslaanbaar": True,
                "uitkomsten": "Ongegrond\nGegrond\nNiet-ontvankelijk\nIngetrokken",
                "toelichting": "Awb 7:10: beslistermijn bezwaar (met adviescommissie twaalf weken).",
            },
        ),
    ],
}

BIBOB = {
    "naam": "Bibob-toets vergunning",
    "vorm": "bibob",
    "stappen": [
        (1, "Intakegesprek", {"tekst_label": "Verslag van het intakegesprek"}),
        (2, "Vragenlijst verzonden", {}),
        (
            3,
            "Antwoorden vragenlijst ontvangen",
            {
                "termijn": 4,
                "eenheid": "weken",
                "vanaf": 2,
                "toelichting": "Antwoordtermijn zoals in de begeleidende brief; onvolledig: Awb 4:5.",
            },
        ),
        (4, "Eigen onderzoek", {"tekst_verplicht": True, "tekst_label": "Bevindingen van het eigen onderzoek"}),
        (
            5,
            "Tip van het Openbaar Ministerie",
            {"overslaanbaar": True, "toelichting": "Art. 26 Wet Bibob; alleen als die er is."},
        ),
        (
            6,
            "Adviesaanvraag Landelijk Bureau Bibob",
            {
                "rol": "bibob_advies",
                "overslaanbaar": True,
                "toelichting": "EUR 700 geboekt op het actieplan (via de Bibob-interventie van de procedure).",
            },
        ),
        (
            7,
            "Advies Landelijk Bureau Bibob ontvangen",
            {
                "termijn": 8,
                "eenheid": "weken",
                "vanaf": 6,
                "overslaanbaar": True,
                "mate_van_gevaar": True,
                "toelichting": "Art. 15 Wet Bibob: acht weken, eenmaal met vier weken te verlengen.",
            },
        ),
        (8, "Voornemen verzonden", {}),
        (
            9,
            "Zienswijze",
            {
                "termijn": 2,
                "eenheid": "weken",
                "vanaf": 8,
                "uitkomsten": "Zienswijze ontvangen\nGeen zienswijze ontvangen",
                "tekst_label": "Samenvatting van de zienswijze",
            },
        ),
        (
            10,
            "Evenredigheidstoets",
            {"rol": "proportionaliteit", "toelichting": "Art. 3 Wet Bibob: alleen voor zover evenredig."},
        ),
        (
            11,
            "Besluit op de vergunning",
            {
                "rol": "besluit",
                "mate_van_gevaar": True,
                "uitkomsten": "Verleend\nVerleend met voorwaarden\nGeweigerd / ingetrokken",
            },
        ),
        (
            12,
            "Bezwaartermijn",
            {
                "termijn": 6,
                "eenheid": "weken",
                "vanaf": 11,
                "uitkomsten": "Geen bezwaar ingediend\nBezwaar ingediend",
                "toelichting": "Awb 6:7.",
            },
        ),
    ],
}

STANDAARD = [DAMOCLES, BIBOB]

# The letter each standard step makes: (vorm, volgorde) -> letter (procedures.models.BriefSoort).
BRIEVEN = {
    ("13b", 3): "voornemen",
    ("13b", 6): "besluit",
    ("13b", 7): "omwonenden",
    ("bibob", 2): "bibob_vragenlijst",
    ("bibob", 8): "voornemen",
    ("bibob", 11): "besluit",
}


def maak_standaard(ProcedureSoort, StapSjabloon) -> None:
    """Create the standard kinds once (models passed in so a migration can use its historical ones).

    Fields the given (historical) model does not have yet are left out; the later migration that adds
    such a field fills it for kinds made earlier."""
    bestaand = {veld.name for veld in StapSjabloon._meta.get_fields()}
    for gegevens in STANDAARD:
        soort, nieuw = ProcedureSoort.objects.get_or_create(
            naam=gegevens["naam"], gemeente=None, defaults={"vorm": gegevens["vorm"]}
        )
        if not nieuw:
            continue
        per_volgorde = {}
        for volgorde, naam, velden in gegevens["stappen"]:
            velden = dict(velden)
            vanaf = velden.pop("vanaf", None)
            if (gegevens["vorm"], volgorde) in BRIEVEN:
                velden["brief"] = BRIEVEN[(gegevens["vorm"], volgorde)]
            velden = {veld: waarde for veld, waarde in velden.items() if veld in bestaand}
            per_volgorde[volgorde] = StapSjabloon.objects.create(
                soort=soort, volgorde=volgorde, naam=naam, vanaf=per_volgorde.get(vanaf), **velden
            )


def na_migreren(sender, *, apps=None, **kwargs) -> None:
    """post_migrate: the standard kinds exist (with the models as the migrations left them; a flush
    sends no `apps`, then the current models)."""
    apps = apps or registry
    try:
        ProcedureSoort = apps.get_model("procedures", "ProcedureSoort")
        StapSjabloon = apps.get_model("procedures", "StapSjabloon")
    except LookupError:  # migrated back to before the procedures app
        return
    maak_standaard(ProcedureSoort, StapSjabloon)
