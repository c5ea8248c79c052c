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

# The pipeline on the embedded corpus, then a real `mkdocs build` into site/.
site: $(STAMP)
	$(PY) -m build_scripts build --source source --docs docs --site site

records: $(STAMP)
	$(PY) -m build_scripts records source build/records

test: $(STAMP)
	$(PY) -m pytest -q

serve: site
	$(PY) -m mkdocs serve -f mkdocs.yml

bench: $(STAMP)
	$(PY) benchmarks/records_throughput.py

clean:
	rm -rf build site docs/zh docs/zh-Hant docs/en
