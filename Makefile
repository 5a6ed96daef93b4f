# mtolab: a JupyterLab course on production strategies (MTS, MTO, ATO and hybrids).
#
#   make lab        open the course in JupyterLab (creates .venv on first use);
#                   make lab EDITION=nb opens the Norwegian (bokmål) edition
#   make lab-instructor  the same, with nbgrader's instructor tools
#   make test       ruff, unit tests, every notebook (nbval) and the real-browser tests
#   make release    instructor: build the student versions of the assignments
#   make collect SUBMISSIONS=path|file.zip [ASSIGNMENT=a1_make_to_stock]
#                   [PATTERN=canvas|moodle|...] [ROSTER=roster.csv]
#   make autograde  [ASSIGNMENTS="a1_make_to_stock ..."] [JOBS=2] [TIME_LIMIT=120]
#                   (each submission in a bubblewrap sandbox)
#   make feedback   [ASSIGNMENTS=...]
#   make grades     [GRADES=grading/grades.csv]  (and grading/grades-wide.csv)
#                   (instructor commands take extra options in ARGS="...")
#   make benchmark  time the simulations, the lessons, the explorers in a browser,
#                   the grading
#   make clean      remove grading/ and test-artifacts/
#
# Works on a fresh Debian/Ubuntu machine with only Python 3.11+; as root it
# installs what is missing (python3-venv, chromium, bubblewrap) with apt-get.

SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# Debian's Chromium drives the browser tests (tests/browser/lab.py reads MTOLAB_CHROMIUM).
CHROMIUM ?= /usr/bin/chromium
export MTOLAB_CHROMIUM := $(CHROMIUM)
# Debian's bubblewrap sandboxes every submission autograde runs (mtolab.instructor.sandbox).
BWRAP ?= /usr/bin/bwrap
export MTOLAB_BWRAP := $(BWRAP)

# nbgrader runs `alembic` (and the tests run `jupyter`) as programs: the venv comes first.
export PATH := $(CURDIR)/$(VENV)/bin:$(PATH)

ASSIGNMENTS ?=
ASSIGNMENT ?=
SUBMISSIONS ?=
JOBS ?=
TIME_LIMIT ?=
PATTERN ?=
ROSTER ?=
GRADES ?=
ARGS ?=

.PHONY: help lab lab-instructor test release collect autograde feedback grades benchmark clean \
        chromium bubblewrap venv

help:
	@sed -n '3,17p' Makefile | sed 's/^# \{0,1\}//'

# ---------------------------------------------------------------------------
# The virtual environment: created once, reinstalled when pyproject.toml changes.
# ---------------------------------------------------------------------------
$(PY):
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || { \
	  echo "mtolab needs Python 3.11 or newer as '$(PYTHON)'; found: $$($(PYTHON) --version 2>&1)."; \
	  echo "Install it, or run: make PYTHON=/path/to/python3.11 ..."; exit 1; }
	@if ! out=$$($(PYTHON) -m venv $(VENV) 2>&1); then \
	  rm -rf $(VENV); \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "'$(PYTHON) -m venv' failed: installing python3-venv with apt-get"; \
	    apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y python3-venv; \
	  else \
	    echo "$$out"; \
	    echo "'$(PYTHON) -m venv' failed. Install the venv module (Debian/Ubuntu:"; \
	    echo "'sudo apt-get install python3-venv') and run make again."; exit 1; \
	  fi; \
	  $(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); exit 1; }; \
	fi

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install -e '.[course,test]'
	@touch $(STAMP)

venv: $(STAMP)

# ---------------------------------------------------------------------------
# Learners
# ---------------------------------------------------------------------------
# Learners get the course without nbgrader's menus, Validate button and sidebars
# (config/learner); instructors get them with `make lab-instructor`.
# The edition to open: EDITION=en (English, the default) or EDITION=nb (bokmål).
EDITION ?= en
START_PAGE_en := notebooks/en/00_start_here.ipynb
START_PAGE_nb := notebooks/nb/00_start_her.ipynb
START_PAGE = $(or $(START_PAGE_$(EDITION)),$(error EDITION must be en or nb, not '$(EDITION)'))
LAB = $(VENV)/bin/jupyter lab $(if $(filter 0,$(shell id -u)),--allow-root) $(START_PAGE)

lab: $(STAMP)
	JUPYTER_CONFIG_PATH=$(CURDIR)/config/learner$(if $(JUPYTER_CONFIG_PATH),:$(JUPYTER_CONFIG_PATH)) \
	  $(LAB)

lab-instructor: $(STAMP)
	$(LAB)

# ---------------------------------------------------------------------------
# Tests: lint, unit tests, notebooks (nbval) and JupyterLab in Chromium.
# ---------------------------------------------------------------------------
# $(call debian_package,PROGRAM,PACKAGE,WHY,VARIABLE): install PACKAGE with
# apt-get (as root) when PROGRAM is missing; otherwise say how to get it.
define debian_package
	@if [ ! -x $(1) ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "$(1) missing: installing $(2) with apt-get"; \
	    apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y $(2); \
	  else \
	    echo "$(3) need $(1), which is missing."; \
	    echo "Install it (Debian: 'sudo apt-get install $(2)') and run make again,"; \
	    echo "or point to another one: make $(4)=/path/to/it ..."; \
	    exit 1; \
	  fi; \
	fi
endef

chromium:
	$(call debian_package,$(CHROMIUM),chromium,The browser tests,CHROMIUM)

# Debian's bubblewrap: autograde runs every submission in its sandbox.
bubblewrap:
	$(call debian_package,$(BWRAP),bubblewrap,Autograde and its tests,BWRAP)

test: $(STAMP) chromium bubblewrap
	$(VENV)/bin/ruff check .
	MPLBACKEND=Agg $(PY) -m pytest -p no:cacheprovider --nbval-lax \
	  tests $(wildcard notebooks solutions)

# ---------------------------------------------------------------------------
# Instructors: nbgrader, driven by mtolab.instructor; everything under grading/.
# ---------------------------------------------------------------------------
release: $(STAMP) bubblewrap
	$(PY) -m mtolab.instructor release $(ASSIGNMENTS) $(ARGS)

collect: $(STAMP) bubblewrap
	@test -n "$(SUBMISSIONS)" || { \
	  echo "usage: make collect SUBMISSIONS=path/to/submissions [ASSIGNMENT=a1_make_to_stock]"; \
	  exit 2; }
	$(PY) -m mtolab.instructor collect "$(SUBMISSIONS)" \
	  $(if $(ASSIGNMENT),--assignment $(ASSIGNMENT)) $(if $(PATTERN),--pattern '$(PATTERN)') \
	  $(if $(ROSTER),--roster "$(ROSTER)") $(ARGS)

autograde: $(STAMP) bubblewrap
	$(PY) -m mtolab.instructor autograde $(ASSIGNMENTS) $(if $(JOBS),--jobs $(JOBS)) \
	  $(if $(TIME_LIMIT),--time-limit $(TIME_LIMIT)) $(ARGS)

feedback: $(STAMP) bubblewrap
	$(PY) -m mtolab.instructor feedback $(ASSIGNMENTS) $(ARGS)

grades: $(STAMP) bubblewrap
	$(PY) -m mtolab.instructor export $(if $(GRADES),--to $(GRADES)) $(ARGS)

# ---------------------------------------------------------------------------
# Benchmarks: every script present in benchmarks/, in this order.
# ---------------------------------------------------------------------------
BENCHMARKS := $(wildcard benchmarks/simulations.py benchmarks/lessons.py \
                         benchmarks/explorer_latency.py benchmarks/grading.py)

benchmark: $(STAMP) chromium
	@set -e; for script in $(BENCHMARKS); do \
	  echo "== $$script"; MPLBACKEND=Agg $(PY) $$script; echo; \
	done

clean:
	rm -rf grading test-artifacts
