"""The sender delivers every due reminder exactly once: run twice, run concurrently, after a failure."""

import datetime
import threading
import time
from unittest import mock

import pytest
from django.core import mail
from django.db import connection

from meldingen import services
from meldingen.models import Afgeleverd, Herinnering, HerinneringSoort, Notificatie
from meldingen.tests.conftest import NU
from signalen.tests.factories import SignaalFactory


def _plan(aantal, gemeente, ontvanger, due_at=NU):
    return [
        services.herinnering_plan(
            soort=HerinneringSoort.WEGING_TE_LANG,
            ontvanger=ontvanger,
            obj=SignaalFactory(gemeente=gemeente),
            gemeente=gemeente,
            due_at=due_at,
        )
        for _ in range(aantal)
    ]


@pytest.mark.django_db
def test_niet_voor_de_tijd_en_daarna_precies_een_keer(duiven, beleid, mailoutbox):
    _plan(3, duiven, beleid, due_at=NU + datetime.timedelta(hours=1))
    assert services.herinneringen_verstuur(nu=NU) == 0
    assert services.herinneringen_verstuur(nu=NU + datetime.timedelta(hours=1)) == 3
    assert services.herinneringen_verstuur(nu=NU + datetime.timedelta(hours=2)) == 0
    assert len(mailoutbox) == 3 and Notificatie.objects.count() == 3
    assert mailoutbox[0].extra_headers["Message-ID"].startswith("<herinnering-")


@pytest.mark.django_db
def test_mislukte_mail_wordt_later_precies_een_keer_verstuurd(duiven, beleid, mailoutbox):
    (herinnering,) = _plan(1, duiven, beleid)
    with mock.patch("meldingen.services.EmailMessage.send", side_effect=ConnectionRefusedError):
        assert services.herinneringen_verstuur(nu=NU) == 0
    herinnering.refresh_from_db()
    assert herinnering.sent_at is None and herinnering.pogingen == 1
    assert herinnering.laatste_fout == "ConnectionRefusedError"
    assert not Notificatie.objects.exists()  # nothing half-delivered

    assert services.herinneringen_verstuur(nu=NU + datetime.timedelta(minutes=1)) == 0  # waits before retrying
    assert services.herinneringen_verstuur(nu=NU + datetime.timedelta(minutes=6)) == 1
    assert services.herinneringen_verstuur(nu=NU + datetime.timedelta(minutes=30)) == 0
    assert len(mailoutbox) == 1 and Notificatie.objects.count() == 1


@pytest.mark.django_db
def test_na_vijf_mislukte_pogingen_alleen_in_de_app(duiven, beleid, mailoutbox):
    (herinnering,) = _plan(1, duiven, beleid)
    Herinnering.objects.filter(pk=herinnering.pk).update(pogingen=services.MAX_POGINGEN)
    assert services.herinneringen_verstuur(nu=NU) == 1
    assert mailoutbox == []
    assert Herinnering.objects.get().afgeleverd == Afgeleverd.IN_APP
    assert Notificatie.objects.get().ontvanger == beleid


@pytest.mark.django_db
def test_crash_tijdens_verzenden_laat_de_herinnering_onverzonden(duiven, beleid, mailoutbox):
    """A worker dying mid-send (here: an exception the sender does not expect) rolls the row back."""
    _plan(1, duiven, beleid)
    with mock.patch("meldingen.services.Notificatie.objects.create", side_effect=SystemExit), pytest.raises(SystemExit):
        services.herinneringen_verstuur(nu=NU)
    assert Herinnering.objects.get().sent_at is None
    mailoutbox.clear()
    assert services.herinneringen_verstuur(nu=NU) == 1
    assert len(mailoutbox) == 1


@pytest.mark.django_db
def test_ontvanger_die_de_gemeente_kwijt_is_krijgt_niets(duiven, westervoort, beleid, mailoutbox):
    _plan(1, duiven, beleid)
    beleid.gemeenten.set([westervoort])
    services.herinneringen_verstuur(nu=NU)
    assert Herinnering.objects.get().afgeleverd == Afgeleverd.VERVALLEN
    assert mailoutbox == [] and not Notificatie.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_twee_gelijktijdige_verzenders_een_mail_per_herinnering(duiven, beleid, mailoutbox):
    """On PostgreSQL two workers really overlap; SKIP LOCKED keeps them off each other's rows.

    SQLite has no row locks (select_for_update is a no-op and the test database is in memory), so
    there the same assertions run with the two senders one after the other.
    """
    # Rows written directly: herinnering_plan would already nudge the (eager) sender on commit here.
    herinneringen = [
        Herinnering.objects.create(
            soort=HerinneringSoort.WEGING_TE_LANG,
            ontvanger=beleid,
            object_type="signalen.signaal",
            object_id=SignaalFactory(gemeente=duiven).pk,
            gemeente=duiven,
            peildatum=NU.date(),
            due_at=NU,
            onderwerp="Signaal wacht op weging",
        )
        for _ in range(6)
    ]
    echte_mail = services._mail

    def trage_mail(herinnering):
        echte_mail(herinnering)
        time.sleep(0.15)  # keep the row locked long enough for the other worker to meet it

    fouten, per_werker = [], []
    with mock.patch("meldingen.services._mail", trage_mail):
        if connection.vendor == "postgresql":
            start = threading.Barrier(2)

            def werker():
                try:
                    start.wait()
                    per_werker.append(services.herinneringen_verstuur(nu=NU))
                except Exception as fout:  # pragma: no cover - reported below
                    fouten.append(fout)
                finally:
                    connection.close()

            draden = [threading.Thread(target=werker) for _ in range(2)]
            for draad in draden:
                draad.start()
            for draad in draden:
                draad.join(30)
            assert sorted(per_werker)[0] > 0, "both workers must have sent some: they really overlapped"
        else:
            services.herinneringen_verstuur(nu=NU)
            services.herinneringen_verstuur(nu=NU)

    assert fouten == []
    assert len(mail.outbox) == 6
    assert sorted(m.extra_headers["Message-ID"] for m in mail.outbox) == sorted(
        f"<herinnering-{h.pk}@ondermijning>" for h in herinneringen
    )
    assert Notificatie.objects.count() == 6
    assert not Herinnering.objects.filter(sent_at__isnull=True).exists()
