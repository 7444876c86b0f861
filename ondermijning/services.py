"""Writes of the core: the disclosure register, and who may see what (roles, municipalities: four eyes)."""

from collections.abc import Iterable

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext as _

from ondermijning import audit, klok
from ondermijning.models import (
    GRONDSLAGEN_PERSOONSGEGEVENS,
    AuditActie,
    AuditResultaat,
    Besluit,
    Gebruiker,
    Grondslag,
    Organisatie,
    ToekenningSoort,
    Toekenningsverzoek,
    Verstrekking,
)
from ondermijning.scoping import beheerde_gemeente_ids


@transaction.atomic
def verstrekking_registreer(
    *,
    obj: Model,
    organisatie: Organisatie,
    door,
    grondslag: Grondslag,
    omschrijving: str,
    toelichting: str = "",
    persoonsgegevens: bool = False,
    gemeente=None,
) -> Verstrekking:
    """Record that `obj` was shared with `organisatie` (call it from every service that shares data).

    `gemeente` for objects that reach their municipality through another (an agenda item).
    """
    verstrekking = Verstrekking(
        organisatie=organisatie,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        omschrijving=omschrijving,
        gemeente_id=getattr(gemeente, "pk", gemeente) or getattr(obj, "gemeente_id", None),
        grondslag=grondslag,
        toelichting=toelichting,
        persoonsgegevens=persoonsgegevens,
        door=door,
        op=klok.nu(),
    )
    if persoonsgegevens and grondslag not in GRONDSLAGEN_PERSOONSGEGEVENS:
        melding = _("Persoonsgegevens delen vraagt een wettelijke grondslag: een convenant of een wettelijke taak.")
        raise ValidationError({"grondslag": melding})
    verstrekking.full_clean()
    verstrekking.save()
    audit.log(actie=AuditActie.AANMAKEN, actor=door, obj=verstrekking, gemeente=verstrekking.gemeente_id)
    return verstrekking


@transaction.atomic
def verstrekking_trek_in(*, obj: Model, organisatie: Organisatie, door) -> int:
    """Mark the open disclosures of `obj` to `organisatie` as withdrawn (sharing stopped)."""
    aantal = Verstrekking.objects.filter(
        object_type=obj._meta.label_lower, object_id=str(obj.pk), organisatie=organisatie, ingetrokken_op=None
    ).update(ingetrokken_op=klok.nu())
    if aantal:
        audit.log(actie=AuditActie.WIJZIGEN, actor=door, obj=obj, toelichting=f"verstrekking ingetrokken ({aantal})")
    return aantal


@transaction.atomic
def verstrekkingen_bij(
    *,
    obj: Model,
    organisaties: Iterable[Organisatie],
    door,
    grondslag: Grondslag,
    omschrijving: str,
    toelichting: str = "",
    persoonsgegevens: bool = False,
    gemeente=None,
) -> None:
    """Bring the register in line with the organisations that now see `obj` (call it whenever sharing changes).

    An organisation that newly sees it is recorded; one that sees it on other terms (basis, person
    data, explanation) gets its old entry withdrawn and a new one; one that no longer sees it is
    withdrawn. An organisation already recorded on the same terms is left alone.
    """
    gewenst = {o.pk: o for o in organisaties}
    open_registraties = {
        v.organisatie_id: v
        for v in Verstrekking.objects.filter(
            object_type=obj._meta.label_lower, object_id=str(obj.pk), ingetrokken_op=None
        ).select_related("organisatie")
    }
    for pk in sorted(gewenst):
        bestaand = open_registraties.get(pk)
        if bestaand and (bestaand.grondslag, bestaand.persoonsgegevens, bestaand.toelichting) == (
            grondslag,
            persoonsgegevens,
            toelichting,
        ):
            continue
        if bestaand:
            verstrekking_trek_in(obj=obj, organisatie=gewenst[pk], door=door)
        verstrekking_registreer(
            obj=obj,
            organisatie=gewenst[pk],
            door=door,
            grondslag=grondslag,
            omschrijving=omschrijving,
            toelichting=toelichting,
            persoonsgegevens=persoonsgegevens,
            gemeente=gemeente,
        )
    for pk in sorted(open_registraties.keys() - gewenst.keys()):
        verstrekking_trek_in(obj=obj, organisatie=open_registraties[pk].organisatie, door=door)


# --- Separation of duties: roles and municipalities ---------------------------------------------
# Every role is a grant that takes a second beheerder, not only the data roles (beleidsmedewerker,
# voorzitter, coordinator, toezichthouder): a beheerder role given at once would let a beheerder
# create its own second pair of eyes, ketenpartner opens what was shared with an organisation, and
# regiobeheerder opens every municipality's audit trail. Taking a right away is effective at once.


def _lijst(waarden) -> str:
    return ",".join(sorted(str(w) for w in waarden)) or "(geen)"


def rechten_wijziging_controleer(
    *, gebruiker: Gebruiker, door, rollen: Iterable[str], gemeenten: Iterable[int]
) -> None:
    """Refuse (ValidationError, in Dutch) what no beheerder may ask: widening its own rights, or granting a
    municipality outside the ones it manages. Called by the admin form and by `gebruiker_rechten_wijzig`."""
    erbij_rollen = set(rollen) - set(gebruiker.groups.values_list("name", flat=True))
    erbij_gemeenten = set(gemeenten) - set(gebruiker.gemeenten.values_list("pk", flat=True))
    if gebruiker.pk == getattr(door, "pk", None) and (erbij_rollen or erbij_gemeenten):
        audit.log(
            actie=AuditActie.TOEGANG_GEWEIGERD, actor=door, obj=gebruiker, resultaat=AuditResultaat.GEWEIGERD,
            toelichting=f"eigen rechten: rollen +{_lijst(erbij_rollen)} gemeenten +{_lijst(erbij_gemeenten)}",
        )  # fmt: skip
        raise ValidationError(
            _("U kunt uzelf geen rollen of gemeenten geven. Vraag een andere beheerder om dit aan te vragen.")
        )
    beheerd = beheerde_gemeente_ids(door)
    if beheerd is not None and erbij_gemeenten - set(beheerd):
        raise ValidationError(_("U kunt alleen gemeenten toekennen die u zelf beheert."))


@transaction.atomic
def gebruiker_rechten_wijzig(
    *, gebruiker: Gebruiker, door, rollen: Iterable[str], gemeenten: Iterable[int]
) -> list[Toekenningsverzoek]:
    """Set a user's roles and municipalities: removals at once, additions as requests for a second beheerder."""
    rollen, gemeenten = set(rollen), set(gemeenten)
    rechten_wijziging_controleer(gebruiker=gebruiker, door=door, rollen=rollen, gemeenten=gemeenten)
    voor_rollen = set(gebruiker.groups.values_list("name", flat=True))
    voor_gemeenten = set(gebruiker.gemeenten.values_list("pk", flat=True))
    if weg := voor_rollen - rollen:
        gebruiker.groups.remove(*Group.objects.filter(name__in=weg))
        audit.log(actie=AuditActie.WIJZIGEN, actor=door, obj=gebruiker,
                  toelichting=f"rollen: {_lijst(voor_rollen)} -> {_lijst(voor_rollen - weg)}")  # fmt: skip
    if weg := voor_gemeenten - gemeenten:
        gebruiker.gemeenten.remove(*weg)
        audit.log(actie=AuditActie.WIJZIGEN, actor=door, obj=gebruiker,
                  toelichting=f"gemeenten: {_lijst(voor_gemeenten)} -> {_lijst(voor_gemeenten - weg)}")  # fmt: skip
    gevraagd = [(ToekenningSoort.ROL, rol, None) for rol in sorted(rollen - voor_rollen)]
    gevraagd += [(ToekenningSoort.GEMEENTE, "", pk) for pk in sorted(gemeenten - voor_gemeenten)]
    al_open = set(Toekenningsverzoek.objects.open().filter(gebruiker=gebruiker).values_list("soort", "rol", "gemeente"))
    verzoeken = []
    for soort, rol, gemeente_id in gevraagd:
        if (soort, rol, gemeente_id) in al_open:
            continue
        verzoek = Toekenningsverzoek(
            gebruiker=gebruiker, soort=soort, rol=rol, gemeente_id=gemeente_id, aangevraagd_door=door
        )
        verzoek.full_clean()
        verzoek.save()
        verzoeken.append(verzoek)
    audit.log_reeks([
        {"actie": AuditActie.AANMAKEN, "actor": door, "obj": v,
         "toelichting": f"toekenning aangevraagd: gebruiker={gebruiker.pk} {v.soort}={v.rol or v.gemeente_id}"}
        for v in verzoeken
    ])  # fmt: skip
    return verzoeken


@transaction.atomic
def toekenningsverzoek_beoordeel(*, verzoek: Toekenningsverzoek, door, goedkeuren: bool) -> Toekenningsverzoek:
    """A second beheerder approves (the grant becomes effective) or refuses a pending grant."""
    verzoek = Toekenningsverzoek.objects.select_for_update().select_related("gebruiker").get(pk=verzoek.pk)
    if verzoek.besluit != Besluit.OPEN:
        raise ValidationError(_("Over dit verzoek is al besloten."))
    if not Toekenningsverzoek.objects.te_beoordelen_door(door).filter(pk=verzoek.pk).exists():
        audit.log(actie=AuditActie.TOEGANG_GEWEIGERD, actor=door, obj=verzoek, resultaat=AuditResultaat.GEWEIGERD,
                  toelichting="eigen verzoek of verzoek over zichzelf beoordelen")  # fmt: skip
        raise ValidationError(
            _("Een tweede beheerder beslist over dit verzoek: niet wie het aanvroeg en niet wie het betreft.")
        )
    beheerd = beheerde_gemeente_ids(door)
    if goedkeuren and verzoek.gemeente_id and beheerd is not None and verzoek.gemeente_id not in beheerd:
        raise ValidationError(_("U kunt alleen gemeenten toekennen die u zelf beheert."))
    verzoek.besluit = Besluit.GOEDGEKEURD if goedkeuren else Besluit.AFGEWEZEN
    verzoek.beoordeeld_door, verzoek.beoordeeld_op = door, klok.nu()
    verzoek.save(update_fields=["besluit", "beoordeeld_door", "beoordeeld_op"])
    events = [{"actie": AuditActie.TRANSITIE, "actor": door, "obj": verzoek,
               "toelichting": f"open -> {verzoek.besluit}"}]  # fmt: skip
    if goedkeuren:
        gebruiker = verzoek.gebruiker
        if verzoek.soort == ToekenningSoort.ROL:
            voor = set(gebruiker.groups.values_list("name", flat=True))
            gebruiker.groups.add(Group.objects.get(name=verzoek.rol))
            wat = f"rollen: {_lijst(voor)} -> {_lijst(voor | {verzoek.rol})}"
        else:
            voor = set(gebruiker.gemeenten.values_list("pk", flat=True))
            gebruiker.gemeenten.add(verzoek.gemeente_id)
            wat = f"gemeenten: {_lijst(voor)} -> {_lijst(voor | {verzoek.gemeente_id})}"
        events.append({"actie": AuditActie.WIJZIGEN, "actor": door, "obj": gebruiker,
                       "toelichting": f"{wat} (verzoek {verzoek.pk} van {verzoek.aangevraagd_door_id})"})  # fmt: skip
    audit.log_reeks(events)
    return verzoek


@transaction.atomic
def gebruiker_superuser_zet(*, gebruiker: Gebruiker, aan: bool) -> Gebruiker:
    """Make or unmake a superuser: only from the command line (`manage.py superuser_zet`), never in the admin."""
    voor = gebruiker.is_superuser
    gebruiker.is_superuser = aan
    gebruiker.save(update_fields=["is_superuser"])
    ja_nee = {True: "ja", False: "nee"}
    audit.log(actie=AuditActie.WIJZIGEN, obj=gebruiker,
              toelichting=f"is_superuser: {ja_nee[voor]} -> {ja_nee[aan]} (opdrachtregel)")  # fmt: skip
    return gebruiker
