# Cartellone — thin, zero-install entry point.
#
# `make <target>` creates/updates .venv (and node_modules for the targets that
# need front-end packages) only when their inputs changed, then hands over to
# `.venv/bin/invoke <task>` (see tasks.py).  Extra options go in ARGS:
#
#     make check ARGS="--since origin/main --format markdown"
#     make test  ARGS="-- -k venue -x"          # after `--`: passed to pytest
#     make devserver PORT=8080
#
# Installer chatter goes to stderr, so `make -s check ARGS=... > report.md`
# captures only the report.

SHELL        := /bin/bash
.DEFAULT_GOAL := help

PYTHON       ?= python3
VENV         := .venv
VENV_STAMP   := $(VENV)/.installed
NODE_STAMP   := node_modules/.installed
INVOKE       := $(VENV)/bin/invoke
ARGS         ?=
PORT         ?= 8000

# Goals that need Node/npm (front-end packages installed with `npm ci`).
NODE_GOALS   := test html publish devserver
NEED_NODE    := $(if $(filter $(NODE_GOALS),$(MAKECMDGOALS)),1,)

.PHONY: help html devserver publish test check bench lint format schemas golden clean setup preflight

help: ## Show this help
	@printf 'Cartellone — make targets (extra options: ARGS="...")\n\n'
	@awk 'BEGIN {FS = ":.*## "} /^[a-z][a-zA-Z_-]*:.*## / {printf "  %-10s %s\n", $$1, $$2}' $(MAKEFILE_LIST)
	@printf '\nExamples:\n  make check ARGS="--since origin/main --format markdown"\n  make test ARGS="-- -k venue -x"\n  make devserver PORT=8080\n'

html: preflight $(VENV_STAMP) $(NODE_STAMP) ## Build the site into output/ (pelicanconf.py)
	@$(INVOKE) html $(ARGS)

devserver: preflight $(VENV_STAMP) $(NODE_STAMP) ## Serve output/ on 127.0.0.1:PORT (8000), rebuild on changes
	@PORT=$(PORT) $(INVOKE) devserver $(ARGS)

publish: preflight $(VENV_STAMP) $(NODE_STAMP) ## Production build into output/ (publishconf.py)
	@$(INVOKE) publish $(ARGS)

test: preflight $(VENV_STAMP) $(NODE_STAMP) ## Run the test suite (pytest -n auto)
	@$(INVOKE) test $(ARGS)

check: preflight $(VENV_STAMP) ## Validate the calendar data (cartellone check)
	@$(INVOKE) check $(ARGS)

bench: preflight $(VENV_STAMP) ## Run the benchmarks (sizes: ARGS="--sizes 1000,10000")
	@$(INVOKE) bench $(ARGS)

lint: preflight $(VENV_STAMP) ## ruff check + ruff format --check
	@$(INVOKE) lint $(ARGS)

format: preflight $(VENV_STAMP) ## ruff format + ruff check --fix
	@$(INVOKE) format $(ARGS)

schemas: preflight $(VENV_STAMP) ## Regenerate the JSON Schemas from the vocabularies
	@$(INVOKE) schemas $(ARGS)

golden: preflight $(VENV_STAMP) ## Regenerate the tests' golden files
	@$(INVOKE) golden $(ARGS)

clean: ## Remove output/ and caches (keeps .venv/ and node_modules/)
	@if [ -x $(INVOKE) ]; then $(INVOKE) clean $(ARGS); \
	else rm -rf output cache .pytest_cache .ruff_cache .hypothesis; \
	     find . -path ./.venv -prune -o -path ./node_modules -prune -o -path ./.git -prune \
	            -o -type d -name __pycache__ -prune -exec rm -rf {} +; fi

setup: preflight $(VENV_STAMP) ## Only create/update .venv (no task run)

# --------------------------------------------------------------------------- environments

# Re-run only when the pins or the project metadata change.  The venv itself
# is created only if it is missing (or its interpreter is gone).  Installer
# output goes to stderr (see top).
$(VENV_STAMP): requirements.txt pyproject.toml | preflight
	@echo '==> updating $(VENV) (requirements.txt / pyproject.toml changed)' >&2
	@{ { [ -x $(VENV)/bin/python ] || $(PYTHON) -m venv $(VENV); } \
	   && $(VENV)/bin/pip install -r requirements.txt \
	   && $(VENV)/bin/pip install -e . --no-deps; } 1>&2
	@touch $@

$(NODE_STAMP): package.json package-lock.json | preflight
	@echo '==> npm ci (package.json / package-lock.json changed)' >&2
	@npm ci 1>&2
	@touch $@

# --------------------------------------------------------------------------- preflight

# Checks the tools exist before doing anything; lists *everything* missing
# with the Debian/Ubuntu command to install it, then exits 1.
define PREFLIGHT_SH
missing=0
need() {
  [ "$$missing" = 1 ] || printf 'Missing prerequisites — install them and re-run make:\n' >&2
  missing=1
  printf '  - %s\n      %s\n' "$$1" "$$2" >&2
}
if ! command -v "$$PYTHON" >/dev/null 2>&1; then
  need "Python 3.11+ ($$PYTHON not found)" "sudo apt-get install python3 python3-venv"
elif ! "$$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1; then
  found=$$("$$PYTHON" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null || echo '?')
  need "Python >= 3.11 ($$PYTHON is $$found)" "sudo apt-get install python3.11 python3.11-venv   then: make PYTHON=python3.11 ..."
elif [ ! -x .venv/bin/python ] && ! "$$PYTHON" -c 'import venv, ensurepip' >/dev/null 2>&1; then
  v=$$("$$PYTHON" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
  need "the Python venv module with ensurepip ($$PYTHON -m venv cannot create .venv)" "sudo apt-get install python3-venv   (or: sudo apt-get install python$$v-venv)"
fi
if ! command -v git >/dev/null 2>&1; then
  need "git" "sudo apt-get install git"
fi
if [ -n "$$NEED_NODE" ]; then
  if ! command -v node >/dev/null 2>&1; then
    need "Node.js 20+ (node not found)" "sudo apt-get install nodejs npm   (Debian 13+; older releases: Node 20+ from https://github.com/nodesource/distributions)"
  elif ! node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)' >/dev/null 2>&1; then
    need "Node.js >= 20 (node is $$(node --version))" "install Node 20+: sudo apt-get install nodejs npm on Debian 13+, else https://github.com/nodesource/distributions"
  fi
  if ! command -v npm >/dev/null 2>&1; then
    need "npm" "sudo apt-get install npm"
  fi
fi
exit $$missing
endef
export PREFLIGHT_SH

preflight:
	@PYTHON='$(PYTHON)' NEED_NODE='$(NEED_NODE)' bash -c "$$PREFLIGHT_SH"
