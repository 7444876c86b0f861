"""The workflow kit: one way to declare and run a status machine.

Each app declares its machines in its own `workflow.py` (a table of `Transitie` rows, each saying
why the step is allowed, and `Handeling` rows for work that is only allowed in some statuses).
Services run a step with `Workflow.voer_uit`: optimistic lock, table check, history row, status
change and audit event in one transaction. Templates ask `toegestane_acties(obj, gebruiker)` (the
`{% toegestane_acties %}` tag) instead of comparing status literals.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _

from ondermijning import audit, klok
from ondermijning.models import AuditActie

_WORKFLOWS: dict[type[models.Model], Workflow] = {}


def workflow_van(obj) -> Workflow:
    """The status machine of `obj`'s model (each app's workflow.py registers its machines)."""
    if type(obj) not in _WORKFLOWS:
        autodiscover_modules("workflow")
    return _WORKFLOWS[type(obj)]


def toegestane_acties(obj, gebruiker) -> set[str]:
    """What `gebruiker` may do with `obj` in its status now; templates ask this, not status literals."""
    return workflow_van(obj).toegestane_acties(obj, gebruiker)


class OvergangGeweigerd(ValidationError):
    """A step the workflow does not allow now; nothing was changed."""


class VersieConflict(ValidationError):
    """Someone else saved the object after this user opened it (or the edit did not say which
    version it saw); nothing was changed. `huidige_versie` is the version now stored."""

    def __init__(self, message, *, huidige_versie: int | None = None, **kwargs):
        super().__init__(message, code="versie", **kwargs)
        self.huidige_versie = huidige_versie


VERSIE_ONTBREEKT = gettext_lazy("De versie ontbreekt. Open de gegevens opnieuw en breng uw wijziging dan aan.")
VERSIE_VEROUDERD = gettext_lazy(
    "Iemand anders heeft dit intussen gewijzigd (versie %(nu)s, u bewerkte versie %(oud)s). "
    "Laad de pagina opnieuw en voer uw wijziging nogmaals in."
)


def controleer_versie(
    obj,
    versie: int | str | None,
    *,
    verplicht: bool = True,
    ontbreekt: str | None = None,
    verouderd: str | None = None,
) -> None:
    """Refuse an edit whose version is missing or is not the one stored now (optimistic lock).

    A missing version is refused like a stale one: without it nobody can tell what the user saw.
    Only a status step guarded by its table may pass `verplicht=False`.
    """
    if versie is None or versie == "":
        if verplicht:
            raise VersieConflict(ontbreekt or VERSIE_ONTBREEKT, huidige_versie=obj.versie)
        return
    if int(versie) != obj.versie:
        bericht = verouderd or (VERSIE_VEROUDERD % {"nu": obj.versie, "oud": versie})
        raise VersieConflict(bericht, huidige_versie=obj.versie)


@dataclass(frozen=True)
class Transitie:
    """One allowed step: from any of `van` to `naar`, with the reason it is allowed.

    `actie` names the step for `toegestane_acties`; `mag(obj, gebruiker)` narrows who may take it;
    `permissie` only narrows what is offered (`toegestane_acties`): the view enforces it.
    `intern` steps are taken only by a service that names them (never offered as a free choice).
    """

    van: tuple[str, ...]
    naar: str
    reden: str
    actie: str = ""
    mag: Callable | None = None
    permissie: str = ""
    intern: bool = False


@dataclass(frozen=True)
class Handeling:
    """Work that does not change the status itself but is only allowed in some statuses.

    `permissie` only narrows what is offered (`toegestane_acties`): the view enforces it.
    """

    actie: str
    in_status: tuple[str, ...]
    reden: str
    weigering: str = ""
    mag: Callable | None = None
    permissie: str = ""


class Workflow:
    """One status machine: its table, its history model and the way to run a step."""

    def __init__(
        self,
        *,
        model: type[models.Model],
        keuzes: type[models.TextChoices],
        transities: Iterable[Transitie],
        handelingen: Iterable[Handeling] = (),
        historie: type[models.Model] | None = None,
        historie_veld: str = "",
        veld: str = "status",
        weigering: str = "",
        gemeente: Callable | None = None,
        fout_veld: str = "",
    ):
        self.model = model
        self.keuzes = keuzes
        self.transities = tuple(transities)
        self.handelingen = {h.actie: h for h in handelingen}
        self.historie = historie
        self.historie_veld = historie_veld
        self.veld = veld
        self.weigering = weigering or gettext_lazy("Van '%(van)s' naar '%(naar)s' is geen toegestane stap.")
        self.gemeente = gemeente
        self.fout_veld = fout_veld  # refusals under this form field (the status field of an edit form)
        for t in self.transities:
            for status in (*t.van, t.naar):
                keuzes(status)  # a typo in a table fails at import, not at the first click
        _WORKFLOWS[model] = self

    # --- reading the table ------------------------------------------------------------------

    def _label(self, status: str) -> str:
        try:
            return self.keuzes(status).label
        except ValueError:
            return status

    def transities_van(self, status: str, *, intern: bool = False) -> list[Transitie]:
        """The steps out of `status` in table order (internal ones only when asked)."""
        return [t for t in self.transities if status in t.van and (intern or not t.intern)]

    def naar_statussen(self, status: str) -> list[str]:
        """The statuses a user may choose from `status` (the only ones the UI offers)."""
        gezien: list[str] = []
        for t in self.transities_van(status):
            if t.naar not in gezien:
                gezien.append(t.naar)
        return gezien

    def mag_naar(self, status: str, naar: str) -> bool:
        return naar in self.naar_statussen(status)

    def toegestaan(self, obj, gebruiker=None) -> list[Transitie]:
        """The steps `gebruiker` may take on `obj` now."""
        status = getattr(obj, self.veld)
        return [t for t in self.transities_van(status) if t.mag is None or gebruiker is None or t.mag(obj, gebruiker)]

    def toegestane_acties(self, obj, gebruiker=None) -> set[str]:
        """Names of the steps and the status-bound work `gebruiker` may do on `obj` now."""
        status = getattr(obj, self.veld)

        def mag(stap) -> bool:
            if gebruiker is None:
                return True
            return (not stap.permissie or gebruiker.has_perm(stap.permissie)) and (
                stap.mag is None or stap.mag(obj, gebruiker)
            )

        acties = {t.actie for t in self.toegestaan(obj, gebruiker) if t.actie and mag(t)}
        acties |= {h.actie for h in self.handelingen.values() if status in h.in_status and mag(h)}
        return acties

    # --- refusing -----------------------------------------------------------------------------

    def vereis(self, obj, actie: str, door=None) -> None:
        """Refuse status-bound work (`Handeling`) that is not allowed in the object's status now."""
        handeling = self.handelingen[actie]
        status = getattr(obj, self.veld)
        if status not in handeling.in_status or (handeling.mag and door is not None and not handeling.mag(obj, door)):
            bericht = handeling.weigering or handeling.reden
            raise OvergangGeweigerd(bericht % {"status": self._label(status)}, code="overgang")

    def controleer(self, obj, *, naar: str, actie: str = "", door=None) -> Transitie:
        """The table row that allows moving `obj` to `naar` (via step `actie` if named); else refuse."""
        van = getattr(obj, self.veld)
        for t in self.transities_van(van, intern=bool(actie)):
            if t.naar == naar and (not actie or t.actie == actie) and (t.mag is None or t.mag(obj, door)):
                return t
        bericht = self.weigering % {"van": self._label(van), "naar": self._label(naar)}
        raise OvergangGeweigerd({self.fout_veld: bericht} if self.fout_veld else bericht, code="overgang")

    # --- running a step -------------------------------------------------------------------------

    @transaction.atomic
    def voer_uit(
        self,
        obj,
        *,
        naar: str,
        door,
        reden: str = "",
        actie: str = "",
        versie: int | str | None = None,
        versie_verplicht: bool = False,
        velden: dict | None = None,
        opslaan: bool = True,
        valideer: bool = False,
    ):
        """Take one step: lock check, table check, history row, status change and audit event.

        `obj` should be locked by the caller (select_for_update). `velden` are set with the status
        (a closing reason, a date). With `opslaan=False` the caller saves (with its other changes).
        Status steps pass `versie` when the form sent one; the table guards them either way.
        """
        if versie not in (None, "") or versie_verplicht:
            controleer_versie(obj, versie)
        self.controleer(obj, naar=naar, actie=actie, door=door)
        van = getattr(obj, self.veld)
        if self.historie is not None:
            rij = self.historie(
                **{self.historie_veld: obj}, van=van, naar=naar, door=door, reden=reden, created_at=klok.nu()
            )
            rij.full_clean(exclude=[self.historie_veld, "door"])  # both come from the code: no lookups
            rij.save()
        setattr(obj, self.veld, naar)
        for naam, waarde in (velden or {}).items():
            setattr(obj, naam, waarde)
        if opslaan:
            if hasattr(obj, "versie"):
                obj.versie += 1
            if valideer:
                obj.full_clean()
            obj.save()
        audit.log(
            actie=AuditActie.TRANSITIE,
            actor=door,
            obj=obj,
            gemeente=self.gemeente(obj) if self.gemeente else None,
            toelichting=f"{van or '-'} -> {naar}",
        )
        return obj

    def registreer_begin(self, obj, *, door, reden: str = "") -> None:
        """Record the first status of a new object (history row and audit event, no table check)."""
        naar = getattr(obj, self.veld)
        if self.historie is not None:
            rij = self.historie(
                **{self.historie_veld: obj}, van="", naar=naar, door=door, reden=reden, created_at=klok.nu()
            )
            rij.full_clean(exclude=[self.historie_veld, "door"])  # both come from the code: no lookups
            rij.save()
        audit.log(actie=AuditActie.TRANSITIE, actor=door, obj=obj, toelichting=f"- -> {naar}")


class StatusWijziging(models.Model):
    """One recorded step of a status machine: from, to, who, when, why. Each machine's history
    model inherits this and adds the foreign key to its object (and `choices` on van/naar)."""

    van = models.CharField(_("van"), max_length=20, blank=True)
    naar = models.CharField(_("naar"), max_length=20)
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("door"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("tijdstip"), default=klok.nu, db_index=True)
    reden = models.TextField(_("reden"), blank=True)

    class Meta:
        abstract = True
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.van or '-'} -> {self.naar}"
