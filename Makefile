# Two commands do all set-up on a fresh Debian/Ubuntu machine: `make run` and `make test`.
# Each installs only what is missing (system packages, .venv, pinned dependencies).
SHELL := /bin/bash
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TOOLS_STAMP := $(VENV)/.installed-tools
TEST_STAMP := $(VENV)/.installed-test
CLUSTER_STAMP := $(VENV)/.installed-cluster
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
SYSTEM_PACKAGES := tesseract-ocr tesseract-ocr-fra tesseract-ocr-osd poppler-utils python3-venv \
	libreoffice-calc-nogui libreoffice-writer-nogui dovecot-imapd openssl \
	fonts-dejavu-core fonts-liberation fonts-freefont-ttf fonts-urw-base35

.PHONY: run once test bench eval demo system cluster

run: $(STAMP)
	$(BIN)/reclam run

once: $(STAMP)
	$(BIN)/reclam run --once

test: $(TEST_STAMP)
	$(BIN)/ruff check pipeline tools tests
	$(BIN)/mypy
	$(BIN)/pytest -n 2 --dist loadgroup --timeout 900

# Dask distributed, for `reclam run --cluster` and `reclam worker` (README, "On several machines")
cluster: $(CLUSTER_STAMP)

bench: $(TOOLS_STAMP) $(CLUSTER_STAMP)
	$(BIN)/python -m tools.bench

eval: $(TOOLS_STAMP)
	$(BIN)/python -m tools.evaluate

demo: $(TOOLS_STAMP)
	$(BIN)/python -m tools.demo

system:
	@missing=""; \
	for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing system packages:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi

$(STAMP): pyproject.toml requirements.lock | system
	@[ -x $(BIN)/python ] || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q -r requirements.lock
	$(BIN)/pip install -q --no-deps -e .
	@touch $(STAMP)

# The tooling's and the tests' pins go on top of the runtime ones, which they may not move.
$(TOOLS_STAMP): requirements-tools.lock $(STAMP)
	$(BIN)/pip install -q -r requirements-tools.lock -c requirements.lock
	@touch $(TOOLS_STAMP)

$(CLUSTER_STAMP): requirements-cluster.lock $(STAMP)
	$(BIN)/pip install -q -r requirements-cluster.lock -c requirements.lock
	@touch $(CLUSTER_STAMP)

$(TEST_STAMP): requirements-test.lock $(TOOLS_STAMP) $(CLUSTER_STAMP)
	$(BIN)/pip install -q -r requirements-test.lock -c requirements.lock -c requirements-tools.lock \
	  -c requirements-cluster.lock
	@touch $(TEST_STAMP)
