# Two commands set everything up: `make run` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app app
STAMP := $(VENV)/.installed

.PHONY: run test install db content demo serve bench clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

db: install
	$(FLASK) db upgrade

content: db
	$(FLASK) content sync

demo: content
	$(FLASK) demo create
	$(FLASK) exams defaults

run: demo
	$(FLASK) run --host 127.0.0.1 --port 5000

test: install
	$(BIN)/python -m pytest

# Production: set SECRET_KEY, DATABASE_URL (PostgreSQL) and REDIS_URL first; see README.
serve: install
	APP_CONFIG=production $(FLASK) db upgrade
	APP_CONFIG=production $(FLASK) content sync
	APP_CONFIG=production $(FLASK) exams defaults
	APP_CONFIG=production $(BIN)/gunicorn -c gunicorn.conf.py 'app:create_app()'

clean:
	rm -rf $(VENV) .pytest_cache
