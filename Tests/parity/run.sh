#!/usr/bin/env bash
# Parity with the reference implementations: runs every Tests/parity/*/check.py
# against an rls binary, in a virtualenv (.venv-parity at the repository root)
# that is created and filled with the references on first use.
#
#   bash Tests/parity/run.sh .build/release/rls
set -euo pipefail

if [ $# -ne 1 ]; then
  echo "usage: $0 path/to/rls" >&2
  exit 2
fi
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
RLS="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
VENV="$ROOT/.venv-parity"
REQS="$ROOT/Tests/parity/requirements.txt"
NODEPS="$ROOT/Tests/parity/requirements-nodeps.txt"

if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
fi
# Install (quietly) only when the requirement files changed since last time.
STAMP="$VENV/.parity-requirements"
WANT="$(cat "$REQS" "$NODEPS" | sha256sum | cut -d' ' -f1)"
if [ "$(cat "$STAMP" 2>/dev/null || true)" != "$WANT" ]; then
  "$VENV/bin/pip" install -q --disable-pip-version-check -r "$REQS"
  "$VENV/bin/pip" install -q --disable-pip-version-check --no-deps -r "$NODEPS"
  echo "$WANT" > "$STAMP"
fi

status=0
passed=0
failed=0
for check in "$ROOT"/Tests/parity/*/check.py; do
  echo "== parity: $(basename "$(dirname "$check")")"
  if "$VENV/bin/python" "$check" "$RLS"; then passed=$((passed + 1)); else failed=$((failed + 1)); status=1; fi
done
echo "parity suites: $passed passed, $failed failed"
exit $status
