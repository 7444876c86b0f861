"""Views of the year in public (a public edition per municipality, its files and its page) and of
the year-end evaluation with its council letter. Thin: reads scoped, writes through `vaststellen`."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ondermijning import audit
from ondermijning.forms import fouten_naar_form
from ondermijning.models import AuditActie, Gemeente
from ondermijning.scoping import gemeente_ids

from . import overzichten, publiek, raadsbrief, vaststellen
from .forms import EvaluatieForm, EvaluatieRegelForm, PubliekeEditieForm
from .models import Evaluatie, PubliekeEditie, Uitvoeringsplan
from .views import _geldig_jaar

BESTANDEN = {
    "a4.pdf": ("pdf", "application/pdf"),
    "vierkant.png": ("png_vierkant", "image/png"),
    "breed.png": ("png_breed", "image/png"),
}


def _gemeente(request, gemeente_pk) -> Gemeente:
    """A municipality of the user's own; any other looks like it does not exist."""
    return get_object_or_404(Gemeente.objects.filter(pk__in=gemeente_ids(request.user)), pk=gemeente_pk)


def _opname(editie: PubliekeEditie) -> dict:
    """The frozen snapshot, or for a concept what it would be now."""
    if editie.is_vastgesteld:
        return editie.momentopname
    return publiek.momentopname(editie, publiek.profiel_van(editie.gemeente))


@permission_required("actieplan.view_uitvoeringsplan", raise_exception=True)
def editie(request, jaar, gemeente_pk):
    """The public edition of one municipality's year: texts and figures, status, files, live differences."""
    gemeente = _gemeente(request, gemeente_pk)
    jaar = _geldig_jaar(jaar)
    bestaand = PubliekeEditie.objects.filter(gemeente=gemeente, jaar=jaar).first()
    mag_wijzigen = request.user.has_perm("actieplan.change_publiekeeditie") and not (
        bestaand and bestaand.is_vastgesteld
    )
    if request.method == "POST":
        if not mag_wijzigen:
            raise Http404
        form = PubliekeEditieForm(request.POST)
        if form.is_valid():
            try:
                vaststellen.editie_bewaar(gemeente=gemeente, jaar=jaar, door=request.user, **form.cleaned_data)
            except ValidationError as exc:
                fouten_naar_form(form, exc)
            else:
                messages.success(request, _("De publieksversie is bewaard."))
                return redirect("actieplan:editie", jaar=jaar, gemeente_pk=gemeente.pk)
    else:
        initial = (
            {"titel": bestaand.titel, "verhaal": bestaand.verhaal, "cijfers": bestaand.cijfers}
            if bestaand
            else {
                "titel": _("Samen houden we %(gemeente)s veilig") % {"gemeente": gemeente.naam},
                "cijfers": publiek.STANDAARD_KEUZE,
            }  # fmt: skip
        )
        form = PubliekeEditieForm(initial=initial)
    context = {
        "gemeente": gemeente,
        "jaar": jaar,
        "editie": bestaand,
        "form": form if mag_wijzigen else None,
        "opname": _opname(bestaand) if bestaand else None,
        "verschillen": publiek.verschillen(bestaand) if bestaand and bestaand.is_vastgesteld else [],
        "mag_vaststellen": bool(bestaand)
        and not bestaand.is_vastgesteld
        and request.user.has_perm("actieplan.vaststellen_publiekeeditie"),
    }
    return render(request, "actieplan/editie.html", context)


@permission_required("actieplan.vaststellen_publiekeeditie", raise_exception=True)
@require_POST
def editie_vaststellen(request, jaar, gemeente_pk):
    """The coordinator adopts the edition: figures and files are frozen."""
    gemeente = _gemeente(request, gemeente_pk)
    bestaand = get_object_or_404(PubliekeEditie.objects.voor_gebruiker(request.user), gemeente=gemeente, jaar=jaar)
    try:
        vaststellen.editie_stel_vast(editie=bestaand, door=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("De publieksversie is vastgesteld; de cijfers en bestanden veranderen niet meer."))
    return redirect("actieplan:editie", jaar=jaar, gemeente_pk=gemeente.pk)


@permission_required("actieplan.view_uitvoeringsplan", raise_exception=True)
def editie_bestand(request, jaar, gemeente_pk, bestand):
    """A public file: the stored one of a vastgesteld edition, a fresh concept otherwise (audited export)."""
    if bestand not in BESTANDEN:
        raise Http404
    gemeente = _gemeente(request, gemeente_pk)
    bestaand = get_object_or_404(PubliekeEditie.objects.voor_gebruiker(request.user), gemeente=gemeente, jaar=jaar)
    veld, soort = BESTANDEN[bestand]
    if bestaand.is_vastgesteld:
        inhoud = bytes(getattr(bestaand, veld))
    else:
        opname = _opname(bestaand)
        inhoud = publiek.editie_pdf(opname) if veld == "pdf" else publiek.editie_png(opname, veld.split("_")[1])
    audit.log(
        actie=AuditActie.EXPORT,
        actor=request.user,
        obj=bestaand,
        toelichting=f"publieksversie {jaar} {bestand}{'' if bestaand.is_vastgesteld else ' (concept)'}",
    )
    response = HttpResponse(inhoud, content_type=soort)
    naam = f"ondermijning-{jaar}-{gemeente.naam.lower().replace(' ', '-')}-{bestand}"
    response["Content-Disposition"] = f'inline; filename="{naam}"'
    return response


@permission_required("actieplan.view_uitvoeringsplan", raise_exception=True)
def editie_pagina(request, jaar, gemeente_pk):
    """The public edition as an accessible web page (the HTML a website editor can take over)."""
    gemeente = _gemeente(request, gemeente_pk)
    bestaand = get_object_or_404(PubliekeEditie.objects.voor_gebruiker(request.user), gemeente=gemeente, jaar=jaar)
    html = render_to_string(
        "actieplan/publiek/editie.html", publiek.weergave(_opname(bestaand), "html"), request=request
    )
    audit.log(actie=AuditActie.EXPORT, actor=request.user, obj=bestaand, toelichting=f"publieksversie {jaar} html")
    return HttpResponse(html)


# --- the year-end evaluation ---------------------------------------------------------------


def _plan(request, pk) -> Uitvoeringsplan:
    return get_object_or_404(Uitvoeringsplan.objects.voor_gebruiker(request.user).prefetch_related("gemeenten"), pk=pk)


@permission_required("actieplan.view_uitvoeringsplan", raise_exception=True)
def evaluatie(request, pk, jaar):
    """The evaluation of a plan's year: a result per action by theme, with the year's figures beside it."""
    plan = _plan(request, pk)
    jaar = _geldig_jaar(jaar)
    if jaar not in plan.jaren:
        raise Http404
    evaluatie = Evaluatie.objects.filter(plan=plan, jaar=jaar).first()
    mag_wijzigen = request.user.has_perm("actieplan.change_evaluatie") and not (evaluatie and evaluatie.is_vastgesteld)
    if request.method == "POST":
        if not mag_wijzigen:
            raise Http404
        return _evaluatie_bewaar(request, plan, jaar)
    regels = list(evaluatie.regels.select_related("actie__thema")) if evaluatie else []
    for regel in regels:
        regel.form = (
            EvaluatieRegelForm(
                prefix=f"r{regel.pk}",
                initial={
                    "resultaat": regel.resultaat,
                    "effect": regel.effect,
                    "les": regel.les,
                    "doorschuiven": regel.doorschuiven,
                },  # fmt: skip
            )
            if mag_wijzigen
            else None
        )
    context = {
        "plan": plan,
        "jaar": jaar,
        "evaluatie": evaluatie,
        "themas": _per_thema(regels),
        "form": EvaluatieForm(initial={"samenvatting": evaluatie.samenvatting}) if evaluatie and mag_wijzigen else None,
        "mag_wijzigen": mag_wijzigen,
        "mag_vaststellen": bool(evaluatie)
        and not evaluatie.is_vastgesteld
        and request.user.has_perm("actieplan.vaststellen_evaluatie"),
        "cijfers": overzichten.jaaroverzicht(request.user, jaar)["cijfers"],
        "vervolgplan": vaststellen.vervolgplan(plan),
    }
    return render(request, "actieplan/evaluatie.html", context)


def _per_thema(regels) -> list[dict]:
    themas: dict = {}
    for regel in regels:
        themas.setdefault(regel.actie.thema, []).append(regel)
    return [{"thema": t, "regels": r} for t, r in sorted(themas.items(), key=lambda x: x[0].nummer)]


def _evaluatie_bewaar(request, plan, jaar):
    """Open the evaluation (a line per action) and save every line that was posted, in one transaction."""
    try:
        with transaction.atomic():
            evaluatie = vaststellen.evaluatie_open(plan=plan, jaar=jaar, door=request.user)
            if "samenvatting" in request.POST:
                form = EvaluatieForm(request.POST)
                if form.is_valid():
                    vaststellen.evaluatie_bewaar(evaluatie=evaluatie, door=request.user, **form.cleaned_data)
            for regel in evaluatie.regels.select_related("evaluatie"):
                form = EvaluatieRegelForm(request.POST, prefix=f"r{regel.pk}")
                if f"r{regel.pk}-resultaat" not in request.POST or not form.is_valid():
                    continue
                velden = form.cleaned_data
                if (velden["resultaat"], velden["effect"], velden["les"], velden["doorschuiven"]) != (
                    regel.resultaat, regel.effect, regel.les, regel.doorschuiven,
                ):  # fmt: skip
                    vaststellen.evaluatie_regel_bewaar(regel=regel, door=request.user, **velden)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("De evaluatie is bewaard."))
    return redirect("actieplan:evaluatie", pk=plan.pk, jaar=jaar)


@permission_required("actieplan.vaststellen_evaluatie", raise_exception=True)
@require_POST
def evaluatie_vaststellen(request, pk, jaar):
    """The coordinator adopts the evaluation: carried-over actions go to the next plan; the letter is frozen."""
    plan = _plan(request, pk)
    evaluatie = get_object_or_404(Evaluatie, plan=plan, jaar=jaar)
    try:
        vaststellen.evaluatie_stel_vast(evaluatie=evaluatie, door=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("De evaluatie is vastgesteld."))
    return redirect("actieplan:evaluatie", pk=plan.pk, jaar=jaar)


@permission_required("actieplan.view_uitvoeringsplan", raise_exception=True)
def evaluatie_pdf(request, pk, jaar):
    """The council letter (raadsinformatiebrief): the stored one once vastgesteld, a concept before."""
    plan = _plan(request, pk)
    evaluatie = get_object_or_404(Evaluatie, plan=plan, jaar=jaar)
    if evaluatie.is_vastgesteld:
        inhoud = bytes(evaluatie.pdf)
    else:
        regels = list(evaluatie.regels.select_related("actie__thema"))
        opname = raadsbrief.momentopname(evaluatie, regels, overzichten.jaaroverzicht(request.user, jaar))
        inhoud = raadsbrief.pdf(opname)
    audit.log(actie=AuditActie.EXPORT, actor=request.user, obj=evaluatie, toelichting=f"raadsinformatiebrief {jaar}")
    response = HttpResponse(inhoud, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="raadsinformatiebrief-evaluatie-{jaar}.pdf"'
    return response
