"""The beat schedule and the in-process planner of `make run`."""

import pytest
from celery.schedules import maybe_schedule
from django.conf import settings

from meldingen import planner
from ondermijning.celery import app


def test_beat_schema_noemt_alleen_bestaande_taken_met_tijdslimiet_en_acks_late():
    verwacht = {
        "meldingen.herinneringen_scan",
        "meldingen.herinneringen_verstuur",
        "meldingen.exports_onderhoud",
        "meldingen.audit_verzegel",
        "meldingen.audit_verify",
        "meldingen.audit_anker",
        "meldingen.opschonen",
    }
    assert {regel["task"] for regel in settings.CELERY_BEAT_SCHEDULE.values()} == verwacht
    for naam in [*verwacht, "meldingen.export_maak"]:
        taak = app.tasks[naam]
        assert taak.acks_late is True and taak.time_limit and taak.soft_time_limit < taak.time_limit, naam
    for regel in settings.CELERY_BEAT_SCHEDULE.values():
        assert maybe_schedule(regel["schedule"], app=app).remaining_estimate(app.now()).total_seconds() <= 86400


def test_audit_wordt_binnen_enkele_seconden_verzegeld_ook_door_de_planner():
    """Issue 21.4: audited requests leave their events waiting; the sealer links them in every few seconds."""
    (periode,) = [
        r["schedule"] for r in settings.CELERY_BEAT_SCHEDULE.values() if r["task"] == "meldingen.audit_verzegel"
    ]
    assert periode <= 10
    assert periode >= planner.TIK  # the planner of `make run` wakes up often enough to keep that schedule


@pytest.mark.parametrize(
    ("argv", "omgeving", "debug", "eager", "verwacht"),
    [
        (["manage.py", "runserver"], {"RUN_MAIN": "true"}, True, True, True),
        (["manage.py", "runserver", "--noreload"], {}, True, True, True),
        (["manage.py", "runserver"], {}, True, True, False),  # the autoreloader's parent: no second planner
        (["manage.py", "runserver"], {"RUN_MAIN": "true"}, False, True, False),  # not without DEBUG
        (["manage.py", "runserver"], {"RUN_MAIN": "true"}, True, False, False),  # Redis: beat does it
        (["gunicorn"], {"RUN_MAIN": "true"}, True, True, False),
        (["manage.py", "migrate"], {"RUN_MAIN": "true"}, True, True, False),
    ],
)
def test_planner_alleen_in_de_ontwikkelserver(settings, argv, omgeving, debug, eager, verwacht):
    settings.DEBUG = debug
    settings.CELERY_TASK_ALWAYS_EAGER = eager
    assert planner.moet_starten(argv, omgeving) is verwacht


@pytest.mark.django_db
def test_planner_draait_een_taak_en_overleeft_een_fout(beleid, monkeypatch, caplog):
    aangeroepen = []
    monkeypatch.setattr(app.tasks["meldingen.herinneringen_verstuur"], "run", lambda: aangeroepen.append(1) or 0)
    planner._draai("meldingen.herinneringen_verstuur")
    assert aangeroepen == [1]

    def kapot():
        raise RuntimeError("kapot")

    monkeypatch.setattr(app.tasks["meldingen.herinneringen_scan"], "run", kapot)
    with pytest.raises(RuntimeError):
        app.tasks["meldingen.herinneringen_scan"].apply().get()
    planner._draai("meldingen.herinneringen_scan")  # logged, never raised into the planner loop
    assert "Geplande taak meldingen.herinneringen_scan mislukt" in caplog.text
