"""The year-end evaluation as the council reads it: the snapshot of an evaluation (its lines by
theme, the year's figures) and the raadsinformatiebrief PDF made from it."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ondermijning.pdf import render_pdf

from .models import Resultaat

# The year overview's figures that the council letter quotes, in this order.
RAADSCIJFERS = [
    ("signalen", _("signalen ontvangen")),
    ("controles", _("controles gehouden")),
    ("maatregelen_13b", _("maatregelen art. 13b Opiumwet (drugs in panden)")),
    ("drugshandel_straat", _("maatregelen drugshandel op straat")),
    ("bibob", _("Bibob-onderzoeken")),
    ("stop_gesprekken", _("STOP-gesprekken")),
    ("acties_afgerond", _("acties afgerond")),
]


def lijnen_per_thema(regels) -> list[dict]:
    """The evaluation lines grouped by theme (in theme order), as plain data."""
    themas: dict[int, dict] = {}
    for regel in sorted(regels, key=lambda r: (r.actie.thema.nummer, r.actie.nummer)):
        thema = themas.setdefault(
            regel.actie.thema.nummer,
            {"nummer": regel.actie.thema.nummer, "naam": regel.actie.thema.naam, "regels": []},
        )
        thema["regels"].append(
            {
                "nummer": regel.actie.nummer,
                "omschrijving": regel.actie.omschrijving,
                "resultaat": regel.resultaat,
                "resultaat_label": str(Resultaat(regel.resultaat).label) if regel.resultaat else "",
                "effect": regel.effect,
                "les": regel.les,
                "doorschuiven": regel.doorschuiven,
            }
        )
    return list(themas.values())


def momentopname(evaluatie, regels, overzicht: dict) -> dict:
    """Everything the council letter shows, frozen at vaststellen."""
    cijfers = overzicht["cijfers"]
    door = evaluatie.vastgesteld_door
    telling = {r.value: sum(1 for x in regels if x.resultaat == r.value) for r in Resultaat}
    return {
        "plan": evaluatie.plan.naam,
        "gemeenten": sorted(g.naam for g in evaluatie.plan.gemeenten.all()),
        "jaar": evaluatie.jaar,
        "samenvatting": evaluatie.samenvatting,
        "concept": not evaluatie.is_vastgesteld,
        "vastgesteld_door": (door.get_full_name() or door.username) if door else "",
        "vastgesteld_op": timezone.localtime(evaluatie.vastgesteld_op or timezone.now()).strftime("%d-%m-%Y"),
        "cijfers": [{"label": str(label), "waarde": cijfers[sleutel]} for sleutel, label in RAADSCIJFERS],
        "telling": [{"label": str(r.label), "aantal": telling[r.value]} for r in Resultaat],
        "aantal_acties": len(regels),
        "themas": lijnen_per_thema(regels),
        "doorgeschoven": [
            {"nummer": r.actie.nummer, "omschrijving": r.actie.omschrijving}
            for r in sorted(regels, key=lambda r: r.actie.nummer)
            if r.doorschuiven
        ],
    }


def pdf(opname: dict) -> bytes:
    """The raadsinformatiebrief of a frozen evaluation."""
    return render_pdf("actieplan/pdf/raadsbrief.html", {"b": opname})
