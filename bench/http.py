"""`make bench-http`: throughput of a real server (issue 21), beside the tuned admin.

gunicorn is started as the Dockerfile starts it (`--workers 3`, sync workers, access log, and
gunicorn.conf.py's warm-up), with `bench.wsgi` (the production application plus the tuned
Signaal admin of bench/run.py, the baseline), on a database that `make bench` filled (`<name>_<size>`, default
10,000 signals). N logged-in clients (threads, each with its own keep-alive `http.client`
connection that reconnects when a sync worker closes it) fetch one page as fast as they can for
a fixed time, at 1, 8 and 32 clients: requests per second and p50/p95/p99 latency per page.
Bounded: pages x levels x `--duur` seconds (default 6 pages x 3 x 8 s, about 3 minutes).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

from bench.run import BASIS, BENCH_AUDIT_SLEUTEL, BENCH_ENV, STANDAARD_URL, VAR, _percentiel, db_url

PAGINAS = ("lijst", "zoek", "detail", "mijn_werk", "admin_lijst", "admin_zoek")


def sessies() -> dict:
    """(child process) Session cookies of the bench user and the admin, and the URLs to fetch."""
    from bench.run import _bench_instellingen, _django, _ingelogde_client, bouw_context, registreer_admin_terugval

    _django()
    registreer_admin_terugval()
    _bench_instellingen()
    from django.conf import settings
    from django.urls import reverse

    ctx = bouw_context()
    gebruiker = _ingelogde_client(ctx.user).cookies[settings.SESSION_COOKIE_NAME].value
    beheerder = _ingelogde_client(ctx.admin_user).cookies[settings.SESSION_COOKIE_NAME].value
    scope = ",".join(map(str, ctx.gemeente_ids))
    admin = reverse("admin:signalen_signaal_changelist")
    return {
        "cookie": settings.SESSION_COOKIE_NAME,
        "paginas": {
            "lijst": (gebruiker, reverse("signalen:lijst")),
            "zoek": (gebruiker, f"{reverse('signalen:lijst')}?q={ctx.kvk_nummer}"),
            "detail": (gebruiker, reverse("signalen:detail", args=[ctx.detail_id])),
            "mijn_werk": (gebruiker, reverse("mijn_werk")),
            "admin_lijst": (beheerder, f"{admin}?gemeente__id__in={scope}"),
            "admin_zoek": (beheerder, f"{admin}?gemeente__id__in={scope}&q={ctx.kvk_nummer}"),
        },
    }


def _wacht_op_poort(poort: int, seconden: float = 60) -> None:
    einde = time.monotonic() + seconden
    while time.monotonic() < einde:
        try:
            socket.create_connection(("127.0.0.1", poort), timeout=1).close()
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"gunicorn luistert niet op poort {poort}")


def belast(poort: int, cookie: str, pad: str, clients: int, duur: float) -> dict:
    """`clients` threads fetch `pad` for `duur` seconds: requests/s, latency percentiles, errors."""
    tijden: list[float] = []
    fouten = [0]
    eerste_fout = [""]
    slot = threading.Lock()
    einde = time.monotonic() + duur

    def client():
        verbinding = http.client.HTTPConnection("127.0.0.1", poort, timeout=60)
        eigen, eigen_fouten = [], 0
        while time.monotonic() < einde:
            begin = time.perf_counter()
            try:
                verbinding.request("GET", pad, headers={"Cookie": cookie, "Host": "127.0.0.1"})
                antwoord = verbinding.getresponse()
                antwoord.read()
                if antwoord.status != 200:
                    eigen_fouten += 1
                    eerste_fout[0] = eerste_fout[0] or f"{antwoord.status} {antwoord.getheader('Location', '')}"
                if antwoord.getheader("Connection", "").lower() == "close":
                    verbinding.close()  # sync workers close; the next request reconnects
            except (OSError, http.client.HTTPException):
                eigen_fouten += 1
                verbinding.close()
                continue
            eigen.append((time.perf_counter() - begin) * 1000)
        with slot:
            tijden.extend(eigen)
            fouten[0] += eigen_fouten

    draden = [threading.Thread(target=client) for _ in range(clients)]
    begin = time.monotonic()
    for d in draden:
        d.start()
    for d in draden:
        d.join()
    verstreken = time.monotonic() - begin
    if not tijden:
        return {"verzoeken": 0, "fouten": fouten[0], "eerste_fout": eerste_fout[0]}
    return {
        "verzoeken": len(tijden),
        "per_s": round(len(tijden) / verstreken, 1),
        "p50_ms": round(_percentiel(tijden, 0.50), 1),
        "p95_ms": round(_percentiel(tijden, 0.95), 1),
        "p99_ms": round(_percentiel(tijden, 0.99), 1),
        "fouten": fouten[0],
        **({"eerste_fout": eerste_fout[0]} if eerste_fout[0] else {}),
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessies", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--grootte", type=int, default=10_000, help="Database <naam>_<grootte> van make bench.")
    parser.add_argument("--clients", default="1,8,32", help="Aantallen gelijktijdige clients.")
    parser.add_argument("--duur", type=float, default=8.0, help="Seconden per pagina en aantal clients.")
    parser.add_argument("--poort", type=int, default=8765)
    parser.add_argument("--workers", type=int, default=3, help="Zoals de Dockerfile (3).")
    args = parser.parse_args(argv)
    if args.sessies:
        print(json.dumps(sessies()))
        return 0
    url = db_url(os.environ.get("DATABASE_URL") or STANDAARD_URL, args.grootte)
    env = {**os.environ, **BENCH_ENV, "DATABASE_URL": url}
    env.setdefault("SECRET_KEY", "bench-" + "s3cr3t-niet-voor-productie-" * 2)
    env.setdefault("AUDIT_HMAC_SLEUTELS", BENCH_AUDIT_SLEUTEL)
    python = sys.executable
    subprocess.run([python, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=BASIS, env=env, check=True)  # noqa: S603
    uit = subprocess.run(  # noqa: S603
        [python, "-m", "bench.http", "--sessies"], cwd=BASIS, env=env, check=True, capture_output=True, text=True
    )
    info = json.loads(uit.stdout.strip().splitlines()[-1])
    server = subprocess.Popen(  # noqa: S603 (the Dockerfile's command, on a local port)
        [python, "-m", "gunicorn", "bench.wsgi:application", "--bind", f"127.0.0.1:{args.poort}",
         "--workers", str(args.workers), "--access-logfile", "-"],
        cwd=BASIS, env=env, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    resultaten: dict[str, dict] = {}
    try:
        _wacht_op_poort(args.poort)
        for pagina in PAGINAS:
            sessie, pad = info["paginas"][pagina]
            cookie = f"{info['cookie']}={sessie}"
            belast(args.poort, cookie, pad, 1, 1.0)  # warm every worker's first-request costs
            resultaten[pagina] = {}
            for n in (int(x) for x in args.clients.split(",")):
                m = belast(args.poort, cookie, pad, n, args.duur)
                resultaten[pagina][str(n)] = m
                print(f"  {pagina:<12} {n:>3} clients: {m}", flush=True)
    finally:
        server.terminate()
        server.wait(timeout=30)
    rapport = {"grootte": args.grootte, "workers": args.workers, "duur_s": args.duur, "paginas": resultaten}
    (VAR / "bench_http.json").write_text(json.dumps(rapport, indent=2))
    regels = ["| pagina | clients | req/s | p50 ms | p95 ms | p99 ms | fouten |", "|---|---:|---:|---:|---:|---:|---:|"]
    for pagina, per_n in resultaten.items():
        for n, m in per_n.items():
            regels.append(
                f"| {pagina} | {n} | {m.get('per_s')} | {m.get('p50_ms')} | {m.get('p95_ms')} "
                f"| {m.get('p99_ms')} | {m['fouten']} |"
            )
    print("\n".join(regels))
    print(f"\nGeschreven: {Path(VAR / 'bench_http.json')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
