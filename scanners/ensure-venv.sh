#!/usr/bin/env bash
# Creates (or refreshes) the scanners' virtualenv with the pinned checkov and parliament; a no-op when it is current.
# Usage: scanners/ensure-venv.sh   -> prints the virtualenv's bin directory
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
venv="${SCANNERS_VENV:-$root/.venv-scanners}"
requirements="$root/scanners/requirements.txt"
stamp="$venv/.requirements.sha256"
want=$(sha256sum "$requirements" | cut -d' ' -f1)

exec 9>"$root/.venv-scanners.lock"
flock 9
if [[ ! -x "$venv/bin/checkov" || "$(cat "$stamp" 2>/dev/null)" != "$want" ]]; then
  echo "Installing checkov and parliament into $venv" >&2
  python3 -m venv "$venv" >&2
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$requirements" >&2
  echo "$want" > "$stamp"
fi
echo "$venv/bin"
