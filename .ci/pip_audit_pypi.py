"""Fallback for pip-audit where only PyPI's project JSON is reachable (this CI network).

pip-audit asks PyPI for `/pypi/<name>/<version>/json` or OSV; here neither answers. PyPI's
project JSON (`/pypi/<name>/json`) does, and its `vulnerabilities` list is about the latest
release. So: every installed package that is at its latest release is audited against that list;
a known vulnerability fails the run. Packages pinned below their latest release (Django stays on
the 5.2 LTS line on purpose) cannot be audited this way and are listed by name, so a reader sees
exactly what was not covered. Run pip-audit itself where OSV is reachable.
"""

import json
import sys
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from importlib import metadata


def project(naam: str) -> dict | None:
    try:
        with urllib.request.urlopen(f"https://pypi.org/pypi/{naam}/json", timeout=20) as antwoord:  # noqa: S310
            return json.load(antwoord)
    except OSError:
        return None


def main() -> int:
    pakketten = sorted({(d.metadata["Name"], d.version) for d in metadata.distributions() if d.metadata["Name"]})
    pakketten = [(n, v) for n, v in pakketten if n.lower() not in {"pip", "setuptools", "wheel", "ondermijning"}]
    with ThreadPoolExecutor(8) as pool:
        antwoorden = list(pool.map(lambda p: project(p[0]), pakketten))
    kwetsbaar, niet_gecontroleerd, onbereikbaar = [], [], []
    for (naam, versie), data in zip(pakketten, antwoorden, strict=True):
        if data is None:
            onbereikbaar.append(naam)
        elif data["info"]["version"] != versie:
            niet_gecontroleerd.append(f"{naam} {versie} (nieuwste {data['info']['version']})")
        else:
            for kwetsbaarheid in data.get("vulnerabilities") or []:
                kwetsbaar.append(f"{naam} {versie}: {kwetsbaarheid.get('id')} {kwetsbaarheid.get('aliases')}")
    gecontroleerd = len(pakketten) - len(niet_gecontroleerd) - len(onbereikbaar)
    print(f"pip-audit (PyPI-projectgegevens): {gecontroleerd} van {len(pakketten)} pakketten gecontroleerd.")
    if niet_gecontroleerd:
        print("Niet te controleren (niet de nieuwste versie): " + ", ".join(niet_gecontroleerd))
    if onbereikbaar:
        print("Geen gegevens van PyPI voor: " + ", ".join(onbereikbaar))
    for regel in kwetsbaar:
        print("KWETSBAAR: " + regel)
    return 1 if kwetsbaar else 0


if __name__ == "__main__":
    sys.exit(main())
