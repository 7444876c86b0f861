"""The authorization matrix (issue 6): every URL of the project x every actor x every scope.

Every URL pattern is enumerated from the resolver; a pattern without sample arguments in
`VOORBEELDEN` fails the test, so no new route escapes. Each actor (anonymous and one user per
role, all of Duiven/Westervoort or the police) GETs each URL with sample objects of three scopes:

- ``eigen``: an object of the actors' own municipality (Duiven);
- ``ander``: the same kind of object of another municipality (Baarn);
- ``gedeeld``: a Duiven agenda item shared with the police (only routes about overleg/signalen).

Expected answers for ``eigen`` and ``gedeeld`` stand in the tables below. ``ander`` must answer
302 to the login page (anonymous) or 403/404/405 for everyone: never a page. Besides status codes,
every answer that is a page (HTML, CSV, XLSX, PDF, iCal, JSON) is searched for the marker that
all Baarn objects carry; it must never appear (0 leaks). The Django admin is checked separately
(staff only). Regenerate the tables after a deliberate change with ``MATRIX_SCHRIJF=1`` (prints
them) and review the difference line by line.
"""

import datetime
import io
import os
import zipfile
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from pypdf import PdfReader

from actieplan import services as actieplan_services
from actieplan.models import Evaluatie, PubliekeEditie
from actieplan.publiek import STANDAARD_KEUZE
from actieplan.tests.factories import (
    ActieFactory,
    BegrotingFactory,
    CommunicatieItemFactory,
    ThemaFactory,
    UitgaveFactory,
    UitvoeringsplanFactory,
)
from api.tests.factories import maak_token
from conftest import CspControlerendeClient
from controles import services as controle_services
from controles.models import Bedrijventerrein
from controles.tests.factories import (
    BezoekFactory,
    ControleFactory,
    ControleObjectFactory,
    TheseusLabelFactory,
    foto_bestand,
)
from documenten import services as documenten_services
from meldingen.models import ExportOpdracht, Notificatie
from ondermijning.models import Grondslag
from ondermijning.tests.factories import GemeenteFactory
from procedures import services as procedures_services
from procedures.models import ProcedureSoort, StapRol
from procedures.tests.factories import StapSjabloonFactory
from signalen import services as signaal_services
from signalen.models import (
    BetrouwbaarheidBron,
    BetrouwbaarheidInformatie,
    CommunicatieSoort,
    CommunicatieTaak,
    SignaalStatus,
    VerrijkingBron,
)
from signalen.tests.factories import (
    AdresFactory,
    AgendapuntFactory,
    BedrijfFactory,
    InterventieFactory,
    OverlegFactory,
    PersoonFactory,
    SignaalFactory,
)
from taken import services as taken_services
from taken.tests.factories import TaakFactory

pytestmark = pytest.mark.django_db

MERK = "GEHEIMBAARN"  # every Baarn object carries it; it may never reach a Duiven/police user
ACTOREN = ["anoniem", "beleid", "toezicht", "voorzitter", "coordinator", "politie", "beheerder"]
GEEN_PAGINA = {403, 404, 405}
# Deliberate exceptions to "another municipality is never a page", with their reason:
ANDER_TOEGESTAAN: set[tuple[str, str]] = set()


# --- the expected answers ----------------------------------------------------------------------
# One row per URL name (scope eigen, or the only request for URLs without objects); columns in
# the order of ACTOREN: anoniem, beleid, toezicht, voorzitter, coordinator, politie, beheerder.
# 302 for anonymous is the redirect to the login page, 401 the API without a token; 405 a route
# that only takes POST (its POST is covered by the app's own tests). The police (ketenpartner)
# reaches controls it takes part in and shared agenda items only; the coordinator reads signals
# without persons (404/403 on person routes); the beheerder maintains, and reads no signals.

VERWACHT_EIGEN = """
actieplan:actie_bewerken           302  200  403  403  200  403  403
actieplan:begroting                302  200  403  403  200  403  403
actieplan:begroting_export         302  200  403  403  200  403  403
actieplan:begroting_gemeente       302  200  403  403  200  403  403
actieplan:begroting_instellen      302  200  403  403  200  403  403
actieplan:communicatie             302  200  403  200  200  403  403
actieplan:communicatie_bewerken    302  200  403  403  200  403  403
actieplan:communicatie_nieuw       302  200  403  403  200  403  403
actieplan:detail                   302  200  403  200  200  403  403
actieplan:editie                   302  200  403  200  200  403  403
actieplan:editie_bestand           302  200  403  200  200  403  403
actieplan:editie_pagina            302  200  403  200  200  403  403
actieplan:editie_vaststellen       302  403  403  403  405  403  403
actieplan:evaluatie                302  200  403  200  200  403  403
actieplan:evaluatie_pdf            302  200  403  200  200  403  403
actieplan:evaluatie_vaststellen    302  403  403  403  405  403  403
actieplan:jaaroverzicht            302  200  403  200  200  403  403
actieplan:jaaroverzicht_pdf        302  200  403  200  200  403  403
actieplan:kalender_ics             200  200  200  200  200  200  200
actieplan:kalender_koppeling       302  200  403  200  200  403  403
actieplan:kwartaalplanning         302  200  403  200  200  403  403
actieplan:lijst                    302  200  403  200  200  403  403
actieplan:uitgave_nieuw            302  200  403  403  200  403  403
actieplan:vervolg                  302  200  403  403  200  403  403
api:actie_detail                   401  200  403  200  200  403  403
api:actie_lijst                    401  200  403  200  200  403  403
api:adres_detail                   401  200  403  200  200  403  403
api:adres_lijst                    401  200  403  200  200  403  403
api:bedrijf_detail                 401  200  403  200  200  403  403
api:bedrijf_lijst                  401  200  403  200  200  403  403
api:bezoek_detail                  401  200  200  403  200  403  403
api:bezoek_lijst                   401  200  200  403  200  403  403
api:controle_detail                401  200  200  403  200  404  403
api:controle_lijst                 401  200  200  403  200  200  403
api:docs                           302  200  200  200  200  200  200
api:import                         302  200  403  403  403  403  403
api:persoon_detail                 401  200  403  200  403  403  403
api:persoon_lijst                  401  200  403  200  403  403  403
api:schema                         401  200  200  200  200  200  200
api:signaal_detail                 401  200  403  200  200  403  403
api:signaal_lijst                  401  200  403  200  200  403  403
api:uitgave_detail                 401  200  403  403  200  403  403
api:uitgave_lijst                  401  200  403  403  200  403  403
audit_lijst                        302  403  403  403  403  403  200
controles:bezoek_detail            302  200  200  403  200  403  403
controles:bezoek_nieuw             302  200  200  403  403  403  403
controles:bezoek_signaal           302  200  200  403  403  403  403
controles:bezoek_wijzig            302  200  200  403  403  403  403
controles:csrf                     302  200  200  403  403  403  403
controles:detail                   302  200  200  403  200  404  403
controles:foto                     302  200  200  403  200  403  403
controles:foto_toevoegen           302  405  405  405  405  405  405
controles:lijst                    302  200  200  403  200  200  403
controles:nieuw                    302  200  200  403  403  403  403
controles:object_verwijder         302  405  405  405  405  405  405
controles:objecten                 302  405  405  405  405  405  405
controles:planning                 302  200  200  403  200  403  200
controles:service_worker           302  200  200  200  200  200  200
controles:status                   302  405  405  405  405  405  405
controles:theseus                  302  200  200  403  200  403  403
controles:theseus_bedrijf          302  200  200  403  200  403  403
controles:theseus_terrein          302  200  200  403  200  403  403
controles:vandaag                  302  200  200  403  403  403  403
controles:wijzig                   302  200  200  403  403  403  403
documenten:download                302  200  404  200  200  403  403
documenten:nieuw                   302  200  403  200  403  403  403
login                              200  200  200  200  200  200  200
logout                             302  405  405  405  405  405  405
meldingen:alles_lees               302  405  405  405  405  405  405
meldingen:bel                      302  200  200  200  200  200  200
meldingen:export_aanvragen         302  200  403  403  200  403  403
meldingen:export_download          302  404  404  404  404  404  404
meldingen:export_status            302  200  404  404  404  404  404
meldingen:exports                  302  200  200  200  200  200  200
meldingen:lees                     302  405  405  405  405  405  405
meldingen:lijst                    302  200  200  200  200  200  200
meldingen:voorkeuren               302  200  200  200  200  200  200
mijn_werk                          302  200  200  200  200  200  200
oidc_callback                      404  404  404  404  404  404  404
oidc_inloggen                      404  404  404  404  404  404  404
procedures:afsluiten               302  405  405  405  405  405  405
procedures:brief                   302  405  405  405  405  405  405
procedures:detail                  302  200  403  200  200  403  403
procedures:heropend                302  405  405  405  405  405  405
procedures:nieuw                   302  200  403  200  403  403  403
procedures:stap                    302  200  403  200  403  403  403
procedures:stap_document           302  200  403  200  403  403  403
procedures:staken                  302  405  405  405  405  405  405
procedures:stap_overslaan          302  405  405  405  405  405  405
signalen:agendapunt_besluit        302  405  405  405  405  405  405
signalen:agendapunt_corrigeren     302  405  405  405  405  405  405
signalen:agendapunt_delen          302  405  405  405  405  405  405
signalen:bekeken                   302  403  403  403  403  403  200
signalen:bewerken                  302  200  403  403  403  403  403
signalen:communicatietaak_afronden 302  405  405  405  405  405  405
signalen:detail                    302  200  403  200  200  403  403
signalen:export                    302  200  403  403  200  403  403
signalen:interventie_afronden      302  405  405  405  405  405  405
signalen:interventie_bibob_aanvragen 302  405  405  405  405  405  405
signalen:interventie_detail        302  200  403  200  200  403  403
signalen:interventie_nieuw         302  200  403  403  403  403  403
signalen:interventie_termijn_verlengen 302  405  405  405  405  405  405
signalen:lijst                     302  200  403  200  200  403  403
signalen:melden                    302  200  200  200  200  403  200
signalen:melden_ontvangen          302  302  302  302  302  302  302
signalen:nieuw                     302  200  403  403  403  403  403
signalen:opplussen                 302  200  403  403  403  403  403
signalen:overleg_agenda_pdf        302  200  403  200  200  404  403
signalen:overleg_agenderen         302  405  405  405  405  405  405
signalen:overleg_detail            302  200  403  200  200  404  403
signalen:overleg_lijst             302  200  403  200  200  200  403
signalen:overleg_nieuw             302  200  403  200  403  403  403
signalen:overleg_sluiten           302  405  405  405  405  405  405
signalen:riec_opstellen            302  200  403  200  403  403  403
signalen:riec_pdf                  302  200  403  200  403  403  403
signalen:riec_status               302  405  405  405  405  405  405
signalen:status                    302  405  405  405  405  405  405
signalen:subject_detail            302  200  403  200  200  403  403
signalen:subject_ontkoppelen       302  405  405  405  405  405  405
signalen:subject_toevoegen         302  200  403  403  403  403  403
signalen:weging                    302  200  403  403  403  403  403
taken:afronden                     302  405  405  405  405  405  405
taken:detail                       302  200  404  200  200  200  403
taken:nieuw                        302  200  403  200  200  403  403
taken:vervallen                    302  405  405  405  405  405  405
taken:wijzigen                     302  200  404  200  200  403  403
toegankelijkheid                   200  200  200  200  200  200  200
tweefactor                         302  200  200  200  200  200  200
tweefactor_instellen               302  200  200  200  200  200  200
verstrekking_lijst                 302  403  403  403  403  403  200
"""

# Only routes that have a shared variant: a Duiven agenda item shared with the police.
VERWACHT_GEDEELD = """
api:signaal_detail                 401  200  403  200  200  403  403
signalen:detail                    302  200  403  200  200  403  403
signalen:overleg_agenda_pdf        302  200  403  200  200  200  403
signalen:overleg_detail            302  200  403  200  200  200  403
"""


@dataclass
class Wereld:
    eigen: dict
    ander: dict
    gedeeld: dict


def _maak(gemeente, merk: str, beleid, toezicht, politie_org=None):
    """One of everything in `gemeente`, titles carrying `merk`."""
    adres = AdresFactory(gemeente=gemeente, straat=f"{merk}straat")
    bedrijf = BedrijfFactory(gemeente=gemeente, naam=f"{merk} BV")
    persoon = PersoonFactory(gemeente=gemeente, naam=f"{merk} Persoon")
    signaal = SignaalFactory(
        gemeente=gemeente, titel=f"{merk} signaal", omschrijving=f"{merk} feiten", status=SignaalStatus.OPPLUSSEN
    )
    signaal.adressen.add(adres)
    signaal.bedrijven.add(bedrijf)
    signaal.personen.add(persoon)
    signaal_services.verrijking_toevoegen(
        signaal=signaal,
        door=beleid,
        bron=VerrijkingBron.KVK,
        informatie=f"{merk} verrijking",
        datum=datetime.date(2024, 3, 1),
        betrouwbaarheid_bron=BetrouwbaarheidBron.values[0],
        betrouwbaarheid_informatie=BetrouwbaarheidInformatie.values[0],
    )
    type(signaal).objects.filter(pk=signaal.pk).update(status=SignaalStatus.RIEC)  # test data: on to RIEC
    riec = signaal_services.riec_melding_opstellen(signaal=signaal, door=beleid, vraag_aan_riec=f"{merk} vraag")
    interventie = signaal_services.interventie_start(
        signaal=signaal, door=beleid, soort="stop_gesprek", gestart_op=datetime.date(2024, 4, 1)
    )
    communicatietaak = CommunicatieTaak.objects.create(interventie=interventie, soort=CommunicatieSoort.POSTERS)
    overleg = OverlegFactory(gemeenten=[gemeente], titel=f"{merk} overleg")
    punt = AgendapuntFactory(overleg=overleg, signaal=signaal)
    controle = ControleFactory(gemeente=gemeente, datum=datetime.date.today(), deelnemers=[toezicht])
    obj = ControleObjectFactory(controle=controle, bedrijf=bedrijf)
    bezoek = BezoekFactory(controle=controle, object=obj, bevindingen=f"{merk} bevinding")
    foto = controle_services.foto_toevoegen(bezoek=bezoek, door=toezicht, bestand=foto_bestand())
    terrein = Bedrijventerrein.objects.create(gemeente=gemeente, naam=f"{merk} terrein")
    TheseusLabelFactory(bedrijventerrein=terrein, bedrijf=bedrijf)
    plan = UitvoeringsplanFactory(gemeenten=[gemeente], naam=f"{merk} plan")
    thema = ThemaFactory(plan=plan, nummer=1)
    actie = ActieFactory(thema=thema, gemeenten=[gemeente], omschrijving=f"{merk} actie")
    BegrotingFactory(gemeente=gemeente, jaar=2024)
    uitgave = UitgaveFactory(gemeente=gemeente, actie=actie, datum=datetime.date(2024, 5, 1))
    item = CommunicatieItemFactory(onderwerp=f"{merk} communicatie", gemeenten=[gemeente])
    PubliekeEditie.objects.create(gemeente=gemeente, jaar=2024, titel=f"{merk} titel", cijfers=STANDAARD_KEUZE)
    Evaluatie.objects.create(plan=plan, jaar=2024, samenvatting=f"{merk} evaluatie")
    taak = (
        taken_services.taak_maak(
            door=beleid,
            omschrijving=f"{merk} taak",
            uiterlijk_op=datetime.date(2024, 6, 1),
            signaal=signaal,
            eigenaar_organisatie=politie_org,
        )
        if politie_org
        else TaakFactory(gemeente=gemeente, signaal=signaal, eigenaar=beleid, omschrijving=f"{merk} taak")
    )
    document = documenten_services.document_voeg_toe(
        door=beleid, bestand=SimpleUploadedFile(f"{merk}.docx", _docx(merk)),
        signaal=signaal,
        soort="besluit", datum=datetime.date(2024, 6, 1), vertrouwelijkheid="intern", titel=f"{merk} document",
    )  # fmt: skip
    procedure = procedures_services.procedure_start(
        signaal=signaal, soort=ProcedureSoort.objects.get(vorm="bibob", gemeente=None), door=beleid,
        gestart_op=datetime.date(2024, 4, 1),
    )  # fmt: skip
    return {
        "taak": taak,
        "document": document,
        "procedure": procedure,
        "procedurestap": procedure.stappen.order_by("sjabloon__volgorde").first(),
        "gemeente": gemeente,
        "signaal": signaal,
        "adres": adres,
        "bedrijf": bedrijf,
        "persoon": persoon,
        "riec": riec,
        "interventie": interventie,
        "communicatietaak": communicatietaak,
        "overleg": overleg,
        "punt": punt,
        "controle": controle,
        "object": obj,
        "bezoek": bezoek,
        "foto": foto,
        "terrein": terrein,
        "plan": plan,
        "actie": actie,
        "uitgave": uitgave,
        "communicatie": item,
    }


def _docx(merk: str) -> bytes:
    """A minimal Word file whose text carries the marker (the leak check reads a zip's XML)."""
    uit = io.BytesIO()
    with zipfile.ZipFile(uit, "w") as archief:
        archief.writestr("[Content_Types].xml", "<Types/>")
        archief.writestr("word/document.xml", f"<w:document>{merk}</w:document>")
    return uit.getvalue()


def _per_gebruiker(gebruiker, gemeente, merk):
    """Objects that belong to one user rather than a municipality: a notification, an export job."""
    notificatie = Notificatie.objects.create(ontvanger=gebruiker, soort="weging_te_lang", tekst=f"{merk} melding")
    opdracht = ExportOpdracht.objects.create(
        aangevraagd_door=gebruiker, soort="signalenlijst-xlsx", gemeente=gemeente, parameters={}
    )
    return {"notificatie": notificatie, "opdracht": opdracht}


# --- sample arguments per URL name ---------------------------------------------------------------
# name -> function(objects of one scope) -> path (with query string where the route needs one).
# Routes without a value here run once (scope "-"). A route missing from both fails the test.

OBJECT = {
    "signalen:detail": lambda o: reverse("signalen:detail", args=[o["signaal"].pk]),
    "signalen:bewerken": lambda o: reverse("signalen:bewerken", args=[o["signaal"].pk]),
    "signalen:bekeken": lambda o: reverse("signalen:bekeken", args=[o["signaal"].pk]),
    "signalen:status": lambda o: reverse("signalen:status", args=[o["signaal"].pk]),
    "signalen:weging": lambda o: reverse("signalen:weging", args=[o["signaal"].pk]),
    "signalen:opplussen": lambda o: reverse("signalen:opplussen", args=[o["signaal"].pk]),
    "signalen:subject_toevoegen": lambda o: reverse("signalen:subject_toevoegen", args=[o["signaal"].pk, "adres"]),
    "signalen:subject_ontkoppelen": lambda o: reverse(
        "signalen:subject_ontkoppelen", args=[o["signaal"].pk, "adres", o["adres"].pk]
    ),
    "signalen:riec_pdf": lambda o: reverse("signalen:riec_pdf", args=[o["signaal"].pk]),
    "signalen:riec_opstellen": lambda o: reverse("signalen:riec_opstellen", args=[o["signaal"].pk]),
    "signalen:riec_status": lambda o: reverse("signalen:riec_status", args=[o["riec"].pk]),
    "signalen:interventie_nieuw": lambda o: reverse("signalen:interventie_nieuw", args=[o["signaal"].pk]),
    "signalen:interventie_detail": lambda o: reverse("signalen:interventie_detail", args=[o["interventie"].pk]),
    "signalen:interventie_bibob_aanvragen": lambda o: reverse(
        "signalen:interventie_bibob_aanvragen", args=[o["interventie"].pk]
    ),
    "signalen:interventie_termijn_verlengen": lambda o: reverse(
        "signalen:interventie_termijn_verlengen", args=[o["interventie"].pk]
    ),
    "signalen:interventie_afronden": lambda o: reverse("signalen:interventie_afronden", args=[o["interventie"].pk]),
    "signalen:communicatietaak_afronden": lambda o: reverse(
        "signalen:communicatietaak_afronden", args=[o["communicatietaak"].pk]
    ),
    "signalen:subject_detail": lambda o: reverse("signalen:subject_detail", args=["bedrijf", o["bedrijf"].pk]),
    "signalen:overleg_detail": lambda o: reverse("signalen:overleg_detail", args=[o["overleg"].pk]),
    "signalen:overleg_agenderen": lambda o: reverse("signalen:overleg_agenderen", args=[o["overleg"].pk]),
    "signalen:overleg_sluiten": lambda o: reverse("signalen:overleg_sluiten", args=[o["overleg"].pk]),
    "signalen:agendapunt_besluit": lambda o: reverse("signalen:agendapunt_besluit", args=[o["punt"].pk]),
    "signalen:agendapunt_corrigeren": lambda o: reverse("signalen:agendapunt_corrigeren", args=[o["punt"].pk]),
    "signalen:agendapunt_delen": lambda o: reverse("signalen:agendapunt_delen", args=[o["punt"].pk]),
    "signalen:overleg_agenda_pdf": lambda o: reverse("signalen:overleg_agenda_pdf", args=[o["overleg"].pk]),
    "taken:nieuw": lambda o: reverse("taken:nieuw", args=["signaal", o["signaal"].pk]),
    "taken:detail": lambda o: reverse("taken:detail", args=[o["taak"].pk]),
    "taken:wijzigen": lambda o: reverse("taken:wijzigen", args=[o["taak"].pk]),
    "taken:afronden": lambda o: reverse("taken:afronden", args=[o["taak"].pk]),
    "taken:vervallen": lambda o: reverse("taken:vervallen", args=[o["taak"].pk]),
    "documenten:nieuw": lambda o: reverse("documenten:nieuw", args=["signaal", o["signaal"].pk]),
    "documenten:download": lambda o: reverse("documenten:download", args=[o["document"].pk]),
    "procedures:nieuw": lambda o: reverse("procedures:nieuw", args=[o["signaal"].pk]),
    "procedures:detail": lambda o: reverse("procedures:detail", args=[o["procedure"].pk]),
    "procedures:stap": lambda o: reverse("procedures:stap", args=[o["procedure"].pk, o["procedurestap"].pk]),
    "procedures:stap_document": lambda o: reverse(
        "procedures:stap_document", args=[o["procedure"].pk, o["procedurestap"].pk]
    ),
    "procedures:stap_overslaan": lambda o: reverse(
        "procedures:stap_overslaan", args=[o["procedure"].pk, o["procedurestap"].pk]
    ),
    "procedures:afsluiten": lambda o: reverse("procedures:afsluiten", args=[o["procedure"].pk]),
    "procedures:brief": lambda o: reverse("procedures:brief", args=[o["procedure"].pk, o["procedurestap"].pk]),
    "procedures:staken": lambda o: reverse("procedures:staken", args=[o["procedure"].pk]),
    "procedures:heropend": lambda o: reverse("procedures:heropend", args=[o["procedure"].pk]),
    "controles:detail": lambda o: reverse("controles:detail", args=[o["controle"].pk]),
    "controles:wijzig": lambda o: reverse("controles:wijzig", args=[o["controle"].pk]),
    "controles:status": lambda o: reverse("controles:status", args=[o["controle"].pk]),
    "controles:objecten": lambda o: reverse("controles:objecten", args=[o["controle"].pk]),
    "controles:bezoek_nieuw": lambda o: (
        reverse("controles:bezoek_nieuw", args=[o["controle"].pk]) + f"?object={o['object'].pk}"
    ),
    "controles:object_verwijder": lambda o: reverse("controles:object_verwijder", args=[o["object"].pk]),
    "controles:bezoek_detail": lambda o: reverse("controles:bezoek_detail", args=[o["bezoek"].pk]),
    "controles:bezoek_wijzig": lambda o: reverse("controles:bezoek_wijzig", args=[o["bezoek"].pk]),
    "controles:bezoek_signaal": lambda o: reverse("controles:bezoek_signaal", args=[o["bezoek"].pk]),
    "controles:foto_toevoegen": lambda o: reverse("controles:foto_toevoegen", args=[o["bezoek"].pk]),
    "controles:foto": lambda o: reverse("controles:foto", args=[o["foto"].pk]),
    "controles:theseus_terrein": lambda o: reverse("controles:theseus_terrein", args=[o["terrein"].pk]),
    "controles:theseus_bedrijf": lambda o: reverse("controles:theseus_bedrijf", args=[o["bedrijf"].pk]),
    "actieplan:detail": lambda o: reverse("actieplan:detail", args=[o["plan"].pk]),
    "actieplan:kwartaalplanning": lambda o: reverse("actieplan:kwartaalplanning", args=[o["plan"].pk]),
    "actieplan:vervolg": lambda o: reverse("actieplan:vervolg", args=[o["plan"].pk]),
    "actieplan:actie_bewerken": lambda o: reverse("actieplan:actie_bewerken", args=[o["actie"].pk]),
    "actieplan:begroting_gemeente": lambda o: reverse("actieplan:begroting_gemeente", args=[o["gemeente"].pk, 2024]),
    "actieplan:communicatie_bewerken": lambda o: reverse(
        "actieplan:communicatie_bewerken", args=[o["communicatie"].pk]
    ),
    "actieplan:editie": lambda o: reverse("actieplan:editie", args=[2024, o["gemeente"].pk]),
    "actieplan:editie_vaststellen": lambda o: reverse("actieplan:editie_vaststellen", args=[2024, o["gemeente"].pk]),
    "actieplan:editie_pagina": lambda o: reverse("actieplan:editie_pagina", args=[2024, o["gemeente"].pk]),
    "actieplan:editie_bestand": lambda o: reverse("actieplan:editie_bestand", args=[2024, o["gemeente"].pk, "a4.pdf"]),
    "actieplan:evaluatie": lambda o: reverse("actieplan:evaluatie", args=[o["plan"].pk, 2024]),
    "actieplan:evaluatie_vaststellen": lambda o: reverse("actieplan:evaluatie_vaststellen", args=[o["plan"].pk, 2024]),
    "actieplan:evaluatie_pdf": lambda o: reverse("actieplan:evaluatie_pdf", args=[o["plan"].pk, 2024]),
    "actieplan:kalender_ics": lambda o: reverse("actieplan:kalender_ics") + f"?token={o['kalendertoken']}",
    "meldingen:lees": lambda o: reverse("meldingen:lees", args=[o["notificatie"].pk]),
    "meldingen:export_status": lambda o: reverse("meldingen:export_status", args=[o["opdracht"].pk]),
    "meldingen:export_download": lambda o: reverse("meldingen:export_download", args=[o["opdracht"].pk]),
    "api:signaal_detail": lambda o: reverse("api:signaal_detail", args=[o["signaal"].pk]),
    "api:adres_detail": lambda o: reverse("api:adres_detail", args=[o["adres"].pk]),
    "api:bedrijf_detail": lambda o: reverse("api:bedrijf_detail", args=[o["bedrijf"].pk]),
    "api:persoon_detail": lambda o: reverse("api:persoon_detail", args=[o["persoon"].pk]),
    "api:controle_detail": lambda o: reverse("api:controle_detail", args=[o["controle"].pk]),
    "api:bezoek_detail": lambda o: reverse("api:bezoek_detail", args=[o["bezoek"].pk]),
    "api:actie_detail": lambda o: reverse("api:actie_detail", args=[o["actie"].pk]),
    "api:uitgave_detail": lambda o: reverse("api:uitgave_detail", args=[o["uitgave"].pk]),
}
# Routes without objects: their sample paths (lists with a search for the marker, exports).
VAST = {
    "signalen:lijst": ["/signalen/", "/signalen/?q=signaal"],
    "signalen:export": ["/signalen/export.csv", "/signalen/export.xlsx"],
    "actieplan:begroting": ["/begroting/?jaar=2024"],
    "actieplan:begroting_export": ["/begroting/2024.xlsx"],
    "actieplan:jaaroverzicht": ["/jaaroverzicht/2024/"],
    "actieplan:jaaroverzicht_pdf": ["/jaaroverzicht/2024.pdf"],
    "actieplan:communicatie": ["/communicatie/?maand=2024-05", "/communicatie/?weergave=lijst"],
    "meldingen:export_aanvragen": ["/exports/signalenlijst-xlsx/aanvragen/"],
    "api:signaal_lijst": ["/api/v1/signalen/", "/api/v1/signalen/?q=signaal"],
}


def url_namen() -> list[tuple[str, str]]:
    """(name, pattern) of every route of the project except the Django admin."""
    gevonden = []

    def loop(patronen, voorvoegsel="", ns=""):
        for patroon in patronen:
            if isinstance(patroon, URLResolver):
                if str(patroon.pattern).startswith("admin/"):
                    continue
                naamruimte = f"{ns}{patroon.namespace}:" if patroon.namespace else ns
                loop(patroon.url_patterns, voorvoegsel + str(patroon.pattern), naamruimte)
            elif isinstance(patroon, URLPattern):
                gevonden.append((f"{ns}{patroon.name}", voorvoegsel + str(patroon.pattern)))

    loop(get_resolver().url_patterns)
    return gevonden


def _inhoud(antwoord) -> str:
    """The text of an answer, whatever it is: HTML/JSON/CSV/iCal, XLSX (its XML), PDF (its text)."""
    data = b"".join(antwoord.streaming_content) if antwoord.streaming else antwoord.content
    if data[:4] == b"%PDF":
        return "".join(pagina.extract_text() or "" for pagina in PdfReader(io.BytesIO(data)).pages)
    if data[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(data)) as archief:
            return "".join(archief.read(n).decode("utf-8", "replace") for n in archief.namelist() if n.endswith(".xml"))
    return data.decode("utf-8", "replace")


def _tabel(tekst: str) -> dict[str, dict[str, int]]:
    rijen = {}
    for regel in tekst.strip().splitlines():
        naam, *codes = regel.split()
        rijen[naam] = dict(zip(ACTOREN, (int(c) for c in codes), strict=True))
    return rijen


def _schrijf(tabel: dict[str, dict[str, int]]) -> str:
    return "\n".join(f"{naam:34}" + " ".join(f"{tabel[naam][a]:>4}" for a in ACTOREN) for naam in sorted(tabel))


@pytest.fixture
def wereld(beleid, toezicht, voorzitter, coordinator, politie, beheerder, politie_org, duiven, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    baarn = GemeenteFactory(naam="Baarn")
    from ondermijning.scoping import Rol
    from ondermijning.tests.factories import GebruikerFactory

    baarn_beleid = GebruikerFactory(username="t_baarn", rol=Rol.BELEIDSMEDEWERKER, gemeenten=[baarn])
    baarn_toezicht = GebruikerFactory(username="t_baarn_toezicht", rol=Rol.TOEZICHTHOUDER, gemeenten=[baarn])
    eigen = _maak(duiven, "DUIVENZICHTBAAR", beleid, toezicht, politie_org)
    ander = _maak(baarn, MERK, baarn_beleid, baarn_toezicht)
    eigen |= _per_gebruiker(beleid, duiven, "DUIVENZICHTBAAR")
    ander |= _per_gebruiker(baarn_beleid, baarn, MERK)
    eigen["kalendertoken"] = actieplan_services.kalender_token_vernieuw(door=beleid)[1]
    ander["kalendertoken"] = "x" * 40  # no such token
    # Shared: a second Duiven agenda item, shared with the police on a legal basis.
    gedeeld = dict(eigen)
    gedeeld_signaal = SignaalFactory(gemeente=duiven, titel="Gedeeld met de politie")
    gedeeld_overleg = OverlegFactory(gemeenten=[duiven], titel="Overleg met gedeeld punt")
    punt = AgendapuntFactory(overleg=gedeeld_overleg, signaal=gedeeld_signaal)
    signaal_services.agendapunt_delen(
        agendapunt=punt, door=voorzitter, organisaties=[politie_org], grondslag=Grondslag.LOKAAL_OVERLEG
    )
    gedeeld |= {"signaal": gedeeld_signaal, "overleg": gedeeld_overleg, "punt": punt}
    actoren = {
        "anoniem": AnonymousUser(),
        "beleid": beleid,
        "toezicht": toezicht,
        "voorzitter": voorzitter,
        "coordinator": coordinator,
        "politie": politie,
        "beheerder": beheerder,
    }
    tokens = {naam: maak_token(g)[1] for naam, g in actoren.items() if naam != "anoniem"}
    return Wereld(eigen=eigen, ander=ander, gedeeld=gedeeld), actoren, tokens


GEDEELD = {
    "signalen:detail",
    "signalen:overleg_detail",
    "signalen:overleg_agenda_pdf",
    "api:signaal_detail",
}


def test_autorisatiematrix(wereld, capsys):
    w, actoren, tokens = wereld
    namen = url_namen()
    zonder_voorbeeld = [
        (naam, patroon) for naam, patroon in namen if "<" in patroon and naam not in OBJECT and naam not in VAST
    ]
    assert not zonder_voorbeeld, f"Routes zonder voorbeeldargumenten in de matrix: {zonder_voorbeeld}"

    clients = {}
    for naam, gebruiker in actoren.items():
        client = CspControlerendeClient() if naam != "anoniem" else Client()
        if naam != "anoniem":
            client.force_login(gebruiker)
        clients[naam] = client

    def vraag(actor: str, naam: str, pad: str):
        client = clients[actor]
        if naam.startswith("api:") and not naam.startswith(("api:schema", "api:docs", "api:import")):
            kop = {"HTTP_AUTHORIZATION": f"Bearer {tokens[actor]}"} if actor != "anoniem" else {}
            return Client().get(pad, **kop)
        return client.get(pad)

    eigen_gemeten: dict[str, dict[str, int]] = {}
    gedeeld_gemeten: dict[str, dict[str, int]] = {}
    fouten: list[str] = []
    lekken: list[str] = []
    aantal = 0
    for naam, _patroon in namen:
        scopes = {"eigen": w.eigen, "ander": w.ander}
        if naam in GEDEELD:
            scopes["gedeeld"] = w.gedeeld
        if naam in OBJECT:
            paden = {scope: [OBJECT[naam](objecten)] for scope, objecten in scopes.items()}
        else:
            paden = {"eigen": VAST.get(naam) or [reverse(naam)]}
        for scope, lijst in paden.items():
            for pad in lijst:
                for actor in ACTOREN:
                    antwoord = vraag(actor, naam, pad)
                    aantal += 1
                    status = antwoord.status_code
                    if status >= 500:
                        fouten.append(f"{naam} {scope} {actor}: serverfout {status}")
                    if status == 200 and MERK in _inhoud(antwoord):
                        lekken.append(f"{pad} ({scope}) toont gegevens van Baarn aan {actor}")
                    if scope == "ander":
                        toegestaan = GEEN_PAGINA | ({302, 401} if actor == "anoniem" else set())
                        if status not in toegestaan and (naam, actor) not in ANDER_TOEGESTAAN:
                            fouten.append(f"{naam} ander {actor}: {status} (verwacht 403/404)")
                    elif pad == paden[scope][0]:
                        (eigen_gemeten if scope == "eigen" else gedeeld_gemeten).setdefault(naam, {})[actor] = status

    if os.environ.get("MATRIX_SCHRIJF"):
        print("\nVERWACHT_EIGEN\n" + _schrijf(eigen_gemeten) + "\n\nVERWACHT_GEDEELD\n" + _schrijf(gedeeld_gemeten))
    for gemeten, verwacht_tekst, scope in (
        (eigen_gemeten, VERWACHT_EIGEN, "eigen"),
        (gedeeld_gemeten, VERWACHT_GEDEELD, "gedeeld"),
    ):
        verwacht = _tabel(verwacht_tekst)
        for naam in sorted(set(gemeten) | set(verwacht)):
            if naam not in verwacht:
                fouten.append(f"{naam} ({scope}) staat niet in de verwachte tabel: {gemeten[naam]}")
            elif naam not in gemeten:
                fouten.append(f"{naam} ({scope}) bestaat niet meer: haal de regel uit de tabel")
            else:
                for actor in ACTOREN:
                    if gemeten[naam][actor] != verwacht[naam][actor]:
                        fouten.append(
                            f"{naam} ({scope}) {actor}: {gemeten[naam][actor]}, verwacht {verwacht[naam][actor]}"
                        )

    with capsys.disabled():
        print(
            f"\nAutorisatiematrix: {len(namen)} URL's x {len(ACTOREN)} actoren x 3 scopes (eigen, ander, gedeeld "
            f"waar van toepassing) = {aantal} verzoeken; {len(fouten)} onverwacht, {len(lekken)} lekken"
        )
    assert not lekken, "\n".join(lekken)
    assert not fouten, "\n".join(fouten)


def test_beheer_alleen_voor_staf(client, beleid, beheerder):
    """The Django admin is not in the matrix above: it is reachable for staff (beheerder) only."""
    assert Client().get("/admin/").status_code == 302
    client.force_login(beleid)
    assert client.get("/admin/").status_code == 302  # to the admin login: not staff
    client.force_login(beheerder)
    assert client.get("/admin/").status_code == 200


# --- the admin's user and key screens: a beheerder cannot make itself see everything (issue 17.1) ------

VERWACHT_BEHEER = """
admin:ondermijning_gebruiker_changelist          302  302  302  302  302  302  200
admin:ondermijning_gebruiker_add                 302  302  302  302  302  302  200
admin:ondermijning_gebruiker_change:ander        302  302  302  302  302  302  200
admin:ondermijning_gebruiker_change:zelf         302  302  302  302  302  302  200
admin:ondermijning_toekenningsverzoek_changelist 302  302  302  302  302  302  200
admin:ondermijning_toekenningsverzoek_change     302  302  302  302  302  302  200
admin:api_apitoken_changelist                    302  302  302  302  302  302  200
admin:api_apitoken_add                           302  302  302  302  302  302  200
admin:api_apitoken_change                        302  302  302  302  302  302  200
"""


def test_beheerschermen_gebruikers_en_sleutels(beleid, toezicht, voorzitter, coordinator, politie, beheerder, duiven):
    """Who reaches the user, grant and key screens of the admin, and what the beheerder can do there."""
    from ondermijning.models import Toekenningsverzoek
    from ondermijning.scoping import Rol
    from ondermijning.tests.factories import GebruikerFactory

    systeem = GebruikerFactory(username="t_svc", rol=Rol.BELEIDSMEDEWERKER, gemeenten=[duiven], is_systeemaccount=True)
    token, _sleutel = maak_token(systeem)
    verzoek = Toekenningsverzoek.objects.create(
        gebruiker=toezicht, soort="rol", rol=Rol.BELEIDSMEDEWERKER, aangevraagd_door=beheerder
    )
    actoren = {"anoniem": None, "beleid": beleid, "toezicht": toezicht, "voorzitter": voorzitter,
               "coordinator": coordinator, "politie": politie, "beheerder": beheerder}  # fmt: skip
    paden = {
        "admin:ondermijning_gebruiker_changelist": reverse("admin:ondermijning_gebruiker_changelist"),
        "admin:ondermijning_gebruiker_add": reverse("admin:ondermijning_gebruiker_add"),
        "admin:ondermijning_gebruiker_change:ander": reverse("admin:ondermijning_gebruiker_change", args=[beleid.pk]),
        "admin:ondermijning_gebruiker_change:zelf": reverse("admin:ondermijning_gebruiker_change", args=[beheerder.pk]),
        "admin:ondermijning_toekenningsverzoek_changelist": reverse("admin:ondermijning_toekenningsverzoek_changelist"),
        "admin:ondermijning_toekenningsverzoek_change": reverse(
            "admin:ondermijning_toekenningsverzoek_change", args=[verzoek.pk]
        ),
        "admin:api_apitoken_changelist": reverse("admin:api_apitoken_changelist"),
        "admin:api_apitoken_add": reverse("admin:api_apitoken_add"),
        "admin:api_apitoken_change": reverse("admin:api_apitoken_change", args=[token.pk]),
    }
    gemeten: dict[str, dict[str, int]] = {}
    for actor, gebruiker in actoren.items():
        client = CspControlerendeClient() if gebruiker else Client()
        if gebruiker:
            client.force_login(gebruiker)
        for naam, pad in paden.items():
            gemeten.setdefault(naam, {})[actor] = client.get(pad).status_code
    if os.environ.get("MATRIX_SCHRIJF"):
        print("\nVERWACHT_BEHEER\n" + _schrijf(gemeten))
    assert gemeten == _tabel(VERWACHT_BEHEER)

    client = CspControlerendeClient()
    client.force_login(beheerder)
    # No superuser, no loose permissions on any user's page; the account of a key only a system account.
    for pad in (paden["admin:ondermijning_gebruiker_change:zelf"], paden["admin:ondermijning_gebruiker_change:ander"]):
        html = client.get(pad).content.decode()
        assert 'name="is_superuser"' not in html and 'name="user_permissions"' not in html
    html = client.get(paden["admin:api_apitoken_add"]).content.decode()
    assert f'<option value="{systeem.pk}"' in html and f'<option value="{beleid.pk}"' not in html
    assert 'name="gebruiker"' not in client.get(paden["admin:api_apitoken_change"]).content.decode()


# --- the back office is scoped too (issue 14.9) ---------------------------------------------------


@pytest.fixture
def register(duiven, westervoort, beleid, politie_org):
    """Audit events and disclosures of Duiven and of Baarn (the latter carrying the marker)."""
    from ondermijning import audit
    from ondermijning.models import AuditActie, Verstrekking
    from ondermijning.scoping import Rol
    from ondermijning.tests.factories import GebruikerFactory
    from signalen.models import InterventieSoort

    baarn = GemeenteFactory(naam="Baarn")
    baarn_beleid = GebruikerFactory(username="t_baarn", rol=Rol.BELEIDSMEDEWERKER, gemeenten=[baarn])
    eigen_signaal = SignaalFactory(gemeente=duiven, titel="DUIVENZICHTBAAR")
    ander_signaal = SignaalFactory(gemeente=baarn, titel=MERK)
    interventie = InterventieFactory(signaal=ander_signaal, soort=InterventieSoort.STOP_GESPREK)

    def verstrekking(gemeente, door, tekst):
        return Verstrekking.objects.create(
            organisatie=politie_org, object_type="signalen.agendapunt", object_id="1", omschrijving=tekst,
            gemeente=gemeente, grondslag=Grondslag.CONVENANT_RIEC, door=door, op=datetime.datetime.now(datetime.UTC),
        )  # fmt: skip

    return {
        "baarn": baarn,
        "ander_signaal": ander_signaal,
        "eigen_event": audit.log(
            actie=AuditActie.LEZEN, actor=beleid, obj=eigen_signaal, toelichting="DUIVENZICHTBAAR"
        ),
        "ander_events": [
            audit.log(actie=AuditActie.LEZEN, actor=baarn_beleid, obj=ander_signaal, toelichting=MERK),
            # Written for an object that reaches its municipality through another: Baarn all the same.
            audit.log(actie=AuditActie.WIJZIGEN, actor=baarn_beleid, obj=interventie, toelichting=MERK),
            # No object at all (a login), by a Baarn user: not for Duiven's beheerder either.
            audit.log(actie=AuditActie.LOGIN_GELUKT, actor=baarn_beleid, obj=baarn_beleid, toelichting=MERK),
        ],
        "eigen_verstrekking": verstrekking(duiven, beleid, "DUIVENZICHTBAAR agendapunt"),
        "ander_verstrekking": verstrekking(baarn, baarn_beleid, f"{MERK} agendapunt"),
    }


def _als_ontbrekend(client, url_naam, pk):
    """The admin's answer for an object that is not there: out of scope must look exactly like it."""
    return client.get(reverse(url_naam, args=[pk]))


def test_beheerder_ziet_audit_en_verstrekkingen_van_eigen_gemeenten(client, duiven, westervoort, register):
    from ondermijning.scoping import Rol
    from ondermijning.tests.factories import GebruikerFactory

    beheer = GebruikerFactory(username="t_beheer_dw", rol=Rol.BEHEERDER, is_staff=True, gemeenten=[duiven, westervoort])
    client.force_login(beheer)
    eigen, ander = register["eigen_event"], register["ander_events"]
    assert ander[1].gemeente_id == register["baarn"].pk  # derived at write time through the signal

    # The pages: audit viewer (and its search), disclosure register (and its exports), "wie bekeek".
    for pad in ("/audit/", f"/audit/?object_type=signalen.signaal&object_id={register['ander_signaal'].pk}",
                "/verstrekkingen/", "/verstrekkingen/?export=csv", "/verstrekkingen/?export=xlsx"):  # fmt: skip
        antwoord = client.get(pad)
        assert antwoord.status_code == 200, pad
        assert MERK not in _inhoud(antwoord), pad
    assert "DUIVENZICHTBAAR" in client.get("/audit/").content.decode()
    assert "DUIVENZICHTBAAR" in _inhoud(client.get("/verstrekkingen/?export=csv"))
    assert client.get(reverse("signalen:bekeken", args=[register["ander_signaal"].pk])).status_code == 404

    # The admin: changelist and change view, for audit events and for disclosures.
    for model, eigen_obj, andere in (
        ("auditevent", eigen, ander),
        ("verstrekking", register["eigen_verstrekking"], [register["ander_verstrekking"]]),
    ):
        lijst = client.get(reverse(f"admin:ondermijning_{model}_changelist"))
        assert lijst.status_code == 200, model
        html = lijst.content.decode()
        assert reverse(f"admin:ondermijning_{model}_change", args=[eigen_obj.pk]) in html, model
        assert client.get(reverse(f"admin:ondermijning_{model}_change", args=[eigen_obj.pk])).status_code == 200
        ontbrekend = _als_ontbrekend(client, f"admin:ondermijning_{model}_change", 999999)
        for obj in andere:
            assert reverse(f"admin:ondermijning_{model}_change", args=[obj.pk]) not in html, model
            antwoord = client.get(reverse(f"admin:ondermijning_{model}_change", args=[obj.pk]))
            assert (antwoord.status_code, antwoord.get("Location")) == (
                ontbrekend.status_code, ontbrekend.get("Location")
            ), model  # fmt: skip


def test_zonder_gemeenten_ziet_beheer_niets_en_regiobeheer_en_superuser_alles(client, register):
    """A beheerder bound to no municipality is not silently the administrator of all of them."""
    from ondermijning.scoping import Rol
    from ondermijning.tests.factories import GebruikerFactory

    nergens = GebruikerFactory(username="t_beheer_nergens", rol=Rol.BEHEERDER, is_staff=True)
    client.force_login(nergens)
    assert MERK not in client.get("/audit/").content.decode()
    assert "DUIVENZICHTBAAR" not in _inhoud(client.get("/verstrekkingen/?export=csv"))
    regio = GebruikerFactory(username="t_regiobeheer", rol=Rol.BEHEERDER, is_staff=True)
    regio.groups.add(Group.objects.get(name=Rol.REGIOBEHEERDER))
    superuser = GebruikerFactory(username="t_super", is_staff=True, is_superuser=True)
    for gebruiker in (regio, superuser):
        client.force_login(gebruiker)
        assert MERK in client.get("/audit/").content.decode()
        assert MERK in _inhoud(client.get("/verstrekkingen/?export=csv"))
        for obj in register["ander_events"]:
            assert client.get(reverse("admin:ondermijning_auditevent_change", args=[obj.pk])).status_code == 200
        pk = register["ander_verstrekking"].pk
        assert client.get(reverse("admin:ondermijning_verstrekking_change", args=[pk])).status_code == 200


# --- POST on the routes of tasks, documents and procedures (issue 16): every actor, own and other municipality ------

VERWACHT_POST = """
documenten:download                302  405  405  405  405  405  405
documenten:nieuw                   302  302  403  302  403  403  403
procedures:afsluiten               302  302  403  302  403  403  403
procedures:brief                   302  302  403  302  403  403  403
procedures:detail                  302  405  405  405  405  405  405
procedures:heropend                302  302  403  302  403  403  403
procedures:nieuw                   302  302  403  302  403  403  403
procedures:stap                    302  302  403  302  403  403  403
procedures:stap_document           302  302  403  302  403  403  403
procedures:staken                  302  302  403  302  403  403  403
procedures:stap_overslaan          302  302  403  302  403  403  403
taken:afronden                     302  302  404  302  302  302  403
taken:detail                       302  405  405  405  405  405  405
taken:nieuw                        302  302  403  302  302  403  403
taken:vervallen                    302  302  404  302  302  403  403
taken:wijzigen                     302  302  404  302  302  403  403
"""


def test_autorisatiematrix_post_taken_en_documenten(
    beleid, toezicht, voorzitter, coordinator, politie, beheerder, politie_org, duiven, settings, tmp_path
):
    """Each POST with valid data on a fresh object: who may write what; another municipality never changes."""
    from ondermijning.scoping import Rol
    from ondermijning.tests.factories import GebruikerFactory
    from taken.models import Taak, TaakStatus

    settings.MEDIA_ROOT = tmp_path / "media"
    baarn = GemeenteFactory(naam="Baarn")
    baarn_beleid = GebruikerFactory(username="t_baarn_post", rol=Rol.BELEIDSMEDEWERKER, gemeenten=[baarn])
    actoren = {"anoniem": None, "beleid": beleid, "toezicht": toezicht, "voorzitter": voorzitter,
               "coordinator": coordinator, "politie": politie, "beheerder": beheerder}  # fmt: skip
    signalen = {"eigen": SignaalFactory(gemeente=duiven), "ander": SignaalFactory(gemeente=baarn, titel=MERK)}
    door = {"eigen": beleid, "ander": baarn_beleid}
    # Duiven's tasks are the police's (so the partner can complete them); Baarn's are a Baarn officer's.
    eigenaar = {"eigen": {"eigenaar_organisatie": politie_org}, "ander": {"eigenaar": baarn_beleid}}

    def taak(scope):
        return taken_services.taak_maak(
            door=door[scope], omschrijving=f"{MERK} taak", uiterlijk_op=datetime.date(2030, 1, 1),
            signaal=signalen[scope], **eigenaar[scope],
        )  # fmt: skip

    def document(scope):
        return documenten_services.document_voeg_toe(
            door=door[scope], bestand=SimpleUploadedFile("a.docx", _docx(MERK)), signaal=signalen[scope],
            soort="overig", datum=datetime.date(2024, 6, 1), vertrouwelijkheid="intern",
        )  # fmt: skip

    def upload():
        return SimpleUploadedFile("b.docx", _docx("nieuw"))

    def procedure(scope):
        return procedures_services.procedure_start(
            signaal=signalen[scope], soort=ProcedureSoort.objects.get(vorm="bibob", gemeente=None), door=door[scope],
            gestart_op=datetime.date(2024, 4, 1),
        )  # fmt: skip

    def stap(scope, volgorde):
        p = procedure(scope)
        return p, p.stappen.get(sjabloon__volgorde=volgorde)

    def om_tip_overslaan(scope):
        """The Bibob OM tip (step 5) may be skipped once steps 1-4 are recorded."""
        p, _stap = stap(scope, 5)
        for n in range(1, 5):
            procedures_services.stap_vastleggen(
                stap=p.stappen.get(sjabloon__volgorde=n), door=door[scope], gedaan_op=datetime.date(2024, 4, 2),
                tekst="Bevindingen",
            )  # fmt: skip
        return reverse("procedures:stap_overslaan", args=[p.pk, _stap.pk]), {"reden": "Geen tip ontvangen."}

    def gesloten_pand(scope):
        """A procedure whose closure (its only step) is recorded: the premises can be reopened."""
        sluiting = StapSjabloonFactory(soort__naam=f"Sluiting {scope}", rol=StapRol.SLUITING)
        p = procedures_services.procedure_start(
            signaal=signalen[scope], soort=sluiting.soort, door=door[scope], gestart_op=datetime.date(2024, 4, 1)
        )
        procedures_services.stap_vastleggen(
            stap=p.stappen.get(),
            door=door[scope],
            gedaan_op=datetime.date(2024, 4, 2),
            tot_op=datetime.date(2024, 5, 1),
        )
        return reverse("procedures:heropend", args=[p.pk]), {"heropend_op": "2024-05-02"}

    def stap_route(naam, scope, volgorde, data):
        p, s = stap(scope, volgorde)
        return reverse(naam, args=[p.pk, s.pk]), data

    routes = {
        "taken:nieuw": lambda s: (
            reverse("taken:nieuw", args=["signaal", signalen[s].pk]),
            {"omschrijving": "Nieuwe taak", "uiterlijk_op": "2030-01-01", "eigenaar_organisatie": politie_org.pk},
        ),
        "taken:detail": lambda s: (reverse("taken:detail", args=[taak(s).pk]), {}),
        "taken:wijzigen": lambda s: (
            reverse("taken:wijzigen", args=[taak(s).pk]),
            {
                "omschrijving": "Gewijzigd",
                "uiterlijk_op": "2030-02-01",
                "eigenaar_organisatie": politie_org.pk,
                "versie": 1,
            },
        ),  # fmt: skip
        "taken:afronden": lambda s: (reverse("taken:afronden", args=[taak(s).pk]), {"notitie": "Gedaan."}),
        "taken:vervallen": lambda s: (reverse("taken:vervallen", args=[taak(s).pk]), {"reden": "Niet nodig."}),
        "documenten:nieuw": lambda s: (
            reverse("documenten:nieuw", args=["signaal", signalen[s].pk]),
            {"bestand": upload(), "soort": "overig", "datum": "2024-06-01", "vertrouwelijkheid": "intern"},
        ),
        "documenten:download": lambda s: (reverse("documenten:download", args=[document(s).pk]), {}),
        "procedures:nieuw": lambda s: (
            reverse("procedures:nieuw", args=[signalen[s].pk]),
            {"soort": ProcedureSoort.objects.get(vorm="bibob", gemeente=None).pk, "gestart_op": "2024-04-01"},
        ),
        "procedures:detail": lambda s: (reverse("procedures:detail", args=[procedure(s).pk]), {}),
        "procedures:stap": lambda s: stap_route("procedures:stap", s, 1, {"gedaan_op": "2024-04-02"}),
        "procedures:stap_overslaan": lambda s: om_tip_overslaan(s),
        "procedures:stap_document": lambda s: stap_route(
            "procedures:stap_document",
            s,
            1,
            {"bestand": upload(), "soort": "overig", "datum": "2024-06-01", "vertrouwelijkheid": "intern"},
        ),  # fmt: skip
        "procedures:afsluiten": lambda s: (reverse("procedures:afsluiten", args=[procedure(s).pk]), {"versie": 1}),
        # The Bibob questionnaire's covering letter (step 2), from the repository's standard template.
        "procedures:brief": lambda s: stap_route("procedures:brief", s, 2, {}),
        "procedures:heropend": lambda s: gesloten_pand(s),
        "procedures:staken": lambda s: (
            reverse("procedures:staken", args=[procedure(s).pk]),
            {"reden": "Aanvraag ingetrokken.", "versie": 1},
        ),
    }
    prefixen = ("taken:", "documenten:", "procedures:")
    assert set(routes) == {naam for naam, _ in url_namen() if naam.startswith(prefixen)}
    gemeten: dict[str, dict[str, int]] = {}
    fouten = []
    for naam, maak in routes.items():
        for actor, gebruiker in actoren.items():
            client = CspControlerendeClient() if gebruiker else Client()
            if gebruiker:
                client.force_login(gebruiker)
            pad, data = maak("eigen")
            gemeten.setdefault(naam, {})[actor] = client.post(pad, data).status_code
            pad, data = maak("ander")
            status = client.post(pad, data).status_code
            if status not in GEEN_PAGINA | ({302} if gebruiker is None else set()):
                fouten.append(f"{naam} ander {actor}: {status}")
    # Nothing of Baarn changed: its tasks are all open and untouched, no task or document was added there.
    baarn_taken = Taak.objects.filter(gemeente=baarn)
    assert not baarn_taken.filter(omschrijving=f"{MERK} taak").exclude(status=TaakStatus.OPEN, versie=1).exists()
    # A Baarn procedure's steps make their own tasks: made and completed by Baarn's officer only (the set-up).
    assert not baarn_taken.exclude(door=baarn_beleid).exists()
    assert not baarn_taken.exclude(afgerond_door=None).exclude(afgerond_door=baarn_beleid).exists()
    from procedures.models import Procedure, ProcedureStap, ProcedureStatus

    assert not Procedure.objects.filter(gemeente=baarn).exclude(status=ProcedureStatus.LOPEND, versie=1).exists()
    assert not Procedure.objects.filter(gemeente=baarn, door=beleid).exists()
    baarn_stappen = ProcedureStap.objects.filter(procedure__gemeente=baarn)
    assert not baarn_stappen.filter(overgeslagen=True).exists()
    assert not baarn_stappen.exclude(door=None).exclude(door=baarn_beleid).exists()
    from documenten.models import Document

    assert not Document.objects.filter(gemeente=baarn, onderdeel_id__isnull=False).exists()  # no letter made there
    assert not fouten, fouten
    if os.environ.get("MATRIX_SCHRIJF"):
        print("\nVERWACHT_POST\n" + _schrijf(gemeten))
    assert gemeten == _tabel(VERWACHT_POST)


# --- POST on the action routes of overleg and interventions (issue 15.3): every actor, own and other municipality --

VERWACHT_POST_SIGNALEN = """
signalen:agendapunt_besluit        302  302  403  302  403  403  403
signalen:agendapunt_corrigeren     302  403  403  302  403  403  403
signalen:agendapunt_delen          302  302  403  302  403  403  403
signalen:communicatietaak_afronden 302  302  403  403  403  403  403
signalen:interventie_afronden      302  302  403  403  403  403  403
signalen:interventie_bibob_aanvragen 302  302  403  403  403  403  403
signalen:interventie_termijn_verlengen 302  302  403  403  403  403  403
signalen:overleg_agenderen         302  302  403  302  403  403  403
signalen:overleg_sluiten           302  403  403  302  403  403  403
"""


def test_autorisatiematrix_post_overleg_en_interventies(
    beleid, toezicht, voorzitter, coordinator, politie, beheerder, politie_org, duiven
):
    """Each action with valid data on a fresh object: who may do it; another municipality's objects never change.

    The police see Duiven's agenda items because they are shared with them, so a refusal is 403, not 404.
    """
    from ondermijning.scoping import Rol
    from ondermijning.tests.factories import GebruikerFactory
    from signalen.models import Agendapunt, Besluit, Interventie, Overleg

    baarn = GemeenteFactory(naam="Baarn")
    baarn_voorzitter = GebruikerFactory(username="t_baarn_vz", rol=Rol.VOORZITTER, gemeenten=[baarn])
    actoren = {"anoniem": None, "beleid": beleid, "toezicht": toezicht, "voorzitter": voorzitter,
               "coordinator": coordinator, "politie": politie, "beheerder": beheerder}  # fmt: skip
    gemeente = {"eigen": duiven, "ander": baarn}
    door = {"eigen": voorzitter, "ander": baarn_voorzitter}

    def signaal(scope, status=SignaalStatus.WEGING):
        return SignaalFactory(gemeente=gemeente[scope], titel=f"{MERK} signaal", status=status)

    def overleg(scope):
        return OverlegFactory(gemeenten=[gemeente[scope]], datum=datetime.date(2024, 4, 10), titel=f"{MERK} overleg")

    def punt(scope, besluit=""):
        p = AgendapuntFactory(overleg=overleg(scope), signaal=signaal(scope, SignaalStatus.OVERLEG))
        p.gedeeld_met.add(politie_org)
        if besluit:
            signaal_services.agendapunt_besluit(agendapunt=p, door=door[scope], besluit=besluit)
        return p

    def interventie(scope, **velden):
        return InterventieFactory(signaal=signaal(scope, SignaalStatus.INTERVENTIE), door=door[scope], **velden)

    def route(naam, obj, data):
        return reverse(f"signalen:{naam}", args=[obj.pk]), data

    routes = {
        "overleg_agenderen": lambda s: (lambda o, sg: route("overleg_agenderen", o, {"signaal": sg.pk}))(
            overleg(s), signaal(s)
        ),
        "overleg_sluiten": lambda s: route("overleg_sluiten", overleg(s), {}),
        "agendapunt_besluit": lambda s: (lambda p: route("agendapunt_besluit", p, {f"b{p.pk}-besluit": "anders"}))(
            punt(s)
        ),
        "agendapunt_corrigeren": lambda s: (
            lambda p: route(
                "agendapunt_corrigeren", p, {f"c{p.pk}-besluit": Besluit.OPPLUSSEN, f"c{p.pk}-reden": "Vergist."}
            )
        )(punt(s, Besluit.ANDERS)),
        "agendapunt_delen": lambda s: (
            lambda p: route(
                "agendapunt_delen",
                p,
                {f"d{p.pk}-organisaties": [politie_org.pk], f"d{p.pk}-grondslag": "lokaal_overleg"},
            )
        )(punt(s)),
        "interventie_bibob_aanvragen": lambda s: route(
            "interventie_bibob_aanvragen", interventie(s), {"aangevraagd_op": "2024-04-02"}
        ),
        "interventie_termijn_verlengen": lambda s: route(
            "interventie_termijn_verlengen",
            interventie(
                s, advies_aangevraagd_op=datetime.date(2024, 4, 2), advies_termijn_tot=datetime.date(2024, 5, 28)
            ),
            {},
        ),
        "interventie_afronden": lambda s: route(
            "interventie_afronden", interventie(s), {"afgerond_op": "2024-04-03", "uitkomst": "Klaar."}
        ),
        "communicatietaak_afronden": lambda s: route(
            "communicatietaak_afronden",
            CommunicatieTaak.objects.create(interventie=interventie(s), soort=CommunicatieSoort.POSTERS),
            {},
        ),
    }
    assert {f"signalen:{r}" for r in routes} <= {naam for naam, _ in url_namen()}
    gemeten: dict[str, dict[str, int]] = {}
    fouten = []
    for naam, maak in routes.items():
        for actor, gebruiker in actoren.items():
            client = CspControlerendeClient() if gebruiker else Client()
            if gebruiker:
                client.force_login(gebruiker)
            pad, data = maak("eigen")
            gemeten.setdefault(f"signalen:{naam}", {})[actor] = client.post(pad, data).status_code
            pad, data = maak("ander")
            status = client.post(pad, data).status_code
            if status not in GEEN_PAGINA | ({302} if gebruiker is None else set()):
                fouten.append(f"{naam} ander {actor}: {status}")
    # Nothing of Baarn changed: no decision, correction, sharing, agenda item, closing or intervention step there.
    baarn_punten = Agendapunt.objects.filter(overleg__gemeenten=baarn)
    assert not baarn_punten.exclude(besluit__in=["", Besluit.ANDERS]).exists()
    assert not baarn_punten.filter(correcties__isnull=False).exists()
    assert not baarn_punten.filter(signaal__titel=f"{MERK} signaal", signaal__status=SignaalStatus.WEGING).exists()
    assert not Overleg.objects.filter(gemeenten=baarn).exclude(gesloten_op=None).exists()
    baarn_interventies = Interventie.objects.filter(signaal__gemeente=baarn)
    assert not baarn_interventies.exclude(afgerond_op=None).exists()
    assert not baarn_interventies.filter(advies_termijn_verlengd=True).exists()
    assert not baarn_interventies.filter(
        advies_aangevraagd_op=datetime.date(2024, 4, 2), advies_termijn_tot=None
    ).exists()
    assert not CommunicatieTaak.objects.filter(interventie__signaal__gemeente=baarn).exclude(afgerond_op=None).exists()
    assert not fouten, fouten
    if os.environ.get("MATRIX_SCHRIJF"):
        print("\nVERWACHT_POST_SIGNALEN\n" + _schrijf(gemeten))
    assert gemeten == _tabel(VERWACHT_POST_SIGNALEN)


# --- writes: another municipality and a partner change nothing (issue 15.7) -----------------------
# Every route about one object (OBJECT above) is POSTed to with Duiven's objects, and every API
# object route also gets PATCH, PUT and DELETE, by two actors that must not write there:
# - a Baarn user holding every municipal role (so only the scope can stop them);
# - the police (ketenpartner), on Duiven's objects it does not take part in or were not shared.
# Each answer must be 403, 404 or 405 (a route that takes no POST), and no row of any model of the
# project may change (the audit trail aside: refusals may be logged there).

SCHRIJF_GEGEVENS = {
    "titel": "Overschreven",
    "omschrijving": "Overschreven",
    "naar": "afgesloten",
    "status": "afgesloten",
    "afsluitreden": "geen_actie",
    "reden": "Overschreven",
    "toelichting": "Overschreven",
    "versie": "1",
    "actie": "sluiten",
    "bevindingen": "Overschreven",
    "straat": "Overschreven",
    "huisnummer": "1",
    "postcode": "1234 AB",
    "plaats": "Overschreven",
    "datum": "2024-05-01",
    "bedrag": "1",
}
# The audit trail and its chain head (refusals may be logged), and when an API key was last used.
NIET_VERGELEKEN = {"ondermijning.auditevent", "ondermijning.auditkop"}
NIET_VERGELEKEN_VELDEN = {"api.apitoken": {"laatst_gebruikt_op"}}
# Not a write and not scoped by the session: the calendar feed answers whoever holds its token
# (200 for every actor in the matrix above), also to a POST; it changes nothing.
GEEN_SCHRIJFROUTE = {"actieplan:kalender_ics"}
# The one write a partner may do (issue 16.2): complete, with a note, a task given to its own
# organisation. Duiven's task in the world above is the police's; the POST matrix of tasks and
# documents checks that route for every actor, and that another municipality changes nothing.
PARTNER_MAG = {"taken:afronden"}


def _stand() -> dict[str, list]:
    """Every row of every model of the project's apps, to see that a refused write changed nothing."""
    from django.apps import apps as django_apps

    stand = {}
    labels = (
        "ondermijning",
        "signalen",
        "controles",
        "actieplan",
        "taken",
        "documenten",
        "procedures",
        "meldingen",
        "api",
    )
    for label in labels:
        for model in django_apps.get_app_config(label).get_models():
            if model._meta.label_lower in NIET_VERGELEKEN:
                continue
            weg = NIET_VERGELEKEN_VELDEN.get(model._meta.label_lower, set())
            velden = [veld.attname for veld in model._meta.concrete_fields if veld.name not in weg]
            stand[model._meta.label_lower] = list(model._base_manager.order_by("pk").values_list(*velden))
    return stand


def test_schrijven_door_andere_gemeente_of_partner_verandert_niets(wereld):
    from ondermijning.scoping import Rol
    from ondermijning.tests.factories import GebruikerFactory

    w, actoren, _tokens = wereld
    baarn = w.ander["gemeente"]
    alle_rollen = GebruikerFactory(username="t_baarn_alles", rol=Rol.BELEIDSMEDEWERKER, gemeenten=[baarn])
    for rol in (Rol.TOEZICHTHOUDER, Rol.VOORZITTER, Rol.COORDINATOR):
        alle_rollen.groups.add(Group.objects.get(name=rol))
    schrijvers = {"andere gemeente": alle_rollen, "partner": actoren["politie"]}
    clients, tokens = {}, {}
    for naam, gebruiker in schrijvers.items():
        clients[naam] = CspControlerendeClient()
        clients[naam].force_login(gebruiker)
        tokens[naam] = maak_token(gebruiker)[1]

    voor = _stand()
    fouten, aantal = [], 0
    for naam in sorted(set(OBJECT) - GEEN_SCHRIJFROUTE):
        pad = OBJECT[naam](w.eigen)
        for schrijver in schrijvers:
            if schrijver == "partner" and naam in PARTNER_MAG:
                continue
            if naam.startswith("api:"):
                kop = {"HTTP_AUTHORIZATION": f"Bearer {tokens[schrijver]}"}
                api = Client()
                antwoorden = {
                    methode: getattr(api, methode)(pad, SCHRIJF_GEGEVENS, content_type="application/json", **kop)
                    for methode in ("post", "patch", "put", "delete")
                }
            else:
                antwoorden = {"post": clients[schrijver].post(pad, SCHRIJF_GEGEVENS)}
            for methode, antwoord in antwoorden.items():
                aantal += 1
                if antwoord.status_code not in GEEN_PAGINA:
                    fouten.append(f"{methode.upper()} {naam} door {schrijver}: {antwoord.status_code}")
    na = _stand()
    veranderd = sorted(label for label in voor if voor[label] != na[label])
    assert aantal >= 2 * len(OBJECT)
    assert not fouten, "\n".join(fouten)
    assert not veranderd, f"Veranderd door een geweigerde schrijfactie: {veranderd}"
