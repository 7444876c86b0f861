"""Audit viewer and disclosure register: beheerder only, filters, exports safe and audited."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from ondermijning import audit
from ondermijning.export import veilige_cel
from ondermijning.models import AuditActie, AuditEvent, Grondslag, Verstrekking
from ondermijning.services import verstrekking_registreer, verstrekking_trek_in, verstrekkingen_bij
from ondermijning.tests.factories import OrganisatieFactory
from signalen.models import Adres


@pytest.fixture
def adres(duiven):
    return Adres.objects.create(gemeente=duiven, straat="Rijksweg", huisnummer="1", postcode="6921 AA", plaats="Duiven")


@pytest.fixture
def verstrekking(adres, politie_org, beleid):
    return verstrekking_registreer(
        obj=adres, organisatie=politie_org, door=beleid, grondslag=Grondslag.LOKAAL_OVERLEG, omschrijving="adres 1"
    )


def test_alleen_beheerder_ziet_audit_en_register(client, beleid, politie, beheerder):
    for gebruiker in (beleid, politie):
        client.force_login(gebruiker)
        assert client.get(reverse("audit_lijst")).status_code == 403
        assert client.get(reverse("verstrekking_lijst")).status_code == 403
    client.force_login(beheerder)
    assert client.get(reverse("audit_lijst")).status_code == 200
    assert client.get(reverse("verstrekking_lijst")).status_code == 200


def test_wie_heeft_dit_bekeken(client, beheerder, beleid, coordinator):
    audit.log(actie=AuditActie.LEZEN, actor=beleid, object_type="signalen.signaal", object_id=42)
    audit.log(actie=AuditActie.LEZEN, actor=coordinator, object_type="signalen.signaal", object_id=43)
    client.force_login(beheerder)
    response = client.get(
        reverse("audit_lijst"), {"object_type": "signalen.signaal", "object_id": "42", "actie": "lezen"}
    )
    rijen = list(response.context["pagina"])
    assert [e.actor for e in rijen] == [beleid]
    assert "<td>wacht</td>" in response.content.decode()  # not yet sealed into the chain: no number yet
    audit.verzegel()
    response = client.get(reverse("audit_lijst"), {"object_type": "signalen.signaal", "object_id": "42"})
    assert "<td>wacht</td>" not in response.content.decode()


def test_verstrekking_wordt_vastgelegd_en_ingetrokken(verstrekking, adres, politie_org, beleid):
    assert verstrekking.gemeente == adres.gemeente
    assert AuditEvent.objects.filter(object_type="ondermijning.verstrekking", actie=AuditActie.AANMAKEN).exists()
    assert verstrekking_trek_in(obj=adres, organisatie=politie_org, door=beleid) == 1
    verstrekking.refresh_from_db()
    assert verstrekking.ingetrokken_op is not None


def test_register_export_csv_en_xlsx(client, beheerder, verstrekking):
    client.force_login(beheerder)
    response = client.get(reverse("verstrekking_lijst"), {"export": "csv"})
    rijen = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rijen[1][1] == "Politie" and rijen[1][2] == "adres 1"
    response = client.get(reverse("verstrekking_lijst"), {"export": "xlsx"})
    blad = load_workbook(io.BytesIO(response.content)).active
    assert blad["B2"].value == "Politie"
    assert AuditEvent.objects.filter(actie=AuditActie.EXPORT, object_type="ondermijning.verstrekking").count() == 2


def test_formule_injectie_wordt_geneutraliseerd():
    for gevaarlijk in ("=HYPERLINK(1)", "+1", "-2+3", "@SUM(A1)"):
        assert veilige_cel(gevaarlijk) == "'" + gevaarlijk
    assert veilige_cel("Rijksweg 1") == "Rijksweg 1"
    assert veilige_cel(-5) == -5  # numbers stay numbers


def test_register_aantal_queries_gelijk_bij_5_en_50(
    client, beheerder, adres, politie_org, beleid, django_assert_num_queries
):
    client.force_login(beheerder)

    def maak(n):
        Verstrekking.objects.all().delete()
        for i in range(n):
            verstrekking_registreer(
                obj=adres, organisatie=politie_org, door=beleid, grondslag=Grondslag.ANDERS, omschrijving=f"x{i}"
            )

    maak(5)
    client.get(reverse("verstrekking_lijst"))
    with CaptureQueriesContext(connection) as bij5:
        client.get(reverse("verstrekking_lijst"))
    maak(50)
    with CaptureQueriesContext(connection) as bij50:
        client.get(reverse("verstrekking_lijst"))
    assert len(bij5) == len(bij50)


def test_verstrekkingen_bij_volgt_wie_het_ziet(adres, politie_org, beleid):
    """New sharing recorded, the same terms left alone, other terms re-recorded, stopped sharing withdrawn."""
    fiod = OrganisatieFactory()

    def bij(organisaties, **kwargs):
        verstrekkingen_bij(
            obj=adres, organisaties=organisaties, door=beleid, grondslag=Grondslag.LOKAAL_OVERLEG,
            omschrijving="adres", **kwargs,
        )  # fmt: skip

    def open_bij():
        return sorted(
            Verstrekking.objects.filter(ingetrokken_op=None).values_list("organisatie_id", "persoonsgegevens")
        )

    bij([politie_org])
    assert open_bij() == [(politie_org.pk, False)]
    bij([politie_org, fiod])
    assert open_bij() == sorted([(politie_org.pk, False), (fiod.pk, False)])
    assert Verstrekking.objects.count() == 2  # the police's entry was left alone
    verstrekkingen_bij(
        obj=adres, organisaties=[politie_org], door=beleid, grondslag=Grondslag.CONVENANT_RIEC, omschrijving="adres",
        persoonsgegevens=True,
    )  # fmt: skip
    assert open_bij() == [(politie_org.pk, True)]
    assert Verstrekking.objects.exclude(ingetrokken_op=None).count() == 2  # old police entry and fiod withdrawn
