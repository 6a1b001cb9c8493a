# The two set-up commands in the README are `make book` and `make test`.
# Everything else here is a convenience built on them.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
BUILD  := _build
JB     := $(BIN)/jupyter-book
JBFLAGS := -W -n --keep-going

.PHONY: help venv assets site-assets book instructor instructor-notebooks serve lab test lint format bench notebooks constraints binder-pins binder-check clean

help:
	@echo "make book        set up .venv, install pinned dependencies, build the site into $(BUILD)/html"
	@echo "                 ARTICLE_TEXT=excerpts make book: show only the opening words of each"
	@echo "                 paragraph of the article, with a link to the original (see LICENSES.md)"
	@echo "make test        install what the tests need and run the whole suite"
	@echo "make serve       serve the built site on http://127.0.0.1:8000"
	@echo "make lab         open the self-study notebooks in JupyterLab"
	@echo "make instructor  build the instructor edition into $(BUILD)/instructor/_build/html"
	@echo "make notebooks   re-execute and normalise the committed exercise notebooks"
	@echo "make bench       run the benchmarks; the report goes to $(BUILD)/bench.md"
	@echo "make binder-check  install binder/ in a fresh environment and run the exercises there"
	@echo "make site-assets fetch the self-hosted widget JS, MathJax and Pyodide (make book does it)"
	@echo "                 PEACEKIT_PYODIDE=cdn make book: load Pyodide from its CDN (smaller site)"

$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (found %s)" % sys.version.split()[0])'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[book,test,lab]"
	@touch $@

venv: $(STAMP)

# Pinned npm/PyPI web assets for the site (not committed; cached in _build/.downloads).
site-assets: $(STAMP)
	$(BIN)/python scripts/site_assets.py

book: $(STAMP) site-assets
	$(BIN)/python scripts/cache_guard.py
	$(JB) build . $(JBFLAGS)
	@echo
	@echo "The site is built. Open $(CURDIR)/$(BUILD)/html/index.html"
	@echo "or run 'make serve' and visit http://127.0.0.1:8000"

# The instructor edition: the public book plus facilitator pages and role sheets
# generated from the scenarios (see scripts/instructor_edition.py).
instructor: $(STAMP)
	$(BIN)/python scripts/instructor_edition.py $(JBFLAGS)

# Re-execute the instructor notebooks and store their outputs (nbval compares them).
instructor-notebooks: $(STAMP)
	cd book/instructor && ../../$(BIN)/jupyter nbconvert --to notebook --execute --inplace \
	  --ExecutePreprocessor.record_timing=False *.ipynb

serve:
	@test -f $(BUILD)/html/index.html || { echo "No site yet: run 'make book' first."; exit 1; }
	$(BIN)/python -m http.server --bind 127.0.0.1 --directory $(BUILD)/html 8000

lab: $(STAMP)
	$(BIN)/jupyter lab exercises/

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/codespell
	$(BIN)/lint-imports

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Strict nbval over every exercise notebook: outputs must match the committed ones.
NBVAL := --nbval --nbval-current-env --nbval-sanitize-with exercises/sanitize.cfg

test: $(STAMP) lint site-assets
	$(BIN)/python -m pytest
	$(BIN)/python -m pytest -p no:cacheprovider --nbval --nbval-current-env \
	  --nbval-sanitize-with book/instructor/sanitize.cfg book/instructor/*.ipynb
	$(BIN)/python -m pytest $(NBVAL) -p no:cacheprovider -q exercises
	# The Binder/JupyterHub environment, installed from binder/ alone as repo2docker does.
	$(BIN)/python scripts/binder_env.py check
	# The model's tests again on Python 3.14, in the Pyodide the site serves (under Node.js).
	$(BIN)/python scripts/pyodide_tests.py

notebooks: $(STAMP)
	$(BIN)/python scripts/execute_notebooks.py

bench: $(STAMP) site-assets
	$(BIN)/python -m pytest benchmarks -o python_files='bench_*.py' -p no:cacheprovider -q -s

constraints: $(STAMP)
	{ echo "# Pinned versions for reproducible builds and tests (Python 3.11, Linux)."; \
	  echo "# Regenerate with: make constraints"; \
	  $(BIN)/python -m pip freeze --exclude-editable | grep -v -i '^peacekit'; } > constraints.txt
	$(BIN)/python scripts/binder_env.py pin

# binder/requirements.txt from constraints.txt (make constraints runs it too).
binder-pins: $(STAMP)
	$(BIN)/python scripts/binder_env.py pin

# binder/ as repo2docker's pip path installs it, in a fresh environment (make test runs it).
binder-check: $(STAMP)
	$(BIN)/python scripts/binder_env.py check

clean:
	rm -rf $(BUILD) .jupyter_cache .pytest_cache .hypothesis lite/static .jupyterlite.doit.db
