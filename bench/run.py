"""The benchmark runner behind `make bench` (issue 9; how to read the figures: BENCH.md).

Two modes:

- orchestrate (default): for every size (1,000 / 10,000 / 100,000 signals) create a fresh
  PostgreSQL database `<name>_<size>` next to DATABASE_URL, migrate it, fill it with
  `manage.py maak_benchdata --signalen <size>`, then measure it in a child process (one Django
  process per database) and combine everything into `var/bench.json` and a table.
- `--meet`: measure the database in DATABASE_URL. Every page is fetched with the Django test
  client as a beleidsmedewerker/coordinator of three municipalities (second factor satisfied, as
  the suite's client does): median and 95th percentile server time over repeated requests, the
  number of queries, the size of the response. Beside each list page: the Django admin
  changelist of signals with the same filter (as a superuser) and the page's main query as raw
  SQL through a cursor (the floor). A page whose URL does not exist (yet) is reported as
  "ontbreekt", never a crash.

Timings are wall-clock on a shared machine: compare the ratios, not the milliseconds.
"""

from __future__ import annotations

import argparse
import datetime
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BASIS = Path(__file__).resolve().parent.parent
VAR = BASIS / "var"
STANDAARD_URL = "postgres://postgres@127.0.0.1:5432/ondermijning_bench"
GROOTTES = (1000, 10_000, 100_000)

# Targets from issue 9 (checked by `samenvatten`, printed under the table).
DOEL_ADMIN = 1.0  # list page median / admin changelist median, at the largest size
DOEL_VLOER = 3.0  # list page median / raw main query, at the largest size
DOEL_GROEI = 1.5  # page median at the largest size / at the smallest
DOEL_ZOEK_P95_MS = 150.0
DOEL_PDF_MS = 1000.0

# Environment of every child process: production-like (DEBUG off), test-client friendly.
BENCH_ENV = {
    "DEBUG": "0",
    "ALLOWED_HOSTS": "testserver,127.0.0.1,localhost",
    "SECURE_SSL_REDIRECT": "0",
    "SESSION_COOKIE_SECURE": "0",
    "LOG_LEVEL": "ERROR",
    "DJANGO_SETTINGS_MODULE": "ondermijning.settings",
}

# The audit chain's key of the benchmark databases (required with DEBUG off; never a real key).
BENCH_AUDIT_SLEUTEL = "1:YmVuY2gtYmVuY2gtYmVuY2gtYmVuY2gtYmVuY2gtYmVuY2g="

# =============================================================================================
# Orchestration (no Django in this process)
# =============================================================================================


def db_url(basis: str, grootte: int) -> str:
    """The URL of the database for one size: `<name>_<size>` on the same server."""
    delen = urlsplit(basis)
    naam = delen.path.lstrip("/") or "ondermijning_bench"
    return urlunsplit(delen._replace(path=f"/{naam}_{grootte}"))


def _onderhoud_url(url: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path="/postgres"))


def _db_naam(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def verse_database(url: str) -> None:
    """Drop and create the database of `url` (PostgreSQL)."""
    import psycopg2  # the driver of requirements.txt (psycopg2-binary)

    naam = _db_naam(url)
    verbinding = psycopg2.connect(_onderhoud_url(url))
    verbinding.autocommit = True  # DROP/CREATE DATABASE cannot run in a transaction
    try:
        with verbinding.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{naam}" WITH (FORCE)')
            cursor.execute(f'CREATE DATABASE "{naam}"')
    finally:
        verbinding.close()


def vacuum_analyze(url: str) -> float:
    """`VACUUM (ANALYZE)` the whole database, as maak_benchdata ends a fresh load (issue 21).

    A migration that rewrites a table (0019 added a stored generated column to the 1,000,000
    signals) leaves its visibility map empty, and autovacuum does not come for a table nobody
    writes to: every index-only scan turned into heap reads (the year overview read 26,000 pages
    at 1M). A reused database is measured as a freshly loaded one would be.
    """
    import psycopg2

    begin = time.monotonic()
    verbinding = psycopg2.connect(url)
    verbinding.autocommit = True  # VACUUM cannot run in a transaction
    try:
        with verbinding.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE)")
    finally:
        verbinding.close()
    return time.monotonic() - begin


def heeft_benchdata(url: str, grootte: int) -> bool:
    """Whether the database already holds exactly this size of benchmark data (for --hergebruik)."""
    import psycopg2

    try:
        verbinding = psycopg2.connect(url)
    except psycopg2.Error:
        return False
    try:
        with verbinding.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM signalen_signaal WHERE titel LIKE '[bench]%%'")
            return cursor.fetchone()[0] == grootte
    except psycopg2.Error:
        return False
    finally:
        verbinding.close()


def _draai(cmd: list[str], env: dict) -> float:
    begin = time.monotonic()
    subprocess.run(cmd, cwd=BASIS, env=env, check=True)  # noqa: S603 (our own interpreter and fixed arguments)
    return time.monotonic() - begin


def orkestreer(args) -> int:
    basis = os.environ.get("DATABASE_URL") or STANDAARD_URL
    if not basis.startswith(("postgres://", "postgresql://")):
        print(f"make bench meet op PostgreSQL; DATABASE_URL={basis!r} is dat niet.", file=sys.stderr)
        return 2
    python = sys.executable
    per_grootte = {}
    for grootte in args.groottes:
        url = db_url(basis, grootte)
        env = {**os.environ, **BENCH_ENV, "DATABASE_URL": url}
        env.setdefault("SECRET_KEY", "bench-" + "s3cr3t-niet-voor-productie-" * 2)
        env.setdefault("AUDIT_HMAC_SLEUTELS", BENCH_AUDIT_SLEUTEL)  # required with DEBUG off
        genereren = None
        if args.hergebruik and heeft_benchdata(url, grootte):
            print(f"== {grootte} signalen: bestaande database {_db_naam(url)} hergebruikt")
            _draai([python, "manage.py", "migrate", "--noinput", "-v0"], env)  # new indexes, if any
            opgeruimd = vacuum_analyze(url)
            print(f"   VACUUM (ANALYZE) na migreren: {opgeruimd:.1f} s")
        else:
            print(f"== {grootte} signalen: verse database {_db_naam(url)}")
            verse_database(url)
            _draai([python, "manage.py", "migrate", "--noinput", "-v0"], env)
            genereren = _draai([python, "manage.py", "maak_benchdata", "--signalen", str(grootte)], env)
        uit = VAR / f"bench_{grootte}.json"
        cmd = [python, "-m", "bench.run", "--meet", "--uit", str(uit), "--herhalingen", str(args.herhalingen)]
        _draai(cmd, env)
        resultaat = json.loads(uit.read_text())
        resultaat["genereren_s"] = round(genereren, 1) if genereren is not None else None
        koud = VAR / f"bench_{grootte}_koud.json"
        _draai([python, "-m", "bench.run", "--koud", "--uit", str(koud)], env)
        resultaat["koud"] = json.loads(koud.read_text())
        resultaat["exports"] = {}
        for formaat in () if args.zonder_export else ("csv", "xlsx"):
            bestand = VAR / f"bench_{grootte}_{formaat}.json"
            _draai([python, "-m", "bench.run", "--export", formaat, "--uit", str(bestand)], env)
            resultaat["exports"][formaat] = json.loads(bestand.read_text())
            print(f"  export {formaat}: {resultaat['exports'][formaat]}")
        per_grootte[grootte] = resultaat
    rapport = samenvatten(per_grootte)
    (VAR / "bench.json").write_text(json.dumps(rapport, indent=2, ensure_ascii=False))
    print(tabel(rapport))
    print(f"\nGeschreven: {VAR / 'bench.json'}")
    return 0


def _ratio(a, b):
    return round(a / b, 2) if a is not None and b else None


def samenvatten(per_grootte: dict[int, dict]) -> dict:
    """Combine the per-size measurements: ratios page/admin, page/floor, page@max/page@min, targets."""
    groottes = sorted(per_grootte)
    klein, groot = groottes[0], groottes[-1]
    paginas = {}
    for sleutel, info in per_grootte[groot]["paginas"].items():
        regel = {"titel": info["titel"], "soort": info["soort"], "per_grootte": {}}
        for n in groottes:
            m = per_grootte[n]["paginas"].get(sleutel, {})
            if m.get("status") == 200:
                m["pagina_per_admin"] = _ratio(m.get("mediaan_ms"), (m.get("admin") or {}).get("mediaan_ms"))
                m["pagina_per_vloer"] = _ratio(m.get("mediaan_ms"), (m.get("vloer") or {}).get("mediaan_ms"))
            regel["per_grootte"][str(n)] = m
        a, b = regel["per_grootte"][str(groot)], regel["per_grootte"][str(klein)]
        regel["groei"] = _ratio(a.get("mediaan_ms"), b.get("mediaan_ms")) if len(groottes) > 1 else None
        paginas[sleutel] = regel
    eerste = per_grootte[groot]
    return {
        "gemeten_op": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": eerste.get("machine", {}),
        "groottes": groottes,
        "genereren_s": {str(n): per_grootte[n].get("genereren_s") for n in groottes},
        "herhalingen": eerste.get("herhalingen"),
        "paginas": paginas,
        "koud": {str(n): per_grootte[n].get("koud") for n in groottes},
        "exports": {str(n): per_grootte[n].get("exports") for n in groottes},
        "doelen": doelen(paginas, groot) + export_doelen(per_grootte[groot].get("exports") or {}),
    }


def doelen(paginas: dict, groot: int) -> list[dict]:
    """The targets of issue 9, each with the measured value and whether it is met."""
    uitkomst = []

    def noteer(doel, pagina, waarde, grens):
        gehaald = waarde is not None and waarde <= grens
        uitkomst.append({"doel": doel, "pagina": pagina, "waarde": waarde, "grens": grens, "gehaald": gehaald})

    for sleutel, regel in paginas.items():
        m = regel["per_grootte"][str(groot)]
        if m.get("status") != 200:
            uitkomst.append({"doel": "pagina bestaat", "pagina": sleutel, "waarde": m.get("status"), "gehaald": False})
            continue
        if regel["soort"] == "lijst":
            if m.get("admin", {}).get("status") == 200:
                noteer("mediaan <= admin", sleutel, m.get("pagina_per_admin"), DOEL_ADMIN)
            noteer("mediaan <= 3x ruwe query", sleutel, m.get("pagina_per_vloer"), DOEL_VLOER)
        if regel["groei"] is not None:
            noteer("groei 1k->100k <= 1.5x", sleutel, regel["groei"], DOEL_GROEI)
        if sleutel.startswith("zoek"):
            noteer("zoeken p95 < 150 ms", sleutel, m.get("p95_ms"), DOEL_ZOEK_P95_MS)
        if regel["soort"] == "pdf":
            noteer("PDF mediaan < 1 s", sleutel, m.get("mediaan_ms"), DOEL_PDF_MS)
    return uitkomst


DOEL_EXPORT_MB = 150.0
DOEL_CSV_S = 30.0


def export_doelen(exports: dict) -> list[dict]:
    """Issue 21: exports of the largest size under 150 MB peak; the CSV streamed within 30 s."""
    uitkomst = []
    for formaat, m in exports.items():
        uitkomst.append(
            {"doel": "export piek < 150 MB", "pagina": f"export_{formaat} ({m['rijen']} rijen)",
             "waarde": m["piek_mb"], "grens": DOEL_EXPORT_MB, "gehaald": m["piek_mb"] < DOEL_EXPORT_MB}
        )  # fmt: skip
        if formaat == "csv":
            uitkomst.append(
                {"doel": "CSV gestreamd < 30 s", "pagina": f"export_csv ({m['rijen']} rijen)",
                 "waarde": m["seconden"], "grens": DOEL_CSV_S,
                 "gehaald": m["gestreamd"] and m["seconden"] < DOEL_CSV_S}
            )  # fmt: skip
    return uitkomst


def _fmt(waarde, breedte=7, dec=1):
    if waarde is None:
        return "-".rjust(breedte)
    if isinstance(waarde, int | float) and not isinstance(waarde, bool):
        return f"{waarde:.{dec}f}".rjust(breedte)
    return str(waarde).rjust(breedte)


def tabel(rapport: dict) -> str:
    """The figures as a Markdown table (pasted into BENCH.md as is)."""
    regels = [
        "| pagina | signalen | mediaan ms | p95 ms | queries | KB | admin ms | vloer ms | pag/admin | pag/vloer |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for sleutel, regel in rapport["paginas"].items():
        for n in rapport["groottes"]:
            m = regel["per_grootte"].get(str(n), {})
            if m.get("status") != 200:
                status = "ontbreekt" if m.get("status") == "ontbreekt" else f"fout {m.get('status')}"
                regels.append(f"| {sleutel} | {n} | {status} | | | | | | | |")
                continue
            admin = m.get("admin") or {}
            admin_ms = admin.get("mediaan_ms") if admin.get("status") == 200 else None
            regels.append(
                f"| {sleutel} | {n} | {_fmt(m['mediaan_ms'])} | {_fmt(m['p95_ms'])} | {_fmt(m['queries'], 3, 0)} "
                f"| {_fmt(m['bytes'] / 1024)} | {_fmt(admin_ms)} | {_fmt((m.get('vloer') or {}).get('mediaan_ms'))} "
                f"| {_fmt(m.get('pagina_per_admin'), 5, 2)} | {_fmt(m.get('pagina_per_vloer'), 5, 2)} |"
            )
    regels += ["", "| pagina | groei (mediaan grootste / kleinste) |", "|---|---:|"]
    for sleutel, regel in rapport["paginas"].items():
        regels.append(f"| {sleutel} | {_fmt(regel['groei'], 5, 2)} |")
    regels += [
        "",
        "| export | signalen | rijen | s | piek MB | basis MB | MB bestand | gestreamd |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for n, exports in rapport.get("exports", {}).items():
        for formaat, m in (exports or {}).items():
            regels.append(
                f"| {formaat} | {n} | {m['rijen']} | {m['seconden']} | {m['piek_mb']} | {m['basis_mb']} "
                f"| {m['bytes'] / 1e6:.1f} | {'ja' if m['gestreamd'] else 'nee'} |"
            )
    regels += [
        "",
        "| vers proces | signalen | opstart s | opwarmen s | 1e lijst ms | 2e lijst ms | 1e PDF ms | 2e PDF ms |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for n, k in rapport.get("koud", {}).items():
        k = k or {}
        regels.append(
            f"| | {n} | {k.get('opstart_s')} | {k.get('opwarmen_s')} | {k.get('eerste_lijst_ms')} "
            f"| {k.get('tweede_lijst_ms')} | {k.get('eerste_pdf_ms')} | {k.get('tweede_pdf_ms')} |"
        )
    regels += ["", "| doel | pagina | gemeten | grens | gehaald |", "|---|---|---:|---:|---|"]
    for d in rapport["doelen"]:
        gehaald = "ja" if d["gehaald"] else "NEE"
        regels.append(f"| {d['doel']} | {d['pagina']} | {d.get('waarde')} | {d.get('grens', '')} | {gehaald} |")
    return "\n".join(regels)


# =============================================================================================
# Measuring (inside Django, one database)
# =============================================================================================


@dataclass
class Context:
    """What the pages are measured with: the user, and values that exist in this database."""

    user: object
    admin_user: object
    gemeente_ids: list[int]
    fenomeen_id: int | None
    persoon_naam: str
    kvk_nummer: str
    postcode: str
    detail_id: int | None
    riec_id: int | None
    jaar: int
    per_pagina: int
    diep: int  # a deep page that exists at this size (page 200, or the last one below it)
    diep_na: int | None = None  # the id its Volgende link on the page before carries (issue 21)


@dataclass
class Pagina:
    sleutel: str
    titel: str
    url_naam: str
    soort: str  # lijst | detail | overzicht | pdf
    args: Callable[[Context], list] = field(default=lambda c: [])
    params: Callable[[Context], dict] = field(default=lambda c: {})
    admin: Callable[[Context], dict] | None = None
    vloer: Callable[[Context], Callable[[], None]] | None = None


def _bench_instellingen():
    """Settings overrides for measuring: plain static storage (no collectstatic manifest needed)."""
    from django.test.utils import override_settings

    override_settings(
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
    ).enable()


# The admin's changelist columns; the sort pages use `o=<1-based index>` of this tuple.
ADMIN_KOLOMMEN = ("titel", "gemeente", "status", "bron", "ontvangen_op", "behandelaar", "prioriteit", "updated_at")


def registreer_admin_terugval():
    """The baseline: the admin a competent team would configure for Signaal (issue 21).

    signalen registers no admin for Signaal (signals hold personal data and their writes go
    through services), so this is a benchmark-only ModelAdmin, tuned as a team would tune it:
    25 rows like the page, `list_select_related` including the nullable handler (Django's
    automatic select_related skips nullable keys: 25 extra queries), no full-table count on
    every page, and search on the same trigram-indexed text as the page. Sortable columns have
    the same indexes as the page's.
    """
    from django.contrib import admin

    from signalen.models import Signaal

    if admin.site.is_registered(Signaal):
        return False

    class BenchSignaalAdmin(admin.ModelAdmin):
        list_display = ADMIN_KOLOMMEN
        list_filter = ("status", "prioriteit", "fenomenen", "gemeente")
        list_select_related = ("gemeente", "behandelaar")
        list_per_page = 25
        show_full_result_count = False
        search_fields = ("zoektekst",)  # the same text and icontains per word as the page

    admin.site.register(Signaal, BenchSignaalAdmin)
    return True


def _ruwe_sql(queryset) -> Callable[[], None]:
    """The floor: the queryset's SQL executed through a cursor, rows fetched, nothing else."""
    from django.db import connection

    sql, params = queryset.query.sql_with_params()

    def uitvoeren():
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            cursor.fetchall()

    return uitvoeren


def _ruwe_telling(queryset) -> Callable[[], None]:
    from django.db import connection

    sql, params = queryset.order_by().values("pk").query.sql_with_params()
    sql = f"SELECT COUNT(*) FROM ({sql}) AS t"  # noqa: S608 (Django's compiled SQL; values stay parameters)

    def uitvoeren():
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            cursor.fetchall()

    return uitvoeren


def _samen(*functies) -> Callable[[], None]:
    def uitvoeren():
        for f in functies:
            f()

    return uitvoeren


def vloer_lijst(params_van: Callable[[Context], dict]):
    """Floor of a list page: COUNT of the filtered scoped signals plus the first page of rows."""

    def bouw(ctx: Context):
        from signalen.filters import SignaalFilter
        from signalen.models import Signaal

        basis = Signaal.objects.voor_gebruiker(ctx.user).select_related("gemeente", "behandelaar")
        qs = SignaalFilter(params_van(ctx), queryset=basis, request=None).qs
        return _samen(_ruwe_telling(qs), _ruwe_sql(qs[: ctx.per_pagina]))

    return bouw


def vloer_detail(ctx: Context):
    """Floor of the detail page: the signal itself and the "ook bekend in" lookup."""
    from signalen.models import Signaal
    from signalen.selectors import ook_bekend_in

    def uitvoeren():
        signaal = (
            Signaal.objects.voor_gebruiker(ctx.user)
            .prefetch_related("adressen", "bedrijven", "personen")
            .get(pk=ctx.detail_id)
        )
        ook_bekend_in(
            gebruiker=ctx.user,
            adressen=signaal.adressen.all(),
            bedrijven=signaal.bedrijven.all(),
            personen=signaal.personen.all(),
            behalve=signaal,
        )

    return uitvoeren


def vloer_theseus(ctx: Context):
    """Floor of the Theseus overview: current labels counted per estate and colour."""
    from django.db.models import Count

    from controles.models import TheseusLabel

    qs = (
        TheseusLabel.objects.voor_gebruiker(ctx.user)
        .filter(huidig=True)
        .values("bedrijventerrein_id", "label")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return _ruwe_sql(qs)


def vloer_begroting(ctx: Context):
    """Floor of the budget dashboard: budget, planned and spent per municipality for the year."""
    from django.db.models import Sum

    from actieplan.models import Begroting, Kostenpost, Uitgave

    jaar = datetime.date.today().year
    return _samen(
        _ruwe_sql(Begroting.objects.voor_gebruiker(ctx.user).filter(jaar=jaar)),
        _ruwe_sql(
            Kostenpost.objects.filter(gemeente__in=ctx.gemeente_ids, jaar=jaar)
            .values("gemeente_id", "categorie")
            .annotate(s=Sum("bedrag"))
            .order_by()
        ),
        _ruwe_sql(
            Uitgave.objects.voor_gebruiker(ctx.user)
            .filter(datum__year=jaar)
            .values("gemeente_id", "categorie")
            .annotate(s=Sum("bedrag"))
            .order_by()
        ),
    )


def vloer_jaaroverzicht(ctx: Context):
    """Floor of the year overview: the counts it shows, one aggregate per kind (signals and
    interventions from the counts PostgreSQL keeps, signalen/jaartelling.py, as the page reads them)."""
    from django.db.models import Count

    from actieplan.models import Actie
    from controles.models import Controle
    from signalen.models import Jaartelling

    jaar = ctx.jaar
    return _samen(
        _ruwe_sql(
            Jaartelling.objects.voor_gebruiker(ctx.user)
            .filter(jaar=jaar, aantal__gt=0)
            .values_list("soort", "sleutel", "aantal")
        ),
        _ruwe_telling(Controle.objects.voor_gebruiker(ctx.user).filter(datum__year=jaar)),
        _ruwe_sql(
            Actie.objects.voor_gebruiker(ctx.user)
            .filter(plan__periode_start__year=jaar)
            .values("status")
            .annotate(n=Count("pk"))
            .order_by()
        ),
    )


def vloer_mijn_werk(ctx: Context):
    """Floor of Mijn werk: the signals awaiting weging (the largest block)."""
    from signalen.models import Signaal

    return _ruwe_sql(
        Signaal.objects.voor_gebruiker(ctx.user).wacht_op_weging().order_by("prioriteit", "ontvangen_op")[:5]
    )


def vloer_riec(ctx: Context):
    """Floor of the RIEC PDF: the signal and its form (the rest is rendering)."""
    from signalen.models import RiecMelding, Signaal

    return _samen(
        _ruwe_sql(Signaal.objects.voor_gebruiker(ctx.user).filter(pk=ctx.riec_id)),
        _ruwe_sql(RiecMelding.objects.filter(signaal_id=ctx.riec_id)),
    )


def _scope(ctx):
    return {"gemeente__id__in": ",".join(map(str, ctx.gemeente_ids))}


PAGINAS = [
    Pagina(
        "lijst",
        "Signalenlijst (standaard)",
        "signalen:lijst",
        "lijst",
        admin=_scope,
        vloer=vloer_lijst(lambda c: {}),
    ),
    Pagina(
        "lijst_gefilterd",
        "Signalenlijst, fenomeen + status",
        "signalen:lijst",
        "lijst",
        params=lambda c: {"fenomeen": c.fenomeen_id, "status": "opplussen"},
        admin=lambda c: {**_scope(c), "fenomenen__id__exact": c.fenomeen_id, "status__exact": "opplussen"},
        vloer=vloer_lijst(lambda c: {"fenomeen": c.fenomeen_id, "status": "opplussen"}),
    ),
    Pagina(
        "lijst_prioriteit",
        "Signalenlijst, prioriteit hoog",
        "signalen:lijst",
        "lijst",
        params=lambda c: {"prioriteit": 1},
        admin=lambda c: {**_scope(c), "prioriteit__exact": 1},
        vloer=vloer_lijst(lambda c: {"prioriteit": 1}),
    ),
    Pagina(
        "lijst_diep",
        "Signalenlijst, diepe pagina",
        "signalen:lijst",
        "lijst",
        params=lambda c: {"pagina": c.diep},
        admin=lambda c: {**_scope(c), "p": c.diep},
    ),
    Pagina(
        # The same page as reached by "Volgende" from the page before: a seek from that page's last id.
        "lijst_diep_volgende",
        "Signalenlijst, diepe pagina via Volgende",
        "signalen:lijst",
        "lijst",
        params=lambda c: {"pagina": c.diep, "na": c.diep_na},
        admin=lambda c: {**_scope(c), "p": c.diep},
    ),
    *[
        Pagina(
            f"sorteer_{sleutel}",
            f"Signalenlijst gesorteerd op {sleutel}",
            "signalen:lijst",
            "lijst",
            params=lambda c, sleutel=sleutel: {"sorteer": sleutel},
            admin=lambda c, kolom=kolom: {**_scope(c), "o": str(kolom)},
        )
        for sleutel, kolom in (
            ("ontvangen", ADMIN_KOLOMMEN.index("ontvangen_op") + 1),
            ("titel", ADMIN_KOLOMMEN.index("titel") + 1),
            ("status", ADMIN_KOLOMMEN.index("status") + 1),
            ("prioriteit", ADMIN_KOLOMMEN.index("prioriteit") + 1),
            ("gemeente", ADMIN_KOLOMMEN.index("gemeente") + 1),
            ("gewijzigd", ADMIN_KOLOMMEN.index("updated_at") + 1),
        )
    ],
    Pagina(
        "zoek_naam",
        "Zoeken op naam",
        "signalen:lijst",
        "lijst",
        params=lambda c: {"q": c.persoon_naam},
        admin=lambda c: {**_scope(c), "q": c.persoon_naam},
        vloer=vloer_lijst(lambda c: {"q": c.persoon_naam}),
    ),
    Pagina(
        "zoek_kvk",
        "Zoeken op KVK-nummer",
        "signalen:lijst",
        "lijst",
        params=lambda c: {"q": c.kvk_nummer},
        admin=lambda c: {**_scope(c), "q": c.kvk_nummer},
        vloer=vloer_lijst(lambda c: {"q": c.kvk_nummer}),
    ),
    Pagina(
        "zoek_postcode",
        "Zoeken op postcode",
        "signalen:lijst",
        "lijst",
        params=lambda c: {"q": c.postcode},
        admin=lambda c: {**_scope(c), "q": c.postcode},
        vloer=vloer_lijst(lambda c: {"q": c.postcode}),
    ),
    Pagina(
        "detail",
        "Signaal met 'ook bekend in'",
        "signalen:detail",
        "detail",
        args=lambda c: [c.detail_id],
        vloer=vloer_detail,
    ),
    Pagina("theseus", "Theseus-overzicht", "controles:theseus", "overzicht", vloer=vloer_theseus),
    Pagina("begroting", "Begrotingsdashboard", "actieplan:begroting", "overzicht", vloer=vloer_begroting),
    Pagina(
        "jaaroverzicht",
        "Jaaroverzicht",
        "actieplan:jaaroverzicht",
        "overzicht",
        args=lambda c: [c.jaar],
        vloer=vloer_jaaroverzicht,
    ),
    Pagina("mijn_werk", "Mijn werk", "mijn_werk", "overzicht", vloer=vloer_mijn_werk),
    Pagina(
        "riec_pdf",
        "RIEC-signaalformulier (PDF)",
        "signalen:riec_pdf",
        "pdf",
        args=lambda c: [c.riec_id],
        vloer=vloer_riec,
    ),
]


def _ingelogde_client(user):
    """A test client logged in with the second factor satisfied (like conftest.py's client)."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client = Client()
    client.force_login(user, backend="ondermijning.oidc.WachtwoordBackend")
    apparaat, _ = TOTPDevice.objects.get_or_create(user=user, name="bench", defaults={"confirmed": True})
    sessie = client.session
    sessie[DEVICE_ID_SESSION_KEY] = apparaat.persistent_id
    sessie.save()
    return client


def bouw_context() -> Context:
    """Pick the user and the searched values from this database (the same rule at every size)."""
    from django.db.models import Count

    from bench.management.commands.maak_benchdata import BENCH_BEHEERDER, BENCH_GEBRUIKER
    from ondermijning.models import Gebruiker
    from signalen.models import Adres, Bedrijf, Fenomeen, Persoon, RiecMelding, Signaal

    try:
        from signalen.views import PER_PAGINA
    except ImportError:
        PER_PAGINA = 25
    user = Gebruiker.objects.get(username=BENCH_GEBRUIKER)
    admin_user = Gebruiker.objects.get(username=BENCH_BEHEERDER)
    ids = sorted(user.gemeenten.values_list("pk", flat=True))
    fenomeen = Fenomeen.objects.filter(naam__startswith="Drugs").first() or Fenomeen.objects.first()

    # The most-linked subject of each kind in the user's municipalities: the worst realistic case.
    def meest(model):
        return model.objects.filter(gemeente__in=ids).annotate(n=Count("signalen")).order_by("-n", "pk").first()

    persoon, bedrijf, adres = meest(Persoon), meest(Bedrijf), meest(Adres)
    detail = Signaal.objects.filter(gemeente__in=ids, adressen=adres).order_by("-ontvangen_op", "-pk").first()
    riec = RiecMelding.objects.filter(signaal__gemeente__in=ids).order_by("-pk").first()
    zichtbaar = Signaal.objects.voor_gebruiker(user)
    diep = max(1, min(200, zichtbaar.count() // PER_PAGINA))
    return Context(
        user=user,
        admin_user=admin_user,
        gemeente_ids=ids,
        fenomeen_id=fenomeen.pk if fenomeen else None,
        persoon_naam=persoon.naam if persoon else "",
        kvk_nummer=bedrijf.kvk_nummer if bedrijf else "",
        postcode=adres.postcode if adres else "",
        detail_id=detail.pk if detail else None,
        riec_id=riec.signaal_id if riec else None,
        jaar=datetime.date.today().year - 1,
        per_pagina=PER_PAGINA,
        diep=diep,
        diep_na=(zichtbaar.order_by("-ontvangen_op", "-pk").values_list("pk", flat=True)[(diep - 1) * PER_PAGINA - 1])
        if diep > 1
        else None,
    )


def _percentiel(waarden: list[float], p: float) -> float:
    geordend = sorted(waarden)
    return geordend[max(0, math.ceil(p * len(geordend)) - 1)]


def _geteld(functie) -> tuple[object, int]:
    """Run `functie` once with its queries counted at the cursor."""
    from django.db import connection

    # An execute wrapper rather than CaptureQueriesContext: request_started clears the query log
    # in the middle of a captured request when DEBUG is off.
    queries = []

    def tel(execute, sql, params_, many, context):
        queries.append(sql)
        return execute(sql, params_, many, context)

    with connection.execute_wrapper(tel):
        uitkomst = functie()
    return uitkomst, len(queries)


def meet_verweven(metingen: dict[str, Callable], herhalingen: int) -> dict[str, dict]:
    """Measure a page and its baselines interleaved, request by request (issue 21).

    Each callable is warmed up and run once with its queries counted; then every round times each
    of them once, in turn, so a burst of load from elsewhere on the machine hits all of them alike
    instead of only whichever was being measured at the time.
    """
    uitkomst: dict[str, dict] = {}
    actief = {}
    for naam, functie in metingen.items():
        functie()
        antwoord, queries = _geteld(functie)
        status = getattr(antwoord, "status_code", 200)
        uitkomst[naam] = {"status": status, "queries": queries}
        if hasattr(antwoord, "content"):
            uitkomst[naam]["bytes"] = len(antwoord.content)
        if status == 200:
            actief[naam] = functie
    tijden: dict[str, list[float]] = {naam: [] for naam in actief}
    for _ in range(herhalingen):
        for naam, functie in actief.items():
            begin = time.perf_counter()
            functie()
            tijden[naam].append((time.perf_counter() - begin) * 1000)
    for naam, lijst in tijden.items():
        uitkomst[naam]["mediaan_ms"] = round(statistics.median(lijst), 2)
        uitkomst[naam]["p95_ms"] = round(_percentiel(lijst, 0.95), 2)
    return uitkomst


def meet(args) -> int:
    _django()
    terugval = registreer_admin_terugval()  # before the URLconf is first imported
    _bench_instellingen()

    from django.db import connection
    from django.urls import NoReverseMatch, reverse

    from signalen.models import Signaal

    ctx = bouw_context()
    client = _ingelogde_client(ctx.user)
    admin_client = _ingelogde_client(ctx.admin_user)
    resultaten = {}
    for pagina in PAGINAS:
        info = {"titel": pagina.titel, "soort": pagina.soort}
        herhalingen = max(3, args.herhalingen // 4) if pagina.soort == "pdf" else args.herhalingen
        try:
            url = reverse(pagina.url_naam, args=pagina.args(ctx))
        except NoReverseMatch:
            info["status"] = "ontbreekt"
            resultaten[pagina.sleutel] = info
            print(f"  {pagina.sleutel:<16} ontbreekt ({pagina.url_naam})")
            continue
        params = {k: v for k, v in pagina.params(ctx).items() if v not in (None, "")}
        metingen = {"pagina": lambda url=url, params=params: client.get(url, params)}
        if pagina.admin is not None:
            admin_url = reverse("admin:signalen_signaal_changelist")
            admin_params = pagina.admin(ctx)
            metingen["admin"] = lambda u=admin_url, p=admin_params: admin_client.get(u, p)
        try:
            if pagina.vloer is not None:
                metingen["vloer"] = pagina.vloer(ctx)
            gemeten = meet_verweven(metingen, herhalingen)
            info.update(gemeten.pop("pagina"))
            info["url"], info["params"] = url, params
            if "admin" in gemeten:
                info["admin"] = {**gemeten["admin"], "terugval": terugval}
            if "vloer" in gemeten:
                info["vloer"] = gemeten["vloer"]
        except Exception as fout:  # a broken page is a finding, not the end of the run
            connection.close()
            info["status"] = f"fout: {type(fout).__name__}: {fout}"[:200]
        resultaten[pagina.sleutel] = info
        admin_ms = (info.get("admin") or {}).get("mediaan_ms")
        vloer_ms = (info.get("vloer") or {}).get("mediaan_ms")
        print(
            f"  {pagina.sleutel:<16} {info['status']!s:<5} mediaan {info.get('mediaan_ms', '-')!s:>8} ms  "
            f"p95 {info.get('p95_ms', '-')!s:>8} ms  queries {info.get('queries', '-')!s:>3}  "
            f"admin {admin_ms or '-'!s:>8}  vloer {vloer_ms or '-'!s:>8}"
        )
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()" if connection.vendor == "postgresql" else "SELECT sqlite_version()")
        db_versie = cursor.fetchone()[0]
    uitkomst = {
        "signalen": Signaal.objects.count(),
        "herhalingen": args.herhalingen,
        "context": {
            "gebruiker": ctx.user.username,
            "gemeenten": len(ctx.gemeente_ids),
            "zichtbare_signalen": Signaal.objects.voor_gebruiker(ctx.user).count(),
            "zoek_naam": ctx.persoon_naam,
            "zoek_kvk": ctx.kvk_nummer,
            "zoek_postcode": ctx.postcode,
            "per_pagina": ctx.per_pagina,
        },
        "machine": {
            "cpu": os.cpu_count(),
            "platform": platform.platform(),
            "python": platform.python_version(),
            "database": db_versie.split(" on ")[0],
        },
        "paginas": resultaten,
    }
    Path(args.uit).write_text(json.dumps(uitkomst, indent=2, ensure_ascii=False))
    return 0


def _django() -> None:
    for sleutel, waarde in BENCH_ENV.items():
        os.environ[sleutel] = waarde
    os.environ.setdefault("SECRET_KEY", "bench-" + "s3cr3t-niet-voor-productie-" * 2)
    os.environ.setdefault("AUDIT_HMAC_SLEUTELS", BENCH_AUDIT_SLEUTEL)
    sys.path.insert(0, str(BASIS))
    import django

    django.setup()


def _rss_mb() -> float:
    import resource

    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)  # KB on Linux


def export_gebruiker():
    """A policy officer of every municipality: the export then holds every signal of the size."""
    from django.contrib.auth.models import Group

    from ondermijning.models import Gebruiker, Gemeente
    from ondermijning.scoping import Rol

    user, _ = Gebruiker.objects.get_or_create(username="bench_export", defaults={"first_name": "Bench"})
    user.groups.add(Group.objects.get(name=Rol.BELEIDSMEDEWERKER))
    user.gemeenten.set(Gemeente.objects.all())
    return Gebruiker.objects.get(pk=user.pk)


def meet_export(formaat: str, uit: str) -> int:
    """One export of every signal in a fresh process: seconds and peak memory (ru_maxrss)."""
    _django()
    _bench_instellingen()
    from django.urls import reverse

    user = export_gebruiker()
    client = _ingelogde_client(user)
    client.get(reverse("signalen:lijst"))  # imports and first-request costs out of the figure
    basis = _rss_mb()
    begin = time.perf_counter()
    if formaat == "csv":
        response = client.get(reverse("signalen:export", args=["csv"]))
        grootte = sum(len(stuk) for stuk in response.streaming_content) if response.streaming else len(response.content)
        regels = None
    else:  # 100,000 rows always go to the background job: measure the job's own work
        from ondermijning.export import definitie

        bestand = definitie("signalenlijst-xlsx").maak(gebruiker=user, parameters=[], voortgang=lambda procent: None)
        grootte = len(bestand.inhoud)
        regels = None
    seconden = time.perf_counter() - begin
    from signalen.models import Signaal

    uitkomst = {
        "formaat": formaat,
        "rijen": Signaal.objects.voor_gebruiker(user).count() if regels is None else regels,
        "seconden": round(seconden, 1),
        "piek_mb": _rss_mb(),
        "basis_mb": basis,
        "bytes": grootte,
        "gestreamd": formaat == "csv" and bool(getattr(response, "streaming", False)),
    }
    Path(uit).write_text(json.dumps(uitkomst))
    return 0


def meet_koud(uit: str) -> int:
    """A fresh worker: the first list request and the first PDF, imports and caches included."""
    begin = time.perf_counter()
    _django()
    _bench_instellingen()
    from django.urls import reverse

    opstart = time.perf_counter() - begin
    from ondermijning.pdf import opwarmen

    begin = time.perf_counter()
    opwarmen()  # what gunicorn.conf.py does in every worker before its first request
    opwarmen_s = time.perf_counter() - begin
    ctx = bouw_context()
    client = _ingelogde_client(ctx.user)
    tijden = {"opstart_s": round(opstart, 2), "opwarmen_s": round(opwarmen_s, 2)}
    for sleutel, url in (
        ("eerste_lijst_ms", reverse("signalen:lijst")),
        ("tweede_lijst_ms", reverse("signalen:lijst")),
        ("eerste_pdf_ms", reverse("signalen:riec_pdf", args=[ctx.riec_id]) if ctx.riec_id else None),
        ("tweede_pdf_ms", reverse("signalen:riec_pdf", args=[ctx.riec_id]) if ctx.riec_id else None),
    ):
        if url is None:
            continue
        t = time.perf_counter()
        client.get(url)
        tijden[sleutel] = round((time.perf_counter() - t) * 1000, 1)
    Path(uit).write_text(json.dumps(tijden))
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--meet", action="store_true", help="Meet de database in DATABASE_URL (kindproces).")
    parser.add_argument("--uit", default=str(VAR / "bench_meting.json"), help="Uitvoer van --meet.")
    parser.add_argument(
        "--groottes",
        type=lambda s: [int(x) for x in s.split(",")],
        default=list(GROOTTES),
        help="Aantallen signalen, komma-gescheiden (standaard 1000,10000,100000).",
    )
    parser.add_argument("--herhalingen", type=int, default=20, help="Gemeten verzoeken per pagina (standaard 20).")
    parser.add_argument(
        "--hergebruik",
        action="store_true",
        help="Hergebruik een database die al precies deze benchmarkdata heeft (niet opnieuw genereren).",
    )
    parser.add_argument("--export", choices=["csv", "xlsx"], help="Meet een export in een vers proces (kind).")
    parser.add_argument("--koud", action="store_true", help="Meet eerste verzoek en eerste PDF (kind).")
    parser.add_argument("--zonder-export", action="store_true", help="Sla de exports over.")
    args = parser.parse_args(argv)
    if args.export:
        return meet_export(args.export, args.uit)
    if args.koud:
        return meet_koud(args.uit)
    return meet(args) if args.meet else orkestreer(args)


if __name__ == "__main__":
    sys.exit(main())
