# RLScript — build, demo, tests, benchmarks.
# Every target installs what it needs when it is missing (Debian packages via
# apt-get, Python references into .venv), so a fresh machine needs nothing else.

SHELL := /bin/bash
PREFIX ?= /usr/local
APT_PACKAGES := libopenblas-dev libreadline-dev libjansson-dev libzmq3-dev pkg-config lua5.4 librsvg2-bin
RLS := .build/release/rls

.PHONY: demo test build debug deps format lint reference bench-interp bench-ope parity install clean kernel-install test-kernel bench-kernel

demo: deps build
	$(RLS) run docs/tour.rls

test: deps lint
	swift build --build-tests
	swift test --skip-build 2>&1 | tee .build/test.log | grep -E "error|failed|passed|Executed|expectations" ; test $${PIPESTATUS[0]} -eq 0
	swift build -c release --product rls
	bash Tests/cli/run.sh $(RLS)
	bash Tests/kernel/run.sh $(RLS)
	bash Tests/parity/run.sh $(RLS)

build: deps
	swift build -c release --product rls

debug: deps
	swift build

deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi

format:
	swift format format -i -r Sources Tests Package.swift

lint:
	swift format lint --strict -r Sources Tests Package.swift

reference: build
	$(RLS) reference > docs/reference.md

# Parity with the reference implementations (OBP, ...) in .venv-parity.
parity: deps build
	bash Tests/parity/run.sh $(RLS)

# Bandit OPE speed side by side with OBP (needs .venv-parity: `make parity` creates it).
bench-ope: deps build
	test -x .venv-parity/bin/python || bash Tests/parity/run.sh $(RLS)
	.venv-parity/bin/python Benchmarks/ope/run.py --rls $(RLS)

bench-interp: deps build
	python3 Benchmarks/interp/run.py --rls $(RLS)

# The Jupyter kernel: install the kernelspec for this user (pass
# KERNEL_INSTALL="--prefix DIR" or "--sys-prefix" to choose another place).
KERNEL_INSTALL ?= --user
kernel-install: build
	$(RLS) kernel install $(KERNEL_INSTALL)

test-kernel: build
	bash Tests/kernel/run.sh $(RLS)

bench-kernel: build
	"$$(bash Tests/kernel/venv.sh)/bin/python" Benchmarks/kernel/run.py --rls $(RLS)

install: build
	install -d $(PREFIX)/bin $(PREFIX)/share/rlscript/Stdlib
	install -m 755 $(RLS) $(PREFIX)/bin/rls
	cp -r Stdlib/. $(PREFIX)/share/rlscript/Stdlib/

clean:
	rm -rf .build
