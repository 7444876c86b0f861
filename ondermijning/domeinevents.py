"""Named domain events: how a lower app causes something in a higher one without importing it.

A higher app subscribes in its `AppConfig.ready()`. Events are sent with `send` (not
`send_robust`) inside the sender's transaction, so a receiver's error rolls the whole use case
back: the work a decision names exists exactly when the decision does.
"""

from dataclasses import dataclass

from django.dispatch import Signal

# The overleg decided on an agenda item (signalen). Keyword arguments: `agendapunt`, `besluit`,
# `door`. A receiver creates the work that this decision names in its app and returns a list of
# the objects it created (empty when the decision is not about its app).
besluit_genomen = Signal()

# The chair corrected a decision (signalen). Keyword arguments: `agendapunt`, `besluit` (the old
# decision), `door`, `reden`. A receiver withdraws the untouched work it created for that decision
# and returns `(ingetrokken, behouden)`: short Dutch descriptions of what it withdrew and of what it
# kept because someone already worked on it.
besluit_ingetrokken = Signal()

# A control was executed (controles). Keyword arguments: `controle`, `door`. actieplan books the
# ODRA costs of that control on the municipality's budget.
controle_uitgevoerd = Signal()

# The advice of the Landelijk Bureau Bibob was requested for an intervention (signalen). Keyword
# arguments: `interventie`, `door`. actieplan books the fixed advice fee (EUR 700).
bibob_advies_aangevraagd = Signal()

# The advice term of the Landelijk Bureau Bibob was extended by 4 weeks (signalen, the intervention's
# extension action). Keyword arguments: `interventie`, `door`. procedures moves the advice step of the
# running procedures on that intervention (and its task) to the intervention's new last day.
bibob_adviestermijn_verlengd = Signal()

# A task was completed (taken). Keyword arguments: `taak`, `door`. The app whose work the task is
# keeps its own record in line: procedures ticks the closure's communication item on the intervention
# when its communication task is done (see `communicatietaak_afgerond` for the other way round).
taak_afgerond = Signal()

# A communication item of a closure (posters, letter to neighbours, press release) was ticked off on
# the intervention (signalen). Keyword arguments: `taak` (the CommunicatieTaak), `door`. procedures
# completes the open communication task of the same item, so the two never disagree.
communicatietaak_afgerond = Signal()

# Retention is about to destroy a signal (signalen; sent before the row is deleted). Keyword
# arguments: `signaal`, `door`. Receivers delete what they keep about it (meldingen: its reminders;
# taken, documenten: tasks, documents and their stored files, files only after commit so a dry run
# or a rollback keeps them) and may return a dict {short Dutch noun: how many}, e.g.
# {"documenten": 2}: the tombstone records that they existed.
signaal_vernietigd = Signal()

# Which signals must retention keep because a higher app's own record refers to them? No keyword
# arguments; every receiver returns a QuerySet of signal ids (`.values("signaal_id")`), e.g.
# actieplan for the signals an action of a plan names.
signalen_in_gebruik = Signal()

# A read across layers: which visits (controles) were at these addresses or businesses? Sent by
# signalen's "ook bekend in". Keyword arguments: `gebruiker`, `adres_ids`, `bedrijf_ids`. A
# receiver returns a QuerySet of visits the user may see (each with `adres_id` and `bedrijf_id`),
# newest first, or None when the user may not see visits at all.
bezoeken_bij_subjecten = Signal()

# A read across layers: the internal year overview (actieplan) asks the apps above it for their
# figures of a year, e.g. procedures for its closed procedures by outcome. Keyword arguments:
# `gebruiker`, `jaar`. A receiver returns a list of `Jaarcijfer` rows within the user's scope (an
# empty list when the user may not see them), in a constant number of queries. actieplan shows them
# per group on the year overview page and in its PDF; never in the public edition.
jaarcijfers_gevraagd = Signal()


@dataclass(frozen=True)
class Jaarcijfer:
    """One row of the year overview from a higher app: `groep` heads a table, `label` names the row."""

    groep: str
    label: str
    aantal: int
