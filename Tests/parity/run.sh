#!/usr/bin/env bash
# Parity checks: runs every Tests/parity/*/check.py against an rls binary,
# inside a virtualenv holding the reference implementations (.venv-parity at
# the repository root, created on first use), and prints the totals as
# "N passed, M failed". Exits non-zero when any check fails.
#
# Usage: bash Tests/parity/run.sh [path/to/rls]   (default .build/release/rls)
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
RLS=$(realpath "${1:-$ROOT/.build/release/rls}")
VENV=$ROOT/.venv-parity
REQ=$ROOT/Tests/parity/requirements.txt
STAMP=$VENV/.installed

if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV" || exit 2
fi
# Reinstall only when the requirements change.
if ! cmp -s "$REQ" "$STAMP"; then
  echo "parity: installing the reference packages into $VENV"
  "$VENV/bin/python" -m pip install -q -r "$REQ" || exit 2
  "$VENV/bin/python" -m pip install -q --no-deps --ignore-requires-python obp==0.5.7 || exit 2
  cp "$REQ" "$STAMP"
fi

passed=0
failed=0
status=0
for check in "$ROOT"/Tests/parity/*/check.py; do
  name=$(basename "$(dirname "$check")")
  echo "parity: $name"
  out=$("$VENV/bin/python" "$check" --rls "$RLS" 2>&1)
  code=$?
  echo "$out" | grep -v -E '^[0-9]+ passed, [0-9]+ failed$'
  line=$(echo "$out" | grep -E '^[0-9]+ passed, [0-9]+ failed$' | tail -1)
  if [ -n "$line" ]; then
    passed=$((passed + $(echo "$line" | cut -d' ' -f1)))
    failed=$((failed + $(echo "$line" | cut -d' ' -f3)))
    echo "parity: $name: $line"
  else
    failed=$((failed + 1))
    echo "parity: $name: no result line"
  fi
  [ $code -ne 0 ] && status=1
done
echo "$passed passed, $failed failed"
exit $status
