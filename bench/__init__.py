"""The benchmark of issue 9: pages at 1,000 / 10,000 / 100,000 signals (see BENCH.md)."""
