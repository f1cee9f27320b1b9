# arcsynth: `make run` sets up and solves a bundled example; `make test` sets up and runs the tests.
# `make serve` runs the REST service on 127.0.0.1:8000; `make docker-smoke` builds the image and
# checks it (DOCKER=... picks the docker command).
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
DOCKER ?= docker
IMAGE ?= arcsynth

.PHONY: setup run serve test lint format clean docker-smoke schema-fuzz

setup: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev,cluster]'
	touch $(STAMP)

run: setup
	$(VENV)/bin/arcsynth solve examples/3c9b0459.json --budget 10

serve: setup
	$(VENV)/bin/arcsynth serve --host 127.0.0.1 --port 8000

# BUILDAH_FORMAT: podman-based stand-ins keep HEALTHCHECK only in the docker image format.
docker-smoke: setup
	$(VENV)/bin/hadolint Dockerfile
	BUILDAH_FORMAT=docker $(DOCKER) build -t $(IMAGE) .
	$(PY) benchmarks/docker_smoke.py --docker $(DOCKER) --image $(IMAGE)

# schemathesis (the `fuzz` extra) against a loopback server: every check, >= 10,000 cases; the
# note goes to benchmarks/results/.
schema-fuzz: setup
	$(PY) -m pip install -q -e '.[fuzz]'
	$(PY) -m benchmarks.schema_fuzz --max-examples 10000

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: setup
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

test: lint
	$(PY) -m pytest

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache *.egg-info
