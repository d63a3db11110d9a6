# The two commands: `make run` and `make test`. Everything else is a step they share.
# Each step leaves a stamp, so running again only redoes what changed.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
export FLASK_APP := wsgi.py

.PHONY: run test setup deps assets db seed test-pg e2e bench bench-compare clean

run: setup db seed
	@echo ""
	@echo "  Community is running at http://$(HOST):$(PORT)/"
	@echo "  Demo sign-in: admin@example.org / demo-password-2026 (every demo member shares that password)"
	@echo ""
	$(BIN)/python wsgi.py --host $(HOST) --port $(PORT)

test: setup
	$(BIN)/lint-imports --no-logo --no-cache
	$(BIN)/python -m pytest -m "not e2e" $(PYTEST_ARGS)

# Browser journeys: a real Chromium against real server processes.
e2e: setup
	$(BIN)/python -m pytest -m e2e $(PYTEST_ARGS)

setup: deps assets

deps: $(VENV)/.stamp-deps

$(VENV)/.stamp-deps: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	# venv's own setuptools is old enough to have known vulnerabilities (pip-audit in .ci/run).
	$(BIN)/python -m pip install --quiet --upgrade pip 'setuptools>=78.1.1'
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

assets: static/vendor/.stamp-assets

static/vendor/.stamp-assets: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	rm -rf static/vendor && mkdir -p static/vendor/nhsuk static/vendor/socket.io
	cp node_modules/nhsuk-frontend/dist/nhsuk/nhsuk-frontend.min.js static/vendor/nhsuk/
	# The stylesheet fetches its font from a third-party host, which our CSP (rightly) blocks:
	# drop those @font-face rules so pages fall back to Arial quietly, and serve icons from here.
	sed -E -e 's/@font-face\{[^}]*\}//g' -e 's#url\(/assets/#url(/static/vendor/nhsuk/assets/#g' \
	   node_modules/nhsuk-frontend/dist/nhsuk/nhsuk-frontend.min.css > static/vendor/nhsuk/nhsuk-frontend.min.css
	cp -r node_modules/nhsuk-frontend/dist/nhsuk/assets static/vendor/nhsuk/
	cp node_modules/socket.io-client/dist/socket.io.min.js static/vendor/socket.io/
	touch $@

db: deps
	$(BIN)/flask db upgrade

seed: db
	$(BIN)/flask demo seed --if-empty

# Benchmarks (bench/README.md): a bench database of its own, never instance/community.db.
BENCH_DATABASE_URL ?= sqlite:////tmp/bench/community.db
bench: setup
	$(BIN)/python -m bench.seed --members 20000 --threads 10000 --comments 300000 --if-empty --database-url $(BENCH_DATABASE_URL)
	$(BIN)/python -m bench.pages --database-url $(BENCH_DATABASE_URL)

bench-compare: setup
	DATABASE_URL=$(BENCH_DATABASE_URL) bash bench/compare_flaskbb.sh

clean:
	rm -rf $(VENV) node_modules static/vendor
