"""Template context shared by every page."""

from ondermijning.beveiliging import volledig_ingelogd
from ondermijning.navigatie import navigatie_voor


def navigatie(request):
    """The menu and the bell, only for a user past the second factor (not on the code page)."""
    user = getattr(request, "user", None)
    if user is None or not volledig_ingelogd(user):
        return {"navigatie": [], "volledig_ingelogd": False}
    return {"navigatie": navigatie_voor(user, request.path), "volledig_ingelogd": True}
