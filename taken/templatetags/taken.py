"""The "Taken" block on the pages of the things a task can be about, and the open tasks per agenda item.

Lower apps' templates include `taken/_blok.html`; this app fills it, so they never import it.
"""

from django import template
from django.db.models import Case, IntegerField, Value, When

from taken.models import Taak, TaakStatus

register = template.Library()

# The model of the page -> the task field that points at it, and the route to add one.
VELD = {"signaal": "signaal", "interventie": "interventie", "controle": "controle", "actie": "actie"}


@register.inclusion_tag("taken/_blok_inhoud.html", takes_context=True)
def taken_blok(context, doel):
    """The tasks of `doel` the user may see (one query), open ones first."""
    gebruiker = context["request"].user
    soort = doel._meta.model_name
    if soort not in VELD or not gebruiker.has_perm("taken.view_taak"):
        return {"toon": False}
    taken = list(
        Taak.objects.voor_gebruiker(gebruiker)
        .filter(**{VELD[soort]: doel})
        .select_related("eigenaar", "eigenaar_organisatie")
        .order_by(
            Case(When(status=TaakStatus.OPEN, then=Value(0)), default=Value(1), output_field=IntegerField()),
            "uiterlijk_op",
            "pk",
        )
    )
    return {
        "toon": True,
        "taken": taken,
        "soort": soort,
        "doel": doel,
        "kan_toevoegen": gebruiker.has_perm("taken.add_taak") and not gebruiker.is_ketenpartner,
    }


@register.simple_tag(takes_context=True)
def open_taken_per_signaal(context, punten):
    """{signal id: [open tasks]} for the agenda items of an overleg, in one query (no query per item)."""
    gebruiker = context["request"].user
    if not gebruiker.has_perm("taken.view_taak"):
        return {}
    per_signaal: dict[int, list] = {}
    taken = (
        Taak.objects.voor_gebruiker(gebruiker)
        .open()
        .filter(signaal_id__in=[p.signaal_id for p in punten])
        .select_related("eigenaar", "eigenaar_organisatie")
        .op_volgorde()
    )
    for taak in taken:
        per_signaal.setdefault(taak.signaal_id, []).append(taak)
    return per_signaal


@register.filter
def van_signaal(per_signaal: dict, signaal_id):
    return per_signaal.get(signaal_id, [])
