"""Writes of the core: the disclosure register."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from ondermijning import audit
from ondermijning.models import GRONDSLAGEN_PERSOONSGEGEVENS, AuditActie, Grondslag, Organisatie, Verstrekking


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
        op=timezone.now(),
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
    ).update(ingetrokken_op=timezone.now())
    if aantal:
        audit.log(actie=AuditActie.WIJZIGEN, actor=door, obj=obj, toelichting=f"verstrekking ingetrokken ({aantal})")
    return aantal
