"""The "Documenten" block (list and upload form) on signal, intervention and control pages.

Lower apps' templates include `documenten/_blok.html`; this app fills it, so they never import it.
"""

from django import template

from documenten.forms import DocumentForm
from documenten.models import Document

register = template.Library()

VELD = {"signaal": "signaal", "interventie": "interventie", "controle": "controle"}


@register.inclusion_tag("documenten/_blok_inhoud.html", takes_context=True)
def documenten_blok(context, doel):
    """The documents of `doel` the user may open (one query) and, for who may upload, the form."""
    request = context["request"]
    gebruiker = request.user
    soort = doel._meta.model_name
    if soort not in VELD or gebruiker.is_ketenpartner or not gebruiker.has_perm("documenten.view_document"):
        return {"toon": False}
    documenten = list(Document.objects.voor_gebruiker(gebruiker).filter(**{VELD[soort]: doel}).select_related("door"))
    kan_toevoegen = gebruiker.has_perm("documenten.add_document")
    return {
        "toon": True,
        "documenten": documenten,
        "soort": soort,
        "doel": doel,
        "kan_toevoegen": kan_toevoegen,
        "form": DocumentForm() if kan_toevoegen else None,
        "csrf_token": context.get("csrf_token"),
    }
