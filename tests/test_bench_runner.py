"""The arithmetic of `make bench` (bench/run.py): database names, ratios, targets, the table."""

import json

import pytest

from bench.run import db_url, samenvatten, tabel


def test_database_per_grootte_naast_de_basis():
    assert db_url("postgres://postgres@127.0.0.1:5432/ondermijning_bench", 1000) == (
        "postgres://postgres@127.0.0.1:5432/ondermijning_bench_1000"
    )
    assert db_url("postgres://u:p@db/", 10) == "postgres://u:p@db/ondermijning_bench_10"


def _meting(mediaan, admin=None, vloer=None, p95=None):
    m = {"status": 200, "mediaan_ms": mediaan, "p95_ms": p95 or mediaan, "queries": 12, "bytes": 2048}
    if admin is not None:
        m["admin"] = {"status": 200, "mediaan_ms": admin}
    if vloer is not None:
        m["vloer"] = {"mediaan_ms": vloer}
    return m


def _run(paginas):
    return {"machine": {"cpu": 2}, "herhalingen": 20, "paginas": paginas}


def test_verhoudingen_en_doelen():
    klein = _run(
        {
            "lijst": {"titel": "Lijst", "soort": "lijst", **_meting(40, admin=60, vloer=5)},
            "zoek_kvk": {"titel": "KVK", "soort": "lijst", **_meting(50, admin=70, vloer=20)},
            "riec_pdf": {"titel": "PDF", "soort": "pdf", **_meting(300)},
            "theseus": {"titel": "Theseus", "soort": "overzicht", "status": "ontbreekt"},
        }
    )
    groot = _run(
        {
            "lijst": {"titel": "Lijst", "soort": "lijst", **_meting(50, admin=100, vloer=20)},
            "zoek_kvk": {"titel": "KVK", "soort": "lijst", **_meting(90, admin=80, vloer=20, p95=160)},
            "riec_pdf": {"titel": "PDF", "soort": "pdf", **_meting(1200)},
            "theseus": {"titel": "Theseus", "soort": "overzicht", "status": "ontbreekt"},
        }
    )
    rapport = samenvatten({1000: klein, 100_000: groot})
    lijst = rapport["paginas"]["lijst"]
    assert lijst["per_grootte"]["100000"]["pagina_per_admin"] == 0.5
    assert lijst["per_grootte"]["100000"]["pagina_per_vloer"] == 2.5
    assert lijst["groei"] == 1.25
    doelen = {(d["doel"], d["pagina"]): d["gehaald"] for d in rapport["doelen"]}
    assert doelen[("mediaan <= admin", "lijst")] is True
    assert doelen[("mediaan <= 3x ruwe query", "lijst")] is True
    assert doelen[("mediaan <= admin", "zoek_kvk")] is False  # 90 ms against the admin's 80
    assert doelen[("groei 1k->100k <= 1.5x", "zoek_kvk")] is False  # 1.8x
    assert doelen[("zoeken p95 < 150 ms", "zoek_kvk")] is False
    assert doelen[("PDF mediaan < 1 s", "riec_pdf")] is False
    assert doelen[("pagina bestaat", "theseus")] is False
    uitvoer = tabel(rapport)
    assert "| theseus | 100000 | ontbreekt |" in uitvoer
    assert "| lijst | 100000 |    50.0 |" in uitvoer


@pytest.mark.django_db
@pytest.mark.parametrize("formaat", ["csv", "xlsx"])
def test_export_meting_draait(formaat, tmp_path, monkeypatch, duiven):
    """`make bench` measures both exports in a child process; that child ran an export module that had
    moved (#15) and crashed the default run. Here the same function, with the test's Django."""
    import bench.run
    from signalen.tests.factories import SignaalFactory

    monkeypatch.setattr(bench.run, "_django", lambda: None)  # Django is already set up by pytest
    monkeypatch.setattr(bench.run, "_bench_instellingen", lambda: None)
    SignaalFactory.create_batch(3, gemeente=duiven)
    uit = tmp_path / "export.json"
    assert bench.run.meet_export(formaat, str(uit)) == 0
    meting = json.loads(uit.read_text())
    assert meting["formaat"] == formaat and meting["rijen"] == 3 and meting["bytes"] > 0
    assert meting["gestreamd"] is (formaat == "csv")
