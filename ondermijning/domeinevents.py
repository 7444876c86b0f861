"""Named domain events: how a lower app causes something in a higher one without importing it.

A higher app subscribes in its `AppConfig.ready()`. Events are sent with `send` (not
`send_robust`) inside the sender's transaction, so a receiver's error rolls the whole use case
back: the work a decision names exists exactly when the decision does.
"""

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

# Retention destroys a signal (signalen, signalen_vernietig), sent before the signal's row is deleted.
# Keyword arguments: `signaal`, `door`. A receiver removes what its app holds about the signal (rows
# and stored files; files only after commit, so a dry run or a rollback keeps them) and returns a
# dict {short Dutch noun: how many}, e.g. {"documenten": 2}: the tombstone records that they existed.
signaal_vernietigd = Signal()
