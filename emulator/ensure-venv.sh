#!/usr/bin/env bash
# Creates (or refreshes) the project's virtualenv with the pinned moto server; a no-op when it is current.
# Usage: emulator/ensure-venv.sh   -> prints the path of moto_server
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
venv="${MOTO_VENV:-$root/.venv}"
requirements="$root/emulator/requirements.txt"
stamp="$venv/.requirements.sha256"
want=$(sha256sum "$requirements" | cut -d' ' -f1)

exec 9>"$root/.venv.lock"
flock 9
if [[ ! -x "$venv/bin/moto_server" || "$(cat "$stamp" 2>/dev/null)" != "$want" ]]; then
  echo "Installing the AWS emulator into $venv" >&2
  python3 -m venv "$venv" >&2
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$requirements" >&2
  echo "$want" > "$stamp"
fi
echo "$venv/bin/moto_server"
