"""Reads of the taken app shared by pages."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _

from taken.models import Taak


@dataclass(frozen=True)
class Verwijzing:
    """A link from a task to what it is about."""

    label: str
    tekst: str
    url: str


def _zichtbaar(model, pk: int, gebruiker, permissie: str):
    """The object when the user may open it (its permission and its own scope), else None."""
    if not gebruiker.has_perm(permissie):
        return None
    beheerder = model._default_manager
    qs = beheerder.voor_gebruiker(gebruiker) if hasattr(beheerder, "voor_gebruiker") else beheerder.none()
    return qs.filter(pk=pk).first()


def verwijzingen(taak: Taak, gebruiker) -> list[Verwijzing]:
    """What the task is about, each linked to its page, only where the user may open that page.

    The part of a case behind the generic link (a procedure step) is a higher app's model: taken does
    not import it but asks the model for its page (`get_absolute_url`) and its permission
    (`bekijk_permissie`, else the model's view permission), and loads it through its own scope."""
    uit: list[Verwijzing] = []
    if taak.signaal_id and _zichtbaar(type(taak.signaal), taak.signaal_id, gebruiker, "signalen.view_signaal"):
        tekst = f"{taak.signaal.nummer} {taak.signaal.titel}"
        uit.append(Verwijzing(_("Signaal"), tekst, reverse("signalen:detail", args=[taak.signaal_id])))
    if taak.interventie_id and _zichtbaar(
        type(taak.interventie), taak.interventie_id, gebruiker, "signalen.view_interventie"
    ):
        uit.append(
            Verwijzing(
                _("Interventie"),
                taak.interventie.get_soort_display(),
                reverse("signalen:interventie_detail", args=[taak.interventie_id]),
            )
        )
    if taak.controle_id and _zichtbaar(type(taak.controle), taak.controle_id, gebruiker, "controles.view_controle"):
        uit.append(Verwijzing(_("Controle"), str(taak.controle), reverse("controles:detail", args=[taak.controle_id])))
    if taak.actie_id and _zichtbaar(type(taak.actie), taak.actie_id, gebruiker, "actieplan.view_actie"):
        tekst = f"{taak.actie.nummer}. {taak.actie.omschrijving[:80]}"
        uit.append(Verwijzing(_("Actie"), tekst, reverse("actieplan:actie_bewerken", args=[taak.actie_id])))
    if taak.onderdeel_type_id and taak.onderdeel_id:
        model = taak.onderdeel_type.model_class()
        if model is not None and hasattr(model, "get_absolute_url"):
            meta = model._meta
            permissie = getattr(model, "bekijk_permissie", f"{meta.app_label}.view_{meta.model_name}")
            onderdeel = _zichtbaar(model, taak.onderdeel_id, gebruiker, permissie)
            if onderdeel is not None:
                uit.append(
                    Verwijzing(str(meta.verbose_name).capitalize(), str(onderdeel), onderdeel.get_absolute_url())
                )
    return uit
