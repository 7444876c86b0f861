"""Thin views of the signalen app: load through the scoped QuerySets, write through services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRedirect

from ondermijning import audit
from ondermijning.eenmalig import AlVerzonden, eenmalig_maken
from ondermijning.export import naar_achtergrond
from ondermijning.forms import fouten_naar_form
from ondermijning.models import AuditActie, AuditEvent, Grondslag, Verstrekking
from ondermijning.paginering import BegrensdePaginator
from ondermijning.pdf import render_pdf
from ondermijning.scoping import beheerde_gemeente_ids, gemeente_ids
from signalen import exports, services
from signalen.filters import SignaalFilter
from signalen.forms import (
    SUBJECT_FORMS,
    AgendapuntForm,
    BesluitForm,
    BibobAanvraagForm,
    CorrectieForm,
    DelenForm,
    InterventieAfrondenForm,
    InterventieForm,
    MeldenForm,
    OntkoppelForm,
    OverlegForm,
    RiecMeldingForm,
    RiecStatusForm,
    SignaalForm,
    SignaalNieuwForm,
    TransitieForm,
    VerrijkingForm,
    WegingForm,
    bied_keuze,
)
from signalen.models import (
    Adres,
    Agendapunt,
    Bedrijf,
    Bron,
    CommunicatieTaak,
    Interventie,
    InterventieSoort,
    Overleg,
    Persoon,
    Prioriteit,
    RiecMelding,
    RiecStatus,
    Signaal,
    SignaalStatus,
    VernietigdSignaal,
    WegingUitkomst,
)
from signalen.selectors import (
    agendapunten_gelezen,
    mag_persoonsgegevens_zien,
    ook_bekend_in,
    tijdlijn,
    verrijkingen_van,
    zichtbare_agendapunten,
)
from signalen.workflow import RIEC

PER_PAGINA = 25
PAGINAGROOTTES = ("25", "50", "100")


def _signaal_of_404(request, pk) -> Signaal:
    return get_object_or_404(
        Signaal.objects.voor_gebruiker(request.user).select_related("gemeente", "behandelaar", "melder"), pk=pk
    )


def _gemeentelijk(request) -> None:
    """Writes on signals are for municipal users only, never for partners."""
    if request.user.is_ketenpartner or not gemeente_ids(request.user):
        raise PermissionDenied


# --- list and export --------------------------------------------------------------------------


def _gefilterd(request) -> SignaalFilter:
    basis = (
        Signaal.objects.voor_gebruiker(request.user)
        .select_related("gemeente", "behandelaar")
        .prefetch_related("fenomenen")
    )
    return SignaalFilter(request.GET or None, queryset=basis, request=request)


@permission_required("signalen.view_signaal", raise_exception=True)
def signaal_lijst(request):
    """The signalenlijst: filters in the URL, search, sorting, pages; htmx refreshes only the rows."""
    _gemeentelijk(request)
    filter_ = _gefilterd(request)
    per = int(request.GET["per"]) if request.GET.get("per") in PAGINAGROOTTES else PER_PAGINA
    # Volgende/Vorige carry the id of the last/first row shown: a seek, as fast on page 400 as on page 2.
    # Sorted by municipality name: the first rows of each of the user's municipalities by id, then
    # only those sorted (ondermijning/paginering.py), not a join and sort of every signal in scope.
    groepen = {"gemeente__naam": ("gemeente_id", lambda: gemeente_ids(request.user))}
    # A search's cost is its filter (prefix lookups in the word-part index): the count query also
    # returns the first page's ids, so the filter runs once (ondermijning/paginering.py).
    zoekt = bool(request.GET.get("q", "").strip())
    pagina = BegrensdePaginator(filter_.qs, per, groepen=groepen, ids_met_telling=zoekt).pagina(
        request.GET.get("pagina"), na=request.GET.get("na"), voor=request.GET.get("voor")
    )
    # Labels from dicts built once per request, not get_FOO_display per cell.
    bron, prioriteit, status = (
        {waarde: str(label) for waarde, label in keuzes.choices} for keuzes in (Bron, Prioriteit, SignaalStatus)
    )
    for s in pagina:
        s.bron_label = bron.get(s.bron, s.bron)
        s.prioriteit_label = prioriteit.get(s.prioriteit, "")
        s.status_label = status.get(s.status, s.status)
    template = "signalen/signaal_lijst.html#rijen" if request.htmx else "signalen/signaal_lijst.html"
    return render(request, template, {"filter": filter_, "pagina": pagina})


@permission_required("signalen.exporteer_signalen", raise_exception=True)
def signaal_export(request, formaat: str):
    """The filtered list as CSV or XLSX (builder: signalen.exports); a big XLSX goes to a background job."""
    _gemeentelijk(request)
    if formaat not in ("csv", "xlsx"):
        raise Http404
    if formaat == "xlsx":
        aantal = _gefilterd(request).qs.count()
        groot = naar_achtergrond(
            request, soort="signalenlijst-xlsx", parameters=list(request.GET.lists()), aantal=aantal
        )
        if groot:
            return groot
    return exports.signalenlijst(gebruiker=request.user, parameters=request.GET, formaat=formaat).als_antwoord()


# --- create, edit, detail ---------------------------------------------------------------------


# Where a subject's error from the service belongs on the new-signal form.
SUBJECT_VELDEN = {
    **{f"adressen[0].{veld}": f"adres_{veld}" for veld in ("straat", "huisnummer", "postcode", "plaats")},
    "bedrijven[0].naam": "bedrijf_naam",
    "bedrijven[0].kvk_nummer": "bedrijf_kvk",
    "personen[0].naam": "persoon_naam",
    "personen[0].geboortedatum": "persoon_geboortedatum",
}


def _registreer_met_subjecten(request, form) -> Signaal:
    """The form's signal and subjects, through the one registration service (one transaction)."""
    d = form.cleaned_data
    adressen, bedrijven, personen = [], [], []
    if d["adres_postcode"]:
        adressen.append(
            {k: d[f"adres_{k}"] for k in ("straat", "huisnummer", "postcode", "plaats")}
            | {"keuze": d["adres_keuze"] or None}
        )
    if d["bedrijf_naam"]:
        bedrijven.append(
            {"naam": d["bedrijf_naam"], "kvk_nummer": d["bedrijf_kvk"], "keuze": d["bedrijf_keuze"] or None}
        )
    if d["persoon_naam"]:
        personen.append(
            {
                "naam": d["persoon_naam"],
                "geboortedatum": d["persoon_geboortedatum"],
                "keuze": d["persoon_keuze"] or None,
            }
        )
    return services.signaal_met_subjecten_registreer(
        door=request.user,
        gemeente=d["gemeente"],
        titel=d["titel"],
        omschrijving=d["omschrijving"],
        bron=d["bron"],
        ontvangen_op=d["ontvangen_op"],
        fenomenen=d["fenomenen"],
        prioriteit=d["prioriteit"],
        behandelaar=d["behandelaar"],
        adressen=adressen,
        bedrijven=bedrijven,
        personen=personen,
    )


@permission_required("signalen.add_signaal", raise_exception=True)
def signaal_nieuw(request):
    """Register a signal with, optionally, one address, business and person."""
    _gemeentelijk(request)
    form = SignaalNieuwForm(
        request.POST or None, gebruiker=request.user, initial={"ontvangen_op": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            signaal = eenmalig_maken(
                token=form.formulier_token,
                gebruiker=request.user,
                maak=lambda: _registreer_met_subjecten(request, form),
                url=lambda s: s.get_absolute_url(),
            )
        except AlVerzonden as al:
            return al.antwoord(request)
        except services.SubjectKeuzesNodig as keuzes:
            # Nothing was saved; the form asks "Bedoelt u ...?" beside each subject with a near match.
            for vraag in keuzes.vragen:
                veld = f"{vraag.soort}_keuze"
                bied_keuze(form, veld, soort=vraag.soort, kandidaten=vraag.kandidaten, melding=vraag.messages[0])
        except ValidationError as fout:
            fouten_naar_form(form, fout, velden=SUBJECT_VELDEN)
        else:
            messages.success(request, _("Signaal %(nummer)s is geregistreerd.") % {"nummer": signaal.nummer})
            return redirect(signaal)
    return render(request, "signalen/signaal_form.html", {"form": form, "nieuw": True})


@permission_required("signalen.change_signaal", raise_exception=True)
def signaal_bewerken(request, pk):
    """Edit a signal; a stale version (someone else saved meanwhile) is refused, the typed text kept."""
    _gemeentelijk(request)
    signaal = _signaal_of_404(request, pk)
    form = SignaalForm(request.POST or None, instance=signaal, gebruiker=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        velden = {k: d[k] for k in services.SIGNAAL_VELDEN}
        try:
            services.signaal_wijzig(
                signaal=signaal, door=request.user, versie=d["versie"], fenomenen=d["fenomenen"], **velden
            )
        except ValidationError as fout:
            fouten_naar_form(form, fout)
        else:
            messages.success(request, _("Het signaal is opgeslagen."))
            return redirect(signaal)
    return render(request, "signalen/signaal_form.html", {"form": form, "signaal": signaal, "nieuw": False})


@permission_required("signalen.view_signaal", raise_exception=True)
def signaal_detail(request, pk):
    """A signal with its subjects, timeline and "ook bekend in"; the read of personal data is audited."""
    signaal = get_object_or_404(
        Signaal.objects.voor_gebruiker(request.user)
        .select_related("gemeente", "behandelaar", "melder")
        .prefetch_related("fenomenen", "adressen", "bedrijven", "personen"),
        pk=pk,
    )
    if request.user.is_ketenpartner:
        raise Http404
    adressen, bedrijven, personen = signaal.adressen.all(), signaal.bedrijven.all(), signaal.personen.all()
    kan_wijzigen = request.user.has_perm("signalen.change_signaal")
    riec_meldingen = list(signaal.riec_meldingen.select_related("partner", "contactpersoon"))
    toon_personen = mag_persoonsgegevens_zien(request.user, signaal)
    items = tijdlijn(signaal, toon_personen=toon_personen)
    context = {
        "signaal": signaal,
        "toon_personen": toon_personen,
        "kan_auditlog": request.user.has_perm("ondermijning.view_auditevent"),
        "tijdlijn": items,
        "ook": ook_bekend_in(
            gebruiker=request.user, adressen=adressen, bedrijven=bedrijven, personen=personen, behalve=signaal
        ),
        "kan_wijzigen": kan_wijzigen,
        "transitie_form": TransitieForm(toegestaan=services.toegestane_statussen(signaal)) if kan_wijzigen else None,
        "interventies": list(signaal.interventies.prefetch_related("communicatietaken")),
        "riec_meldingen": riec_meldingen,
        "riec_status_forms": {
            m.pk: RiecStatusForm(toegestaan=RIEC.naar_statussen(m.status), prefix=f"r{m.pk}")
            for m in riec_meldingen
            if RIEC.naar_statussen(m.status)
        },
        "kan_riec_export": request.user.has_perm("signalen.exporteer_riec"),
        "agendapunten": list(signaal.agendapunten.select_related("overleg")),
        "gecorrigeerd_werk": [item.object for item in items if item.soort == "correctie" and item.object.waarschuwing],
    }
    audit.log(actie=AuditActie.LEZEN, actor=request.user, obj=signaal)
    return render(request, "signalen/signaal_detail.html", context)


@require_POST
@permission_required("signalen.change_signaal", raise_exception=True)
def signaal_status(request, pk):
    """Move a signal to an allowed status; a refused transition changes nothing and says why."""
    _gemeentelijk(request)
    signaal = _signaal_of_404(request, pk)
    form = TransitieForm(request.POST, toegestaan=[s.value for s in SignaalStatus])
    if not form.is_valid():
        for fouten in form.errors.values():
            for fout in fouten:
                messages.error(request, fout)
        return redirect(signaal)
    try:
        services.signaal_transitie(
            signaal=signaal,
            naar=form.cleaned_data["naar"],
            door=request.user,
            reden=form.cleaned_data["reden"],
            afsluitreden=form.cleaned_data["afsluitreden"],
        )
    except ValidationError as fout:
        messages.error(request, " ".join(fout.messages))
    else:
        messages.success(request, _("De status is gewijzigd."))
    return redirect(signaal)


def _signaal_formulier(request, pk, *, form_class, service, template, titel, bericht=None, **form_kwargs):
    """The shared shape of the small forms on a signal (weging, opplussen, subjects).

    `bericht(signaal, resultaat)` may add its own message after a successful save.
    """
    _gemeentelijk(request)
    signaal = _signaal_of_404(request, pk)
    form = form_class(request.POST or None, **form_kwargs)
    if request.method == "POST" and form.is_valid():
        try:
            resultaat = service(signaal=signaal, door=request.user, **form.cleaned_data)
        except services.SubjectKeuzeNodig as keuze:
            bied_keuze(form, "keuze", soort=keuze.soort, kandidaten=keuze.kandidaten, melding=keuze.messages[0])
        except ValidationError as fout:
            fouten_naar_form(form, fout)
        else:
            messages.success(request, _("Opgeslagen."))
            if bericht is not None:
                bericht(request, signaal, resultaat)
            return redirect(signaal)
    return render(request, template, {"form": form, "signaal": signaal, "titel": titel})


@permission_required("signalen.add_weging", raise_exception=True)
def signaal_weging(request, pk):
    """Triage with the questions of the CCV model protocol."""
    return _signaal_formulier(
        request,
        pk,
        form_class=WegingForm,
        service=services.weging_vastleggen,
        template="signalen/weging_form.html",
        titel=_("Weging"),
        bericht=_agenderen_bericht,
    )


def _agenderen_bericht(request, signaal, weging) -> None:
    """After "agenderen": on which meeting the signal now is, or plainly that none is planned."""
    if weging.uitkomst != WegingUitkomst.AGENDEREN:
        return
    if weging.agendapunt is not None:
        messages.info(
            request,
            _("Het signaal staat op de agenda van het overleg van %(datum)s.")
            % {"datum": f"{weging.agendapunt.overleg.datum:%d-%m-%Y}"},
        )
    else:
        messages.warning(
            request,
            _(
                "Er is nog geen overleg gepland voor %(gemeente)s. Het signaal wacht in status Overleg: "
                "plan een overleg en agendeer het daar."
            )
            % {"gemeente": signaal.gemeente.naam},
        )


@permission_required("signalen.add_verrijking", raise_exception=True)
def signaal_opplussen(request, pk):
    """Add an enrichment entry with source and reliability (4x4)."""
    return _signaal_formulier(
        request,
        pk,
        form_class=VerrijkingForm,
        service=services.verrijking_toevoegen,
        template="signalen/klein_form.html",
        titel=_("Opplussen: informatie toevoegen"),
        initial={"datum": timezone.localdate()},
    )


SUBJECT_SERVICES = {"adres": "adres_koppel", "bedrijf": "bedrijf_koppel", "persoon": "persoon_koppel"}
SUBJECT_TITELS = {"adres": _("Adres toevoegen"), "bedrijf": _("Bedrijf toevoegen"), "persoon": _("Persoon toevoegen")}


@permission_required("signalen.change_signaal", raise_exception=True)
def subject_toevoegen(request, pk, soort):
    """Link an address, business or person (reused when it already exists in the municipality)."""
    if soort not in SUBJECT_FORMS:
        raise Http404
    if soort == "persoon" and not mag_persoonsgegevens_zien(request.user, _signaal_of_404(request, pk)):
        # "Bedoelt u ...?" shows existing persons: only for roles that may see them.
        raise Http404
    return _signaal_formulier(
        request,
        pk,
        form_class=SUBJECT_FORMS[soort],
        service=getattr(services, SUBJECT_SERVICES[soort]),
        template="signalen/klein_form.html",
        titel=SUBJECT_TITELS[soort],
    )


SUBJECT_MODELLEN = {"adres": Adres, "bedrijf": Bedrijf, "persoon": Persoon}
SUBJECT_RELATIES = {"adres": "adressen", "bedrijf": "bedrijven", "persoon": "personen"}


@require_POST
@permission_required("signalen.change_signaal", raise_exception=True)
def subject_ontkoppelen(request, pk, soort, subject_pk):
    """Unlink a wrongly linked subject from a signal, with a reason (on the timeline and in the audit trail)."""
    _gemeentelijk(request)
    signaal = _signaal_of_404(request, pk)
    if soort not in SUBJECT_MODELLEN:
        raise Http404
    if soort == "persoon" and not mag_persoonsgegevens_zien(request.user, signaal):
        raise Http404
    subject = get_object_or_404(getattr(signaal, SUBJECT_RELATIES[soort]).all(), pk=subject_pk)
    form = OntkoppelForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["reden"]))
        return redirect(signaal)
    try:
        services.subject_ontkoppel(
            signaal=signaal, door=request.user, subject=subject, reden=form.cleaned_data["reden"]
        )
    except ValidationError as fout:
        messages.error(request, " ".join(fout.messages))
    else:
        messages.success(request, _("Het subject is losgekoppeld van dit signaal."))
    return redirect(signaal)


@permission_required("signalen.view_signaal", raise_exception=True)
def subject_detail(request, soort, pk):
    """A subject with every signal and visit in the user's scope that concerns it ("ook bekend in")."""
    if soort not in SUBJECT_MODELLEN or request.user.is_ketenpartner:
        raise Http404
    if soort == "persoon" and not mag_persoonsgegevens_zien(request.user):
        raise Http404
    subject = get_object_or_404(SUBJECT_MODELLEN[soort].objects.voor_gebruiker(request.user), pk=pk)
    ook = ook_bekend_in(gebruiker=request.user, **{SUBJECT_RELATIES[soort]: [subject]})
    audit.log(actie=AuditActie.LEZEN, actor=request.user, obj=subject)
    return render(request, "signalen/subject_detail.html", {"subject": subject, "soort": soort, "ook": ook})


# --- intern meldpunt --------------------------------------------------------------------------


@login_required
def melden(request):
    """The intern meldpunt: any municipal employee reports a suspicion; it lands with OOV."""
    if request.user.is_ketenpartner or not gemeente_ids(request.user):
        raise PermissionDenied
    form = MeldenForm(request.POST or None, gebruiker=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            signaal = eenmalig_maken(
                token=form.formulier_token,
                gebruiker=request.user,
                maak=lambda: services.melding_doe(door=request.user, **form.cleaned_data),
                url=lambda _s: reverse("signalen:melden_ontvangen"),
            )
        except AlVerzonden as al:
            return al.antwoord(request)
        except ValidationError as fout:
            fouten_naar_form(form, fout)
        else:
            # The receipt shows the number and date, never the signal itself.
            request.session["melding_ontvangen"] = {"nummer": signaal.nummer, "datum": f"{signaal.created_at:%d-%m-%Y}"}
            return redirect("signalen:melden_ontvangen")
    return render(request, "signalen/melden.html", {"form": form})


@login_required
def melden_ontvangen(request):
    """Receipt of a report: number and date only."""
    ontvangst = request.session.get("melding_ontvangen")
    if not ontvangst:
        return redirect("signalen:melden")
    return render(request, "signalen/melden_ontvangen.html", {"ontvangst": ontvangst})


# --- RIEC -------------------------------------------------------------------------------------


@permission_required("signalen.exporteer_riec", raise_exception=True)
def riec_pdf(request, pk):
    """The RIEC signaalformulier as an A4 PDF; every export is audited."""
    _gemeentelijk(request)
    signaal = get_object_or_404(
        Signaal.objects.voor_gebruiker(request.user)
        .select_related("gemeente", "behandelaar")
        .prefetch_related("fenomenen", "adressen", "bedrijven", "personen"),
        pk=pk,
    )
    melding = signaal.riec_meldingen.select_related("contactpersoon", "contactpersoon__organisatie").first()
    contact = (melding.contactpersoon if melding else None) or signaal.behandelaar or request.user
    toon_personen = mag_persoonsgegevens_zien(request.user, signaal)
    context = {
        "signaal": signaal,
        "melding": melding,
        "contact": contact,
        "verrijkingen": verrijkingen_van(signaal, toon_personen=toon_personen),
        "interventies": signaal.interventies.all(),
        "datum": timezone.localdate(),
        "opgesteld_door": request.user,
        "toon_personen": toon_personen,
    }
    pdf = render_pdf("signalen/pdf/riec_signaalformulier.html", context, request=request)
    audit.log(actie=AuditActie.EXPORT, actor=request.user, obj=signaal, toelichting="riec-signaalformulier pdf")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="riec-signaalformulier-{signaal.nummer}.pdf"'
    return response


@permission_required("signalen.add_riecmelding", raise_exception=True)
def riec_opstellen(request, pk):
    """Draft (or, while a draft, edit) the RIEC form of a signal."""
    _gemeentelijk(request)
    signaal = _signaal_of_404(request, pk)
    melding = signaal.riec_meldingen.filter(status=RiecStatus.CONCEPT).first()
    form = RiecMeldingForm(request.POST or None, instance=melding)
    if request.method == "POST" and form.is_valid():
        try:
            if melding:
                services.riec_melding_wijzig(melding=melding, door=request.user, **form.cleaned_data)
            else:
                services.riec_melding_opstellen(signaal=signaal, door=request.user, **form.cleaned_data)
        except ValidationError as fout:
            fouten_naar_form(form, fout)
        else:
            messages.success(request, _("Het RIEC-signaalformulier is opgeslagen."))
            return redirect(signaal)
    return render(
        request, "signalen/klein_form.html", {"form": form, "signaal": signaal, "titel": _("RIEC-signaalformulier")}
    )


@require_POST
@permission_required("signalen.change_riecmelding", raise_exception=True)
def riec_status(request, pk):
    """Track the RIEC route of a form: ingediend, besproken, interventie door partner, teruggelegd."""
    _gemeentelijk(request)
    melding = get_object_or_404(RiecMelding.objects.voor_gebruiker(request.user).select_related("signaal"), pk=pk)
    form = RiecStatusForm(request.POST, toegestaan=RIEC.naar_statussen(melding.status), prefix=f"r{melding.pk}")
    if form.is_valid():
        try:
            services.riec_melding_status(melding=melding, door=request.user, **form.cleaned_data)
        except ValidationError as fout:
            messages.error(request, " ".join(fout.messages))
        else:
            messages.success(request, _("De RIEC-status is bijgewerkt."))
    else:
        for fouten in form.errors.values():
            for fout in fouten:
                messages.error(request, fout)
    return redirect(melding.signaal)


# --- interventions ----------------------------------------------------------------------------


@permission_required("signalen.add_interventie", raise_exception=True)
def interventie_nieuw(request, pk):
    """Start an administrative measure on a signal."""
    _gemeentelijk(request)
    signaal = _signaal_of_404(request, pk)
    initial = {"gestart_op": timezone.localdate(), "soort": request.GET.get("soort", "")}
    form = InterventieForm(request.POST or None, signaal=signaal, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            interventie = eenmalig_maken(
                token=form.formulier_token,
                gebruiker=request.user,
                maak=lambda: services.interventie_start(signaal=signaal, door=request.user, **form.cleaned_data),
                url=lambda i: reverse("signalen:interventie_detail", args=[i.pk]),
            )
        except AlVerzonden as al:
            return al.antwoord(request)
        except ValidationError as fout:
            fouten_naar_form(form, fout)
        else:
            messages.success(request, _("De interventie is vastgelegd."))
            return redirect("signalen:interventie_detail", interventie.pk)
    return render(
        request, "signalen/klein_form.html", {"form": form, "signaal": signaal, "titel": _("Interventie starten")}
    )


def _opgeslagen(request, doel):
    """After a successful action form: back to its page. A form sent by htmx (which swaps only the
    form back in when it has errors) gets HX-Redirect, so the page loads whole with the message."""
    messages.success(request, _("Opgeslagen."))
    if request.htmx:
        return HttpResponseClientRedirect(resolve_url(doel))
    return redirect(doel)


def _interventie_of_404(request, pk) -> Interventie:
    return get_object_or_404(
        Interventie.objects.voor_gebruiker(request.user).select_related(
            "signaal", "signaal__gemeente", "ladderstap", "adres"
        ),
        pk=pk,
    )


def _interventie_pagina(request, interventie: Interventie, *, aanvraag_form=None, afronden_form=None):
    """The intervention page; an action that failed passes its bound form, which shows the errors."""
    if aanvraag_form is None:
        aanvraag_form = BibobAanvraagForm(initial={"aangevraagd_op": timezone.localdate()})
    if afronden_form is None:
        afronden_form = _afronden_form(interventie, initial={"afgerond_op": timezone.localdate()})
    context = {
        "interventie": interventie,
        "signaal": interventie.signaal,
        "taken": interventie.communicatietaken.all(),
        "kan": request.user.has_perm("signalen.change_interventie"),
        "is_bibob": interventie.soort == InterventieSoort.BIBOB,
        "aanvraag_form": aanvraag_form,
        "afronden_form": afronden_form,
    }
    return render(request, "signalen/interventie_detail.html", context)


def _afronden_form(interventie: Interventie, data=None, **kwargs) -> InterventieAfrondenForm:
    form = InterventieAfrondenForm(data, **kwargs)
    if interventie.soort != InterventieSoort.BIBOB:
        del form.fields["bibob_uitkomst"]
    return form


@require_GET
@permission_required("signalen.view_interventie", raise_exception=True)
def interventie_detail(request, pk):
    """An intervention with its Bibob advice, ladder step and communication tasks; each action has its own URL."""
    _gemeentelijk(request)
    return _interventie_pagina(request, _interventie_of_404(request, pk))


@require_POST
@permission_required("signalen.change_interventie", raise_exception=True)
def interventie_bibob_aanvragen(request, pk):
    """Record the request for a Bibob advice; errors are shown beside the form's fields."""
    return _interventie_actie(
        request,
        pk,
        maak_form=lambda interventie: BibobAanvraagForm(request.POST),
        service=services.interventie_bibob_advies_aanvragen,
        form_naam="aanvraag_form",
    )


def _interventie_actie(request, pk, *, maak_form, service, form_naam: str):
    """One intervention action with a form: the service with the form's data; on a refusal the page again
    with the errors beside the fields (as `form_naam`), on success back to the intervention."""
    _gemeentelijk(request)
    interventie = _interventie_of_404(request, pk)
    form = maak_form(interventie)
    if form.is_valid():
        try:
            service(interventie=interventie, door=request.user, **form.cleaned_data)
        except ValidationError as fout:
            fouten_naar_form(form, fout)
        else:
            return _opgeslagen(request, reverse("signalen:interventie_detail", args=[interventie.pk]))
    return _interventie_pagina(request, interventie, **{form_naam: form})


@require_POST
@permission_required("signalen.change_interventie", raise_exception=True)
def interventie_termijn_verlengen(request, pk):
    """Extend the Bibob advice deadline once by 4 weeks (a button: a refusal is a message)."""
    _gemeentelijk(request)
    interventie = _interventie_of_404(request, pk)
    try:
        services.interventie_bibob_termijn_verlengen(interventie=interventie, door=request.user)
    except ValidationError as fout:
        messages.error(request, " ".join(fout.messages))
    else:
        messages.success(request, _("Opgeslagen."))
    return redirect("signalen:interventie_detail", interventie.pk)


@require_POST
@permission_required("signalen.change_interventie", raise_exception=True)
def interventie_afronden(request, pk):
    """Close the intervention with its date and outcome; errors are shown beside the form's fields."""
    return _interventie_actie(
        request,
        pk,
        maak_form=lambda interventie: _afronden_form(interventie, request.POST),
        service=services.interventie_afronden,
        form_naam="afronden_form",
    )


@require_POST
@permission_required("signalen.change_interventie", raise_exception=True)
def communicatietaak_afronden(request, pk):
    """Tick off a communication task of a closure (a button: a refusal is a message)."""
    _gemeentelijk(request)
    taak = get_object_or_404(CommunicatieTaak.objects.voor_gebruiker(request.user), pk=pk)
    try:
        services.communicatietaak_afronden(taak=taak, door=request.user)
    except ValidationError as fout:
        messages.error(request, " ".join(fout.messages))
    else:
        messages.success(request, _("Opgeslagen."))
    return redirect("signalen:interventie_detail", taak.interventie_id)


# --- lokaal ondermijningsoverleg --------------------------------------------------------------


@permission_required("signalen.view_overleg", raise_exception=True)
def overleg_lijst(request):
    """Meetings the user may see: municipal users by municipality, partners only with shared items."""
    overleggen = Overleg.objects.voor_gebruiker(request.user).prefetch_related("gemeenten")
    aantallen = dict(
        Agendapunt.objects.voor_gebruiker(request.user)
        .filter(overleg__in=overleggen.values("pk"))
        .values_list("overleg")
        .annotate(n=Count("pk"))
        .order_by()
    )
    pagina = Paginator(overleggen, PER_PAGINA).get_page(request.GET.get("pagina"))
    for overleg in pagina:
        overleg.aantal_punten = aantallen.get(overleg.pk, 0)
    return render(
        request,
        "signalen/overleg_lijst.html",
        {
            "pagina": pagina,
            "vandaag": timezone.localdate(),
            "kan_plannen": request.user.has_perm("signalen.add_overleg"),
        },
    )


@permission_required("signalen.add_overleg", raise_exception=True)
def overleg_nieuw(request):
    """Plan a lokaal ondermijningsoverleg."""
    _gemeentelijk(request)
    form = OverlegForm(request.POST or None, gebruiker=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            overleg = eenmalig_maken(
                token=form.formulier_token,
                gebruiker=request.user,
                maak=lambda: services.overleg_plan(door=request.user, **form.cleaned_data),
                url=lambda o: o.get_absolute_url(),
            )
        except AlVerzonden as al:
            return al.antwoord(request)
        except ValidationError as fout:
            fouten_naar_form(form, fout)
        else:
            messages.success(request, _("Het overleg is gepland."))
            return redirect(overleg)
    return render(request, "signalen/klein_form.html", {"form": form, "titel": _("Overleg plannen")})


def _open_verstrekkingen(punten) -> dict:
    """Open register entries per (agenda item, organisation), for the share forms' initial values."""
    rijen = Verstrekking.objects.filter(
        object_type=Agendapunt._meta.label_lower, object_id__in=[str(p.pk) for p in punten], ingetrokken_op=None
    )
    return {(int(v.object_id), v.organisatie_id): v for v in rijen}


def _overleg_of_404(request, pk) -> Overleg:
    return get_object_or_404(
        Overleg.objects.voor_gebruiker(request.user).prefetch_related("gemeenten", "organisaties"), pk=pk
    )


def _mag_agenderen(request) -> bool:
    return request.user.has_perm("signalen.change_agendapunt") and not request.user.is_ketenpartner


def _overleg_pagina(request, overleg: Overleg, *, punten=None, agenda_form=None, gebonden=None):
    """The agenda page. An action that failed passes its bound form: `agenda_form`, or
    `gebonden=(agendapunt, soort, form)` for the besluit, correctie or delen form of one item."""
    kan = _mag_agenderen(request)
    voorzitter = kan and services.is_voorzitter(request.user, overleg)
    if punten is None:
        punten = zichtbare_agendapunten(request.user, overleg)
    if agenda_form is None:
        agenda_form = AgendapuntForm(gebruiker=request.user, overleg=overleg)
    partner_keuzes = DelenForm.partner_keuzes()
    registraties = _open_verstrekkingen(punten) if kan else {}
    for punt in punten:
        punt.besluit_form = BesluitForm(prefix=f"b{punt.pk}")
        punt.correctie_form = None
        if voorzitter and punt.besluit and not overleg.gesloten_op:
            punt.correctie_form = CorrectieForm(prefix=f"c{punt.pk}")
        punt.delen_form = _delen_form(punt, keuzes=partner_keuzes, registraties=registraties)
        if gebonden is not None and gebonden[0].pk == punt.pk:
            setattr(punt, f"{gebonden[1]}_form", gebonden[2])
    audit.log(actie=AuditActie.LEZEN, actor=request.user, obj=overleg, toelichting=f"{len(punten)} agendapunten")
    agendapunten_gelezen(request.user, overleg, punten, AuditActie.LEZEN, "agenda")
    return render(
        request,
        "signalen/overleg_detail.html",
        {
            "overleg": overleg,
            "punten": punten,
            "agenda_form": agenda_form,
            "kan": kan and not overleg.gesloten_op,
            "kan_sluiten": voorzitter and not overleg.gesloten_op and overleg.datum <= timezone.localdate(),
        },
    )


def _delen_form(punt: Agendapunt, data=None, *, keuzes=None, registraties=None) -> DelenForm:
    """The share form of an agenda item, starting from what is shared now and its open register entry."""
    if registraties is None:
        registraties = _open_verstrekkingen([punt])
    laatste = next(
        (registraties[(punt.pk, o.pk)] for o in punt.gedeeld_met.all() if (punt.pk, o.pk) in registraties), None
    )
    return DelenForm(
        data,
        prefix=f"d{punt.pk}",
        initial={
            "organisaties": [o.pk for o in punt.gedeeld_met.all()],
            "grondslag": laatste.grondslag if laatste else "",
            "persoonsgegevens": laatste.persoonsgegevens if laatste else False,
            "toelichting": laatste.toelichting if laatste else "",
        },
        keuzes=keuzes if keuzes is not None else DelenForm.partner_keuzes(),
    )


@require_GET
@permission_required("signalen.view_overleg", raise_exception=True)
def overleg_detail(request, pk):
    """The agenda: items in the user's scope (a partner sees only items shared with it); each action has its own URL."""
    return _overleg_pagina(request, _overleg_of_404(request, pk))


def _agendapunt_of_404(request, pk) -> tuple[Agendapunt, Overleg, list]:
    """An agenda item the user may see and act on, its meeting, and the meeting's visible items."""
    punt = get_object_or_404(Agendapunt.objects.voor_gebruiker(request.user), pk=pk)
    overleg = _overleg_of_404(request, punt.overleg_id)
    if not _mag_agenderen(request):
        raise PermissionDenied
    punten = zichtbare_agendapunten(request.user, overleg)
    punt = next((p for p in punten if p.pk == punt.pk), None)
    if punt is None:
        raise Http404
    return punt, overleg, punten


def _punt_actie(request, pk, *, soort: str, maak_form, service, alleen_voorzitter: bool = False):
    """The shared shape of an action on one agenda item: bind its form, run the service, or show the errors."""
    punt, overleg, punten = _agendapunt_of_404(request, pk)
    if alleen_voorzitter and not services.is_voorzitter(request.user, overleg):
        raise PermissionDenied
    form = maak_form(punt)
    if form.is_valid():
        try:
            service(punt, form.cleaned_data)
        except ValidationError as fout:
            fouten_naar_form(form, fout)
        else:
            return _opgeslagen(request, overleg)
    return _overleg_pagina(request, overleg, punten=punten, gebonden=(punt, soort, form))


@require_POST
@permission_required("signalen.change_agendapunt", raise_exception=True)
def overleg_agenderen(request, pk):
    """Put a signal on the agenda of this meeting."""
    overleg = _overleg_of_404(request, pk)
    if not _mag_agenderen(request):
        raise PermissionDenied
    form = AgendapuntForm(request.POST, gebruiker=request.user, overleg=overleg)
    if form.is_valid():
        try:
            services.agendapunt_toevoegen(overleg=overleg, signaal=form.cleaned_data["signaal"], door=request.user)
        except ValidationError as fout:
            fouten_naar_form(form, fout)
        else:
            return _opgeslagen(request, overleg)
    return _overleg_pagina(request, overleg, agenda_form=form)


@require_POST
@permission_required("signalen.change_agendapunt", raise_exception=True)
def overleg_sluiten(request, pk):
    """The chair closes the meeting (a button: a refusal is a message)."""
    overleg = _overleg_of_404(request, pk)
    if not _mag_agenderen(request) or not services.is_voorzitter(request.user, overleg):
        raise PermissionDenied
    try:
        services.overleg_sluiten(overleg=overleg, door=request.user)
    except ValidationError as fout:
        messages.error(request, " ".join(fout.messages))
    else:
        messages.success(request, _("Opgeslagen."))
    return redirect(overleg)


@require_POST
@permission_required("signalen.change_agendapunt", raise_exception=True)
def agendapunt_besluit(request, pk):
    """Record the decision on an agenda item."""
    return _punt_actie(
        request,
        pk,
        soort="besluit",
        maak_form=lambda punt: BesluitForm(request.POST, prefix=f"b{punt.pk}"),
        service=lambda punt, d: services.agendapunt_besluit(agendapunt=punt, door=request.user, **d),
    )


@require_POST
@permission_required("signalen.change_agendapunt", raise_exception=True)
def agendapunt_corrigeren(request, pk):
    """The chair corrects the decision on an agenda item until the meeting is closed."""
    return _punt_actie(
        request,
        pk,
        soort="correctie",
        maak_form=lambda punt: CorrectieForm(request.POST, prefix=f"c{punt.pk}"),
        service=lambda punt, d: services.agendapunt_besluit_corrigeer(agendapunt=punt, door=request.user, **d),
        alleen_voorzitter=True,
    )


@require_POST
@permission_required("signalen.change_agendapunt", raise_exception=True)
def agendapunt_delen(request, pk):
    """Share an agenda item with partner organisations (recorded in the disclosure register)."""
    return _punt_actie(
        request,
        pk,
        soort="delen",
        maak_form=lambda punt: _delen_form(punt, request.POST),
        service=lambda punt, d: services.agendapunt_delen(
            agendapunt=punt,
            door=request.user,
            organisaties=d["organisaties"],
            grondslag=d["grondslag"] or Grondslag.LOKAAL_OVERLEG,
            persoonsgegevens=d["persoonsgegevens"],
            toelichting=d["toelichting"],
        ),
    )


@permission_required("signalen.view_overleg", raise_exception=True)
def overleg_agenda_pdf(request, pk):
    """The agenda as PDF (builder: signalen.exports); a long agenda goes to a background job."""
    overleg = get_object_or_404(Overleg.objects.voor_gebruiker(request.user), pk=pk)
    aantal = Agendapunt.objects.voor_gebruiker(request.user).filter(overleg=overleg).count()
    groot = naar_achtergrond(request, soort="overleg-agenda", parameters={"overleg": overleg.pk}, aantal=aantal)
    if groot:
        return groot
    bestand = exports.overleg_agenda_pdf(gebruiker=request.user, parameters={"overleg": overleg.pk})
    return bestand.als_antwoord(inline=True)


# --- audit: who read this signal --------------------------------------------------------------

BEKEKEN_ACTIES = (AuditActie.LEZEN, AuditActie.EXPORT)


@permission_required("ondermijning.view_auditevent", raise_exception=True)
def signaal_bekeken(request, pk):
    """For the beheerder: who read or exported this signal, newest first, from the audit trail.

    Shows no content of the signal (the beheerder has no need to know it), so it also works for
    one that has been destroyed; a signal of another municipality than the beheerder's is 404.
    """
    spoor = VernietigdSignaal.objects.select_related("gemeente").filter(signaal_id=pk).first()
    signaal = Signaal._base_manager.select_related("gemeente").filter(pk=pk).first()
    if signaal is None and spoor is None:
        raise Http404
    ids = beheerde_gemeente_ids(request.user)
    if ids is not None and (signaal or spoor).gemeente_id not in ids:
        raise Http404
    events = AuditEvent.objects.filter(
        object_type=Signaal._meta.label_lower, object_id=str(pk), actie__in=BEKEKEN_ACTIES
    ).select_related("actor", "actor__organisatie")
    pagina = Paginator(events, 50).get_page(request.GET.get("pagina"))
    audit.log(
        actie=AuditActie.LEZEN,
        actor=request.user,
        object_type="ondermijning.auditevent",
        toelichting=f"wie bekeek signaal {pk}",
    )
    context = {
        "nummer": f"S-{int(pk):05d}",
        "gemeente": (signaal or spoor).gemeente,
        "spoor": spoor,
        "pagina": pagina,
    }
    return render(request, "signalen/signaal_bekeken.html", context)
