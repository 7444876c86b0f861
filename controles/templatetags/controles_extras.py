"""Small template helpers of the controles app."""

from django import template
from django.urls import NoReverseMatch, reverse

register = template.Library()


@register.simple_tag
def signaal_url(signaal_id) -> str:
    """The signal's detail page, or "" while the signalen app has no such page."""
    if not signaal_id:
        return ""
    try:
        return reverse("signalen:detail", args=[signaal_id])
    except NoReverseMatch:
        return ""


@register.filter
def procent(deel, totaal) -> int:
    """Share as a whole percentage (0 when there is nothing to divide)."""
    try:
        return round(100 * int(deel) / int(totaal)) if int(totaal) else 0
    except (TypeError, ValueError):
        return 0
