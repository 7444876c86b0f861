"""The "Procedures" block on the signal page: lower apps' templates include `procedures/_blok.html`."""

from django import template

from procedures.models import Procedure, ProcedureSoort

register = template.Library()


@register.inclusion_tag("procedures/_blok_inhoud.html", takes_context=True)
def procedures_blok(context, signaal):
    """The signal's procedures the user may see and, for who may, a form to start one (two queries)."""
    user = context["request"].user
    if not user.has_perm("procedures.view_procedure") or user.is_ketenpartner:
        return {"toon": False}
    procedures = list(
        Procedure.objects.voor_gebruiker(user)
        .filter(signaal=signaal)
        .select_related("soort")
        .order_by("-gestart_op", "-pk")
    )
    kan_starten = user.has_perm("procedures.add_procedure")
    return {
        "toon": True,
        "procedures": procedures,
        "signaal": signaal,
        "kan_starten": kan_starten,
        # A small GET form: the kind is chosen here, the rest on the start page.
        "soorten": list(ProcedureSoort.objects.voor_gemeente(signaal.gemeente_id)) if kan_starten else [],
    }
