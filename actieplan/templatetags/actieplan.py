"""Template filters of the actieplan app."""

from decimal import Decimal

from django import template

from ondermijning.geld import geld

register = template.Library()


@register.filter
def euro(bedrag) -> str:
    """€ 3.700,00 (Dutch notation)."""
    if bedrag in (None, ""):
        return ""
    return f"€ {geld(Decimal(bedrag))}"
