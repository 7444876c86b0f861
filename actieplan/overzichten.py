"""Read-side figures: budget per municipality, the quarter grid, the year overview, and the
geometry of the server-side SVG charts. Every function runs a constant number of queries."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, Sum
from django.db.models.functions import ExtractMonth
from django.utils.translation import gettext as _

from controles.models import Controle, ControleSoort, ControleStatus
from ondermijning import domeinevents
from ondermijning.geld import geld
from ondermijning.models import Gemeente
from ondermijning.scoping import gemeente_ids
from signalen.jaartelling import jaartellingen, jaartellingen_live
from signalen.models import Bron, InterventieSoort

from .models import (
    Actie,
    ActieStatus,
    Begroting,
    Kostenpost,
    Uitgave,
    UitgaveCategorie,
    Uitvoeringsplan,
)

NUL = Decimal("0.00")
MAANDEN = ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]
KLEUREN = ["#1f5f8b", "#c0392b", "#2e7d32", "#8e44ad", "#d35400", "#16a085", "#7f8c8d"]


# --- budget --------------------------------------------------------------------------------


@dataclass
class CategorieRegel:
    categorie: str
    label: str
    gepland: Decimal = NUL
    uitgegeven: Decimal = NUL

    @property
    def overschreden(self) -> bool:
        # Small unplanned costs are absorbed by the general safety budget (plan, ch. 5): only a
        # category that was planned can be overrun.
        return self.gepland > 0 and self.uitgegeven > self.gepland


@dataclass
class BegrotingRegel:
    gemeente: Gemeente
    jaar: int
    beschikbaar: Decimal = NUL
    bron: str = ""
    heeft_begroting: bool = False
    gepland: Decimal = NUL
    uitgegeven: Decimal = NUL
    categorieen: list[CategorieRegel] = field(default_factory=list)
    per_maand: list[Decimal] = field(default_factory=lambda: [NUL] * 12)

    @property
    def resterend(self) -> Decimal:
        return self.beschikbaar - self.uitgegeven

    @property
    def niet_gepland(self) -> Decimal:
        return self.beschikbaar - self.gepland

    @property
    def cumulatief(self) -> list[Decimal]:
        totaal, reeks = NUL, []
        for bedrag in self.per_maand:
            totaal += bedrag
            reeks.append(totaal)
        return reeks

    @property
    def waarschuwingen(self) -> list[str]:
        meldingen = []
        if not self.heeft_begroting:
            meldingen.append(_("Er is geen begroting vastgelegd voor %(jaar)s.") % {"jaar": self.jaar})
        elif self.uitgegeven > self.beschikbaar:
            meldingen.append(
                _("Overschrijding: € %(bedrag)s meer uitgegeven dan beschikbaar.")
                % {"bedrag": geld(self.uitgegeven - self.beschikbaar)}
            )
        elif self.gepland > self.beschikbaar:
            meldingen.append(
                _("Gepland is € %(bedrag)s meer dan beschikbaar.") % {"bedrag": geld(self.gepland - self.beschikbaar)}
            )
        for regel in self.categorieen:
            if regel.overschreden:
                meldingen.append(
                    _("%(categorie)s: € %(uit)s uitgegeven, € %(gepland)s gepland.")
                    % {"categorie": regel.label, "uit": geld(regel.uitgegeven), "gepland": geld(regel.gepland)}
                )
        return meldingen

    @property
    def overschreden(self) -> bool:
        return self.uitgegeven > self.beschikbaar or any(r.overschreden for r in self.categorieen)


def _cent(bedrag) -> Decimal:
    # SQLite sums decimals as floats; round back to cents so every backend gives the same Decimal.
    return Decimal(str(bedrag)).quantize(Decimal("0.01"))


def begroting_overzicht(gebruiker, jaar: int, gemeente_id: int | None = None) -> list[BegrotingRegel]:
    """Per municipality in the user's scope: available, planned, spent, per category and per month (4 queries)."""
    ids = gemeente_ids(gebruiker)
    if gemeente_id is not None:
        ids = [i for i in ids if i == gemeente_id]
    if not ids:
        return []
    begrotingen = {
        b.gemeente_id: b for b in Begroting.objects.voor_gebruiker(gebruiker).filter(jaar=jaar, gemeente_id__in=ids)
    }
    gepland = (
        Kostenpost.objects.filter(gemeente_id__in=ids, jaar=jaar)
        .values("gemeente_id", "categorie")
        .annotate(totaal=Sum("bedrag"))
        .order_by()
    )
    uitgaven = (
        Uitgave.objects.voor_gebruiker(gebruiker)
        .filter(gemeente_id__in=ids, datum__year=jaar)
        .annotate(maand=ExtractMonth("datum"))
        .values("gemeente_id", "categorie", "maand")
        .annotate(totaal=Sum("bedrag"))
        .order_by()
    )
    per_cat: dict[int, dict[str, list[Decimal]]] = defaultdict(lambda: defaultdict(lambda: [NUL, NUL]))
    per_maand: dict[int, list[Decimal]] = defaultdict(lambda: [NUL] * 12)
    for rij in gepland:
        per_cat[rij["gemeente_id"]][rij["categorie"]][0] += _cent(rij["totaal"])
    for rij in uitgaven:
        per_cat[rij["gemeente_id"]][rij["categorie"]][1] += _cent(rij["totaal"])
        per_maand[rij["gemeente_id"]][rij["maand"] - 1] += _cent(rij["totaal"])
    relevante = set(begrotingen) | set(per_cat)
    regels = []
    for gemeente in Gemeente.objects.filter(pk__in=relevante).order_by("naam"):
        begroting = begrotingen.get(gemeente.pk)
        regel = BegrotingRegel(gemeente=gemeente, jaar=jaar)
        if begroting:
            regel.heeft_begroting, regel.beschikbaar, regel.bron = True, begroting.beschikbaar, begroting.bron
        for categorie in UitgaveCategorie:
            g, u = per_cat[gemeente.pk][categorie.value]
            if g or u:
                regel.categorieen.append(CategorieRegel(categorie.value, str(categorie.label), g, u))
        regel.gepland = sum((c.gepland for c in regel.categorieen), NUL)
        regel.uitgegeven = sum((c.uitgegeven for c in regel.categorieen), NUL)
        regel.per_maand = per_maand[gemeente.pk]
        regels.append(regel)
    return regels


# --- charts (SVG geometry, computed here so templates only place shapes) ------------------


def _tabel(kop: str, kolommen: list[str], rijen: list[tuple[str, list[str]]]) -> dict:
    """The numbers of a chart as a data table (WCAG 1.1.1: a screen reader reads what the eye sees).

    `cijfers` lists every number once as written in the table; the template puts it on the chart
    so the accessibility check can verify that each one is reachable as text."""
    return {
        "kop": kop,
        "kolommen": kolommen,
        "rijen": [{"label": label, "waarden": waarden} for label, waarden in rijen],
        "cijfers": " ".join(dict.fromkeys(w for _l, waarden in rijen for w in waarden)),
    }


def _schaal_max(waarden) -> Decimal:
    hoogste = max([Decimal(w) for w in waarden] + [Decimal(1)])
    stap = Decimal(10) ** max(len(str(int(hoogste))) - 1, 0)
    return ((hoogste / stap).to_integral_value(rounding="ROUND_CEILING")) * stap


def staafdiagram_begroting(regels: list[BegrotingRegel]) -> dict:
    """Grouped bars per municipality: available, planned, spent."""
    breedte, hoogte, links, onder, boven = 640, 260, 70, 40, 20
    reeksen = [
        ("beschikbaar", _("Beschikbaar"), "#9db7cc"),
        ("gepland", _("Gepland"), "#1f5f8b"),
        ("uitgegeven", _("Uitgegeven"), "#c0392b"),
    ]
    maximum = _schaal_max([getattr(r, s[0]) for r in regels for s in reeksen])
    plot_h = hoogte - onder - boven
    groep_b = (breedte - links - 10) / max(len(regels), 1)
    staaf_b = min(40, (groep_b - 20) / len(reeksen))
    groepen = []
    for i, regel in enumerate(regels):
        x0 = links + i * groep_b + (groep_b - staaf_b * len(reeksen)) / 2
        staven = []
        for j, (attr, label, kleur) in enumerate(reeksen):
            waarde = getattr(regel, attr)
            h = float(waarde / maximum) * plot_h
            staven.append(
                {
                    "x": round(x0 + j * staaf_b, 1),
                    "y": round(boven + plot_h - h, 1),
                    "b": round(staaf_b - 2, 1),
                    "h": round(h, 1),
                    "kleur": kleur,
                    "titel": f"{regel.gemeente.naam} {label}: € {geld(waarde)}",
                    "waarde": geld(waarde),
                }
            )
        groepen.append({"label": regel.gemeente.naam, "x": round(links + (i + 0.5) * groep_b, 1), "staven": staven})
    return {
        "breedte": breedte,
        "hoogte": hoogte,
        "groepen": groepen,
        "assen": _y_as(maximum, links, boven, plot_h, breedte),
        "legenda": [
            {"label": label, "kleur": kleur, "x": links + k * 130} for k, (_a, label, kleur) in enumerate(reeksen)
        ],
        "as_y": boven + plot_h,
        "links": links,
        "tabel": _tabel(
            _("Gemeente"),
            [str(label) for _a, label, _k in reeksen],
            [(regel.gemeente.naam, [geld(getattr(regel, a)) for a, _l, _k in reeksen]) for regel in regels],
        ),
    }


def _y_as(maximum: Decimal, links, boven, plot_h, breedte) -> list[dict]:
    lijnen = []
    for k in range(5):
        waarde = maximum * k / 4
        y = boven + plot_h - plot_h * k / 4
        lijnen.append({"y": round(y, 1), "label": f"€ {geld(waarde)[:-3]}", "x1": links, "x2": breedte - 10})
    return lijnen


def lijndiagram_cumulatief(regels: list[BegrotingRegel]) -> dict:
    """Cumulative spending per month per municipality, with the available amount as a dashed line."""
    breedte, hoogte, links, onder, boven = 640, 260, 70, 40, 20
    plot_h, plot_b = hoogte - onder - boven, breedte - links - 20
    maximum = _schaal_max([c for r in regels for c in r.cumulatief] + [r.beschikbaar for r in regels])
    stap = plot_b / 11
    lijnen = []
    for i, regel in enumerate(regels):
        kleur = KLEUREN[i % len(KLEUREN)]
        punten = " ".join(
            f"{round(links + m * stap, 1)},{round(boven + plot_h - float(c / maximum) * plot_h, 1)}"
            for m, c in enumerate(regel.cumulatief)
        )
        lijnen.append(
            {
                "label": regel.gemeente.naam,
                "kleur": kleur,
                "punten": punten,
                "budget_y": round(boven + plot_h - float(regel.beschikbaar / maximum) * plot_h, 1),
                "legenda_x": links + i * 150,
                "waarden": [geld(c) for c in regel.cumulatief],
                "beschikbaar": geld(regel.beschikbaar),
            }
        )
    return {
        "breedte": breedte,
        "hoogte": hoogte,
        "lijnen": lijnen,
        "assen": _y_as(maximum, links, boven, plot_h, breedte),
        "maanden": [{"x": round(links + m * stap, 1), "label": MAANDEN[m]} for m in range(12)],
        "as_y": boven + plot_h,
        "links": links,
        "rechts": breedte - 20,
        "tabel": _tabel(
            _("Maand"),
            [regel.gemeente.naam for regel in regels],
            [(str(MAANDEN[m]), [geld(regel.cumulatief[m]) for regel in regels]) for m in range(12)]
            + [(_("Beschikbaar"), [geld(regel.beschikbaar) for regel in regels])],
        ),
    }


def horizontale_staven(items: list[tuple[str, int]], kleur: str = "#1f5f8b") -> dict:
    """Horizontal bars for counts (year overview)."""
    breedte, rij_h, links = 600, 26, 240
    maximum = max([n for _l, n in items] + [1])
    staven = []
    for i, (label, n) in enumerate(items):
        b = (breedte - links - 50) * n / maximum
        staven.append(
            {
                "label": label,
                "n": n,
                "y": i * rij_h + 4,
                "b": round(b, 1),
                "tekst_x": round(links + b + 6, 1),
                "tekst_y": i * rij_h + 19,
            }
        )
    return {
        "breedte": breedte,
        "hoogte": max(len(items), 1) * rij_h + 8,
        "staven": staven,
        "links": links,
        "kleur": kleur,
        "tabel": _tabel("", [_("Aantal")], [(str(label), [str(n)]) for label, n in items]),
    }


# --- quarter grid --------------------------------------------------------------------------


def kwartaalplanning(plan: Uitvoeringsplan, acties) -> dict:
    """The BES grid: rows Gezamenlijk + each municipality, columns the plan's quarters, cells the actions.

    `acties` must have `gemeenten` prefetched; no further queries are made.
    """
    kwartalen = plan.kwartalen
    gemeenten = sorted(plan.gemeenten.all(), key=lambda g: g.naam)
    cellen: dict[tuple[int | None, str], list[Actie]] = defaultdict(list)
    for actie in acties:
        if not actie.kwartaal or actie.kwartaal not in kwartalen:
            continue
        eigen = list(actie.gemeenten.all())
        for sleutel in [g.pk for g in eigen] or [None]:
            cellen[(sleutel, actie.kwartaal)].append(actie)
    rijen = [{"label": _("Gezamenlijk"), "cellen": [cellen[(None, k)] for k in kwartalen]}]
    for gemeente in gemeenten:
        rijen.append({"label": gemeente.naam, "cellen": [cellen[(gemeente.pk, k)] for k in kwartalen]})
    return {"kwartalen": kwartalen, "rijen": rijen}


# --- year overview -------------------------------------------------------------------------

MAATREGELEN_13B = ("13b_waarschuwing", "13b_sluiting", "sluiting_drugspand")


def jaaroverzicht(gebruiker, jaar: int) -> dict:
    """The year-end figures from live data, within the user's scope (a constant number of queries)."""
    # PostgreSQL keeps the counts of signals per source and phenomenon and of interventions per kind
    # in `Jaartelling` (signalen/jaartelling.py): a few rows instead of every signal and intervention
    # of the year joined to its phenomena and its signal. Elsewhere, and for chain partners, live.
    per_fenomeen, per_bron, per_soort = jaartellingen(gebruiker, jaar) or jaartellingen_live(gebruiker, jaar)
    aantal_signalen = sum(n for _bron, n in per_bron)  # every signal has exactly one source

    controles = (
        Controle.objects.voor_gebruiker(gebruiker)
        .filter(datum__year=jaar, status__in=[ControleStatus.UITGEVOERD, ControleStatus.AFGEROND])
        .values("soort")
        .annotate(n=Count("pk"))
        .order_by("-n")
    )

    def aantal(*soorten, veld="n"):
        return sum(per_soort.get(s, {}).get(veld, 0) for s in soorten)

    acties = (
        Actie.objects.voor_gebruiker(gebruiker)
        .filter(plan__periode_start__year__lte=jaar, plan__periode_eind__year__gte=jaar)
        .select_related("plan", "thema")
        .order_by("plan__naam", "nummer")
    )
    acties = [a for a in acties if _actie_in_jaar(a, jaar)]
    afgerond = [a for a in acties if a.status == ActieStatus.AFGEROND]
    # Carried over: every action of this year that is not finished goes into next year's plan.
    doorschuiven = [a for a in acties if a.status != ActieStatus.AFGEROND]

    controles = list(controles)
    soort_labels = dict(ControleSoort.choices)
    bron_labels = dict(Bron.choices)
    begroting = begroting_overzicht(gebruiker, jaar)
    cijfers = {
        "signalen": aantal_signalen,
        "controles": sum(r["n"] for r in controles),
        "maatregelen_13b": aantal(*MAATREGELEN_13B),
        "maatregelen_13b_woning": aantal(*MAATREGELEN_13B, veld="woning"),
        "drugshandel_straat": aantal(InterventieSoort.DRUGSHANDEL_STRAAT),
        "bibob": aantal(InterventieSoort.BIBOB),
        "stop_gesprekken": aantal(InterventieSoort.STOP_GESPREK),
        "acties_afgerond": len(afgerond),
        "acties_doorgeschoven": len(doorschuiven),
        "acties_totaal": len(acties),
    }
    fenomenen = [(naam or _("Geen fenomeen"), n) for naam, n in per_fenomeen]
    bronnen = [(str(bron_labels.get(bron) or _("Onbekend")), n) for bron, n in per_bron]
    soorten = [(str(soort_labels.get(r["soort"], r["soort"])), r["n"]) for r in controles]
    maatregelen = [
        (_("Art. 13b Opiumwet (drugs)"), cijfers["maatregelen_13b"]),
        (_("Drugshandel op straat"), cijfers["drugshandel_straat"]),
        (_("Bibob-onderzoeken"), cijfers["bibob"]),
        (_("STOP-gesprekken"), cijfers["stop_gesprekken"]),
    ]
    return {
        "jaar": jaar,
        "cijfers": cijfers,
        "fenomenen": horizontale_staven(fenomenen),
        "bronnen": horizontale_staven(bronnen, "#16a085"),
        "controles": horizontale_staven(soorten, "#d35400"),
        "maatregelen": horizontale_staven(maatregelen, "#8e44ad"),
        "acties_status": horizontale_staven(
            [(_("Afgerond"), len(afgerond)), (_("Door naar volgend jaar"), len(doorschuiven))], "#2e7d32"
        ),
        "doorschuiven": doorschuiven,
        "begroting": begroting,
        "begroting_grafiek": staafdiagram_begroting(begroting) if begroting else None,
        "uitkomsten": uitkomsten_van_hogere_apps(gebruiker, jaar),
    }


def uitkomsten_van_hogere_apps(gebruiker, jaar: int) -> list[dict]:
    """The figures of apps above this one (procedures: closed procedures by outcome), asked through the
    domain event `jaarcijfers_gevraagd`: per group its rows (label, count), in the order they came."""
    groepen: dict[str, list[tuple[str, int]]] = {}
    for _ontvanger, rijen in domeinevents.jaarcijfers_gevraagd.send(sender=None, gebruiker=gebruiker, jaar=jaar):
        for rij in rijen or []:
            groepen.setdefault(rij.groep, []).append((rij.label, rij.aantal))
    return [{"groep": groep, "rijen": rijen} for groep, rijen in groepen.items()]


def _actie_in_jaar(actie: Actie, jaar: int) -> bool:
    """Multi-year plans: an action with a quarter or date belongs to that year only."""
    peil = actie.peildatum
    return peil is None or peil.year == jaar


def huidig_kwartaal(vandaag: date) -> str:
    return f"Q{(vandaag.month - 1) // 3 + 1} {vandaag.year}"
