"""Which tasks a decision of the overleg creates: only where a person must act, each with its owner and term.

The owner is the signal's handler (behandelaar), or the chair who took the decision when the signal has
none yet: somebody must pick it up. A partner organisation gets a task only when the agenda item was
already shared with it (so the task discloses nothing new), and then only for the police's part of a
13b case: the bestuurlijke rapportage. "Afsluiten" and "Anders" name no work.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from ondermijning.models import OrganisatieType
from signalen.models import Besluit


@dataclass(frozen=True)
class BesluitTaak:
    omschrijving: str
    dagen: int  # due this many days after the decision
    partner: str = ""  # OrganisatieType of a partner that gets this task, when the item is shared with it


BESLUIT_TAKEN: dict[str, tuple[BesluitTaak, ...]] = {
    Besluit.OPPLUSSEN: (BesluitTaak(_("Signaal opplussen voor het volgende overleg"), 28),),
    Besluit.RIEC_SIGNAAL: (BesluitTaak(_("RIEC-signaalformulier invullen en indienen"), 14),),
    # The control itself is planned by controles; its partners and inspectors are still to be agreed.
    Besluit.CONTROLE_PLANNEN: (BesluitTaak(_("Partners en toezichthouders van de geplande controle afstemmen"), 7),),
    Besluit.STOP_GESPREK: (BesluitTaak(_("STOP-gesprek plannen en voeren"), 14),),
    Besluit.BIBOB: (BesluitTaak(_("Bibob-intakegesprek plannen en het onderzoek starten"), 14),),
    Besluit.TRAJECT_13B: (
        BesluitTaak(_("13b-traject starten: ladderstap bepalen en voornemen voorbereiden"), 14),
        BesluitTaak(_("Bestuurlijke rapportage aanleveren"), 14, partner=OrganisatieType.POLITIE),
    ),
    Besluit.HELING: (BesluitTaak(_("DOR-controle van de opkoper voorbereiden"), 28),),
}
