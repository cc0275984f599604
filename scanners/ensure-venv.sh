#!/usr/bin/env bash
# The scanners' virtualenv with the pinned checkov and parliament.
# Usage: scanners/ensure-venv.sh   -> prints the path of checkov (parliament's linter runs on the python beside it)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
exec "$root/scripts/ensure-venv" "${SCANNERS_VENV:-$root/.venv-scanners}" "$root/scanners/requirements.txt" checkov
