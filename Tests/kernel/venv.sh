#!/usr/bin/env bash
# Creates (when missing) the kernel tests' virtualenv .venv-kernel with the
# Python tools from PyPI, and prints its path.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
VENV="$ROOT/.venv-kernel"
PACKAGES="jupyter_client jupyter_kernel_test nbclient nbformat ipykernel pyzmq pytest papermill"
if ! "$VENV/bin/python" -c "import jupyter_client, jupyter_kernel_test, nbclient, nbformat, ipykernel, zmq, pytest, papermill" 2> /dev/null; then
  echo "creating $VENV" >&2
  python3 -m venv "$VENV"
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check $PACKAGES >&2
fi
echo "$VENV"
