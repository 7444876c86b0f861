"""The small helpers every app shares instead of keeping its own copy."""

import hashlib

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from ondermijning.forms import fouten_naar_form
from ondermijning.geheim import geheim_hash


class _Form(forms.Form):
    naam = forms.CharField()


def test_fout_van_de_service_staat_bij_het_veld_waar_hij_over_gaat():
    form = _Form(data={"naam": "x"})
    assert form.is_valid()
    fouten_naar_form(form, ValidationError({"naam": "Bestaat al.", "onbekend": "Niet op dit formulier."}))
    assert form.errors["naam"] == ["Bestaat al."]
    # A field the form does not have goes on top of the form, so the user still sees it.
    assert form.errors[NON_FIELD_ERRORS] == ["Niet op dit formulier."]


def test_fout_zonder_veld_staat_boven_het_formulier():
    form = _Form(data={"naam": "x"})
    assert form.is_valid()
    fouten_naar_form(form, ValidationError(["Eerste.", "Tweede."]))
    assert form.non_field_errors() == ["Eerste.", "Tweede."]


def test_hash_van_een_geheim_is_de_sha256_die_al_opgeslagen_is():
    # API keys and calendar links stored before the two copies became one must keep working.
    assert geheim_hash("abc") == hashlib.sha256(b"abc").hexdigest()
    assert geheim_hash("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
