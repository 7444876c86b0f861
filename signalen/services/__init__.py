"""Every write and status transition of the signalen app, one module per topic.

Keyword-only functions `<noun>_<verb>(*, ...)`, each in a transaction, validating with
`full_clean()` before saving, recording transitions and writing the audit trail. Times come from
`ondermijning.klok`, so the demo loader can replay its story through these same services.

- `levenscyclus`: registering, changing and moving a signal through its statuses
- `registratie`: the use case of registering a signal with its subjects (web, API, import)
- `subjecten`: linking and unlinking addresses, businesses and persons (the matching rule itself
  is `signalen.subjecten`)
- `weging`: the intern meldpunt, the CCV triage and enrichment (opplussen)
- `overleg`: the lokaal ondermijningsoverleg, its agenda, decisions and sharing
- `riec`: the RIEC signaalformulier and its route
- `interventies`: administrative measures, the Damocles ladder, Bibob
Retention is `signalen.bewaren`.

Everything public is importable from `signalen.services` itself.
"""

from signalen.services.interventies import (
    BIBOB_TERMIJN,
    BIBOB_VERLENGING,
    MAATREGELEN_13B,
    communicatietaak_afronden,
    interventie_afronden,
    interventie_bibob_advies_aanvragen,
    interventie_bibob_termijn_verlengen,
    interventie_start,
    ladderstap_voor,
)
from signalen.services.levenscyclus import (
    BEHANDELAAR_ONBEKEND,
    SIGNAAL_VELDEN,
    VERSIE_ONTBREEKT,
    VERSIE_VEROUDERD,
    controleer_behandelaar,
    signaal_registreer,
    signaal_transitie,
    signaal_wijzig,
    signaal_zoektekst_bijwerken,
    toegestane_statussen,
    valideer_signaal,
)
from signalen.services.overleg import (
    BESLUIT_INTERVENTIE,
    BESLUIT_NAAR_STATUS,
    agendapunt_besluit,
    agendapunt_besluit_corrigeer,
    agendapunt_delen,
    agendapunt_toevoegen,
    is_voorzitter,
    overleg_plan,
    overleg_sluiten,
)
from signalen.services.registratie import (
    GEMEENTE_NIET_VAN_U,
    VRAGEN,
    SubjectKeuzesNodig,
    signaal_met_subjecten_registreer,
)
from signalen.services.riec import riec_melding_opstellen, riec_melding_status, riec_melding_wijzig
from signalen.services.subjecten import (
    SUBJECT_KEUZE_MELDINGEN,
    SubjectKeuzeNodig,
    adres_koppel,
    bedrijf_koppel,
    persoon_koppel,
    subject_ontkoppel,
)
from signalen.services.weging import melding_doe, verrijking_toevoegen, weging_vastleggen
from signalen.subjecten import NIEUW

__all__ = [
    "BEHANDELAAR_ONBEKEND",
    "BESLUIT_INTERVENTIE",
    "BESLUIT_NAAR_STATUS",
    "BIBOB_TERMIJN",
    "BIBOB_VERLENGING",
    "GEMEENTE_NIET_VAN_U",
    "MAATREGELEN_13B",
    "NIEUW",
    "SIGNAAL_VELDEN",
    "SUBJECT_KEUZE_MELDINGEN",
    "VERSIE_ONTBREEKT",
    "VERSIE_VEROUDERD",
    "SubjectKeuzeNodig",
    "SubjectKeuzesNodig",
    "VRAGEN",
    "adres_koppel",
    "agendapunt_besluit",
    "agendapunt_besluit_corrigeer",
    "agendapunt_delen",
    "agendapunt_toevoegen",
    "bedrijf_koppel",
    "communicatietaak_afronden",
    "controleer_behandelaar",
    "interventie_afronden",
    "interventie_bibob_advies_aanvragen",
    "interventie_bibob_termijn_verlengen",
    "interventie_start",
    "is_voorzitter",
    "ladderstap_voor",
    "melding_doe",
    "overleg_plan",
    "overleg_sluiten",
    "persoon_koppel",
    "riec_melding_opstellen",
    "riec_melding_status",
    "riec_melding_wijzig",
    "signaal_met_subjecten_registreer",
    "signaal_registreer",
    "signaal_transitie",
    "signaal_wijzig",
    "signaal_zoektekst_bijwerken",
    "subject_ontkoppel",
    "toegestane_statussen",
    "valideer_signaal",
    "verrijking_toevoegen",
    "weging_vastleggen",
]
