#!/usr/bin/env bash
# The store benchmark (scripts/bench/stores.mjs) with the database servers on the last core and
# Node on the first, as when the database runs on a host of its own. In the plain `npm run bench`
# the servers and Node share every core, so each microsecond mfa-kit spends also delays the
# database (and evicts its caches); this run shows what mfa-kit costs when it does not.
# Linux with taskset and at least 2 cores; run as root or as the servers' owner. The servers'
# CPU affinity is restored on exit. Usage: bash scripts/bench-split-cores.sh
set -euo pipefail
cd "$(dirname "$0")/.."

cores=$(nproc)
if [ "$cores" -lt 2 ] || ! command -v taskset >/dev/null; then
  echo "bench-split-cores: needs taskset and at least 2 cores" >&2
  exit 1
fi
last=$((cores - 1))
app="0-$((last - 1))"

declare -A saved=()
restore() {
  for pid in "${!saved[@]}"; do taskset -a -p "${saved[$pid]}" "$pid" >/dev/null 2>&1 || true; done
}
trap restore EXIT
# The servers, and every process they have forked (PostgreSQL backends): new backends inherit the
# postmaster's mask.
for pid in $(pgrep -x 'postgres|redis-server' || true); do
  saved[$pid]=$(taskset -p "$pid" | awk '{print $NF}')
  taskset -a -p -c "$last" "$pid" >/dev/null
done
if [ "${#saved[@]}" -eq 0 ]; then
  echo "bench-split-cores: no postgres or redis-server process found on this machine" >&2
  exit 1
fi

npx tsup --silent
echo "bench-split-cores: servers on core $last, Node on core(s) $app"
taskset -c "$app" node scripts/bench/stores.mjs
