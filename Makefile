# The two commands:
#   make lab     set up .venv (pinned) and open JupyterLab on the start notebook
#   make test    same set-up plus the test tools, then lint, format check and every test
#
# Settings (pass on the command line, e.g. `make lab PORT=8899 BROWSER=no`):
#   PORT=8888          port JupyterLab listens on (loopback only)
#   BROWSER=no         do not open a web browser (any other value opens one)
#   TOKEN=secret       fixed access token (default: JupyterLab makes a random one)
#   PYTHON=python3.12  interpreter used to create .venv (3.11 to 3.13)
#   REQUIRE_BROWSER=1  (make test) a missing Chromium fails the browser tests instead of skipping
#   HELPERS_CHROMIUM=/path/to/chromium  use this Chromium for the browser tests
#
# Other targets: make calibrate (accuracy on ../shared/data, fails below target),
#   make calibrate-docs (rewrite the figures in docs/accuracy.md), make bench (speed, with spaCy),
#   make student and make handouts (student edition and printable handouts, into build/),
#   make keys (rewrite notebooks/teacher/answer-keys.md from the quiz banks),
#   make lock (regenerate requirements/lock.txt), make clean.

PYTHON   ?= python3
VENV     ?= .venv
PORT     ?= 8888
BROWSER  ?= yes
TOKEN    ?=
NOTEBOOK ?= notebooks/00-start-here.ipynb
REQUIRE_BROWSER ?=

LOCK := requirements/lock.txt
BIN  := $(VENV)/bin
PIP  := $(BIN)/python -m pip --disable-pip-version-check

# JupyterLab refuses to run as root without --allow-root; add it only for root.
ALLOW_ROOT := $(shell [ "$$(id -u)" = 0 ] && echo --allow-root)
NO_BROWSER := $(if $(filter no NO No 0 false none,$(BROWSER)),--no-browser)
TOKEN_FLAG := $(if $(TOKEN),--IdentityProvider.token=$(TOKEN))

.PHONY: lab test venv setup setup-test chromium lock clean calibrate calibrate-docs bench \
	student handouts keys

lab: setup
	$(BIN)/jupyter lab $(NOTEBOOK) --ip=127.0.0.1 --port=$(PORT) --port-retries=0 \
		--ServerApp.root_dir="$(CURDIR)" $(NO_BROWSER) $(TOKEN_FLAG) $(ALLOW_ROOT) \
		--LabApp.news_url=None --LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate

test: setup-test chromium
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	PATH="$(CURDIR)/$(BIN):$$PATH" REQUIRE_BROWSER="$(REQUIRE_BROWSER)" $(BIN)/python -m pytest

# Accuracy against the annotated corpora in ../shared/data (skips cleanly when they are absent).
calibrate: setup
	$(BIN)/python -m tools.calibrate --check

calibrate-docs: setup
	$(BIN)/python -m tools.calibrate --write-docs

# Throughput next to spaCy's PhraseMatcher and a bare regex pass; spaCy is a benchmark-only extra.
bench: setup
	$(PIP) install -q -c $(LOCK) -e ".[bench]"
	$(BIN)/python -m tools.bench

# Student edition (cells tagged teacher/solution removed, outputs cleared) and printable handouts.
student: setup
	$(BIN)/python -m tools.editions student build/student

handouts: setup
	$(BIN)/python -m tools.editions handouts build/handouts

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
