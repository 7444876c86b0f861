"""Views of the actieplan app: thin; reads through scoped QuerySets, writes through services."""

import calendar
from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_not_required, permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from icalendar import Calendar, Event

from controles.models import Controle
from ondermijning import audit
from ondermijning.eenmalig import AlVerzonden, eenmalig_maken
from ondermijning.export import XLSX, Bestand, Blad, naar_achtergrond, xlsx_inhoud
from ondermijning.forms import fouten_naar_form
from ondermijning.geheim import geheim_hash
from ondermijning.models import AuditActie, Gemeente
from ondermijning.scoping import gemeente_ids
from ondermijning.workflow import VersieConflict
from signalen.models import Signaal

from . import exports, overzichten, publiek, services
from .forms import (
    ActieForm,
    BegrotingForm,
    CommunicatieFilter,
    CommunicatieItemForm,
    UitgaveFilter,
    UitgaveForm,
    VervolgplanForm,
)
from .models import (
    Actie,
    ActieStatus,
    ActieStatusWijziging,
    Begroting,
    CommunicatieItem,
    KalenderToken,
    Kostenpost,
    Thema,
    Uitgave,
    Uitvoeringsplan,
)

PER_PAGINA = 50
JAREN = exports.JAREN


def _geldig_jaar(jaar: int) -> int:
    """A year in a URL outside any sensible range is simply not there."""
    if jaar not in JAREN:
        raise Http404
    return jaar


def _acties_met_details(gebruiker):
    """Actions with what the page shows of them; linked controls and signals only within the user's scope."""
    return Actie.objects.select_related("eigenaar").prefetch_related(
        "gemeenten",
        Prefetch("kostenposten", queryset=Kostenpost.objects.select_related("gemeente")),
        Prefetch("controles", queryset=Controle.objects.voor_gebruiker(gebruiker).order_by("datum")),
        Prefetch("signalen", queryset=Signaal.objects.voor_gebruiker(gebruiker).order_by("pk")),
        Prefetch("communicatie_items", queryset=CommunicatieItem.objects.voor_gebruiker(gebruiker).order_by("datum")),
    )


# --- plans and actions ---------------------------------------------------------------------


@permission_required("actieplan.view_uitvoeringsplan", raise_exception=True)
def plan_lijst(request):
    """The plans the user's municipalities take part in, with progress."""
    plannen = (
        Uitvoeringsplan.objects.voor_gebruiker(request.user)
        .annotate(
            aantal_acties=Count("acties", distinct=True),
            aantal_afgerond=Count("acties", filter=Q(acties__status=ActieStatus.AFGEROND), distinct=True),
        )
        .select_related("samenwerkingsverband")
        .prefetch_related("gemeenten")
    )
    plannen = list(plannen)
    # The year overview link points at the most recent year (up to this one) that a plan covers.
    vandaag = timezone.localdate()
    jaren = [min(p.periode_eind.year, vandaag.year) for p in plannen if p.periode_start <= vandaag]
    jaar = max(jaren, default=vandaag.year)
    return render(request, "actieplan/plan_lijst.html", {"plannen": plannen, "jaar_overzicht": jaar})


@permission_required("actieplan.view_uitvoeringsplan", raise_exception=True)
def plan_detail(request, pk):
    """One plan, its actions grouped by theme, planned costs per municipality and the quarter grid."""
    plan = get_object_or_404(
        Uitvoeringsplan.objects.voor_gebruiker(request.user).select_related("samenwerkingsverband", "gebaseerd_op"),
        pk=pk,
    )
    acties = list(_acties_met_details(request.user).filter(plan=plan).select_related("voortgezet_uit__plan"))
    themas = list(plan.themas.all())
    per_thema = {t.pk: [] for t in themas}
    for actie in acties:
        per_thema[actie.thema_id].append(actie)
    gemeenten = list(plan.gemeenten.all())
    kosten = {g.pk: {} for g in gemeenten}
    for actie in acties:
        for post in actie.kostenposten.all():
            per_jaar = kosten.setdefault(post.gemeente_id, {})
            per_jaar[post.jaar] = per_jaar.get(post.jaar, 0) + post.bedrag
    kosten_regels = [
        {"gemeente": g, "jaren": sorted(kosten.get(g.pk, {}).items())} for g in gemeenten if kosten.get(g.pk)
    ]
    context = {
        "plan": plan,
        "themas": [{"thema": t, "acties": per_thema[t.pk]} for t in themas],
        "aantal_acties": len(acties),
        "kosten_regels": kosten_regels,
        "grid": overzichten.kwartaalplanning(plan, acties) if any(a.kwartaal for a in acties) else None,
        "kan_wijzigen": request.user.has_perm("actieplan.change_actie"),
        "kan_vervolg": request.user.has_perm("actieplan.add_uitvoeringsplan"),
    }
    return render(request, "actieplan/plan_detail.html", context)


@permission_required("actieplan.view_uitvoeringsplan", raise_exception=True)
def kwartaalplanning(request, pk):
    """The quarter planning of a multi-year plan (rows Gezamenlijk and each municipality)."""
    plan = get_object_or_404(Uitvoeringsplan.objects.voor_gebruiker(request.user), pk=pk)
    acties = Actie.objects.filter(plan=plan).prefetch_related("gemeenten")
    return render(
        request, "actieplan/kwartaalplanning.html", {"plan": plan, "grid": overzichten.kwartaalplanning(plan, acties)}
    )


@permission_required("actieplan.change_actie", raise_exception=True)
@require_http_methods(["GET", "POST"])
def actie_bewerken(request, pk):
    """Edit an action and its status; a stale version is refused and the user's input kept."""
    actie = get_object_or_404(Actie.objects.voor_gebruiker(request.user).select_related("plan"), pk=pk)
    kwargs = {
        "instance": actie,
        "controles": Controle.objects.voor_gebruiker(request.user),
        "signalen": Signaal.objects.voor_gebruiker(request.user),
        "themas": Thema.objects.filter(plan__in=Uitvoeringsplan.objects.voor_gebruiker(request.user)),
        "gebruikers": get_user_model()
        .objects.filter(is_active=True, gemeenten__in=gemeente_ids(request.user))
        .distinct()
        .order_by("first_name", "last_name"),
    }
    if request.method == "POST":
        form = ActieForm(request.POST, **kwargs)
        if form.is_valid():
            data = dict(form.cleaned_data)
            versie, gemeenten = data.pop("versie"), data.pop("gemeenten")
            toelichting = data.pop("status_toelichting")
            try:
                services.actie_wijzig(
                    actie=actie, door=request.user, versie=versie, gemeenten=gemeenten, status_toelichting=toelichting,
                    **data,
                )  # fmt: skip
            except VersieConflict as exc:
                form.add_error(None, exc.messages)
            except ValidationError as exc:
                fouten_naar_form(form, exc)
            else:
                messages.success(request, _("Actie %(nummer)s is opgeslagen.") % {"nummer": actie.nummer})
                return redirect(f"{reverse('actieplan:detail', args=[actie.plan_id])}#actie-{actie.pk}")
    else:
        form = ActieForm(**kwargs)
    wijzigingen = ActieStatusWijziging.objects.filter(actie=actie).select_related("door")
    return render(request, "actieplan/actie_form.html", {"form": form, "actie": actie, "wijzigingen": wijzigingen})


@permission_required("actieplan.add_uitvoeringsplan", raise_exception=True)
@require_http_methods(["GET", "POST"])
def plan_vervolg(request, pk):
    """Start next period's plan with every unfinished action of this one."""
    plan = get_object_or_404(Uitvoeringsplan.objects.voor_gebruiker(request.user), pk=pk)
    onafgerond = plan.acties.niet_afgerond().count()
    if request.method == "POST":
        form = VervolgplanForm(request.POST, plan=plan)
        if form.is_valid():
            try:
                nieuw = services.plan_maak_vervolg(plan=plan, door=request.user, **form.cleaned_data)
            except ValidationError as exc:
                fouten_naar_form(form, exc)
            else:
                messages.success(
                    request, _("Nieuw plan aangemaakt met %(n)s doorgeschoven acties.") % {"n": nieuw.acties.count()}
                )
                return redirect("actieplan:detail", pk=nieuw.pk)
    else:
        volgend = plan.periode_eind + timedelta(days=1)
        form = VervolgplanForm(
            plan=plan,
            initial={
                "naam": plan.naam.replace(str(plan.periode_start.year), str(volgend.year)),
                "periode_start": volgend,
                "periode_eind": date(volgend.year, 12, 31),
            },
        )
    return render(request, "actieplan/plan_vervolg.html", {"form": form, "plan": plan, "onafgerond": onafgerond})


# --- budget --------------------------------------------------------------------------------


def _jaar(request, standaard_uit=None) -> int:
    try:
        jaar = int(request.GET.get("jaar", ""))
        if jaar in JAREN:
            return jaar
    except ValueError:
        pass
    if standaard_uit is not None:
        jaar = standaard_uit.order_by("-jaar").values_list("jaar", flat=True).first()
        if jaar:
            return jaar
    return timezone.localdate().year


@permission_required("actieplan.view_begroting", raise_exception=True)
def begroting(request):
    """Dashboard: per municipality available, planned, spent, remaining, warnings and charts."""
    begrotingen = Begroting.objects.voor_gebruiker(request.user)
    jaar = _jaar(request, begrotingen)
    regels = overzichten.begroting_overzicht(request.user, jaar)
    jaren = sorted(set(begrotingen.values_list("jaar", flat=True)) | {jaar})
    context = {
        "jaar": jaar,
        "jaren": jaren,
        "regels": regels,
        "staven": overzichten.staafdiagram_begroting(regels) if regels else None,
        "lijnen": overzichten.lijndiagram_cumulatief(regels) if regels else None,
        "kan_boeken": request.user.has_perm("actieplan.add_uitgave"),
    }
    return render(request, "actieplan/begroting.html", context)


@permission_required("actieplan.view_begroting", raise_exception=True)
def begroting_gemeente(request, gemeente_pk, jaar):
    """Drill-down: the planned cost lines and the spending entries of one municipality in one year."""
    _geldig_jaar(jaar)
    gemeente = get_object_or_404(Gemeente.objects.voor_gebruiker(request.user), pk=gemeente_pk)
    regels = overzichten.begroting_overzicht(request.user, jaar, gemeente_id=gemeente.pk)
    uitgaven = (
        Uitgave.objects.voor_gebruiker(request.user)
        .filter(gemeente=gemeente, datum__year=jaar)
        .select_related("actie", "geboekt_door")
        .order_by("datum", "pk")
    )
    filter_ = UitgaveFilter(request.GET, queryset=uitgaven)
    pagina = Paginator(filter_.qs, PER_PAGINA).get_page(request.GET.get("pagina"))
    posten = (
        Kostenpost.objects.filter(
            gemeente=gemeente, jaar=jaar, actie__plan__in=Uitvoeringsplan.objects.voor_gebruiker(request.user)
        )
        .select_related("actie__plan")
        .order_by("actie__plan__naam", "actie__nummer")
    )
    context = {
        "gemeente": gemeente,
        "jaar": jaar,
        "regel": regels[0] if regels else None,
        "filter": filter_,
        "pagina": pagina,
        "posten": posten,
    }
    template = "actieplan/begroting_gemeente.html"
    if request.htmx:
        template += "#rijen"
    return render(request, template, context)


@permission_required("actieplan.view_begroting", raise_exception=True)
def begroting_export(request, jaar):
    """The budget overview and all entries of the year as an Excel workbook (audited)."""
    regels = overzichten.begroting_overzicht(request.user, _geldig_jaar(jaar))
    uitgaven = (
        Uitgave.objects.voor_gebruiker(request.user)
        .filter(datum__year=jaar)
        .select_related("gemeente", "actie")
        .order_by("gemeente__naam", "datum", "pk")
    )
    geld = "#,##0.00"
    inhoud = xlsx_inhoud(
        Blad(
            _("Overzicht"),
            [_("Gemeente"), _("Jaar"), _("Beschikbaar"), _("Bron"), _("Gepland"), _("Uitgegeven"), _("Resterend")],
            ([r.gemeente.naam, jaar, r.beschikbaar, r.bron, r.gepland, r.uitgegeven, r.resterend] for r in regels),
            formaten={2: geld, 4: geld, 5: geld, 6: geld},
        ),
        Blad(
            _("Per categorie"),
            [_("Gemeente"), _("Categorie"), _("Gepland"), _("Uitgegeven")],
            ([r.gemeente.naam, c.label, c.gepland, c.uitgegeven] for r in regels for c in r.categorieen),
            formaten={2: geld, 3: geld},
        ),
        Blad(
            _("Uitgaven"),
            [_("Datum"), _("Gemeente"), _("Categorie"), _("Omschrijving"), _("Bedrag"), _("Actie")],
            (
                [
                    u.datum,
                    u.gemeente.naam,
                    u.get_categorie_display(),
                    u.omschrijving,
                    u.bedrag,
                    u.actie.nummer if u.actie else None,
                ]
                for u in uitgaven
            ),
            formaten={0: "DD-MM-YYYY", 4: geld},
        ),
    )
    audit.log(
        actie=AuditActie.EXPORT,
        actor=request.user,
        object_type="actieplan.begroting",
        object_id=jaar,
        toelichting=f"begroting {jaar} xlsx, gemeenten {','.join(str(r.gemeente.pk) for r in regels)}",
    )
    return Bestand(inhoud, f"begroting-{jaar}.xlsx", XLSX).als_antwoord()


@permission_required("actieplan.change_begroting", raise_exception=True)
@require_http_methods(["GET", "POST"])
def begroting_instellen(request):
    """Set the available amount and its source for one of the user's municipalities and a year."""
    gemeenten = Gemeente.objects.voor_gebruiker(request.user)
    if request.method == "POST":
        form = BegrotingForm(request.POST, gemeenten=gemeenten)
        if form.is_valid():
            begroting = services.begroting_stel_in(door=request.user, **form.cleaned_data)
            messages.success(request, _("De begroting is vastgelegd."))
            return redirect(f"{reverse('actieplan:begroting')}?jaar={begroting.jaar}")
    else:
        form = BegrotingForm(gemeenten=gemeenten, initial={"jaar": timezone.localdate().year})
    return render(request, "actieplan/begroting_form.html", {"form": form})


@permission_required("actieplan.add_uitgave", raise_exception=True)
@require_http_methods(["GET", "POST"])
def uitgave_nieuw(request):
    """Book an expense; Dutch errors beside the fields, the typed values kept."""
    kwargs = {
        "gemeenten": Gemeente.objects.voor_gebruiker(request.user),
        "acties": Actie.objects.voor_gebruiker(request.user),
    }
    if request.method == "POST":
        form = UitgaveForm(request.POST, **kwargs)
        if form.is_valid():
            try:
                uitgave = eenmalig_maken(
                    token=form.formulier_token,
                    gebruiker=request.user,
                    maak=lambda: services.uitgave_boek(door=request.user, **form.cleaned_data),
                    url=lambda u: reverse("actieplan:begroting_gemeente", args=[u.gemeente_id, u.datum.year]),
                )
            except AlVerzonden as al:
                return al.antwoord(request)
            except ValidationError as exc:
                fouten_naar_form(form, exc)
            else:
                messages.success(request, _("De uitgave is geboekt."))
                return redirect(
                    "actieplan:begroting_gemeente", gemeente_pk=uitgave.gemeente_id, jaar=uitgave.datum.year
                )
    else:
        form = UitgaveForm(initial={"datum": timezone.localdate()}, **kwargs)
    return render(request, "actieplan/uitgave_form.html", {"form": form})


# --- communication calendar ----------------------------------------------------------------


def _maand(request) -> date:
    try:
        jaar, maand = (int(d) for d in request.GET.get("maand", "").split("-"))
        return date(jaar, maand, 1)
    except ValueError:
        vandaag = timezone.localdate()
        return date(vandaag.year, vandaag.month, 1)


@permission_required("actieplan.view_communicatieitem", raise_exception=True)
def communicatie(request):
    """The communicatiekalender as a list (filterable) or as a month grid."""
    items = (
        CommunicatieItem.objects.voor_gebruiker(request.user)
        .select_related("actie__plan")
        .prefetch_related("gemeenten")
        .order_by("datum", "pk")
    )
    if request.GET.get("weergave") == "maand":
        maand = _maand(request)
        laatste = date(maand.year, maand.month, calendar.monthrange(maand.year, maand.month)[1])
        in_maand = list(items.filter(datum__lte=laatste).filter(Q(datum__gte=maand) | Q(datum_eind__gte=maand)))
        weken = []
        for week in calendar.Calendar(firstweekday=0).monthdatescalendar(maand.year, maand.month):
            weken.append(
                [
                    {
                        "dag": dag,
                        "in_maand": dag.month == maand.month,
                        "items": [i for i in in_maand if i.datum <= dag <= (i.datum_eind or i.datum)],
                    }
                    for dag in week
                ]
            )
        vorige = (maand - timedelta(days=1)).replace(day=1)
        volgende = laatste + timedelta(days=1)
        context = {
            "weergave": "maand",
            "maand": maand,
            "weken": weken,
            "vorige": f"{vorige:%Y-%m}",
            "volgende": f"{volgende:%Y-%m}",
            "dagnamen": [_("ma"), _("di"), _("wo"), _("do"), _("vr"), _("za"), _("zo")],
        }
        return render(request, "actieplan/communicatie.html", context)
    filter_ = CommunicatieFilter(request.GET, queryset=items)
    pagina = Paginator(filter_.qs, PER_PAGINA).get_page(request.GET.get("pagina"))
    context = {"weergave": "lijst", "filter": filter_, "pagina": pagina}
    template = "actieplan/communicatie.html#rijen" if request.htmx else "actieplan/communicatie.html"
    return render(request, template, context)


@permission_required("actieplan.add_communicatieitem", raise_exception=True)
@require_http_methods(["GET", "POST"])
def communicatie_nieuw(request):
    """Add an item to the communicatiekalender."""
    return _communicatie_formulier(request, None)


@permission_required("actieplan.change_communicatieitem", raise_exception=True)
@require_http_methods(["GET", "POST"])
def communicatie_bewerken(request, pk):
    """Change an item of the communicatiekalender (for example its status after publication)."""
    item = get_object_or_404(CommunicatieItem.objects.voor_gebruiker(request.user), pk=pk)
    return _communicatie_formulier(request, item)


def _communicatie_formulier(request, item):
    kwargs = {
        "instance": item,
        "gemeenten": Gemeente.objects.voor_gebruiker(request.user),
        "acties": Actie.objects.voor_gebruiker(request.user),
    }
    if request.method == "POST":
        form = CommunicatieItemForm(request.POST, **kwargs)
        if form.is_valid():
            data = dict(form.cleaned_data)
            gemeenten = data.pop("gemeenten")
            try:
                if item is None:
                    eenmalig_maken(
                        token=form.formulier_token,
                        gebruiker=request.user,
                        maak=lambda: services.communicatie_item_maak(door=request.user, gemeenten=gemeenten, **data),
                        url=lambda _i: reverse("actieplan:communicatie"),
                    )
                else:
                    # Municipalities outside the user's scope that the item already had stay on it.
                    buiten = item.gemeenten.exclude(pk__in=gemeente_ids(request.user))
                    services.communicatie_item_wijzig(
                        item=item, door=request.user, gemeenten=[*gemeenten, *buiten], **data
                    )
            except AlVerzonden as al:
                return al.antwoord(request)
            except ValidationError as exc:
                fouten_naar_form(form, exc)
            else:
                messages.success(request, _("Het item staat in de communicatiekalender."))
                return redirect("actieplan:communicatie")
    else:
        form = CommunicatieItemForm(**kwargs)
    return render(request, "actieplan/communicatie_form.html", {"form": form, "item": item})


@permission_required("actieplan.view_communicatieitem", raise_exception=True)
@require_http_methods(["GET", "POST"])
def kalender_koppeling(request):
    """Show, renew or revoke the user's personal link to the iCal feed."""
    url = None
    if request.method == "POST":
        if request.POST.get("actie") == "intrekken":
            services.kalender_token_intrek(door=request.user)
            messages.success(request, _("De kalenderkoppeling is ingetrokken; de oude link werkt niet meer."))
            return redirect("actieplan:kalender_koppeling")
        # Only the hash is stored: this answer (never cached) is the one time the link is shown.
        token, geheim = services.kalender_token_vernieuw(door=request.user)
        messages.success(request, _("Er is een nieuwe kalenderlink gemaakt; een eerdere link werkt niet meer."))
        url = request.build_absolute_uri(f"{reverse('actieplan:kalender_ics')}?token={geheim}")
    else:
        token = KalenderToken.objects.filter(gebruiker=request.user).first()
    return render(request, "actieplan/kalender_koppeling.html", {"token": token, "url": url})


@login_not_required
def kalender_ics(request):
    """iCalendar feed of the token owner's communication items (calendar apps cannot log in)."""
    sleutel = request.GET.get("token", "")
    token = (
        KalenderToken.objects.select_related("gebruiker").filter(token_hash=geheim_hash(sleutel)).first()
        if len(sleutel) > 20
        else None
    )
    if (
        token is None
        or not token.gebruiker.is_active
        or not token.gebruiker.has_perm("actieplan.view_communicatieitem")
    ):
        raise Http404
    eigenaar = token.gebruiker
    items = CommunicatieItem.objects.voor_gebruiker(eigenaar).prefetch_related("gemeenten").order_by("datum", "pk")
    kalender = Calendar()
    kalender.add("prodid", "-//Ondermijning//Communicatiekalender//NL")
    kalender.add("version", "2.0")
    kalender.add("x-wr-calname", _("Communicatiekalender ondermijning"))
    nu = timezone.now()
    for item in items:
        event = Event()
        event.add("uid", f"communicatie-{item.pk}@ondermijning")
        event.add("dtstamp", nu)
        event.add("dtstart", item.datum)
        event.add("dtend", (item.datum_eind or item.datum) + timedelta(days=1))
        event.add("summary", item.onderwerp)
        gemeenten = ", ".join(g.naam for g in item.gemeenten.all())
        event.add(
            "description",
            f"{item.get_kanaal_display()} · {item.get_type_display()} · {item.thema} · {gemeenten} · "
            f"{item.get_status_display()}",
        )
        event.add("categories", [str(item.get_kanaal_display())])
        kalender.add_component(event)
    audit.log(
        actie=AuditActie.EXPORT, actor=eigenaar, object_type="actieplan.communicatieitem", toelichting="ical-feed"
    )
    response = HttpResponse(kalender.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="communicatiekalender.ics"'
    return response


# --- year overview -------------------------------------------------------------------------


@permission_required("actieplan.view_uitvoeringsplan", raise_exception=True)
def jaaroverzicht(request, jaar):
    """The year-end infographic from live data (same charts as the PDF)."""
    context = overzichten.jaaroverzicht(request.user, _geldig_jaar(jaar))
    context["publiek"] = publiek.stand_per_gemeente(request.user, jaar)
    context["plannen"] = (
        Uitvoeringsplan.objects.voor_gebruiker(request.user)
        .filter(periode_start__year__lte=jaar, periode_eind__year__gte=jaar)
        .order_by("naam")
    )
    return render(request, "actieplan/jaaroverzicht.html", context)


@permission_required("actieplan.view_uitvoeringsplan", raise_exception=True)
def jaaroverzicht_pdf(request, jaar):
    """The year-end infographic as PDF (builder: actieplan.exports); a big year goes to a background job."""
    aantal = Signaal.objects.voor_gebruiker(request.user).filter(ontvangen_op__year=_geldig_jaar(jaar)).count()
    groot = naar_achtergrond(request, soort="jaaroverzicht", parameters={"jaar": jaar}, aantal=aantal)
    if groot:
        return groot
    return exports.jaaroverzicht_pdf(gebruiker=request.user, parameters={"jaar": jaar}).als_antwoord(inline=True)
