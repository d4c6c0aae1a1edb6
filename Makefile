# Two commands for a fresh Debian machine: `make demo` and `make test`. Both set everything up first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SAMPLE := samples/plan-kh-lhh.pdf
SHARED ?= ../shared
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_PACKAGES := tesseract-ocr tesseract-ocr-vie tesseract-ocr-eng poppler-utils fonts-dejavu-core fonts-liberation2 python3-venv

.PHONY: setup system-deps browser writer-fonts demo test bench bench-quick model digits names places dashes samples clean

## setup: system packages (apt, when missing) and the Python package in $(VENV)
setup: system-deps $(VENV)/.installed

system-deps:
	@missing=""; \
	command -v tesseract >/dev/null 2>&1 || missing="$$missing tesseract-ocr"; \
	tesseract --list-langs 2>/dev/null | grep -qx vie || missing="$$missing tesseract-ocr-vie"; \
	tesseract --list-langs 2>/dev/null | grep -qx eng || missing="$$missing tesseract-ocr-eng"; \
	command -v pdftoppm >/dev/null 2>&1 || missing="$$missing poppler-utils"; \
	[ -f /usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf ] || missing="$$missing fonts-dejavu-core"; \
	[ -d /usr/share/fonts/truetype/liberation2 ] || missing="$$missing fonts-liberation2"; \
	$(PYTHON) -c "import ensurepip, venv" >/dev/null 2>&1 || missing="$$missing python3-venv"; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi

$(VENV)/.installed: pyproject.toml
	[ -x $(BIN)/python ] || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $@

## browser: headless Chromium from Debian's packages, for the review page's browser test
browser:
	@command -v chromium >/dev/null 2>&1 || { echo "installing: chromium"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends chromium; }

## demo: extract the record of a bundled sample scan
demo: setup
	$(BIN)/extract -v $(SAMPLE)

## test: the whole test suite
test: setup browser
	$(BIN)/python -m pytest -q

## bench: quality and speed against baselines (bench-quick: a 2-minute subset)
bench: setup $(VENV)/.bench-installed writer-fonts
	$(BIN)/python -m bench.run --shared $(SHARED)

bench-quick: setup $(VENV)/.bench-installed writer-fonts
	$(BIN)/python -m bench.run --shared $(SHARED) --quick

# writer-fonts: the handwriting fonts of the provincial renders' writers (bench/provincial.py), when missing
writer-fonts: setup
	@missing="$$($(BIN)/python -c 'from bench.provincial import missing_writer_packages as m; print(" ".join(m()))')"; \
	if [ -n "$$missing" ]; then \
	  echo "installing: $$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi

$(VENV)/.bench-installed: pyproject.toml
	$(BIN)/python -m pip install -q -e '.[test,bench]'
	touch $@

## model: build the restoration model from $(SHARED)/corpus into models/ (+ the word list underthesea ships: the bench extra)
model: setup $(VENV)/.bench-installed
	OMP_THREAD_LIMIT=1 $(BIN)/python models/build_restore.py --corpus $(SHARED)/corpus --out pipeline/models/restore

## digits: rebuild the handwritten-digit reader (pipeline/models/digits/) from synthetic renders of handwriting fonts
DIGIT_FONTS := fonts-dkg-handwriting fonts-breip fonts-bwht fonts-humor-sans fonts-comic-neue fonts-dancingscript fonts-klee fonts-rufscript fonts-yusei-magic fonts-kiloji fonts-havana fonts-leckerli-one fonts-lobster fonts-joscelyn fonts-nanum-extra fonts-unfonts-extra fonts-tlwg-purisa-ttf fonts-tomsontalks fonts-cabinsketch fonts-dustin fonts-aoyagi-soseki fonts-kouzan-mouhitsu fonts-isabella fonts-navilu fonts-linex fonts-dejavu-core fonts-liberation2 fonts-sjfonts fonts-femkeklaver fonts-kristi fonts-kaushanscript fonts-seto
# PyTorch (build only) is pinned to the CPU build when none is installed: an open range would pull a CUDA one;
# where PyTorch's index cannot be reached, the CPU wheel pip finds elsewhere (a local wheelhouse, a mirror)
digits: setup
	$(SUDO) apt-get install -y -qq --no-install-recommends $(DIGIT_FONTS)
	$(BIN)/python -c "import torch" 2>/dev/null || $(BIN)/python -m pip install -q 'torch==2.13.0' \
		--extra-index-url https://download.pytorch.org/whl/cpu || $(BIN)/python -m pip install -q 'torch==2.13.0+cpu'
	$(BIN)/python -m pip install -q -e '.[digits]'
	$(BIN)/python models/build_digits.py --out pipeline/models/digits

## names: the prior over personal-name syllables (pipeline/models/names/) from $(SHARED)/corpus, no network
names: setup
	$(BIN)/python models/build_names.py --corpus $(SHARED)/corpus --out pipeline/models/names

## dashes: the corpus's dashed word pairs (pipeline/models/dashes/) from $(SHARED)/corpus, no network
dashes: setup
	$(BIN)/python models/build_dashes.py --corpus $(SHARED)/corpus --out pipeline/models/dashes

## places: the districts of the gazetteer (pipeline/models/places/) from the data the vietnam-provinces package ships
places: setup
	$(BIN)/python -m pip install -q -e '.[places]'
	$(BIN)/python models/build_places.py --out pipeline/models/places

## samples: regenerate the bundled sample scans
samples: setup
	$(BIN)/python samples/make_samples.py

clean:
	rm -rf $(VENV) .pytest_cache build *.egg-info
