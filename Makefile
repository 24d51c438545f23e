# Masthead — see README.md. `make demo` and `make test` are the public contract.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export MASTHEAD_DATA_DIR ?= $(CURDIR)/var
STAMP := $(VENV)/.installed

.PHONY: install messages demo serve test lint format bench clean-demo

$(STAMP): requirements/base.txt requirements/dev.txt pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check \
		-r requirements/base.txt -r requirements/dev.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $(STAMP)

install: $(STAMP) messages

## messages: compile the translations (masthead/locale/*/LC_MESSAGES/*.po -> .mo);
## a .mo already newer than its .po is kept; without GNU gettext the committed
## .mo files serve
messages: $(STAMP)
	@if command -v msgfmt >/dev/null; then \
		cd masthead/locale && DJANGO_SETTINGS_MODULE=masthead.settings.test \
		$(CURDIR)/$(BIN)/python -m django compilemessages --verbosity 0; \
	else echo "msgfmt not found (apt-get install gettext): using the committed .mo files"; fi

## demo: install, load the demo newsroom (kept across runs) and serve it on $(PORT)
demo: install
	MASTHEAD_DEMO=1 $(BIN)/masthead demo
	MASTHEAD_DEMO=1 $(BIN)/masthead serve --port $(PORT)

serve: install
	$(BIN)/masthead serve --port $(PORT)

## test: the whole suite (SQLite, or PostgreSQL/Redis when DATABASE_URL/REDIS_URL are set)
test: install
	$(BIN)/pytest -n 2 --dist loadfile

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DJANGO_SETTINGS_MODULE=masthead.settings.test $(BIN)/python manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=masthead.settings.test $(BIN)/python manage.py check
	MASTHEAD_SECRET_KEY=lint-$$(date +%s%N)-not-a-real-secret-but-long-enough-for-check \
		MASTHEAD_HTTPS=1 MASTHEAD_DATA_DIR=$$(mktemp -d) \
		$(BIN)/masthead manage check --deploy --fail-level WARNING

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## bench: article page vs nginx, news day (Zipf readers, publishing), cold renders at
## 100,000 stories, related news per publish, view beacons, wire import; SQLite and
## PostgreSQL + Redis (BENCH_PARTS, BENCH_LEGS)
bench: install
	$(BIN)/python bench/run.py
