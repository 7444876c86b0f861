"""Thin views of the documenten app: upload on a signal, intervention or control; scoped download."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from controles.models import Controle
from documenten import services
from documenten.forms import DocumentForm
from documenten.models import Document
from signalen.models import Interventie, Signaal

# What a document can be attached to: the scoped model, the permission that opens its page, that page.
DOELEN = {
    "signaal": (Signaal, "signalen.view_signaal", "signalen:detail"),
    "interventie": (Interventie, "signalen.view_interventie", "signalen:interventie_detail"),
    "controle": (Controle, "controles.view_controle", "controles:detail"),
}


def _doel(request, soort: str, pk: int):
    if soort not in DOELEN or request.user.is_ketenpartner:
        raise Http404
    model, permissie, _pagina = DOELEN[soort]
    if not request.user.has_perm(permissie):
        raise PermissionDenied
    return get_object_or_404(model.objects.voor_gebruiker(request.user), pk=pk)


@permission_required("documenten.add_document", raise_exception=True)
def document_nieuw(request, soort, pk):
    """Upload a document; its type is checked by content, an image loses its metadata."""
    doel = _doel(request, soort, pk)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.document_voeg_toe(door=request.user, **{soort: doel}, **form.cleaned_data)
        except ValidationError as fout:
            if hasattr(fout, "error_dict"):
                for veld, lijst in fout.error_dict.items():
                    form.add_error(veld if veld in form.fields else None, lijst)
            else:
                form.add_error(None, fout.messages)
        else:
            messages.success(request, _("Het document is toegevoegd."))
            return redirect(reverse(DOELEN[soort][2], args=[doel.pk]))
    terug = reverse(DOELEN[soort][2], args=[doel.pk])
    return render(request, "documenten/document_form.html", {"form": form, "doel": doel, "terug": terug})


@require_GET
@permission_required("documenten.view_document", raise_exception=True)
def document_download(request, pk):
    """Always as an attachment, never shown inline; every download is one audit event."""
    document = get_object_or_404(Document.objects.voor_gebruiker(request.user), pk=pk)
    bestand = services.document_open(document=document, gebruiker=request.user)
    if bestand is None:
        raise Http404
    response = FileResponse(
        bestand, as_attachment=True, filename=document.bestandsnaam, content_type=document.mime_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store, private"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
