# The two commands:
#   make lab     set up .venv (pinned) and open JupyterLab on the start notebook
#   make test    same set-up plus the test tools, then lint, format check, type check (mypy) and every test
#
# Settings (pass on the command line, e.g. `make lab PORT=8899 BROWSER=no`):
#   PORT=8888          port JupyterLab listens on (loopback only)
#   BROWSER=no         do not open a web browser (any other value opens one)
#   TOKEN=secret       fixed access token (default: JupyterLab makes a random one)
#   PYTHON=python3.12  interpreter used to create .venv (3.11 to 3.13)
#   REQUIRE_BROWSER=1  (make test) a missing Chromium fails the browser tests instead of skipping
#   REQUIRE_HUB=1      (make test) a local JupyterHub that cannot run fails the hub test instead
#   HELPERS_CHROMIUM=/path/to/chromium  use this Chromium for the browser tests
#
# Other targets: make calibrate (accuracy on ../shared/data, tune and check parts; fails below a floor),
#   make calibrate-docs (rewrite the figures in docs/accuracy.md and the
#   plain-words figures lesson 06 and its bank quote, tools/lesson_figures.py), make bench (speed, with spaCy),
#   make bench-ui (how fast the lessons respond in headless Chromium: click→feedback, Start the
#   quiz, explorer toggle, Voilà lesson 02; medians, see docs/speed.md; skips without Chromium),
#   make student and make handouts (student edition and printable handouts, into build/),
#   make keys (rewrite notebooks/teacher/answer-keys.md from the quiz banks),
#   make student-branch (the student course as git branch `student`, for hub links),
#   make hub-load (N students at once on a local JupyterHub: spawn and lesson times),
#   make lock (regenerate requirements/lock.txt), make clean.

PYTHON   ?= python3
VENV     ?= .venv
PORT     ?= 8888
BROWSER  ?= yes
TOKEN    ?=
NOTEBOOK ?= notebooks/00-start-here.ipynb
REQUIRE_BROWSER ?=
REQUIRE_HUB ?=
STUDENTS ?= 12

LOCK := requirements/lock.txt
BIN  := $(VENV)/bin
PIP  := $(BIN)/python -m pip --disable-pip-version-check

# JupyterLab refuses to run as root without --allow-root; add it only for root.
ALLOW_ROOT := $(shell [ "$$(id -u)" = 0 ] && echo --allow-root)
NO_BROWSER := $(if $(filter no NO No 0 false none,$(BROWSER)),--no-browser)
TOKEN_FLAG := $(if $(TOKEN),--IdentityProvider.token=$(TOKEN))

.PHONY: lab test venv setup setup-test chromium hub-proxy lock clean calibrate calibrate-docs \
	bench bench-ui student handouts keys hub-load student-branch

# default_url: the address JupyterLab prints (and `/`) opens the start notebook, not the Launcher.
# jupyter-config/labconfig/page_config.json switches off the "Jupyter news" announcements pop-up
# (Binder's postBuild does the same); news_url=None alone does not.
lab: setup
	JUPYTER_CONFIG_PATH="$(CURDIR)/jupyter-config$${JUPYTER_CONFIG_PATH:+:$$JUPYTER_CONFIG_PATH}" \
	$(BIN)/jupyter lab $(NOTEBOOK) --ip=127.0.0.1 --port=$(PORT) --port-retries=0 \
		--ServerApp.root_dir="$(CURDIR)" $(NO_BROWSER) $(TOKEN_FLAG) $(ALLOW_ROOT) \
		--LabApp.default_url=/lab/tree/$(NOTEBOOK) \
		--LabApp.news_url=None --LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate

test: setup-test chromium hub-proxy
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	PATH="$(CURDIR)/$(BIN):$$PATH" REQUIRE_BROWSER="$(REQUIRE_BROWSER)" REQUIRE_HUB="$(REQUIRE_HUB)" \
		$(BIN)/python -m pytest

# Accuracy against the annotated corpora in ../shared/data (skips cleanly when they are absent).
calibrate: setup
	$(BIN)/python -m tools.calibrate --check

calibrate-docs: setup
	$(BIN)/python -m tools.calibrate --write-docs

# Throughput next to spaCy's PhraseMatcher and a bare regex pass; spaCy is a benchmark-only extra.
bench: setup
	$(PIP) install -q -c $(LOCK) -e ".[bench]"
	$(BIN)/python -m tools.bench

# Response times in a real browser (JupyterLab and Voilà in headless Chromium), medians of
# REPEAT runs: a benchmark, not a test (docs/speed.md says how it measures).
REPEAT ?= 7
bench-ui: setup-test chromium
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python -m tools.bench_ui --repeat $(REPEAT)

# Student edition (cells tagged teacher/solution removed, outputs cleared) and printable handouts.
student: setup
	$(BIN)/python -m tools.editions student build/student

handouts: setup
	$(BIN)/python -m tools.editions handouts build/handouts

# The student course (no teacher notes) committed to branch `student` from HEAD, for hub links.
student-branch: setup
	$(BIN)/python -m tools.editions student-branch student

# Answer keys generated from notebooks/quizzes/*.yaml (a test fails when the committed file is stale).
keys: setup
	$(BIN)/python -m helpers.quiz.keys notebooks/teacher/answer-keys.md

# .venv is created once, with the interpreter named by PYTHON.
venv: $(BIN)/python
$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(not (3, 11) <= sys.version_info[:2] < (3, 14))' || \
		{ echo "Python 3.11 to 3.13 is needed; try e.g. make $(MAKECMDGOALS) PYTHON=python3.12" >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)

# Installs are skipped while the lock file and pyproject.toml are unchanged: a stamp inside .venv
# remembers their checksum. `setup` installs the package; `setup-test` adds the test extra.
STATE = $$(cat $(LOCK) pyproject.toml | cksum)

setup: venv
	@if [ "$(STATE)" = "$$(cat $(VENV)/.stamp-lab 2>/dev/null)" ] || \
	    [ "$(STATE)" = "$$(cat $(VENV)/.stamp-test 2>/dev/null)" ]; then \
		echo "$(VENV) is up to date"; \
	else \
		echo "Installing pinned dependencies into $(VENV)"; \
		$(PIP) install -q -c $(LOCK) -e . && echo "$(STATE)" > $(VENV)/.stamp-lab; \
	fi

setup-test: venv
	@if [ "$(STATE)" = "$$(cat $(VENV)/.stamp-test 2>/dev/null)" ]; then \
		echo "$(VENV) is up to date (with test tools)"; \
	else \
		echo "Installing pinned dependencies and test tools into $(VENV)"; \
		$(PIP) install -q -c $(LOCK) -e ".[test]" && echo "$(STATE)" > $(VENV)/.stamp-test; \
	fi

# Browser tests use Debian's Chromium. As root with apt-get, install it when it is missing;
# elsewhere the browser tests skip and say how to enable them.
chromium:
	@if [ -n "$(HELPERS_CHROMIUM)" ] || [ -x /usr/bin/chromium ]; then \
		:; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "Installing Debian's chromium for the browser tests"; \
		apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium \
			|| echo "Could not install chromium; browser tests will skip (or fail with REQUIRE_BROWSER=1)" >&2; \
	else \
		echo "No Chromium at /usr/bin/chromium: browser tests will skip (apt-get install chromium, or set HELPERS_CHROMIUM)"; \
	fi

# The classroom test starts a real JupyterHub, whose proxy is an npm package: install the pinned
# one (requirements/hub-proxy) into .venv/hub-proxy. Without npm, Node.js comes from apt when
# run as root; otherwise the hub test skips and says why (or fails with REQUIRE_HUB=1).
PROXY_DIR := $(VENV)/hub-proxy
hub-proxy: venv
	@if [ -x $(PROXY_DIR)/node_modules/.bin/configurable-http-proxy ] && \
	    cmp -s requirements/hub-proxy/package-lock.json $(PROXY_DIR)/package-lock.json; then \
		:; \
	else \
		if ! command -v npm >/dev/null 2>&1 && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
			echo "Installing Debian's nodejs and npm for the JupyterHub proxy"; \
			apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q nodejs npm || true; \
		fi; \
		if command -v npm >/dev/null 2>&1; then \
			echo "Installing configurable-http-proxy into $(PROXY_DIR)"; \
			mkdir -p $(PROXY_DIR) && cp requirements/hub-proxy/package.json requirements/hub-proxy/package-lock.json $(PROXY_DIR)/ && \
			(cd $(PROXY_DIR) && npm ci --no-audit --no-fund --loglevel=error) || \
			echo "Could not install configurable-http-proxy; the hub test will skip (or fail with REQUIRE_HUB=1)" >&2; \
		else \
			echo "No npm: the JupyterHub test will skip (install Node.js and npm to run it)"; \
		fi; \
	fi

# A bounded load run on a local JupyterHub (loopback only, stops by itself): STUDENTS at once.
hub-load: setup-test hub-proxy
	$(BIN)/python -m tools.hub_load --students $(STUDENTS)

# Regenerate the lock from a fresh venv resolving pyproject.toml's ranges (runtime + test extra).
lock:
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	$(PYTHON) -m venv "$$tmp/venv" && \
	"$$tmp/venv/bin/python" -m pip install -q --disable-pip-version-check ".[test]" && \
	{ echo "# Pinned versions: regenerate with 'make lock' (fresh venv, pip install .[test], pip freeze)."; \
	  echo "# Generated with Python $$("$$tmp/venv/bin/python" -c 'import platform; print(platform.python_version(), platform.system(), platform.machine())')."; \
	  echo "# Used as a constraints file: pip install -c $(LOCK) -e .[test]"; \
	  "$$tmp/venv/bin/python" -m pip freeze --disable-pip-version-check --exclude media-literacy-helpers; \
	} > $(LOCK).new && mv $(LOCK).new $(LOCK) && echo "Wrote $(LOCK)"

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache .ruff_cache .hypothesis test-artifacts
	find . -path ./.git -prune -o \( -name __pycache__ -o -name .ipynb_checkpoints \) -type d -prune \
		-exec rm -rf {} +
