# The two commands a newcomer needs: `make run` and `make test`. See README.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.requirements-installed

.PHONY: run run-oidc oidc-provider test lint format bench bench-http clean

$(STAMP): requirements.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	@touch $(STAMP)

## make run: install, migrate, load the demo data and serve http://127.0.0.1:8000 on SQLite.
run: $(STAMP)
	DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DEBUG=1 $(BIN)/python manage.py laad_demo
	@echo ""
	@echo "Ondermijning draait op http://127.0.0.1:8000 (stoppen met Ctrl+C)"
	@echo "Demo: tweestapsverificatie staat UIT (OTP_VERPLICHT=0); in productie is die verplicht."
	@echo "Inloggen via een identity provider (OIDC) proberen: start in een tweede terminal"
	@echo "  make oidc-provider   en dan  make run-oidc   (zie README, 'Inloggen via de identity provider')"
	DEBUG=1 OTP_VERPLICHT=0 $(BIN)/python manage.py runserver 127.0.0.1:8000

## make oidc-provider: the test identity provider (tests/oidc/provider.js) on http://127.0.0.1:9000
# with the users of tests/oidc/gebruikers.json (anna/anna, bram/bram, cas/cas). Needs Node.js.
oidc-provider:
	cd tests/oidc && { [ -d node_modules ] || npm ci --no-audit --no-fund; } && node provider.js --poort 9000

## make run-oidc: `make run` with login through that provider (groups mapped to the demo's roles).
run-oidc: $(STAMP)
	DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DEBUG=1 $(BIN)/python manage.py laad_demo
	DEBUG=1 OTP_VERPLICHT=0 OIDC_ISSUER=http://127.0.0.1:9000 OIDC_NAAM=Testprovider OIDC_CLIENT_ID=ondermijning \
	  OIDC_CLIENT_SECRET=alleen-voor-lokaal-proberen OIDC_SCOPES="openid email profile groups" \
	  OIDC_ROLLEN="ondermijning-beleid=beleidsmedewerker,ondermijning-toezicht=toezichthouder" \
	  OIDC_GEMEENTEN="gemeente-duiven=GM0226,gemeente-westervoort=GM0293" OIDC_TELT_ALS_TWEEDE_FACTOR=1 \
	  $(BIN)/python manage.py runserver 127.0.0.1:8000

## make test: the whole suite. DATABASE_URL / REDIS_URL switch to a real PostgreSQL / Redis.
# Browser tests need Debian's Chromium (`apt-get install chromium`; .ci/run installs it). Without
# it they are deselected with a loud notice rather than failing on a machine that cannot run them.
CHROMIUM ?= /usr/bin/chromium
test: $(STAMP)
	@command -v node >/dev/null || echo "LET OP: Node.js ontbreekt: de OIDC-tests tegen de echte provider (tests/oidc) worden NIET gedraaid. Installeer: apt-get install nodejs npm"
	@if [ -x "$(CHROMIUM)" ]; then \
		$(BIN)/python -m pytest --create-db $(PYTEST_ARGS); \
	else \
		echo "LET OP: $(CHROMIUM) ontbreekt: browsertests (tests/browser) worden NIET gedraaid. Installeer: apt-get install chromium"; \
		$(BIN)/python -m pytest --create-db -m "not browser" $(PYTEST_ARGS); \
	fi

## make bench: the benchmark of BENCH.md on PostgreSQL (DATABASE_URL, default below). Creates a fresh
# database <name>_<size> per size, fills it (maak_benchdata) and measures; writes var/bench.json.
# BENCH_ARGS="--groottes 1000,10000 --herhalingen 10 --hergebruik" for a shorter or repeated run.
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/ondermijning_bench
bench: $(STAMP)
	DATABASE_URL=$${DATABASE_URL:-$(BENCH_DATABASE_URL)} $(BIN)/python -m bench.run $(BENCH_ARGS)

## make bench-http: gunicorn as the Dockerfile starts it, on the database make bench filled
# (<name>_10000 by default): 1/8/32 logged-in clients per page, req/s and p50/p95/p99, beside the
# tuned admin. BENCH_HTTP_ARGS="--grootte 100000 --duur 8 --clients 1,8,32".
bench-http: $(STAMP)
	DATABASE_URL=$${DATABASE_URL:-$(BENCH_DATABASE_URL)} $(BIN)/python -m bench.http $(BENCH_HTTP_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/python manage.py makemigrations --check --dry-run

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) var/db.sqlite3 var/db.sqlite3-wal var/db.sqlite3-shm var/staticfiles
