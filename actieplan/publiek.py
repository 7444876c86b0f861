"""The public year overview of one municipality: which figures may be published, how they are
counted, how a small count is hidden ("minder dan 3"), the frozen snapshot, and its files.

One rule each: `CIJFERS` is the list of figures a communication officer may choose from (all safe
to publish: counts of measures and activities, never sources or money); `publiek_getal` is the
only place a count becomes public text; every public format (HTML, PDF, PNG) is rendered from a
snapshot (`momentopname`) by the one template `actieplan/publiek/editie.html`.
"""

import base64
import mimetypes
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings
from django.db.models import Count, Q
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from controles.models import Controle, ControleSoort, ControleStatus
from ondermijning.models import Gemeente
from ondermijning.pdf import render_pdf, render_png
from ondermijning.scoping import gemeente_ids
from signalen.models import Interventie, InterventieSoort, Signaal, VernietigdSignaal

from .models import Actie, ActieStatus, CommunicatieItem, CommunicatieStatus, Kanaal, PubliekeEditie, PubliekProfiel
from .overzichten import MAATREGELEN_13B, _actie_in_jaar

STANDAARD_DREMPEL = 3
MIN_CIJFERS, MAX_CIJFERS = 5, 8
MMA_TELEFOON = "0800-7000"
MMA_WEBSITE = "meldmisdaadanoniem.nl"
ICOON_MAP = Path(settings.BASE_DIR) / "static" / "img" / "iconen"
CSS_BESTAND = Path(settings.BASE_DIR) / "static" / "css" / "jaar_publiek.css"

# Pixel sizes of the social-media images; the A4 PDF is laid out in mm by the stylesheet.
FORMATEN = {"vierkant": (1080, 1080), "breed": (1200, 630)}


@dataclass(frozen=True)
class Cijfer:
    sleutel: str
    label: str
    icoon: str
    standaard: bool = True


CIJFERS = [
    Cijfer("drugs_woning", gettext_lazy("maatregelen tegen drugs in woningen"), "woning"),
    Cijfer("drugs_bedrijfspand", gettext_lazy("maatregelen tegen drugs in bedrijfspanden"), "bedrijfspand"),
    Cijfer("drugshandel_straat", gettext_lazy("maatregelen tegen drugshandel op straat"), "straat"),
    Cijfer("bibob", gettext_lazy("Bibob-onderzoeken naar aanvragers van vergunningen"), "bibob"),
    Cijfer("integrale_controles", gettext_lazy("integrale controles met politie en ODRA"), "controle"),
    Cijfer("voorlichting", gettext_lazy("voorlichtingen, artikelen en bijeenkomsten"), "voorlichting"),
    Cijfer("acties_afgerond", gettext_lazy("acties uit het uitvoeringsplan afgerond"), "actie"),
    Cijfer("signalen", gettext_lazy("signalen ontvangen en opgepakt"), "signaal", standaard=False),
]
CIJFER = {c.sleutel: c for c in CIJFERS}
STANDAARD_KEUZE = [c.sleutel for c in CIJFERS if c.standaard]


def publiek_getal(n: int, drempel: int) -> str:
    """The only way a count becomes public: below the threshold it could point to one case."""
    if n < drempel:
        return _("minder dan %(drempel)s") % {"drempel": drempel}
    return str(n)


def profiel_van(gemeente) -> PubliekProfiel:
    """The municipality's public profile, or an unsaved one with the defaults."""
    return PubliekProfiel.objects.filter(gemeente=gemeente).first() or PubliekProfiel(gemeente=gemeente)


def live_cijfers(gemeente, jaar: int) -> dict[str, int]:
    """Every publishable figure of one municipality and year from live data (6 queries)."""
    maatregelen = Interventie.objects.filter(signaal__gemeente=gemeente, gestart_op__year=jaar).aggregate(
        drugs_woning=Count("pk", filter=Q(soort__in=MAATREGELEN_13B, soort_zaak__endswith="woning")),
        drugs_bedrijfspand=Count("pk", filter=Q(soort__in=MAATREGELEN_13B, soort_zaak__endswith="bedrijfspand")),
        drugshandel_straat=Count("pk", filter=Q(soort=InterventieSoort.DRUGSHANDEL_STRAAT)),
        bibob=Count("pk", filter=Q(soort=InterventieSoort.BIBOB)),
    )
    controles = Controle.objects.filter(
        gemeente=gemeente,
        datum__year=jaar,
        soort=ControleSoort.INTEGRALE_CONTROLE,
        status__in=[ControleStatus.UITGEVOERD, ControleStatus.AFGEROND],
    ).count()
    # Letters to neighbours and posters on a closed building are about one case: not "voorlichting".
    voorlichting = (
        CommunicatieItem.objects.filter(
            gemeenten=gemeente,
            datum__year=jaar,
            status__in=[CommunicatieStatus.GEREED, CommunicatieStatus.GEPUBLICEERD],
        )
        .exclude(kanaal__in=[Kanaal.BRIEF, Kanaal.POSTERS])
        .count()
    )
    acties = (
        Actie.objects.filter(
            plan__gemeenten=gemeente,
            plan__periode_start__year__lte=jaar,
            plan__periode_eind__year__gte=jaar,
            status=ActieStatus.AFGEROND,
        )
        .filter(Q(gemeenten=gemeente) | Q(gemeenten=None))
        .distinct()
        .only("timing_soort", "datum", "kwartaal")
    )
    signalen = (
        Signaal.objects.filter(gemeente=gemeente, ontvangen_op__year=jaar).count()
        + VernietigdSignaal.objects.filter(gemeente=gemeente, ontvangen_op__year=jaar).count()
    )
    return {
        **maatregelen,
        "integrale_controles": controles,
        "voorlichting": voorlichting,
        "acties_afgerond": sum(1 for a in acties if _actie_in_jaar(a, jaar)),
        "signalen": signalen,
    }


def _logo_data(profiel: PubliekProfiel) -> str:
    """The uploaded logo as a data URI (kept inside the snapshot, so a new logo leaves it alone)."""
    if not profiel.logo:
        return ""
    with profiel.logo.open("rb") as bestand:
        inhoud = bestand.read()
    soort = mimetypes.guess_type(profiel.logo.name)[0] or "image/png"
    return f"data:{soort};base64,{base64.b64encode(inhoud).decode()}"


def momentopname(editie, profiel: PubliekProfiel, waarden: dict[str, int] | None = None) -> dict:
    """Everything the public formats show, frozen: texts, logo, threshold and each figure as counted now."""
    waarden = live_cijfers(editie.gemeente, editie.jaar) if waarden is None else waarden
    drempel = profiel.drempel or STANDAARD_DREMPEL
    return {
        "gemeente": editie.gemeente.naam,
        "jaar": editie.jaar,
        "titel": editie.titel,
        "verhaal": editie.verhaal,
        "drempel": drempel,
        "logo": _logo_data(profiel),
        "meldroute": profiel.meldroute,
        "cijfers": [
            {
                "sleutel": sleutel,
                "label": str(CIJFER[sleutel].label),
                "icoon": CIJFER[sleutel].icoon,
                "waarde": waarden[sleutel],
                "tekst": publiek_getal(waarden[sleutel], drempel),
            }
            for sleutel in editie.cijfers
            if sleutel in CIJFER
        ],
    }


def verschillen(editie) -> list[dict]:
    """For a vastgesteld edition: the figures whose live count now differs from the published one."""
    if not editie.momentopname:
        return []
    live = live_cijfers(editie.gemeente, editie.jaar)
    drempel = editie.momentopname["drempel"]
    return [
        {
            "label": c["label"],
            "gepubliceerd": c["tekst"],
            "live": publiek_getal(live[c["sleutel"]], drempel),
            "waarde_gepubliceerd": c["waarde"],
            "waarde_live": live[c["sleutel"]],
        }
        for c in editie.momentopname["cijfers"]
        if live.get(c["sleutel"]) != c["waarde"]
    ]


ICONEN = frozenset(pad.stem for pad in ICOON_MAP.glob("*.svg"))


@cache
def _icoon_bestand(naam: str) -> str:
    return (ICOON_MAP / f"{naam}.svg").read_text(encoding="utf-8")


def _icoon(naam: str) -> str:
    """One of our own icon files, inline; any other name (it may come from a stored snapshot) gives nothing."""
    if naam not in ICONEN:
        return ""
    # Reviewed: only the app's own static SVG files, chosen from a fixed set of names.
    return mark_safe(_icoon_bestand(naam))  # noqa: S308  # nosec B308, B703


def weergave(opname: dict, formaat: str) -> dict:
    """Template context of one format. Only the public texts go in, never the exact counts."""
    return {
        "formaat": formaat,
        "gemeente": opname["gemeente"],
        "jaar": opname["jaar"],
        "titel": opname["titel"],
        "verhaal": opname["verhaal"],
        "logo": opname["logo"],
        "logo_neutraal": _icoon("gemeente"),
        "meldroute": opname["meldroute"],
        "mma_telefoon": MMA_TELEFOON,
        "mma_website": MMA_WEBSITE,
        "icoon_oproep": _icoon("telefoon"),
        "cijfers": [
            {
                "label": c["label"],
                "tekst": c["tekst"],
                "klein": c["tekst"] != str(c["waarde"]),
                "icoon": _icoon(c["icoon"]),
            }
            for c in opname["cijfers"]
        ],
        "rijen": (len(opname["cijfers"]) + 1) // 2,
        "css_bestand": CSS_BESTAND.as_uri(),
    }


def editie_pdf(opname: dict) -> bytes:
    """The A4 one-page PDF of a snapshot."""
    return render_pdf("actieplan/publiek/editie.html", weergave(opname, "a4"))


def editie_png(opname: dict, formaat: str) -> bytes:
    """A social-media image of a snapshot: 'vierkant' (1080x1080) or 'breed' (1200x630)."""
    breedte, hoogte = FORMATEN[formaat]
    return render_png("actieplan/publiek/editie.html", weergave(opname, formaat), breedte, hoogte)


def stand_per_gemeente(gebruiker, jaar: int) -> list[dict]:
    """For the internal overview: each of the user's municipalities with its public edition of the
    year (if any) and, once vastgesteld, the figures whose live count now differs."""
    edities = {
        e.gemeente_id: e
        for e in PubliekeEditie.objects.filter(gemeente_id__in=gemeente_ids(gebruiker), jaar=jaar).select_related(
            "gemeente", "vastgesteld_door"
        )
    }
    return [
        {
            "gemeente": gemeente,
            "editie": edities.get(gemeente.pk),
            "verschillen": verschillen(edities[gemeente.pk]) if gemeente.pk in edities else [],
        }
        for gemeente in Gemeente.objects.filter(pk__in=gemeente_ids(gebruiker)).order_by("naam")
    ]
