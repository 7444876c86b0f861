"""Imports stand at the top of a module (issue 15): an import inside a function to dodge a cycle is a
sign the layers are wrong. What may stay inside a function, and why, is listed here."""

import ast
from pathlib import Path

from django.conf import settings

APPS = ["ondermijning", "signalen", "controles", "actieplan", "taken", "documenten", "procedures", "meldingen", "api"]

# Heavy libraries loaded at first use, not by every process that imports the module.
LUI = {"openpyxl", "weasyprint", "pypdfium2", "qrcode"}
# bench/ is a runner that sets Django up itself before it imports the apps (not checked here).
# The services of taken and documenten load ContentType inside a function; those apps are being
# reworked on another branch at the time of writing: take them out of this set when they move up.
NOG_OPEN = {"taken/services.py", "documenten/services.py"}


def _imports_in_functies():
    for app in APPS:
        for pad in sorted((Path(settings.BASE_DIR) / app).rglob("*.py")):
            relatief = pad.relative_to(settings.BASE_DIR).as_posix()
            if "/tests/" in relatief or "/migrations/" in relatief or relatief in NOG_OPEN:
                continue
            for functie in ast.walk(ast.parse(pad.read_text())):
                if not isinstance(functie, ast.FunctionDef | ast.AsyncFunctionDef):
                    continue
                for knoop in ast.walk(functie):
                    if isinstance(knoop, ast.ImportFrom):
                        module = knoop.module or "."  # `from . import x`
                    elif isinstance(knoop, ast.Import):
                        module = knoop.names[0].name
                    else:
                        continue
                    yield relatief, functie.name, knoop.lineno, module


def test_geen_import_in_een_functie_behalve_app_registry_en_lui():
    over = [
        f"{pad}:{regel} {functie}: {module}"
        for pad, functie, regel, module in _imports_in_functies()
        # AppConfig.ready(): the modules it loads hold models, which the registry allows only then.
        if not (pad.endswith("/apps.py") and functie == "ready") and module.split(".")[0] not in LUI
    ]
    assert over == []
