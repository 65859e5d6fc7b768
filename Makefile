# The README's two commands: `make run` and `make test`. Everything else is a step they take.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
STAMP := $(VENV)/.requirements-installed
DEV_STAMP := $(VENV)/.requirements-dev-installed

.PHONY: run test setup setup-dev migrate demo lint typecheck format worker beat collectstatic check-deploy clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $(STAMP)

$(DEV_STAMP): requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(STAMP) $(DEV_STAMP)

setup: $(STAMP)

setup-dev: $(DEV_STAMP)

migrate: setup
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py load_demo

run: demo
	@$(BIN)/python manage.py demo_accounts --url http://$(HOST):$(PORT)/
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: setup-dev
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: setup-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# The packages and the strictness are in pyproject.toml ([tool.mypy]).
typecheck: setup-dev
	$(BIN)/mypy

format: setup-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

worker: setup
	DJANGO_SETTINGS_MODULE=cadre_eval.settings.production $(BIN)/celery -A cadre_eval worker -l info

beat: setup
	DJANGO_SETTINGS_MODULE=cadre_eval.settings.production $(BIN)/celery -A cadre_eval beat -l info

collectstatic: setup
	$(BIN)/python manage.py collectstatic --noinput

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache test-artifacts
