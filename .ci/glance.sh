#!/usr/bin/env bash
# Runs the Glance facade's real-client suite (test/glance/*.cli.test.ts): installs Debian's
# python3-glanceclient if the `glance` command is missing, then runs the suite with GLANCE_CLI=1.
# Each test starts the facade on 127.0.0.1 over an in-memory store and drives `glance` with
# OS_IMAGE_URL and OS_AUTH_TOKEN (no identity service), with a throw-away HOME for the client's
# schema cache. Usage: .ci/glance.sh [extra vitest args]
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

if ! command -v glance >/dev/null 2>&1; then
  as_root apt-get update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y python3-glanceclient
fi

echo "glance.sh: $(dpkg-query -W -f='python3-glanceclient ${Version}' python3-glanceclient 2>/dev/null || glance --version 2>&1)"
GLANCE_CLI=1 npx vitest run test/glance --coverage.enabled=false "$@"
