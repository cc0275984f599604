#!/usr/bin/env bash
# The project's virtualenv with the pinned moto server (and cfn-lint beside it).
# Usage: emulator/ensure-venv.sh   -> prints the path of moto_server
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
exec "$root/scripts/ensure-venv" "${MOTO_VENV:-$root/.venv}" "$root/emulator/requirements.txt" moto_server
