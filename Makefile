# Two commands set everything up on a fresh Debian machine with Python 3.11:
#   make serve   - install, build all seven languages, serve on http://127.0.0.1:8000
#   make test    - install the test tools too, then run the whole suite
# `make serve LANG=fr` previews one language only (any of: en fr de it es pl zh).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
LANGS := en fr de it es pl zh
ONLY_LANG := $(filter $(LANGS),$(LANG))
export NO_MKDOCS_2_WARNING := 1

.PHONY: help serve build check test test-deps setup-site setup-test fresh-test translations translate-export translate-import review-due clean new bulletin urls urls-check bench

help:
	@sed -n '1,5p' Makefile | sed 's/^# \{0,1\}//'
	@echo "Other targets: build (site/), check (content only), new (a resource), translate-export / translate-import (translation kits), bulletin (the e-bulletin draft), urls (register published URLs), review-due (resources due for a legal review), urls-check, bench (build timings), test-deps, fresh-test (the suite in a fresh clone of HEAD), clean"

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.txt pyproject.toml | $(BIN)/activate
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

$(VENV)/.installed-test: requirements-test.txt $(VENV)/.installed
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-test.txt
	touch $@

# the machine's set-up (Debian packages: Python's venv, Pango, the PDFs' fonts; for
# tests also chromium, poppler, Java, npm tools): the one entry point CI uses too
setup-site:
	scripts/setup site

setup-test:
	scripts/setup test

serve: setup-site $(VENV)/.installed
	LIBRARY_ONLY_LANG=$(ONLY_LANG) LANG=C.UTF-8 $(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

build: setup-site $(VENV)/.installed
	LANG=C.UTF-8 $(BIN)/python -m iplibrary.commands.cli build $(if $(ONLY_LANG),--lang $(ONLY_LANG))

check: $(VENV)/.installed
	$(BIN)/python -m iplibrary.commands.cli check

# make new TYPE=faq TITLE="Can I ...?" TERMS="mainland-china trade-marks" [SUMMARY="..."] [ID=...]
# make new FROM=guides/ip/trade-marks.md LANG=fr    (a translation to write)
# (the shell reads the values from the environment, so quotes in a title are safe)
new: $(VENV)/.installed
	@if [ -n "$$FROM" ]; then \
	  $(BIN)/python scripts/new --translation "$$FROM" --lang "$(ONLY_LANG)"; \
	else \
	  $(BIN)/python scripts/new "$$TYPE" "$$TITLE" $$TERMS $${SUMMARY:+--summary "$$SUMMARY"} $${ID:+--id "$$ID"}; \
	fi

# make bulletin MONTH=2026-12 [LANG=fr]: the month's Partner E-bulletin draft in bulletins/
bulletin: $(VENV)/.installed
	$(BIN)/python scripts/bulletin "$$MONTH" $(if $(ONLY_LANG),--lang $(ONLY_LANG))

translations: $(VENV)/.installed
	$(BIN)/python -m iplibrary.commands.cli translations $(TRANSLATIONS_ARGS)

# make review-due: resources last checked against the law more than 12 months ago (exits 0)
review-due: $(VENV)/.installed
	$(BIN)/python -m iplibrary.commands.cli review-due $(REVIEW_ARGS)

# make translate-export LANG=fr [TRANSLATE_ARGS="--outdated | --missing | guides/ip/x.md … --format po"]
#   one XLIFF kit per resource into translations/out/fr/ (README: Languages)
# make translate-import FILES="translations/in/*.xlf" [TRANSLATE_ARGS="--allow-partial --translated-by 'Org'"]
translate-export: $(VENV)/.installed
	$(BIN)/python scripts/translate export --lang "$(ONLY_LANG)" $(TRANSLATE_ARGS)

translate-import: $(VENV)/.installed
	$(BIN)/python scripts/translate import $(FILES) $(TRANSLATE_ARGS)

# make urls: after a release, add every URL of a fresh build to urls/published.txt
# (never removes one); make urls-check: fail if a registered URL would no longer work
urls: setup-site $(VENV)/.installed
	$(BIN)/python scripts/urls update

urls-check: setup-site $(VENV)/.installed
	$(BIN)/python scripts/urls check

# make bench [BENCH_ARGS="-n 300 -r 5"]: time the build against plain MkDocs (README: Performance; ~10 min)
bench: setup-site $(VENV)/.installed
	LANG=C.UTF-8 $(BIN)/python scripts/bench $(BENCH_ARGS)

test-deps: setup-test $(VENV)/.installed-test

test: test-deps
	LANG=C.UTF-8 $(BIN)/python -m pytest $(PYTEST_ARGS)

# make fresh-test [PYTEST_ARGS=...]: `make test` in a fresh clone of HEAD in a temporary folder
fresh-test:
	scripts/fresh-test $(PYTEST_ARGS)

clean:
	rm -rf site site.new site.old .cache test-artifacts
