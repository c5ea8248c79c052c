# Two commands do all the set-up on a fresh clone: `make site` and `make test`.
PYTHON_BASE ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: site test records serve clean bench

$(STAMP): requirements.txt requirements-dev.txt
	$(PYTHON_BASE) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $(STAMP)

venv: $(STAMP)

# The pipeline on the embedded corpus, then a real `mkdocs build` into site/. With no English
# model installed, the first step tries once to install the Argos package (a short timeout;
# OFFLINE=1 skips it) and says what happened; without one the English pages are untranslated.
site: $(STAMP)
	$(PY) -m build_scripts.variants.argos_setup ensure
	$(PY) -m build_scripts build --source source --docs docs --site site

records: $(STAMP)
	$(PY) -m build_scripts records source build/records

# The records stage scored against the annotated development pages and the seeds.
.PHONY: evaluate
evaluate: $(STAMP)
	$(PY) -m build_scripts evaluate tests/data/devset tests/data/devset/expect
	$(PY) -m build_scripts evaluate source tests/data/seeds/expect

# Ray (translation on a cluster, build_scripts/variants/distributed.py): optional for a build,
# installed for the tests, which run it on a local two-CPU instance.
RAY_STAMP := $(VENV)/.ray-installed
$(RAY_STAMP): $(STAMP) requirements-ray.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-ray.txt
	touch $(RAY_STAMP)
.PHONY: ray
ray: $(RAY_STAMP)

test: $(STAMP) $(RAY_STAMP) browser-deps
	$(PY) -m pytest -q

# The assembled trilingual site/ (MkDocs builds of each language's listing and shards), as a reader gets it.
serve: site
	$(PY) -m http.server --directory site --bind 127.0.0.1 8000

.PHONY: snapshot browser-deps bench-site
# One zip of the whole site that works unpacked from file:// (no network).
snapshot: site
	$(PY) -m build_scripts snapshot --site site --out dist/archive-snapshot.zip

.PHONY: zim
# The site as one .zim for Kiwix (its own full-text search; skipped when site/ is unchanged).
zim: site
	$(PY) -m build_scripts zim --site site --out dist/archive.zim

# Debian's Chromium and CJK fonts for the browser tests (never Playwright's own browsers).
browser-deps:
	@if ! command -v chromium >/dev/null || ! fc-list 2>/dev/null | grep -qi 'Noto Sans CJK'; then \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium fonts-noto-cjk; \
	fi

bench-site: $(STAMP)
	$(PY) benchmarks/site_build.py

# The real build command on generated raw archives: cold, no-change, one-changed, memory.
# SIZES="1000 5000" for the large one (long on 2 cores).
.PHONY: bench-scale
bench-scale: $(STAMP)
	$(PY) benchmarks/scale.py --sizes $(or $(SIZES),1000)

# Pagefind on generated archives: build time, pagefind/ sizes, bytes and time of a first and a
# second query in headless Chromium. SIZES="1000 10000" for the large one (tens of minutes).
.PHONY: bench-search
bench-search: $(STAMP) browser-deps
	$(PY) benchmarks/search.py --sizes $(or $(SIZES),1000)

bench: $(STAMP)
	$(PY) benchmarks/records_throughput.py

clean:
	rm -rf build site docs/zh docs/zh-Hant docs/en

.PHONY: models bench-variants
# The zh→en Argos Translate model (used by the English variant). With internet: translate-zh_en
# from the Argos package index (offline: one line saying so). A package file:
# make models MODEL=file.argosmodel
# ENGINE=quickmt: quickmt-zh-en for the ctranslate2 engine (data/models.yaml; its pin is written to
# data/models.lock.yaml by the first fetch: commit it).
models: $(STAMP)
ifeq ($(ENGINE),quickmt)
	$(PY) -m build_scripts.variants.fetch_model quickmt
else ifdef MODEL
	$(PY) -m build_scripts.variants.argos_setup install "$(MODEL)"
else
	$(PY) -m build_scripts.variants.argos_setup download
endif

bench-variants: $(STAMP)
	$(PY) benchmarks/variants_throughput.py

# Paragraphs per second with the tiny model: the local pool, and Ray with 1 and 2 workers.
.PHONY: bench-translation
bench-translation: $(RAY_STAMP)
	$(PY) benchmarks/translation_throughput.py
