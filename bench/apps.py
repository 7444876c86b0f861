from django.apps import AppConfig


class BenchConfig(AppConfig):
    """The benchmark (`make bench`, BENCH.md): its data command `maak_benchdata`; on top of every app."""

    name = "bench"
    verbose_name = "Benchmark"
