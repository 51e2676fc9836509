"""Tooling around the product, never imported by it: synthetic mail and registers
(`tools.synth`), measurement (`tools.evaluate`, `make eval`), speed (`tools.bench`,
`tools.bench_match`, `make bench`) and the demonstration (`tools.demo`, `make demo`).

Not installed with the product (its wheel holds `pipeline` alone): run it from the
repository root, `python -m tools.evaluate`, as the Makefile does.
"""
