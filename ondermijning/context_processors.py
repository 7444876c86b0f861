"""Template context shared by every page."""

from ondermijning.beveiliging import volledig_ingelogd
from ondermijning.navigatie import navigatie_voor


def navigatie(request):
    """The menu and the bell, only for a user past the second factor (not on the code page)."""
    gebruiker = getattr(request, "user", None)
    if gebruiker is None or not volledig_ingelogd(gebruiker):
        return {"navigatie": [], "volledig_ingelogd": False}
    return {"navigatie": navigatie_voor(gebruiker, request.path), "volledig_ingelogd": True}
