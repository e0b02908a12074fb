"""Reproducible benchmarks; run them all with `python -m bench` (or `make bench`)."""
