#!/usr/bin/env bash
# The runtime matrix (see run.mjs): `bash .ci/runtimes/run.sh [--no-build] [--only=bun,deno]`.
set -euo pipefail
exec node "$(dirname "$0")/run.mjs" "$@"
