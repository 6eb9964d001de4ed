#!/usr/bin/env bash
# Parity tests: every Tests/parity/*/check.py computes reference values by
# running the reference libraries (installed here into .venv-parity from
# requirements.txt and requirements-nodeps.txt when missing or changed) and
# compares them with `rls`. Each check prints "N passed, M failed" for its
# own comparisons; the last line totals the suites.
# Usage: Tests/parity/run.sh path/to/rls
set -uo pipefail
RLS=$(cd "$(dirname "${1:?usage: run.sh path/to/rls}")" && pwd)/$(basename "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
VENV="$ROOT/.venv-parity"
STAMP="$VENV/.requirements"
WANT=$(cat "$HERE/requirements.txt" "$HERE/requirements-nodeps.txt")
if [ ! -x "$VENV/bin/python" ] || [ "$WANT" != "$(cat "$STAMP" 2>/dev/null)" ]; then
  echo "parity: preparing $VENV"
  python3 -m venv "$VENV" || exit 1
  "$VENV/bin/pip" install -q --disable-pip-version-check -r "$HERE/requirements.txt" || exit 1
  "$VENV/bin/pip" install -q --disable-pip-version-check --no-deps --ignore-requires-python \
    -r "$HERE/requirements-nodeps.txt" || exit 1
  echo "$WANT" > "$STAMP"
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
