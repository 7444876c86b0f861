"""controles' answers to the core's domain events (connected in ControlesConfig.ready)."""

from controles.selectors import bezoeken_bij_subjecten


def bezoeken_voor_ook_bekend_in(sender, *, gebruiker, adres_ids, bedrijf_ids, **kwargs):
    """The visits at these subjects for signalen's "ook bekend in"; None without the right to see visits."""
    if not gebruiker.has_perm("controles.view_bezoek"):
        return None
    return bezoeken_bij_subjecten(gebruiker=gebruiker, adres_ids=adres_ids, bedrijf_ids=bedrijf_ids)
