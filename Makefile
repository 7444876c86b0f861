# The two commands a newcomer needs: `make run` and `make test`. See README.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.requirements-installed

.PHONY: run test lint format bench bench-http clean

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
	DEBUG=1 OTP_VERPLICHT=0 $(BIN)/python manage.py runserver 127.0.0.1:8000

## make test: the whole suite. DATABASE_URL / REDIS_URL switch to a real PostgreSQL / Redis.
# Browser tests need Debian's Chromium (`apt-get install chromium`; .ci/run installs it). Without
# it they are deselected with a loud notice rather than failing on a machine that cannot run them.
CHROMIUM ?= /usr/bin/chromium
test: $(STAMP)
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
	$(BIN)/python manage.py makemigrations --check --dry-run

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) var/db.sqlite3 var/db.sqlite3-wal var/db.sqlite3-shm var/staticfiles
