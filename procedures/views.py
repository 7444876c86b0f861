"""Thin views of the procedures app: start, the time line, record or skip a step, close."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from documenten import services as documenten_services
from documenten.forms import DocumentForm
from ondermijning.eenmalig import AlVerzonden, eenmalig_maken
from ondermijning.forms import fouten_naar_form
from ondermijning.workflow import toegestane_acties
from procedures import brieven, selectors, services
from procedures.forms import (
    AfsluitenForm,
    BriefForm,
    HeropenenForm,
    OverslaanForm,
    ProcedureStartForm,
    StakenForm,
    StapForm,
)
from procedures.models import Procedure, ProcedureStap
from signalen.models import Signaal


def _procedure(request, pk: int) -> Procedure:
    return get_object_or_404(
        Procedure.objects.voor_gebruiker(request.user).select_related(
            "signaal", "soort", "gemeente", "eigenaar", "interventie", "adres"
        ),
        pk=pk,
    )


def _stap(procedure: Procedure, stap_pk: int) -> ProcedureStap:
    return get_object_or_404(procedure.stappen.select_related("sjabloon"), pk=stap_pk)


@permission_required("procedures.add_procedure", raise_exception=True)
def procedure_nieuw(request, pk):
    """Start a procedure on a signal."""
    if not request.user.has_perm("signalen.view_signaal"):
        raise PermissionDenied
    signaal = get_object_or_404(Signaal.objects.voor_gebruiker(request.user).select_related("gemeente"), pk=pk)
    form = ProcedureStartForm(request.POST or None, signaal=signaal, initial={"soort": request.GET.get("soort")})
    if request.method == "POST" and form.is_valid():
        try:
            procedure = services.procedure_start(signaal=signaal, door=request.user, **form.cleaned_data)
        except ValidationError as fout:
            fouten_naar_form(form, fout)
        else:
            messages.success(request, _("De procedure is gestart; de termijnen zijn berekend."))
            return redirect(procedure)
    return render(request, "procedures/procedure_nieuw.html", {"form": form, "signaal": signaal})


@require_GET
@permission_required("procedures.view_procedure", raise_exception=True)
def procedure_detail(request, pk):
    """The procedure as a time line: each step with its last day, what is due next, overdue flagged."""
    procedure = _procedure(request, pk)
    stappen = selectors.tijdlijn(procedure)
    acties = toegestane_acties(procedure, request.user)
    context = {
        "procedure": procedure,
        "stappen": stappen,
        "volgende": next((s for s in stappen if not s.afgehandeld), None),
        "acties": acties,
        "kan_vastleggen": "stap_vastleggen" in acties and request.user.has_perm("procedures.change_procedure"),
        # Each form its own ids: two forms on one page never share an id (WCAG 4.1.1).
        "afsluiten_form": AfsluitenForm(initial={"versie": procedure.versie}, auto_id="afsluiten_%s"),
        "staken_form": StakenForm(initial={"versie": procedure.versie}, auto_id="staken_%s"),
        "historie": procedure.statusovergangen.select_related("door"),
        "heropening": selectors.heropening(procedure, stappen),
        "heropenen_form": HeropenenForm(),
        "taken": selectors.taken(stappen, request.user),
        "kan_documenten": request.user.has_perm("documenten.add_document")
        and request.user.has_perm("procedures.change_procedure"),
    }
    documenten = selectors.documenten(stappen, request.user)
    for stap in stappen:
        stap.documenten = documenten[stap.pk]
        # A letter form per step: its own one-time token, so a letter at one step never blocks another's.
        stap.brief_form = BriefForm(auto_id=False) if stap.sjabloon.brief else None
    return render(request, "procedures/procedure_detail.html", context)


@permission_required("procedures.change_procedure", raise_exception=True)
def stap_vastleggen(request, pk, stap_pk):
    """Record one step as done, with the fields its template asks for."""
    procedure = _procedure(request, pk)
    stap = _stap(procedure, stap_pk)
    initial = {veld: getattr(stap, veld) for veld in services.STAP_VELDEN}
    form = StapForm(request.POST or None, initial=initial, sjabloon=stap.sjabloon)
    if request.method == "POST" and form.is_valid():
        try:
            services.stap_vastleggen(stap=stap, door=request.user, **form.cleaned_data)
        except ValidationError as fout:
            fouten_naar_form(form, fout)
        else:
            messages.success(request, _("De stap is vastgelegd."))
            return redirect(procedure)
    context = {"procedure": procedure, "stap": stap, "form": form, "overslaan_form": OverslaanForm()}
    return render(request, "procedures/stap_form.html", context)


@require_POST
@permission_required("procedures.change_procedure", raise_exception=True)
def stap_overslaan(request, pk, stap_pk):
    """Skip a step, with its reason."""
    procedure = _procedure(request, pk)
    stap = _stap(procedure, stap_pk)
    form = OverslaanForm(request.POST)
    if form.is_valid():
        try:
            services.stap_overslaan(stap=stap, door=request.user, reden=form.cleaned_data["reden"])
        except ValidationError as fout:
            fouten_naar_form(form, fout)
        else:
            messages.success(request, _("De stap is overgeslagen; de reden is vastgelegd."))
            return redirect(procedure)
    form_stap = StapForm(initial={veld: getattr(stap, veld) for veld in services.STAP_VELDEN}, sjabloon=stap.sjabloon)
    context = {"procedure": procedure, "stap": stap, "form": form_stap, "overslaan_form": form}
    return render(request, "procedures/stap_form.html", context, status=422)


@require_POST
@permission_required("procedures.change_procedure", raise_exception=True)
def procedure_afsluiten(request, pk):
    """Close the procedure once every step is done or skipped."""
    procedure = _procedure(request, pk)
    form = AfsluitenForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("De versie ontbreekt. Open de procedure opnieuw."))
        services.procedure_afsluiten(procedure=procedure, door=request.user, versie=form.cleaned_data["versie"])
    except ValidationError as fout:
        for bericht in fout.messages:
            messages.error(request, bericht)
    else:
        messages.success(request, _("De procedure is afgesloten."))
    return redirect(procedure)


@require_POST
@permission_required("procedures.change_procedure", raise_exception=True)
def brief_maken(request, pk, stap_pk):
    """Make the step's letter from the municipality's template; it is stored as a document of the step."""
    procedure = _procedure(request, pk)
    stap = _stap(procedure, stap_pk)
    form = BriefForm(request.POST)
    form.is_valid()  # only the optional token
    terug = f"{procedure.get_absolute_url()}#stap-{stap.pk}"
    try:
        eenmalig_maken(
            token=form.formulier_token,
            gebruiker=request.user,
            maak=lambda: brieven.brief_maken(stap=stap, door=request.user),
            url=lambda _documenten: terug,
        )
    except AlVerzonden as al:
        return al.antwoord(request)
    except ValidationError as fout:
        for bericht in fout.messages:
            messages.error(request, bericht)
    else:
        messages.success(request, _("De brief is gemaakt en bij de stap opgeslagen."))
    return redirect(terug)


@permission_required("procedures.change_procedure", raise_exception=True)
@permission_required("documenten.add_document", raise_exception=True)
def stap_document(request, pk, stap_pk):
    """Add a document to a step (the rapportage, a view, an objection); checked by content like any upload."""
    procedure = _procedure(request, pk)
    stap = _stap(procedure, stap_pk)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            documenten_services.document_voeg_toe(
                door=request.user,
                signaal=procedure.signaal,
                interventie=procedure.interventie,
                onderdeel=stap,
                **form.cleaned_data,
            )
        except ValidationError as fout:
            fouten_naar_form(form, fout)
        else:
            messages.success(request, _("Het document is toegevoegd aan de stap '%(stap)s'.") % {"stap": stap})
            return redirect(procedure)
    return render(
        request, "documenten/document_form.html", {"form": form, "doel": stap, "terug": procedure.get_absolute_url()}
    )


@require_POST
@permission_required("procedures.change_procedure", raise_exception=True)
def procedure_staken(request, pk):
    """Stop the procedure before its end, with the reason."""
    procedure = _procedure(request, pk)
    form = StakenForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("De versie ontbreekt. Open de procedure opnieuw."))
        services.procedure_staken(
            procedure=procedure, door=request.user, reden=form.cleaned_data["reden"], versie=form.cleaned_data["versie"]
        )
    except ValidationError as fout:
        for bericht in fout.messages:
            messages.error(request, bericht)
    else:
        messages.success(request, _("De procedure is gestaakt; de open taken van de stappen zijn vervallen."))
    return redirect(procedure)


@require_POST
@permission_required("procedures.change_procedure", raise_exception=True)
def pand_heropend(request, pk):
    """Record the day the closed premises were reopened."""
    procedure = _procedure(request, pk)
    form = HeropenenForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(form.errors.get("heropend_op") or _("Vul een geldige datum in."))
        services.pand_heropenen(procedure=procedure, door=request.user, heropend_op=form.cleaned_data["heropend_op"])
    except ValidationError as fout:
        for bericht in fout.messages:
            messages.error(request, bericht)
    else:
        messages.success(request, _("De heropening van het pand is vastgelegd."))
    return redirect(procedure)
