"""Thin views: the user's notifications (the bell), delivery preferences, background export jobs."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from meldingen import services
from meldingen.forms import VoorkeurenForm
from meldingen.models import ExportOpdracht, ExportStatus, Notificatie, Voorkeur
from ondermijning import audit
from ondermijning import export as exports
from ondermijning.models import AuditActie, AuditResultaat

PER_PAGINA = 25


def bel(request):
    """The bell with the number of unread notifications (loaded by htmx once per page)."""
    aantal = Notificatie.objects.voor_gebruiker(request.user).ongelezen().count()
    return render(request, "meldingen/_bel.html", {"bel_geladen": True, "bel_aantal": aantal})


def notificatie_lijst(request):
    """The user's notifications, newest first; `?ongelezen=1` shows only the unread ones."""
    notificaties = Notificatie.objects.voor_gebruiker(request.user)
    alleen_ongelezen = request.GET.get("ongelezen") == "1"
    if alleen_ongelezen:
        notificaties = notificaties.ongelezen()
    pagina = Paginator(notificaties, PER_PAGINA).get_page(request.GET.get("pagina"))
    template = "meldingen/notificatie_lijst.html"
    if request.htmx:
        template += "#rijen"
    return render(request, template, {"pagina": pagina, "alleen_ongelezen": alleen_ongelezen})


@require_POST
def notificatie_lees(request, pk):
    """Mark one notification as read."""
    notificatie = get_object_or_404(Notificatie.objects.voor_gebruiker(request.user), pk=pk)
    services.notificatie_lees(notificatie=notificatie, door=request.user)
    if request.htmx:
        return render(request, "meldingen/notificatie_lijst.html#rij", {"n": notificatie})
    return redirect("meldingen:lijst")


@require_POST
def notificaties_alles_lees(request):
    """Mark all notifications as read."""
    aantal = services.notificaties_alles_lees(door=request.user)
    messages.success(request, _("%(aantal)s melding(en) als gelezen gemarkeerd.") % {"aantal": aantal})
    return redirect("meldingen:lijst")


def voorkeuren(request):
    """Per kind of reminder: by e-mail or in the app only."""
    huidig = dict(Voorkeur.objects.filter(gebruiker=request.user).values_list("soort", "kanaal"))
    form = VoorkeurenForm(request.POST or None, huidig=huidig)
    if request.method == "POST" and form.is_valid():
        services.voorkeuren_wijzig(door=request.user, keuzes=form.cleaned_data)
        messages.success(request, _("Uw voorkeuren zijn opgeslagen."))
        return redirect("meldingen:voorkeuren")
    return render(request, "meldingen/voorkeuren.html", {"form": form, "heeft_email": bool(request.user.email)})


def _beschikbare_exports(gebruiker) -> list[dict]:
    """The export kinds the user may start, each with its small form of parameters (if any)."""
    beschikbaar = []
    for soort in exports.EXPORTS.values():
        if gebruiker.has_perm(soort.permissie):
            beschikbaar.append(
                {"soort": soort, "form": soort.formulier(gebruiker=gebruiker) if soort.formulier else None}
            )
    return beschikbaar


def _parameters(querydict) -> dict:
    """Request parameters as JSON: one value, or a list for a repeated field (filters)."""
    return {
        naam: waarden if len(waarden) > 1 else waarden[0]
        for naam, waarden in querydict.lists()
        if naam != "csrfmiddlewaretoken"
    }


def export_lijst(request):
    """The user's own export jobs (others' jobs are never listed) and the exports they may start."""
    opdrachten = ExportOpdracht.objects.voor_gebruiker(request.user)[:50]
    return render(
        request,
        "meldingen/export_lijst.html",
        {"opdrachten": opdrachten, "soorten": _beschikbare_exports(request.user), "titels": _titels()},
    )


def _titels() -> dict[str, str]:
    return {code: soort.titel for code, soort in exports.EXPORTS.items()}


def _aanvraag_context(definitie, parameters: dict, fouten=None) -> dict:
    verborgen = [(k, v) for k, w in parameters.items() for v in (w if isinstance(w, list) else [w])]
    return {"definitie": definitie, "verborgen": verborgen, "fouten": fouten}


def export_aanvragen(request, soort):
    """Start a background export: GET shows what will be made (links from other pages), POST starts it."""
    try:
        definitie = exports.definitie(soort)
    except ValidationError:
        raise Http404 from None
    parameters = _parameters(request.POST if request.method == "POST" else request.GET)
    if not request.user.has_perm(definitie.permissie):
        raise PermissionDenied
    if request.method == "POST":
        try:
            opdracht = services.export_aanvraag(door=request.user, soort=soort, parameters=parameters)
        except ValidationError as fout:
            return render(
                request,
                "meldingen/export_aanvragen.html",
                _aanvraag_context(definitie, parameters, fout.messages),
                status=400,
            )
        return redirect("meldingen:export_status", pk=opdracht.pk)
    try:
        services.export_controleer(gebruiker=request.user, soort=soort, parameters=parameters)
    except ValidationError as fout:
        return render(
            request,
            "meldingen/export_aanvragen.html",
            _aanvraag_context(definitie, parameters, fout.messages),
            status=400,
        )
    return render(request, "meldingen/export_aanvragen.html", _aanvraag_context(definitie, parameters))


def export_status(request, pk):
    """Progress of one of the user's jobs; htmx polls the status fragment until it is done."""
    opdracht = get_object_or_404(ExportOpdracht.objects.voor_gebruiker(request.user), pk=pk)
    context = {"opdracht": opdracht, "titel": _titels().get(opdracht.soort, opdracht.soort)}
    template = "meldingen/export_status.html"
    if request.htmx:
        template += "#status"
    return render(request, template, context)


def export_download(request, pk):
    """The file of a finished job: only for the user who asked, still within scope, within a day."""
    opdracht = get_object_or_404(
        ExportOpdracht.objects.voor_gebruiker(request.user),
        pk=pk,
        status=ExportStatus.KLAAR,
        expires_at__gt=timezone.now(),
    )
    try:
        services.export_controleer(gebruiker=request.user, soort=opdracht.soort, parameters=opdracht.parameters)
    except (PermissionDenied, ValidationError, Http404):
        audit.log(
            actie=AuditActie.TOEGANG_GEWEIGERD,
            actor=request.user,
            obj=opdracht,
            resultaat=AuditResultaat.GEWEIGERD,
            toelichting="download buiten bereik",
        )
        raise Http404 from None
    audit.log(
        actie=AuditActie.EXPORT, actor=request.user, obj=opdracht, gemeente=opdracht.gemeente_id, toelichting="download"
    )
    return FileResponse(
        open(services.export_pad(opdracht), "rb"),  # noqa: SIM115 (FileResponse closes it)
        as_attachment=True,
        filename=opdracht.bestandsnaam,
        content_type=opdracht.content_type or "application/octet-stream",
    )
