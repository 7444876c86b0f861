"""Template context shared by every page."""

from ondermijning.navigatie import navigatie_voor


def navigatie(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"navigatie": []}
    return {"navigatie": navigatie_voor(user, request.path)}
