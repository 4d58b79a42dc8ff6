#!/usr/bin/env bash
# Sets everything up, builds the page and serves it on http://127.0.0.1:8080 (it opens on the sample company).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/deps.sh"
"$root/scripts/build.sh" web
exec node "$root/scripts/serve.mjs" "$root/build/web" "${PORT:-8080}"
