"""Celery tasks: each takes ids (or nothing), calls one service, and is safe to run twice.

acks_late: a task whose worker dies is delivered again; the services are idempotent (unique keys,
row locks, status checks), so a second run changes nothing that the first completed.
"""

from celery import shared_task

from meldingen import services
from ondermijning import audit

KORT = {"acks_late": True, "soft_time_limit": 50, "time_limit": 60}
LANG = {"acks_late": True, "soft_time_limit": 240, "time_limit": 300}


@shared_task(name="meldingen.herinneringen_scan", **LANG)
def herinneringen_scan_taak() -> int:
    """Create the time-based reminders (idempotent)."""
    return services.herinneringen_scan()


@shared_task(name="meldingen.herinneringen_verstuur", **KORT)
def herinneringen_verstuur_taak() -> int:
    """Send the due reminders, each exactly once."""
    return services.herinneringen_verstuur()


@shared_task(name="meldingen.export_maak", **LANG)
def export_maak_taak(opdracht_id: int) -> None:
    """Produce one background export."""
    services.export_maak(opdracht_id=opdracht_id)


@shared_task(name="meldingen.exports_onderhoud", **KORT)
def exports_onderhoud_taak() -> dict:
    """Expire old export files and queue lost jobs again."""
    return services.exports_onderhoud()


@shared_task(name="meldingen.audit_verify", **LANG)
def audit_verify_taak() -> int:
    """Daily check of the audit hash chain."""
    return len(services.auditketen_controleer())


@shared_task(name="meldingen.audit_verzegel", **KORT)
def audit_verzegel_taak() -> int:
    """Link the audit events written since the last run into the MAC chain; returns how many."""
    return audit.verzegel()


@shared_task(name="meldingen.audit_anker", **KORT)
def audit_anker_taak() -> int:
    """Daily anchor of the audit chain's head outside the database; returns its number."""
    return audit.veranker()["volgnummer"]


@shared_task(name="meldingen.opschonen", **LANG)
def opschonen_taak() -> dict:
    """Nightly retention."""
    return services.opschonen()
