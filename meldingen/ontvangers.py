"""meldingen's answers to the core's domain events (connected in MeldingenConfig.ready)."""

from meldingen.models import Herinnering


def herinneringen_van_signaal_weg(sender, *, signaal, **kwargs) -> None:
    """A destroyed signal keeps no reminders about it (they name it and link to it). Reminders are
    not part of the file, so the tombstone does not count them (it returns nothing)."""
    Herinnering.objects.filter(object_type=signaal._meta.label_lower, object_id=signaal.pk).delete()
