#!/usr/bin/env bash
# Kernel tests against the built binary: the public jupyter_kernel_test suite,
# protocol edge cases over raw ZeroMQ (forged and malformed messages,
# interrupts, stdin, heartbeat, 2 MB output, exit status, binding), and every
# notebook in Notebooks/ executed with nbclient (and the tour with papermill).
# Creates .venv-kernel (Python tools from PyPI) when missing and installs the
# kernelspec into it. Usage: Tests/kernel/run.sh path/to/rls
set -euo pipefail
RLS=${1:?usage: run.sh path/to/rls}
RLS=$(cd "$(dirname "$RLS")" && pwd)/$(basename "$RLS")
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
VENV=$(bash "$ROOT/Tests/kernel/venv.sh")

"$RLS" kernel install --prefix "$VENV" > /dev/null
RUNTIME=$(mktemp -d)
trap 'rm -rf "$RUNTIME"' EXIT
# The venv's kernelspecs come first, whatever else is installed on the machine.
export JUPYTER_PATH="$VENV/share/jupyter" JUPYTER_RUNTIME_DIR="$RUNTIME" RLS_BIN="$RLS" RLS_ROOT="$ROOT"
export PYDEVD_DISABLE_FILE_VALIDATION=1
cd "$ROOT"
"$VENV/bin/python" -m pytest -q -p no:cacheprovider Tests/kernel "${@:2}"
