#!/usr/bin/env bash
# Parity tests: every Tests/parity/*/check.py computes reference values by
# running the reference libraries (installed here into .venv-parity from
# requirements.txt when missing or changed) and compares them with `rls`.
# Usage: Tests/parity/run.sh path/to/rls
set -uo pipefail
RLS=$(cd "$(dirname "${1:?usage: run.sh path/to/rls}")" && pwd)/$(basename "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
VENV="$ROOT/.venv-parity"
STAMP="$VENV/.requirements"
if [ ! -x "$VENV/bin/python" ] || ! cmp -s "$HERE/requirements.txt" "$STAMP"; then
  echo "parity: preparing $VENV"
  python3 -m venv "$VENV" || exit 1
  "$VENV/bin/pip" install -q --disable-pip-version-check -r "$HERE/requirements.txt" || exit 1
  cp "$HERE/requirements.txt" "$STAMP"
fi
status=0
passed=0
failed=0
for check in "$HERE"/*/check.py; do
  name=$(basename "$(dirname "$check")")
  if "$VENV/bin/python" "$check" "$RLS"; then passed=$((passed + 1)); else failed=$((failed + 1)); status=1; echo "parity: $name FAILED"; fi
done
echo "parity suites: $passed passed, $failed failed"
exit $status
