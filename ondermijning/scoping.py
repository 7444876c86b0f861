"""The one place that decides what a user may see.

Rule (need-to-know): a municipal user sees the data of the municipalities they work for; a
ketenpartner user sees only what was explicitly shared with their organisation; anonymous and
inactive users see nothing. Every app's QuerySet inherits `GescoptQuerySet` and names the path
to its municipality (and, where partners may see it, the path to the organisation it is shared
with). Views load objects with `get_object_or_404(Model.objects.voor_gebruiker(gebruiker), pk=...)`,
so out of scope looks exactly like missing: 404.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Rol(models.TextChoices):
    """Roles are Django groups with these names (created by migration 0002)."""

    BELEIDSMEDEWERKER = "beleidsmedewerker", _("OOV-beleidsmedewerker")
    TOEZICHTHOUDER = "toezichthouder", _("Toezichthouder / BOA")
    VOORZITTER = "voorzitter", _("Voorzitter lokaal ondermijningsoverleg")
    COORDINATOR = "coordinator", _("Coördinator")
    KETENPARTNER = "ketenpartner", _("Ketenpartner")
    BEHEERDER = "beheerder", _("Beheerder")
    # Widens a beheerder's back office (audit trail, disclosure register, reference lists) to every
    # municipality of the installation; grants no permissions and no access to signals by itself.
    REGIOBEHEERDER = "regiobeheerder", _("Regiobeheerder (alle gemeenten)")


def gemeente_ids(gebruiker) -> list[int]:
    """Ids of the municipalities whose data `gebruiker` may see; empty for partners and anonymous users."""
    if gebruiker is None or not gebruiker.is_authenticated or not gebruiker.is_active:
        return []
    if getattr(gebruiker, "is_ketenpartner", False):
        return []
    cached = getattr(gebruiker, "_gemeente_ids", None)
    if cached is None:
        cached = list(gebruiker.gemeenten.values_list("pk", flat=True))
        gebruiker._gemeente_ids = cached
    return cached


def beheert_alle_gemeenten(gebruiker) -> bool:
    """Whether `gebruiker`'s back office spans every municipality: a superuser or an explicit regiobeheerder.

    A beheerder without municipalities is not one of them: no silent default to "everything".
    """
    if gebruiker is None or not gebruiker.is_authenticated or not gebruiker.is_active:
        return False
    return gebruiker.is_superuser or Rol.REGIOBEHEERDER in getattr(gebruiker, "rollen", ())


def beheerde_gemeente_ids(gebruiker) -> list[int] | None:
    """The municipalities whose back-office records `gebruiker` sees; None means all of them."""
    return None if beheert_alle_gemeenten(gebruiker) else gemeente_ids(gebruiker)


def organisatie_id(gebruiker) -> int | None:
    """The organisation a ketenpartner user sees shared data for, else None."""
    if gebruiker is None or not gebruiker.is_authenticated or not gebruiker.is_active:
        return None
    if not getattr(gebruiker, "is_ketenpartner", False):
        return None
    return gebruiker.organisatie_id


class GescoptQuerySet(models.QuerySet):
    """Base QuerySet with `.voor_gebruiker(gebruiker)`.

    Subclasses set:
    - `gemeente_pad`: lookup path from the model to its `Gemeente` (e.g. "gemeente",
      "signaal__gemeente", "gemeenten" for a many-to-many).
    - `gedeeld_met_pad`: lookup path to the `Organisatie` the row is shared with, or None when
      partners never see this model.
    Multi-valued paths are resolved through a `pk__in` subquery so rows are never duplicated.
    """

    gemeente_pad: str = "gemeente"
    gedeeld_met_pad: str | None = None

    def _via_subquery(self, **lookup):
        return self.filter(pk__in=self.model._base_manager.filter(**lookup).values("pk"))

    def voor_gebruiker(self, gebruiker):
        """Only the rows `gebruiker` may see."""
        if gebruiker is None or not gebruiker.is_authenticated or not gebruiker.is_active:
            return self.none()
        if getattr(gebruiker, "is_ketenpartner", False):
            org = organisatie_id(gebruiker)
            if self.gedeeld_met_pad is None or org is None:
                return self.none()
            return self._via_subquery(**{self.gedeeld_met_pad: org})
        ids = gemeente_ids(gebruiker)
        if not ids:
            return self.none()
        lookup = {f"{self.gemeente_pad}__in": ids}
        if _is_meervoudig(self.model, self.gemeente_pad):
            return self._via_subquery(**lookup)
        return self.filter(**lookup)


def _is_meervoudig(model, pad: str) -> bool:
    """Whether a lookup path crosses a many-valued relation (and so could duplicate rows)."""
    for naam in pad.split("__"):
        field = model._meta.get_field(naam)
        if field.many_to_many or field.one_to_many:
            return True
        model = field.related_model
    return False
