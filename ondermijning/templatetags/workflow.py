"""`{% toegestane_acties obj request.user as acties %}`: what the user may do with obj now."""

from django import template

from ondermijning import workflow

register = template.Library()


@register.simple_tag
def toegestane_acties(obj, gebruiker) -> set[str]:
    """The names of the steps and status-bound work `gebruiker` may do on `obj` (see ondermijning.workflow)."""
    return workflow.toegestane_acties(obj, gebruiker)
