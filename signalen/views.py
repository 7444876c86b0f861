"""Thin views of the signalen app: load through the scoped QuerySets, write through services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ondermijning import audit
from ondermijning.eenmalig import AlVerzonden, eenmalig_maken
from ondermijning.export import naar_achtergrond
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
    zichtbare_agendapunten,
)
from signalen.workflow import RIEC

PER_PAGINA = 25
PAGINAGROOTTES = ("25", "50", "100")


def _fouten_naar_form(form, fout: ValidationError) -> None:
    """Put a service's ValidationError beside the field it is about (or on top of the form)."""
    if hasattr(fout, "error_dict"):
        for veld, lijst in fout.error_dict.items():
            form.add_error(veld if veld in form.fields else None, lijst)
    else:
        form.add_error(None, fout.messages)


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
    pagina = BegrensdePaginator(filter_.qs, per).pagina(
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


class _KeuzesNodig(Exception):
    """Some subject has a near match: roll the new signal back and ask."""


@transaction.atomic
def _registreer_met_subjecten(request, form) -> Signaal:
    """The signal and its subjects in one transaction; every near match is asked about at once."""
    d = form.cleaned_data
    signaal = services.signaal_registreer(
        door=request.user,
        gemeente=d["gemeente"],
        titel=d["titel"],
        omschrijving=d["omschrijving"],
        bron=d["bron"],
        ontvangen_op=d["ontvangen_op"],
        fenomenen=d["fenomenen"],
        prioriteit=d["prioriteit"],
        behandelaar=d["behandelaar"],
    )
    koppelingen = []
    if d["adres_postcode"]:
        velden = {k: d[f"adres_{k}"] for k in ("straat", "huisnummer", "postcode", "plaats")}
        koppelingen.append(("adres", services.adres_koppel, velden))
    if d["bedrijf_naam"]:
        koppelingen.append(
            ("bedrijf", services.bedrijf_koppel, {"naam": d["bedrijf_naam"], "kvk_nummer": d["bedrijf_kvk"]})
        )
    if d["persoon_naam"]:
        velden = {"naam": d["persoon_naam"], "geboortedatum": d["persoon_geboortedatum"]}
        koppelingen.append(("persoon", services.persoon_koppel, velden))
    gevraagd = False
    for soort, koppel, velden in koppelingen:
        try:
            koppel(signaal=signaal, door=request.user, keuze=d[f"{soort}_keuze"] or None, **velden)
        except services.SubjectKeuzeNodig as keuze:
            veld = f"{soort}_keuze"
            bied_keuze(form, veld, soort=soort, kandidaten=keuze.kandidaten, melding=keuze.messages[0])
            gevraagd = True
    if gevraagd:
        raise _KeuzesNodig
    return signaal


@permission_required("signalen.add_signaal", raise_exception=True)
def signaal_nieuw(request):
    """Register a signal with, optionally, one address, business and person."""
    _gemeentelijk(request)
    form = SignaalNieuwForm(request.POST or None, user=request.user, initial={"ontvangen_op": timezone.localdate()})
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
        except _KeuzesNodig:
            pass  # the form now asks "Bedoelt u ...?" beside each subject with a near match
        except ValidationError as fout:
            _fouten_naar_form(form, fout)
        else:
            messages.success(request, _("Signaal %(nummer)s is geregistreerd.") % {"nummer": signaal.nummer})
            return redirect(signaal)
    return render(request, "signalen/signaal_form.html", {"form": form, "nieuw": True})


@permission_required("signalen.change_signaal", raise_exception=True)
def signaal_bewerken(request, pk):
    """Edit a signal; a stale version (someone else saved meanwhile) is refused, the typed text kept."""
    _gemeentelijk(request)
    signaal = _signaal_of_404(request, pk)
    form = SignaalForm(request.POST or None, instance=signaal, user=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        velden = {k: d[k] for k in services.SIGNAAL_VELDEN}
        try:
            services.signaal_wijzig(
                signaal=signaal, door=request.user, versie=d["versie"], fenomenen=d["fenomenen"], **velden
            )
        except ValidationError as fout:
            _fouten_naar_form(form, fout)
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
    items = tijdlijn(signaal)
    context = {
        "signaal": signaal,
        "toon_personen": mag_persoonsgegevens_zien(request.user, signaal),
        "kan_auditlog": request.user.has_perm("ondermijning.view_auditevent"),
        "tijdlijn": items,
        "ook": ook_bekend_in(
            user=request.user, adressen=adressen, bedrijven=bedrijven, personen=personen, behalve=signaal
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
            _fouten_naar_form(form, fout)
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
    ook = ook_bekend_in(user=request.user, **{SUBJECT_RELATIES[soort]: [subject]})
    audit.log(actie=AuditActie.LEZEN, actor=request.user, obj=subject)
    return render(request, "signalen/subject_detail.html", {"subject": subject, "soort": soort, "ook": ook})


# --- intern meldpunt --------------------------------------------------------------------------


@login_required
def melden(request):
    """The intern meldpunt: any municipal employee reports a suspicion; it lands with OOV."""
    if request.user.is_ketenpartner or not gemeente_ids(request.user):
        raise PermissionDenied
    form = MeldenForm(request.POST or None, user=request.user)
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
            _fouten_naar_form(form, fout)
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
    context = {
        "signaal": signaal,
        "melding": melding,
        "contact": contact,
        "verrijkingen": signaal.verrijkingen.select_related("auteur"),
        "interventies": signaal.interventies.all(),
        "datum": timezone.localdate(),
        "opgesteld_door": request.user,
        "toon_personen": mag_persoonsgegevens_zien(request.user, signaal),
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
            _fouten_naar_form(form, fout)
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
            _fouten_naar_form(form, fout)
        else:
            messages.success(request, _("De interventie is vastgelegd."))
            return redirect("signalen:interventie_detail", interventie.pk)
    return render(
        request, "signalen/klein_form.html", {"form": form, "signaal": signaal, "titel": _("Interventie starten")}
    )


@permission_required("signalen.view_interventie", raise_exception=True)
def interventie_detail(request, pk):
    """An intervention with its Bibob advice, ladder step and communication tasks; actions post here."""
    _gemeentelijk(request)
    interventie = get_object_or_404(
        Interventie.objects.voor_gebruiker(request.user).select_related(
            "signaal", "signaal__gemeente", "ladderstap", "adres"
        ),
        pk=pk,
    )
    kan = request.user.has_perm("signalen.change_interventie")
    actie = request.POST.get("actie") if request.method == "POST" else None
    if actie and not kan:
        raise PermissionDenied
    aanvraag_form = BibobAanvraagForm(
        request.POST if actie == "bibob_aanvragen" else None, initial={"aangevraagd_op": timezone.localdate()}
    )
    afronden_form = InterventieAfrondenForm(
        request.POST if actie == "afronden" else None, initial={"afgerond_op": timezone.localdate()}
    )
    if interventie.soort != InterventieSoort.BIBOB:
        del afronden_form.fields["bibob_uitkomst"]
    if actie:
        try:
            if actie == "bibob_aanvragen" and aanvraag_form.is_valid():
                services.interventie_bibob_advies_aanvragen(
                    interventie=interventie, door=request.user, **aanvraag_form.cleaned_data
                )
            elif actie == "verlengen":
                services.interventie_bibob_termijn_verlengen(interventie=interventie, door=request.user)
            elif actie == "afronden" and afronden_form.is_valid():
                services.interventie_afronden(interventie=interventie, door=request.user, **afronden_form.cleaned_data)
            elif actie == "taak":
                taak = get_object_or_404(
                    CommunicatieTaak.objects.voor_gebruiker(request.user).filter(interventie=interventie),
                    pk=request.POST.get("taak"),
                )
                services.communicatietaak_afronden(taak=taak, door=request.user)
            else:
                raise ValidationError("")
        except ValidationError as fout:
            doel = aanvraag_form if actie == "bibob_aanvragen" else afronden_form
            if fout.messages and any(fout.messages):
                if actie in ("bibob_aanvragen", "afronden"):
                    _fouten_naar_form(doel, fout)
                else:
                    messages.error(request, " ".join(fout.messages))
        else:
            messages.success(request, _("Opgeslagen."))
            return redirect("signalen:interventie_detail", interventie.pk)
    context = {
        "interventie": interventie,
        "signaal": interventie.signaal,
        "taken": interventie.communicatietaken.all(),
        "kan": kan,
        "is_bibob": interventie.soort == InterventieSoort.BIBOB,
        "aanvraag_form": aanvraag_form,
        "afronden_form": afronden_form,
    }
    return render(request, "signalen/interventie_detail.html", context)


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
    form = OverlegForm(request.POST or None, user=request.user)
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
            _fouten_naar_form(form, fout)
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


@permission_required("signalen.view_overleg", raise_exception=True)
def overleg_detail(request, pk):
    """The agenda: items in the user's scope (a partner sees only items shared with it); decisions post here."""
    overleg = get_object_or_404(
        Overleg.objects.voor_gebruiker(request.user).prefetch_related("gemeenten", "organisaties"), pk=pk
    )
    kan = request.user.has_perm("signalen.change_agendapunt") and not request.user.is_ketenpartner
    voorzitter = kan and services.is_voorzitter(request.user, overleg)
    actie = request.POST.get("actie") if request.method == "POST" else None
    if actie and not kan or actie in ("corrigeer", "sluiten") and not voorzitter:
        raise PermissionDenied
    punten = zichtbare_agendapunten(request.user, overleg)
    punt_pk = request.POST.get("punt") if actie in ("besluit", "delen", "corrigeer") else None
    gebonden = None
    if punt_pk:
        gebonden = next((p for p in punten if str(p.pk) == punt_pk), None)
        if gebonden is None:
            raise Http404
    agenda_form = AgendapuntForm(request.POST if actie == "agendapunt" else None, user=request.user, overleg=overleg)
    partner_keuzes = DelenForm.partner_keuzes()
    registraties = _open_verstrekkingen(punten) if kan else {}
    for punt in punten:
        laatste = next(
            (registraties[(punt.pk, o.pk)] for o in punt.gedeeld_met.all() if (punt.pk, o.pk) in registraties), None
        )
        data = request.POST if punt is gebonden else None
        punt.besluit_form = BesluitForm(data if actie == "besluit" else None, prefix=f"b{punt.pk}")
        punt.correctie_form = None
        if voorzitter and punt.besluit and not overleg.gesloten_op:
            punt.correctie_form = CorrectieForm(data if actie == "corrigeer" else None, prefix=f"c{punt.pk}")
        punt.delen_form = DelenForm(
            data if actie == "delen" else None,
            prefix=f"d{punt.pk}",
            initial={
                "organisaties": [o.pk for o in punt.gedeeld_met.all()],
                "grondslag": laatste.grondslag if laatste else "",
                "persoonsgegevens": laatste.persoonsgegevens if laatste else False,
                "toelichting": laatste.toelichting if laatste else "",
            },
            keuzes=partner_keuzes,
        )
    if actie:
        try:
            if actie == "agendapunt" and agenda_form.is_valid():
                services.agendapunt_toevoegen(
                    overleg=overleg, signaal=agenda_form.cleaned_data["signaal"], door=request.user
                )
            elif actie == "besluit" and gebonden.besluit_form.is_valid():
                services.agendapunt_besluit(
                    agendapunt=gebonden, door=request.user, **gebonden.besluit_form.cleaned_data
                )
            elif actie == "corrigeer" and gebonden.correctie_form and gebonden.correctie_form.is_valid():
                services.agendapunt_besluit_corrigeer(
                    agendapunt=gebonden, door=request.user, **gebonden.correctie_form.cleaned_data
                )
            elif actie == "sluiten":
                services.overleg_sluiten(overleg=overleg, door=request.user)
            elif actie == "delen" and gebonden.delen_form.is_valid():
                d = gebonden.delen_form.cleaned_data
                services.agendapunt_delen(
                    agendapunt=gebonden,
                    door=request.user,
                    organisaties=d["organisaties"],
                    grondslag=d["grondslag"] or Grondslag.LOKAAL_OVERLEG,
                    persoonsgegevens=d["persoonsgegevens"],
                    toelichting=d["toelichting"],
                )
            else:
                raise ValidationError("")
        except ValidationError as fout:
            if any(fout.messages):
                doel = agenda_form if actie == "agendapunt" else gebonden.besluit_form
                if actie == "delen":
                    doel = gebonden.delen_form
                if actie == "corrigeer":
                    doel = gebonden.correctie_form
                if actie == "sluiten" or doel is None:
                    messages.error(request, " ".join(fout.messages))
                else:
                    _fouten_naar_form(doel, fout)
        else:
            messages.success(request, _("Opgeslagen."))
            return redirect(overleg)
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
