"""Thin views of the controles app: load through the scoped QuerySets, write through services."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from controles import services
from controles.forms import (
    BezoekForm,
    BezoekWijzigForm,
    ControleFilter,
    ControleForm,
    FotoForm,
    LabelForm,
    ObjectenForm,
    SignaalUitBezoekForm,
    StatusForm,
    TheseusPlanForm,
)
from controles.models import (
    Bezoek,
    Controle,
    ControleObject,
    ControleStatus,
    Foto,
    Label,
    TheseusLabel,
)
from controles.selectors import (
    planning_overzicht,
    theseus_al_gepland,
    theseus_kandidaten,
    theseus_labelhistorie,
    theseus_labels_op_terrein,
    theseus_overzicht,
    theseus_terreinen,
    volgende_controle_voorstel,
)
from controles.workflow import CONTROLE
from ondermijning import audit
from ondermijning.eenmalig import AlVerzonden, eenmalig_maken
from ondermijning.forms import fouten_naar_form
from ondermijning.models import AuditActie, Gemeente
from signalen.models import Bedrijf

PER_PAGINA = 25


def _wil_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _controle_of_404(request, pk, *, schrijven=False):
    controle = get_object_or_404(Controle.objects.voor_gebruiker(request.user).select_related("gemeente"), pk=pk)
    # A partner sees a joint control read-only; writing needs a municipal user of that municipality.
    if schrijven and request.user.is_ketenpartner:
        raise PermissionDenied
    return controle


# --- controls ------------------------------------------------------------------------------


@permission_required("controles.view_controle", raise_exception=True)
def controle_lijst(request):
    """List and filter the controls the user may see (htmx refreshes only the rows)."""
    basis = (
        Controle.objects.voor_gebruiker(request.user)
        .select_related("gemeente")
        .prefetch_related("deelnemende_organisaties")
        .annotate(aantal_objecten=Count("objecten", distinct=True), aantal_bezoeken=Count("bezoeken", distinct=True))
        .order_by("-datum", "-starttijd", "-pk")
    )
    filter_ = ControleFilter(request.GET or None, queryset=basis, gebruiker=request.user)
    pagina = Paginator(filter_.qs, PER_PAGINA).get_page(request.GET.get("pagina"))
    context = {"filter": filter_, "pagina": pagina, "vandaag": timezone.localdate()}
    template = "controles/controle_lijst.html"
    if request.htmx:
        template += "#rijen"
    return render(request, template, context)


@permission_required("controles.view_controle", raise_exception=True)
def controle_detail(request, pk):
    """One control: partners, objects, visits (not for partners), status history and actions."""
    controle = _controle_of_404(request, pk)
    objecten = list(controle.objecten.select_related("adres", "bedrijf", "bedrijf__adres"))
    partner = request.user.is_ketenpartner
    bezoeken = []
    if not partner:
        bezoeken = list(
            controle.bezoeken.select_related("adres", "bedrijf", "door", "signaal").annotate(
                aantal_fotos=Count("fotos")
            )
        )
    bezocht = {b.object_id for b in bezoeken}
    mag_schrijven = not partner and request.user.has_perm("controles.change_controle")
    context = {
        "controle": controle,
        "objecten": objecten,
        "bezocht": bezocht,
        "bezoeken": bezoeken,
        "organisaties": list(controle.deelnemende_organisaties.all()),
        "deelnemers": list(controle.deelnemers.all()),
        "statuswijzigingen": list(controle.statuswijzigingen.select_related("door")),
        "mag_schrijven": mag_schrijven,
        "mag_bezoek": not partner
        and request.user.has_perm("controles.add_bezoek")
        and "bezoek_registreren" in CONTROLE.toegestane_acties(controle, request.user),
        "overgangen": [ControleStatus(s) for s in CONTROLE.naar_statussen(controle.status)] if mag_schrijven else [],
        "status_form": StatusForm(initial={"versie": controle.versie}),
        "objecten_form": ObjectenForm(controle=controle, gebruiker=request.user)
        if mag_schrijven and "objecten_toevoegen" in CONTROLE.toegestane_acties(controle, request.user)
        else None,
        "is_partner": partner,
    }
    audit.log(actie=AuditActie.LEZEN, actor=request.user, obj=controle, toelichting="controle detail")
    return render(request, "controles/controle_detail.html", context)


@permission_required("controles.add_controle", raise_exception=True)
def controle_nieuw(request):
    """Plan a control; `?volgende=<gemeente_id>` proposes the next one of the rhythm (same partners)."""
    initial = {}
    if request.method == "GET" and request.GET.get("volgende"):
        gemeente = get_object_or_404(Gemeente.objects.voor_gebruiker(request.user), pk=request.GET["volgende"])
        initial = volgende_controle_voorstel(gebruiker=request.user, gemeente=gemeente)
    form = ControleForm(request.POST or None, initial=initial, gebruiker=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        organisaties = data.pop("deelnemende_organisaties")
        deelnemers = data.pop("deelnemers")
        data.pop("versie", None)
        try:
            controle = eenmalig_maken(
                token=form.formulier_token,
                gebruiker=request.user,
                maak=lambda: services.controle_maak(
                    door=request.user, organisaties=organisaties, deelnemers=deelnemers, **data
                ),
                url=lambda c: reverse("controles:detail", args=[c.pk]),
            )
        except AlVerzonden as al:
            return al.antwoord(request)
        except ValidationError as fout:
            fouten_naar_form(form, fout)
        else:
            messages.success(request, _("De controle is gepland."))
            return redirect("controles:detail", pk=controle.pk)
    return render(request, "controles/controle_form.html", {"form": form, "voorstel": bool(initial)})


@permission_required("controles.change_controle", raise_exception=True)
def controle_wijzig(request, pk):
    """Change a control; a stale version is refused with a message and the typed values kept."""
    controle = _controle_of_404(request, pk, schrijven=True)
    form = ControleForm(request.POST or None, instance=controle, gebruiker=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        organisaties = data.pop("deelnemende_organisaties")
        deelnemers = data.pop("deelnemers")
        versie = data.pop("versie", None)
        try:
            services.controle_wijzig(
                controle=controle,
                door=request.user,
                versie=versie,
                organisaties=organisaties,
                deelnemers=deelnemers,
                **data,
            )
        except ValidationError as fout:
            fouten_naar_form(form, fout)
        else:
            messages.success(request, _("De controle is opgeslagen."))
            return redirect("controles:detail", pk=controle.pk)
    return render(request, "controles/controle_form.html", {"form": form, "controle": controle})


@require_POST
@permission_required("controles.change_controle", raise_exception=True)
def controle_status(request, pk):
    """Move a control to another status (uitgevoerd books ODRA's cost on the budget)."""
    controle = _controle_of_404(request, pk, schrijven=True)
    form = StatusForm(request.POST)
    if form.is_valid():
        try:
            services.controle_transitie(
                controle=controle,
                naar=form.cleaned_data["naar"],
                door=request.user,
                reden=form.cleaned_data["reden"],
                versie=form.cleaned_data["versie"],
            )
        except ValidationError as fout:
            for tekst in fout.messages:
                messages.error(request, tekst)
        else:
            messages.success(request, _("De status is gewijzigd."))
    else:
        messages.error(request, _("Kies een geldige status."))
    return redirect("controles:detail", pk=controle.pk)


@require_POST
@permission_required("controles.change_controle", raise_exception=True)
def controle_objecten(request, pk):
    """Add businesses/addresses to a planned control."""
    controle = _controle_of_404(request, pk, schrijven=True)
    form = ObjectenForm(request.POST, controle=controle, gebruiker=request.user)
    if form.is_valid():
        try:
            nieuw = services.controle_objecten_toevoegen(
                controle=controle,
                door=request.user,
                bedrijven=form.cleaned_data["bedrijven"],
                adressen=form.cleaned_data["adressen"],
                reden=form.cleaned_data["reden"],
            )
        except ValidationError as fout:
            for tekst in fout.messages:
                messages.error(request, tekst)
        else:
            messages.success(request, _("%(n)s object(en) toegevoegd.") % {"n": len(nieuw)})
    else:
        for fouten in form.errors.values():
            for tekst in fouten:
                messages.error(request, tekst)
    return redirect("controles:detail", pk=controle.pk)


@require_POST
@permission_required("controles.change_controle", raise_exception=True)
def controle_object_verwijder(request, pk):
    """Take an object off a planned control."""
    if request.user.is_ketenpartner:
        raise PermissionDenied
    obj = get_object_or_404(ControleObject.objects.voor_gebruiker(request.user).select_related("controle"), pk=pk)
    try:
        services.controle_object_verwijder(object=obj, door=request.user)
    except ValidationError as fout:
        for tekst in fout.messages:
            messages.error(request, tekst)
    else:
        messages.success(request, _("Het object is van de controle gehaald."))
    return redirect("controles:detail", pk=obj.controle_id)


# --- planning ------------------------------------------------------------------------------


@permission_required("controles.view_planningsregel", raise_exception=True)
def planning(request):
    """Per municipality: last control, next due date, whether one is planned; 'plan volgende'."""
    standen = planning_overzicht(gebruiker=request.user)
    vandaag = timezone.localdate()
    gepland = (
        Controle.objects.voor_gebruiker(request.user)
        .gepland()
        .filter(datum__gte=vandaag)
        .select_related("gemeente")
        .order_by("datum", "starttijd")[:50]
    )
    return render(
        request,
        "controles/planning.html",
        {"standen": standen, "gepland": gepland, "vandaag": vandaag},
    )


# --- today, visits --------------------------------------------------------------------------


@permission_required("controles.add_bezoek", raise_exception=True)
def vandaag(request):
    """The inspector's controls of today with their objects: the start page on the tablet."""
    datum = timezone.localdate()
    controles = list(
        Controle.objects.voor_gebruiker(request.user)
        .op_datum(datum)
        .select_related("gemeente")
        .prefetch_related(
            Prefetch("objecten", queryset=ControleObject.objects.select_related("adres", "bedrijf")),
            "deelnemende_organisaties",
        )
        .annotate(is_mijn=Count("deelnemers", filter=Q(deelnemers=request.user)))
        .order_by("starttijd", "pk")
    )
    bezocht = set(
        Bezoek.objects.filter(controle__in=controles).exclude(object=None).values_list("object_id", flat=True)
    )
    mijn = [c for c in controles if c.is_mijn]
    overige = [c for c in controles if not c.is_mijn]
    return render(
        request,
        "controles/vandaag.html",
        {"mijn": mijn, "overige": overige, "bezocht": bezocht, "datum": datum},
    )


@permission_required("controles.add_bezoek", raise_exception=True)
def bezoek_nieuw(request, pk):
    """Log a visit (tablet form). Idempotent on the client's uuid; answers JSON to the offline queue."""
    controle = _controle_of_404(request, pk, schrijven=True)
    vragen = services.checklist_vragen(controle)
    initial = {}
    if request.GET.get("object"):
        initial["object"] = request.GET["object"]
    form = BezoekForm(
        request.POST or None,
        request.FILES or None,
        controle=controle,
        vragen=vragen,
        objecten=ControleObject.objects.voor_gebruiker(request.user),
        initial=initial,
    )
    geannuleerd = "bezoek_registreren" not in CONTROLE.toegestane_acties(controle)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                bezoek, aangemaakt = services.bezoek_registreer(
                    controle=controle,
                    door=request.user,
                    client_uuid=data["client_uuid"],
                    bezocht_op=data["bezocht_op"],
                    object=data["object"],
                    aanwezigen=data["aanwezigen"],
                    bevindingen=data["bevindingen"],
                    vervolg=data["vervolg"],
                    vervolg_toelichting=data["vervolg_toelichting"],
                    antwoorden=form.antwoorden(),
                    fotos=data["fotos"],
                    theseus_label=data["theseus_label"],
                )
            except ValidationError as fout:
                fouten_naar_form(form, fout)
            else:
                url = reverse("controles:bezoek_detail", args=[bezoek.pk])
                if _wil_json(request):
                    return JsonResponse(
                        {"ok": True, "bezoek": bezoek.pk, "aangemaakt": aangemaakt, "url": url},
                        status=201 if aangemaakt else 200,
                    )
                messages.success(
                    request, _("Het bezoek is vastgelegd.") if aangemaakt else _("Dit bezoek was al ontvangen.")
                )
                return redirect(url)
        if _wil_json(request):
            fouten = {veld: [str(f) for f in lijst] for veld, lijst in form.errors.items()}
            return JsonResponse({"ok": False, "fouten": fouten}, status=400)
    context = {"controle": controle, "form": form, "geannuleerd": geannuleerd}
    return render(request, "controles/bezoek_form.html", context)


@permission_required("controles.view_bezoek", raise_exception=True)
def bezoek_detail(request, pk):
    """A visit with its checklist, photos, follow-up and linked signal."""
    bezoek = get_object_or_404(
        Bezoek.objects.voor_gebruiker(request.user).select_related(
            "controle", "controle__gemeente", "adres", "bedrijf", "door", "signaal", "object"
        ),
        pk=pk,
    )
    labels = []
    if bezoek.bedrijf_id:
        labels = list(
            TheseusLabel.objects.voor_gebruiker(request.user)
            .filter(bedrijf=bezoek.bedrijf_id)
            .select_related("bedrijventerrein", "door")
        )
    audit.log(
        actie=AuditActie.LEZEN, actor=request.user, obj=bezoek, gemeente=bezoek.controle.gemeente_id, toelichting=""
    )
    open_controle = "bezoek_wijzigen" in CONTROLE.toegestane_acties(bezoek.controle)
    return render(
        request,
        "controles/bezoek_detail.html",
        {
            "bezoek": bezoek,
            "antwoorden": list(bezoek.antwoorden.all()),
            "fotos": list(bezoek.fotos.all()),
            "labels": labels,
            "foto_form": FotoForm() if open_controle else None,
            "mag_wijzigen": open_controle and request.user.has_perm("controles.change_bezoek"),
            "mag_signaal": not bezoek.signaal_id and request.user.has_perm("controles.change_bezoek"),
        },
    )


@permission_required("controles.change_bezoek", raise_exception=True)
def bezoek_wijzig(request, pk):
    """Correct a visit's findings (version-checked)."""
    bezoek = get_object_or_404(Bezoek.objects.voor_gebruiker(request.user).select_related("controle"), pk=pk)
    initial = {
        "aanwezigen": bezoek.aanwezigen,
        "bevindingen": bezoek.bevindingen,
        "vervolg": bezoek.vervolg,
        "vervolg_toelichting": bezoek.vervolg_toelichting,
        "versie": bezoek.versie,
    }
    form = BezoekWijzigForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        versie = data.pop("versie")
        try:
            services.bezoek_wijzig(bezoek=bezoek, door=request.user, versie=versie, **data)
        except ValidationError as fout:
            fouten_naar_form(form, fout)
        else:
            messages.success(request, _("Het bezoek is opgeslagen."))
            return redirect("controles:bezoek_detail", pk=bezoek.pk)
    return render(request, "controles/bezoek_wijzig.html", {"bezoek": bezoek, "form": form})


@require_POST
@permission_required("controles.add_foto", raise_exception=True)
def foto_toevoegen(request, pk):
    """Add a photo to an existing visit."""
    bezoek = get_object_or_404(Bezoek.objects.voor_gebruiker(request.user).select_related("controle"), pk=pk)
    form = FotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.foto_toevoegen(
                bezoek=bezoek,
                door=request.user,
                bestand=form.cleaned_data["foto"],
                omschrijving=form.cleaned_data["omschrijving"],
            )
        except ValidationError as fout:
            for tekst in fout.messages:
                messages.error(request, tekst)
        else:
            messages.success(request, _("De foto is toegevoegd."))
    else:
        messages.error(request, _("Kies een foto."))
    return redirect("controles:bezoek_detail", pk=bezoek.pk)


@require_GET
@permission_required("controles.view_foto", raise_exception=True)
def foto(request, pk):
    """Serve a photo only to users who may see its visit; never cached."""
    foto = get_object_or_404(Foto.objects.voor_gebruiker(request.user).select_related("bezoek__controle"), pk=pk)
    try:
        bestand = foto.bestand.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    audit.log(actie=AuditActie.LEZEN, actor=request.user, obj=foto, gemeente=foto.bezoek.controle.gemeente_id)
    response = FileResponse(bestand, content_type="image/jpeg")
    response["Cache-Control"] = "no-store, private"
    response["Content-Disposition"] = f'inline; filename="foto-{foto.pk}.jpg"'
    return response


@permission_required("controles.change_bezoek", raise_exception=True)
def bezoek_signaal(request, pk):
    """Raise a new signal from a visit, pre-filled from its findings; the signal links back to the visit."""
    bezoek = get_object_or_404(
        Bezoek.objects.voor_gebruiker(request.user).select_related("controle", "adres", "bedrijf"), pk=pk
    )
    # Any municipal employee may report a signal (meldpunt); an inspector does so from a visit.
    if bezoek.signaal_id:
        messages.info(request, _("Bij dit bezoek is al een signaal gemaakt."))
        return redirect("controles:bezoek_detail", pk=bezoek.pk)
    form = SignaalUitBezoekForm(request.POST or None, initial=services.signaal_voorstel(bezoek))
    if request.method == "POST" and form.is_valid():
        try:
            signaal = services.bezoek_signaal_maak(bezoek=bezoek, door=request.user, **form.cleaned_data)
        except ValidationError as fout:
            fouten_naar_form(form, fout)
        else:
            messages.success(
                request, _("Signaal %(id)s is aangemaakt en gekoppeld aan het bezoek.") % {"id": signaal.pk}
            )
            return redirect("controles:bezoek_detail", pk=bezoek.pk)
    return render(request, "controles/bezoek_signaal.html", {"bezoek": bezoek, "form": form})


# --- offline support -----------------------------------------------------------------------


@require_GET
def csrf_token(request):
    """A fresh CSRF token for the offline queue (after a re-login the old one is no longer valid)."""
    if not request.user.has_perm("controles.add_bezoek"):
        raise PermissionDenied
    # The user's id lets the tablet send a queued visit only in the name of the user who made it.
    return JsonResponse({"csrf": get_token(request), "gebruiker": request.user.pk})


@require_GET
def service_worker(request):
    """The service worker, served under /controles/ so it may control today's pages and the visit form."""
    inhoud = render_to_string("controles/sw.js", {"versie": "1"})
    response = HttpResponse(inhoud, content_type="application/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/controles/"
    response["Cache-Control"] = "no-cache"
    return response


# --- Theseus -------------------------------------------------------------------------------


@permission_required("controles.view_theseuslabel", raise_exception=True)
def theseus(request):
    """Per industrial estate: how many businesses are green, white and red (count and share)."""
    terreinen, totaal = theseus_overzicht(gebruiker=request.user)
    return render(request, "controles/theseus.html", {"terreinen": terreinen, "totaal": totaal})


@permission_required("controles.view_theseuslabel", raise_exception=True)
def theseus_terrein(request, terrein_id):
    """One estate: its businesses by label; select white/red ones and put them on a control."""
    terrein = get_object_or_404(theseus_terreinen(gebruiker=request.user), pk=terrein_id)
    gekozen_label = request.GET.get("label", "")
    labels = theseus_labels_op_terrein(gebruiker=request.user, terrein=terrein, label=gekozen_label)
    vandaag = timezone.localdate()
    gepland_bij = theseus_al_gepland(
        gebruiker=request.user, bedrijf_ids=[lab.bedrijf_id for lab in labels], vandaag=vandaag
    )
    kandidaten = theseus_kandidaten(gebruiker=request.user, terrein=terrein)
    mag_plannen = request.user.has_perm("controles.add_controle")
    form = TheseusPlanForm(request.POST or None, terrein=terrein, gebruiker=request.user, bedrijven_qs=kandidaten)
    if request.method == "POST":
        if not mag_plannen:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                controle = services.theseus_plan_controle(
                    door=request.user,
                    bedrijven=data["bedrijven"],
                    controle=data["controle"],
                    organisaties=data["deelnemende_organisaties"],
                    gemeente=terrein.gemeente,
                    datum=data["datum"] or vandaag,
                    doel="theseus",
                    omschrijving=_("Theseus: %(terrein)s") % {"terrein": terrein.naam},
                )
            except ValidationError as fout:
                fouten_naar_form(form, fout)
            else:
                messages.success(request, _("De bedrijven staan op de controle."))
                return redirect("controles:detail", pk=controle.pk)
    gekozen = {str(b) for b in form["bedrijven"].value() or []} if form.is_bound else set()
    audit.log(actie=AuditActie.LEZEN, actor=request.user, obj=terrein, toelichting="theseus terrein")
    return render(
        request,
        "controles/theseus_terrein.html",
        {
            "terrein": terrein,
            "labels": labels,
            "gepland_bij": gepland_bij,
            "form": form,
            "gekozen": gekozen,
            "gekozen_label": gekozen_label,
            "mag_plannen": mag_plannen,
            "Label": Label,
        },
    )


@permission_required("controles.view_theseuslabel", raise_exception=True)
def theseus_bedrijf(request, bedrijf_id):
    """The label history of one business (who, when, why, which sources) and a new label."""
    bedrijf = get_object_or_404(Bedrijf.objects.voor_gebruiker(request.user).select_related("adres"), pk=bedrijf_id)
    historie = theseus_labelhistorie(gebruiker=request.user, bedrijf=bedrijf)
    if not historie:
        raise Http404
    huidig = next((h for h in historie if h.huidig), historie[0])
    mag_wijzigen = request.user.has_perm("controles.add_theseuslabel")
    form = LabelForm(request.POST or None, initial={"label": huidig.label})
    if request.method == "POST":
        if not mag_wijzigen:
            raise PermissionDenied
        if form.is_valid():
            services.theseus_label_zet(
                bedrijf=bedrijf, bedrijventerrein=huidig.bedrijventerrein, door=request.user, **form.cleaned_data
            )
            messages.success(request, _("Het label is vastgelegd."))
            return redirect("controles:theseus_bedrijf", bedrijf_id=bedrijf.pk)
    audit.log(actie=AuditActie.LEZEN, actor=request.user, obj=bedrijf, toelichting="theseus labelhistorie")
    return render(
        request,
        "controles/theseus_bedrijf.html",
        {"bedrijf": bedrijf, "historie": historie, "huidig": huidig, "form": form, "mag_wijzigen": mag_wijzigen},
    )
