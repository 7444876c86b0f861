"""Letters from Word templates: the voornemen, the besluit, the letter to neighbours, the Bibob questionnaire.

Which template: the municipality's active template in the admin (Briefsjabloon), else an active one
for all municipalities, else the standard templates in the repository (procedures/sjablonen/: the
house style of the municipality by CBS code when there is one, else `standaard/`). The repository
files are a fallback lookup, not rows seeded by a data migration: they are reviewed and versioned
with the code that fills them (a new field in the context and in the template change together),
migrate never writes to the media storage (which may be S3), and a row in the admin simply takes
precedence, so a functional administrator starts from a downloaded standard file and uploads
their own.
"""

import io
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.template import Context, Engine
from django.utils import formats, translation
from django.utils.translation import gettext as _
from docxtpl import DocxTemplate
from jinja2 import TemplateError
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

from documenten.models import Document, DocumentSoort, Vertrouwelijkheid
from documenten.services import document_voeg_toe
from ondermijning import audit, klok
from ondermijning.models import AuditActie
from ondermijning.pdf import html_naar_pdf
from procedures import termijnen
from procedures.models import Briefsjabloon, BriefSoort, ProcedureStap, StapRol
from procedures.selectors import tijdlijn
from procedures.workflow import PROCEDURE
from signalen.models import LadderMaatregel

SJABLONEN = Path(__file__).resolve().parent / "sjablonen"

# The document type a generated letter gets in the documenten app.
DOCUMENTSOORT = {
    BriefSoort.VOORNEMEN: DocumentSoort.VOORNEMEN,
    BriefSoort.BESLUIT: DocumentSoort.BESLUIT,
    BriefSoort.OMWONENDEN: DocumentSoort.OVERIG,
    BriefSoort.BIBOB_VRAGENLIJST: DocumentSoort.OVERIG,
}

# A standalone template engine for the HTML variants an administrator writes: the built-in tags and
# filters only (no app's template libraries), autoescaped.
_HTML_ENGINE = Engine(autoescape=True)


@dataclass(frozen=True)
class GekozenSjabloon:
    docx: bytes
    html: str
    ondertekenaar: str
    herkomst: str  # for the audit trail: which template made the letter


def sjabloon_kies(*, gemeente, vorm: str, brief: str) -> GekozenSjabloon:
    """The municipality's active template, else the general one, else the repository's standard file."""
    rijen = Briefsjabloon.objects.filter(
        Q(gemeente=gemeente) | Q(gemeente__isnull=True), vorm=vorm, brief=brief, actief=True
    )
    # The municipality's own first, then the newest (in Python: NULLs sort differently per database).
    rijen = sorted(rijen, key=lambda r: (r.gemeente_id is None, -r.created_at.timestamp()))
    if rijen:
        gekozen = rijen[0]
        with gekozen.bestand.open("rb") as bestand:
            data = bestand.read()
        return GekozenSjabloon(data, gekozen.html, gekozen.ondertekenaar, f"briefsjabloon {gekozen.pk}")
    for stijl in (gemeente.cbs_code, "standaard"):
        pad = SJABLONEN / stijl / f"{vorm}-{brief}.docx"
        if pad.is_file():
            return GekozenSjabloon(pad.read_bytes(), "", "", f"standaard {stijl}/{pad.name}")
    raise ValidationError(
        _("Er is geen sjabloon voor de brief '%(brief)s' bij deze soort procedure (zie Beheer, Briefsjablonen).")
        % {"brief": BriefSoort(brief).label}
    )


def _datum(dag) -> str:
    if not dag:
        return ""
    with translation.override("nl"):
        return formats.date_format(dag, "j F Y")


def _pandsoort(soort_zaak: str) -> str:
    """What the 13b letters close: a dwelling (with a grace period) or business premises."""
    if soort_zaak.endswith("_woning"):
        return str(_("woning"))
    if soort_zaak.endswith("_bedrijfspand"):
        return str(_("bedrijfspand"))
    return str(_("pand"))


def _pand(soort_zaak: str) -> str:
    """The same with its article, as a letter says it: 'de woning', 'het bedrijfspand'."""
    soort = _pandsoort(soort_zaak)
    return str(_("de woning")) if soort == str(_("woning")) else _("het %(soort)s") % {"soort": soort}


def _zin(tekst: str) -> str:
    """A recorded text as a sentence in a letter: stripped, ending with a full stop."""
    tekst = tekst.strip()
    return tekst if not tekst or tekst[-1] in ".!?" else f"{tekst}."


def _termijn_vanaf(stappen: list[ProcedureStap], stap: ProcedureStap | None, vandaag):
    """The last day of the first term that counts from `stap`: as stored, or as it will be when the letter
    goes out today (a voornemen letter is made before its step is recorded as sent)."""
    if stap is None:
        return None
    volgende = next((s for s in stappen if s.sjabloon.vanaf_id == stap.sjabloon_id), None)
    if volgende is None:
        return None
    if volgende.uiterste_datum:
        return volgende.uiterste_datum
    sjabloon = volgende.sjabloon
    return termijnen.uiterste_datum(
        stap.gedaan_op or vandaag, termijn=sjabloon.termijn, eenheid=sjabloon.eenheid, werkdagen=sjabloon.werkdagen
    )


def brief_context(*, stap: ProcedureStap, ondertekenaar: str = "") -> dict[str, str]:
    """Everything a letter may say, as text: the procedure, its steps, the computed terms."""
    procedure = stap.procedure
    stappen = tijdlijn(procedure)
    vandaag = klok.vandaag()

    def rol(r):
        return next((s for s in stappen if s.sjabloon.rol == r), None)

    def brief(b):
        return next((s for s in stappen if s.sjabloon.brief == b), None)

    ladder, toets, besluit, sluiting = (
        rol(StapRol.LADDER),
        rol(StapRol.PROPORTIONALITEIT),
        rol(StapRol.BESLUIT),
        rol(StapRol.SLUITING),
    )
    voornemen = brief(BriefSoort.VOORNEMEN)
    zienswijze = (
        next((s for s in stappen if voornemen and s.sjabloon.vanaf_id == voornemen.sjabloon_id), None)
        if voornemen
        else None
    )
    intake = stappen[0] if stappen else None
    ladderstap = ladder.ladderstap if ladder else None
    ladder_waarschuwt = bool(ladderstap and ladderstap.maatregel == LadderMaatregel.WAARSCHUWING)
    # A recorded decision says what it is; before it, the ladder step says what is intended.
    waarschuwing = (
        besluit.uitkomst.lower() == LadderMaatregel.WAARSCHUWING
        if besluit and besluit.gedaan_op and besluit.uitkomst
        else ladder_waarschuwt
    )
    adres = procedure.adres
    eigenaar = procedure.eigenaar
    return {
        "gemeente": procedure.gemeente.naam,
        "burgemeester": ondertekenaar,
        "datum": _datum(vandaag),
        "kenmerk": f"{procedure.signaal.nummer}/{procedure.pk}",
        "signaal": procedure.signaal.titel,
        "behandelaar": eigenaar.get_full_name() or eigenaar.username,
        "aanhef_adres": _("Aan de eigenaar en de bewoner(s) van") if adres else "",
        "adres": str(adres) if adres else "",
        "adres_straat": f"{adres.straat} {adres.huisnummer}" if adres else "",
        "adres_postcode_plaats": f"{adres.postcode} {adres.plaats}" if adres else "",
        "soort_zaak": procedure.get_soort_zaak_display().lower() if procedure.soort_zaak else "",
        "pandsoort": _pandsoort(procedure.soort_zaak),
        "pand": _pand(procedure.soort_zaak),
        "bevinding": _zin(intake.tekst if intake else ""),
        "rapportage_datum": _datum(intake.gedaan_op if intake else None),
        "ladderstap": str(ladder.ladderstap.stap) if ladder and ladder.ladderstap else "",
        "maatregel": ladder.ladderstap.duur_tekst if ladder and ladder.ladderstap else "",
        # Not empty: the letter announces (or gives) a warning, not a closure.
        "waarschuwing": "ja" if waarschuwing else "",
        "voornemen_datum": _datum((voornemen.gedaan_op if voornemen else None) or vandaag),
        "zienswijze_uiterlijk": _datum(_termijn_vanaf(stappen, voornemen, vandaag)),
        "zienswijze": (zienswijze.uitkomst if zienswijze else "") or "",
        "zienswijze_tekst": zienswijze.tekst if zienswijze else "",
        "geschikt": toets.geschikt if toets else "",
        "noodzakelijk": toets.noodzakelijk if toets else "",
        "evenredig": toets.evenredig if toets else "",
        "besluit": (besluit.uitkomst.lower() if besluit and besluit.uitkomst else ""),
        "besluit_toelichting": besluit.tekst if besluit else "",
        "besluit_datum": _datum((besluit.gedaan_op if besluit else None) or vandaag),
        "bezwaar_uiterlijk": _datum(_termijn_vanaf(stappen, besluit, vandaag)),
        "mate_van_gevaar": (
            next((s.get_mate_van_gevaar_display() for s in reversed(stappen) if s.mate_van_gevaar), "").lower()
        ),
        "begunstigd_tot": _datum(besluit.begunstigd_tot if besluit else None),
        "sluiting_van": _datum(sluiting.gedaan_op if sluiting else None),
        "sluiting_tot": _datum(sluiting.tot_op if sluiting else None),
        "termijn_uiterlijk": _datum(_termijn_vanaf(stappen, next(s for s in stappen if s.pk == stap.pk), vandaag)),
    }


def _vul_docx(sjabloon: bytes, context: dict) -> bytes:
    """Fill a Word template. Its Jinja runs sandboxed: a template uploaded by a municipality's administrator
    reaches no Python attribute beyond the texts it is given; autoescaped, so a '<' or '&' stays text."""
    document = DocxTemplate(io.BytesIO(sjabloon))
    try:
        document.render(context, jinja_env=SandboxedEnvironment(autoescape=True))
    except (SecurityError, TemplateError) as fout:
        raise ValidationError(
            _("Het briefsjabloon kan niet worden gevuld (%(fout)s). Laat Beheer het sjabloon controleren.")
            % {"fout": str(fout)[:200]}
        ) from fout
    uit = io.BytesIO()
    document.save(uit)
    return uit.getvalue()


@transaction.atomic
def brief_maken(*, stap: ProcedureStap, door) -> list[Document]:
    """Fill the step's letter from the municipality's template and store it (DOCX, and PDF where the
    template has an HTML variant) as documents of the step; audited on the procedure."""
    soort = stap.sjabloon.brief
    if not soort:
        raise ValidationError(_("Bij deze stap hoort geen brief."))
    procedure = stap.procedure
    PROCEDURE.vereis(procedure, "stap_vastleggen", door)  # letters while the procedure runs
    gekozen = sjabloon_kies(gemeente=procedure.gemeente, vorm=procedure.soort.vorm, brief=soort)
    context = brief_context(stap=stap, ondertekenaar=gekozen.ondertekenaar)
    label = BriefSoort(soort).label
    titel = f"{label} {procedure.signaal.nummer} ({context['datum']})"
    naam = f"{soort}-{procedure.signaal.nummer}"
    gemeenschappelijk = {
        "door": door,
        "soort": DOCUMENTSOORT[BriefSoort(soort)],
        "datum": klok.vandaag(),
        "vertrouwelijkheid": Vertrouwelijkheid.VERTROUWELIJK,
        "titel": titel,
        "signaal": procedure.signaal,
        "interventie": procedure.interventie,
        "onderdeel": stap,
    }
    documenten = [
        document_voeg_toe(
            bestand=ContentFile(_vul_docx(gekozen.docx, context), name=f"{naam}.docx"), **gemeenschappelijk
        )
    ]
    if gekozen.html:
        html = _HTML_ENGINE.from_string(gekozen.html).render(Context(context))
        documenten.append(
            document_voeg_toe(bestand=ContentFile(html_naar_pdf(html), name=f"{naam}.pdf"), **gemeenschappelijk)
        )
    audit.log(
        actie=AuditActie.AANMAKEN,
        actor=door,
        obj=procedure,
        gemeente=procedure.gemeente_id,
        toelichting=f"brief {soort} bij stap {stap.sjabloon.volgorde} ({gekozen.herkomst})",
    )
    return documenten
