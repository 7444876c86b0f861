"""Thin views of the taken app: a task page, create, change, complete, cancel."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from actieplan.models import Actie
from controles.models import Controle
from ondermijning.forms import fouten_naar_form
from ondermijning.scoping import gemeente_ids
from ondermijning.workflow import toegestane_acties
from signalen.models import Interventie, Signaal
from taken import selectors, services
from taken.forms import AfrondenForm, TaakForm, TaakWijzigForm, VervallenForm
from taken.models import Taak

# What a task can be created on: the scoped model, the permission that opens its page, that page.
DOELEN = {
    "signaal": (Signaal, "signalen.view_signaal", "signalen:detail"),
    "interventie": (Interventie, "signalen.view_interventie", "signalen:interventie_detail"),
    "controle": (Controle, "controles.view_controle", "controles:detail"),
    "actie": (Actie, "actieplan.view_actie", "actieplan:actie_bewerken"),
}


def _doel(request, soort: str, pk: int):
    """The object a task is about, loaded through its own scope; anything else is 404."""
    if soort not in DOELEN or request.user.is_ketenpartner:
        raise Http404
    model, permissie, _pagina = DOELEN[soort]
    if not request.user.has_perm(permissie):
        raise PermissionDenied
    return get_object_or_404(model.objects.voor_gebruiker(request.user), pk=pk)


def _gemeente(request, soort: str, doel):
    if soort == "actie":
        gemeente = doel.plan.gemeenten.filter(pk__in=gemeente_ids(request.user)).first()
        if gemeente is None:
            raise Http404
        return gemeente
    return doel.signaal.gemeente if soort == "interventie" else doel.gemeente


def _taak(request, pk: int) -> Taak:
    return get_object_or_404(
        Taak.objects.voor_gebruiker(request.user).select_related(
            "gemeente", "eigenaar", "eigenaar_organisatie", "signaal", "interventie", "controle", "actie", "door"
        ),
        pk=pk,
    )


@permission_required("taken.add_taak", raise_exception=True)
def taak_nieuw(request, soort, pk):
    """Create a task on a signal, intervention, control or action."""
    doel = _doel(request, soort, pk)
    gemeente = _gemeente(request, soort, doel)
    form = TaakForm(request.POST or None, gemeente=gemeente)
    if request.method == "POST" and form.is_valid():
        try:
            taak = services.taak_maak(door=request.user, gemeente=gemeente, **{soort: doel}, **form.cleaned_data)
        except ValidationError as fout:
            fouten_naar_form(form, fout)
        else:
            messages.success(request, _("De taak is aangemaakt."))
            return redirect(taak)
    terug = reverse(DOELEN[soort][2], args=[doel.pk])
    return render(request, "taken/taak_form.html", {"form": form, "terug": terug, "titel": _("Taak toevoegen")})


@require_GET
@permission_required("taken.view_taak", raise_exception=True)
def taak_detail(request, pk):
    """One task with what it is about and, for who may, the forms to complete, change or cancel it."""
    taak = _taak(request, pk)
    partner = request.user.is_ketenpartner
    acties = toegestane_acties(taak, request.user)
    context = {
        "taak": taak,
        "partner": partner,
        "kan_afronden": "afronden" in acties,
        "kan_wijzigen": "wijzigen" in acties and not partner,
        "verwijzingen": selectors.verwijzingen(taak, request.user),
        "afronden_form": AfrondenForm(),
        "vervallen_form": VervallenForm(),
    }
    return render(request, "taken/taak_detail.html", context)


@permission_required("taken.change_taak", raise_exception=True)
def taak_wijzigen(request, pk):
    """Change an open task (optimistic lock on its version)."""
    if request.user.is_ketenpartner:
        raise PermissionDenied
    taak = _taak(request, pk)
    form = TaakWijzigForm(
        request.POST or None, initial={**_waarden(taak), "versie": taak.versie}, gemeente=taak.gemeente
    )
    if request.method == "POST" and form.is_valid():
        velden = {k: form.cleaned_data[k] for k in services.TAAK_VELDEN}
        try:
            services.taak_wijzig(taak=taak, door=request.user, versie=form.cleaned_data["versie"], **velden)
        except ValidationError as fout:
            fouten_naar_form(form, fout)
        else:
            messages.success(request, _("De taak is gewijzigd."))
            return redirect(taak)
    context = {"form": form, "terug": taak.get_absolute_url(), "titel": _("Taak wijzigen")}
    return render(request, "taken/taak_form.html", context)


def _waarden(taak: Taak) -> dict:
    return {naam: getattr(taak, naam) for naam in services.TAAK_VELDEN}


@require_POST
@permission_required("taken.afronden_taak", raise_exception=True)
def taak_afronden(request, pk):
    """Mark a task done with a note: the one thing a partner may write."""
    taak = _taak(request, pk)
    form = AfrondenForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Schrijf kort op wat er is gedaan."))
        return redirect(taak)
    try:
        services.taak_rond_af(taak=taak, door=request.user, notitie=form.cleaned_data["notitie"])
    except ValidationError as fout:
        messages.error(request, " ".join(fout.messages))
    else:
        messages.success(request, _("De taak is afgerond."))
    return redirect(taak)


@require_POST
@permission_required("taken.change_taak", raise_exception=True)
def taak_vervallen(request, pk):
    """Cancel an open task with a reason."""
    if request.user.is_ketenpartner:
        raise PermissionDenied
    taak = _taak(request, pk)
    form = VervallenForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Geef de reden waarom de taak vervalt."))
        return redirect(taak)
    try:
        services.taak_laat_vervallen(taak=taak, door=request.user, reden=form.cleaned_data["reden"])
    except ValidationError as fout:
        messages.error(request, " ".join(fout.messages))
    else:
        messages.success(request, _("De taak is vervallen."))
    return redirect(taak)
