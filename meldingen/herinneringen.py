"""What each kind of reminder is about: who gets it, when, with which text, and whether it still
applies at the moment of sending.

The periodic scan (`kandidaten`) reads the domain models of signalen, controles and actieplan
(read-only). Texts carry numbers and dates only, no names: a reminder may go out by e-mail.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from django.apps import apps
from django.db.models import Exists, Max, OuterRef, Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from actieplan.models import (
    Actie,
    ActieStatus,
    CommunicatieItem,
    CommunicatieStatus,
    TimingSoort,
    kwartaal_grenzen,
    kwartaal_van,
)
from controles.models import (
    Controle,
    ControleObject,
    ControleSoort,
    ControleStatus,
    Label,
    Planningsregel,
    TheseusLabel,
)
from meldingen.models import Herinnering, HerinneringSoort
from ondermijning.models import Gebruiker
from ondermijning.scoping import Rol
from procedures.models import ProcedureStap, StapRol
from signalen.models import Interventie, Signaal

WEGING_TERMIJN = datetime.timedelta(days=14)
THESEUS_TERMIJN = datetime.timedelta(days=91)
VOORUIT_INTEGRAAL = datetime.timedelta(days=14)
# "No integrated control registered yet" is reminded once, not every day: a fixed peildatum.
NOG_NOOIT = datetime.date(2000, 1, 1)
OCHTEND = datetime.time(8, 0)


@dataclass(frozen=True)
class Kandidaat:
    soort: str
    ontvanger_id: int
    object_type: str
    object_id: int
    gemeente_id: int | None
    peildatum: datetime.date
    due_at: datetime.datetime
    onderwerp: str
    url: str

    def als_herinnering(self) -> Herinnering:
        return Herinnering(
            soort=self.soort,
            ontvanger_id=self.ontvanger_id,
            object_type=self.object_type,
            object_id=self.object_id,
            gemeente_id=self.gemeente_id,
            peildatum=self.peildatum,
            due_at=self.due_at,
            onderwerp=self.onderwerp[:200],
            url=self.url,
        )


def url_naar(naam: str, *args) -> str:
    """The path of a page, or "" while the page does not exist (yet)."""
    try:
        return reverse(naam, args=args)
    except NoReverseMatch:
        return ""


def ochtend_van(datum: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(datum, OCHTEND))


def _dmy(datum: datetime.date) -> str:
    return datum.strftime("%d-%m-%Y")


class Ontvangers:
    """Active users per municipality with one of the given roles, read once per scan."""

    def __init__(self, *rollen: Rol):
        self.per_gemeente: dict[int, list[int]] = defaultdict(list)
        rijen = (
            Gebruiker.gemeenten.through.objects.filter(
                gebruiker__is_active=True, gebruiker__groups__name__in=[r.value for r in rollen]
            )
            .values_list("gemeente_id", "gebruiker_id")
            .distinct()
            .order_by("gemeente_id", "gebruiker_id")
        )
        for gemeente_id, gebruiker_id in rijen:
            self.per_gemeente[gemeente_id].append(gebruiker_id)

    def van(self, *gemeente_ids) -> list[int]:
        ids: list[int] = []
        for gemeente_id in gemeente_ids:
            ids.extend(u for u in self.per_gemeente.get(gemeente_id, []) if u not in ids)
        return ids


# --- one function per kind: (nu) -> candidates ------------------------------------------------


def integrale_controle(nu: datetime.datetime) -> Iterator[Kandidaat]:
    """The six-weekly integrated control is due within two weeks and none is planned."""
    vandaag = timezone.localdate(nu)
    ontvangers = Ontvangers(Rol.BELEIDSMEDEWERKER, Rol.TOEZICHTHOUDER)
    regels = Planningsregel.objects.filter(actief=True, soort=ControleSoort.INTEGRALE_CONTROLE).select_related(
        "gemeente"
    )
    for regel in regels:
        controles = Controle.objects.filter(gemeente_id=regel.gemeente_id, soort=regel.soort).exclude(
            status=ControleStatus.GEANNULEERD
        )
        stand = controles.aggregate(
            laatste=Max("datum", filter=Q(datum__lte=vandaag)),
            gepland=Max("datum", filter=Q(datum__gte=vandaag, status=ControleStatus.GEPLAND)),
        )
        if stand["gepland"]:
            continue
        if stand["laatste"]:
            volgende = stand["laatste"] + datetime.timedelta(weeks=regel.interval_weken)
            if volgende > vandaag + VOORUIT_INTEGRAAL:
                continue
            peildatum = volgende
            onderwerp = _("Integrale controle in %(gemeente)s nodig uiterlijk %(datum)s; er is er geen gepland.") % {
                "gemeente": regel.gemeente.naam,
                "datum": _dmy(volgende),
            }
        else:
            peildatum = NOG_NOOIT
            onderwerp = _("Er is nog geen integrale controle in %(gemeente)s vastgelegd of gepland.") % {
                "gemeente": regel.gemeente.naam
            }
        for uid in ontvangers.van(regel.gemeente_id):
            yield Kandidaat(
                HerinneringSoort.INTEGRALE_CONTROLE,
                uid,
                "controles.planningsregel",
                regel.pk,
                regel.gemeente_id,
                peildatum,
                nu,
                onderwerp,
                url_naar("controles:planning"),
            )


def controle_morgen_kandidaten(controle) -> Iterator[Kandidaat]:
    """Tomorrow's control, for each of its participants (also used by the event in controles)."""
    datum = controle.datum
    onderwerp = _("Morgen (%(datum)s%(tijd)s): %(controle)s in %(gemeente)s.") % {
        "datum": _dmy(datum),
        "tijd": f" {controle.starttijd:%H:%M}" if controle.starttijd else "",
        "controle": controle.get_soort_display(),
        "gemeente": controle.gemeente.naam,
    }
    for deelnemer in controle.deelnemers.all():
        if deelnemer.is_active:
            yield Kandidaat(
                HerinneringSoort.CONTROLE_MORGEN,
                deelnemer.pk,
                "controles.controle",
                controle.pk,
                controle.gemeente_id,
                datum,
                ochtend_van(datum - datetime.timedelta(days=1)),
                onderwerp,
                url_naar("controles:detail", controle.pk),
            )


def controle_morgen(nu: datetime.datetime) -> Iterator[Kandidaat]:
    """Safety net for the event: planned controls of tomorrow."""
    morgen = timezone.localdate(nu) + datetime.timedelta(days=1)
    controles = (
        Controle.objects.filter(status=ControleStatus.GEPLAND, datum=morgen)
        .select_related("gemeente")
        .prefetch_related("deelnemers")
    )
    for controle in controles:
        yield from controle_morgen_kandidaten(controle)


def weging_te_lang(nu: datetime.datetime) -> Iterator[Kandidaat]:
    """Signals waiting for weging longer than 14 days: to the handler, else the policy officers."""
    vandaag = timezone.localdate(nu)
    ontvangers = Ontvangers(Rol.BELEIDSMEDEWERKER)
    signalen = (
        Signaal.objects.wacht_op_weging()
        .filter(ontvangen_op__lt=vandaag - WEGING_TERMIJN)
        .select_related("behandelaar")
        .only("pk", "gemeente_id", "ontvangen_op", "behandelaar__is_active")
    )
    for signaal in signalen:
        if signaal.behandelaar and signaal.behandelaar.is_active:
            uids = [signaal.behandelaar.pk]
        else:
            uids = ontvangers.van(signaal.gemeente_id)
        onderwerp = _("Signaal %(nummer)s wacht sinds %(datum)s op weging (langer dan 14 dagen).") % {
            "nummer": signaal.nummer,
            "datum": _dmy(signaal.ontvangen_op),
        }
        for uid in uids:
            yield Kandidaat(
                HerinneringSoort.WEGING_TE_LANG,
                uid,
                "signalen.signaal",
                signaal.pk,
                signaal.gemeente_id,
                signaal.ontvangen_op + WEGING_TERMIJN,
                nu,
                onderwerp,
                url_naar("signalen:detail", signaal.pk),
            )


def bibob_kandidaten(interventie, ontvangers: "Ontvangers | None" = None) -> Iterator[Kandidaat]:
    """The Bibob advice is due (8 weeks after the request, or the extended date)."""
    signaal = interventie.signaal
    if interventie.door_id and interventie.door.is_active:
        uids = [interventie.door_id]
    elif signaal.behandelaar_id and signaal.behandelaar.is_active:
        uids = [signaal.behandelaar_id]
    else:
        uids = (ontvangers or Ontvangers(Rol.BELEIDSMEDEWERKER)).van(signaal.gemeente_id)
    termijn = interventie.advies_termijn_tot
    onderwerp = _("Het Bibob-advies bij signaal %(nummer)s wordt uiterlijk %(datum)s verwacht.") % {
        "nummer": signaal.nummer,
        "datum": _dmy(termijn),
    }
    for uid in uids:
        yield Kandidaat(
            HerinneringSoort.BIBOB_ADVIES,
            uid,
            "signalen.interventie",
            interventie.pk,
            signaal.gemeente_id,
            termijn,
            ochtend_van(termijn),
            onderwerp,
            url_naar("signalen:detail", signaal.pk),
        )


def bibob_advies(nu: datetime.datetime) -> Iterator[Kandidaat]:
    """Safety net for the event: open Bibob advices whose deadline has come."""
    vandaag = timezone.localdate(nu)
    ontvangers = Ontvangers(Rol.BELEIDSMEDEWERKER)
    interventies = (
        Interventie.objects.bibob_adviezen()
        .filter(afgerond_op__isnull=True, advies_termijn_tot__lte=vandaag)
        .select_related("signaal", "signaal__behandelaar", "door")
    )
    for interventie in interventies:
        yield from bibob_kandidaten(interventie, ontvangers)


def actie_kwartaal(nu: datetime.datetime) -> Iterator[Kandidaat]:
    """Actions due this quarter that have not started: to the owner, else the policy officers."""
    kwartaal = kwartaal_van(timezone.localdate(nu))
    start, eind = kwartaal_grenzen(kwartaal)
    ontvangers = Ontvangers(Rol.BELEIDSMEDEWERKER)
    acties = (
        Actie.objects.filter(status=ActieStatus.GEPLAND)
        .filter(
            Q(timing_soort=TimingSoort.KWARTAAL, kwartaal=kwartaal)
            | Q(timing_soort=TimingSoort.DATUM, datum__range=(start, eind))
        )
        .select_related("plan", "eigenaar")
        .prefetch_related("gemeenten", "plan__gemeenten")
    )
    for actie in acties:
        gemeente_ids = [g.pk for g in actie.gemeenten.all()] or [g.pk for g in actie.plan.gemeenten.all()]
        uids = [actie.eigenaar_id] if actie.eigenaar and actie.eigenaar.is_active else ontvangers.van(*gemeente_ids)
        onderwerp = _("Actie %(nummer)s van %(plan)s staat voor %(kwartaal)s en is nog niet gestart.") % {
            "nummer": actie.nummer,
            "plan": actie.plan.naam,
            "kwartaal": kwartaal,
        }
        for uid in uids:
            yield Kandidaat(
                HerinneringSoort.ACTIE_KWARTAAL,
                uid,
                "actieplan.actie",
                actie.pk,
                gemeente_ids[0] if gemeente_ids else None,
                actie.peildatum or eind,
                nu,
                onderwerp,
                url_naar("actieplan:lijst"),
            )


def communicatie(nu: datetime.datetime) -> Iterator[Kandidaat]:
    """Communication items planned in the coming seven days."""
    vandaag = timezone.localdate(nu)
    ontvangers = Ontvangers(Rol.BELEIDSMEDEWERKER)
    items = (
        CommunicatieItem.objects.filter(
            status=CommunicatieStatus.GEPLAND,
            datum__gt=vandaag,
            datum__lte=vandaag + datetime.timedelta(days=7),
        )
        .select_related("actie__eigenaar")
        .prefetch_related("gemeenten")
    )
    for item in items:
        gemeente_ids = [g.pk for g in item.gemeenten.all()]
        eigenaar = item.actie.eigenaar if item.actie_id else None
        uids = [eigenaar.pk] if eigenaar and eigenaar.is_active else ontvangers.van(*gemeente_ids)
        onderwerp = _("Communicatie op %(datum)s (%(kanaal)s): %(onderwerp)s") % {
            "datum": _dmy(item.datum),
            "kanaal": item.get_kanaal_display(),
            "onderwerp": item.onderwerp,
        }
        for uid in uids:
            yield Kandidaat(
                HerinneringSoort.COMMUNICATIE,
                uid,
                "actieplan.communicatieitem",
                item.pk,
                gemeente_ids[0] if gemeente_ids else None,
                item.datum,
                nu,
                onderwerp,
                url_naar("actieplan:communicatie"),
            )


def _geen_controle_sinds_label():
    return ~Exists(
        ControleObject.objects.filter(
            bedrijf_id=OuterRef("bedrijf_id"), controle__datum__gte=OuterRef("datum")
        ).exclude(controle__status=ControleStatus.GEANNULEERD)
    )


def theseus(nu: datetime.datetime) -> Iterator[Kandidaat]:
    """White or red Theseus businesses that have had no control for three months since labelling."""
    vandaag = timezone.localdate(nu)
    ontvangers = Ontvangers(Rol.TOEZICHTHOUDER, Rol.BELEIDSMEDEWERKER)
    labels = (
        TheseusLabel.objects.huidig()
        .filter(label__in=[Label.WIT, Label.ROOD], datum__lte=vandaag - THESEUS_TERMIJN)
        .filter(_geen_controle_sinds_label())
        .select_related("bedrijventerrein__gemeente")
    )
    for label in labels:
        terrein = label.bedrijventerrein
        onderwerp = _(
            "Een bedrijf met label %(label)s op %(terrein)s (%(gemeente)s) heeft sinds %(datum)s geen controle gehad."
        ) % {"label": label.get_label_display().lower(), "terrein": terrein.naam, "gemeente": terrein.gemeente.naam,
             "datum": _dmy(label.datum)}  # fmt: skip
        for uid in ontvangers.van(terrein.gemeente_id):
            yield Kandidaat(
                HerinneringSoort.THESEUS,
                uid,
                "controles.theseuslabel",
                label.pk,
                terrein.gemeente_id,
                label.datum + THESEUS_TERMIJN,
                nu,
                onderwerp,
                url_naar("controles:theseus_bedrijf", label.bedrijf_id),
            )


# How far ahead the scan looks for procedure terms (a template's reminder days are at most this).
PROCEDURE_VOORUIT = datetime.timedelta(days=31)


def procedurestap_termijn(nu: datetime.datetime) -> Iterator[Kandidaat]:
    """A step's term ends soon: to the procedure's owner, the template's number of days beforehand."""
    vandaag = timezone.localdate(nu)
    stappen = (
        ProcedureStap.objects.met_lopende_termijn()
        .filter(uiterste_datum__range=(vandaag, vandaag + PROCEDURE_VOORUIT), procedure__eigenaar__is_active=True)
        .select_related("sjabloon", "procedure__signaal")
    )
    for stap in stappen:
        herinneren_op = stap.uiterste_datum - datetime.timedelta(days=stap.sjabloon.herinneren_dagen)
        if herinneren_op > vandaag:
            continue
        procedure = stap.procedure
        if stap.sjabloon.rol == StapRol.SLUITING:
            tekst = _("De sluiting (procedure bij signaal %(nummer)s) eindigt op %(datum)s: bereid de heropening voor.")
        else:
            tekst = _("De termijn van '%(stap)s' (procedure bij signaal %(nummer)s) loopt af op %(datum)s.")
        onderwerp = tekst % {
            "stap": stap.sjabloon.naam,
            "nummer": procedure.signaal.nummer,
            "datum": _dmy(stap.uiterste_datum),
        }
        yield Kandidaat(
            HerinneringSoort.PROCEDURESTAP,
            procedure.eigenaar_id,
            "procedures.procedurestap",
            stap.pk,
            procedure.gemeente_id,
            stap.uiterste_datum,
            nu,
            onderwerp,
            url_naar("procedures:detail", procedure.pk),
        )


SCANNERS = (
    integrale_controle,
    controle_morgen,
    weging_te_lang,
    bibob_advies,
    actie_kwartaal,
    communicatie,
    theseus,
    procedurestap_termijn,
)


# --- still applicable at the moment of sending? ----------------------------------------------


def nog_actueel(herinnering: Herinnering, nu: datetime.datetime) -> bool:
    """False when the reason has gone (control moved or cancelled, signal weighed, advice in...)."""
    soort, pk, peildatum = herinnering.soort, herinnering.object_id, herinnering.peildatum
    if soort == HerinneringSoort.CONTROLE_MORGEN:
        return Controle.objects.filter(
            pk=pk, status=ControleStatus.GEPLAND, datum=peildatum, deelnemers=herinnering.ontvanger_id
        ).exists()
    if soort == HerinneringSoort.WEGING_TE_LANG:
        return Signaal.objects.wacht_op_weging().filter(pk=pk).exists()
    if soort == HerinneringSoort.BIBOB_ADVIES:
        return Interventie.objects.filter(pk=pk, afgerond_op__isnull=True, advies_termijn_tot=peildatum).exists()
    if soort == HerinneringSoort.PROCEDURESTAP:
        return ProcedureStap.objects.met_lopende_termijn().filter(pk=pk, uiterste_datum=peildatum).exists()
    if soort == HerinneringSoort.ACTIE_KWARTAAL:
        return Actie.objects.filter(pk=pk, status=ActieStatus.GEPLAND).exists()
    if soort == HerinneringSoort.COMMUNICATIE:
        return CommunicatieItem.objects.filter(pk=pk, status=CommunicatieStatus.GEPLAND, datum=peildatum).exists()
    if soort == HerinneringSoort.THESEUS:
        return TheseusLabel.objects.filter(pk=pk, huidig=True).filter(_geen_controle_sinds_label()).exists()
    if soort == HerinneringSoort.INTEGRALE_CONTROLE:
        regel = Planningsregel.objects.filter(pk=pk, actief=True).first()
        return (
            regel is not None
            and not Controle.objects.filter(
                gemeente_id=regel.gemeente_id,
                soort=regel.soort,
                status=ControleStatus.GEPLAND,
                datum__gte=timezone.localdate(nu),
            ).exists()
        )
    return True


def zichtbaar_voor_ontvanger(herinnering: Herinnering) -> bool:
    """The recipient must still be allowed to see the object (scope may have changed since planning)."""
    if not herinnering.object_type:
        return True
    model = apps.get_model(herinnering.object_type)
    manager = model._default_manager
    if not hasattr(manager.get_queryset(), "voor_gebruiker"):
        return True
    return manager.get_queryset().voor_gebruiker(herinnering.ontvanger).filter(pk=herinnering.object_id).exists()
