#!/usr/bin/env bash
# CI: make sure PostgreSQL (127.0.0.1:5432), MariaDB (127.0.0.1:3306) and Redis (127.0.0.1:6379)
# answer before the tests run, as the store tests expect them (PostgreSQL user postgres and MariaDB
# root, both without password, database `test`). Installs what is missing (apt-get, as root),
# starts whichever is not answering, waits for each (bounded), and exits non-zero naming the one
# that never came up. The store tests fail in CI on a missing server, so this is what stands
# between a cold machine and a red run.
set -uo pipefail

WAIT_SECONDS="${MFA_SERVICES_WAIT:-60}"

pg_up() { pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null || psql -h 127.0.0.1 -U postgres -d test -Atqc 'select 1' >/dev/null 2>&1; }
mariadb_up() { mariadb-admin -h 127.0.0.1 -P 3306 -uroot ping >/dev/null 2>&1 || mysqladmin -h 127.0.0.1 -P 3306 -uroot ping >/dev/null 2>&1; }
redis_up() { [ "$(redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null)" = PONG ]; }

start_pg() {
  local version
  version="$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n1)"
  [ -n "$version" ] || { echo "services: no PostgreSQL cluster under /etc/postgresql" >&2; return 1; }
  pg_ctlcluster --skip-systemctl-redirect "$version" main start
}
start_mariadb() {
  mkdir -p /run/mysqld && chown mysql:mysql /run/mysqld 2>/dev/null
  start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd
}
start_redis() {
  mkdir -p /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log
}

# Waits until "$2" succeeds, at most WAIT_SECONDS.
wait_for() {
  local name="$1" check="$2" i
  for ((i = 0; i < WAIT_SECONDS * 5; i++)); do
    "$check" && { echo "services: $name is up"; return 0; }
    sleep 0.2
  done
  echo "services: $name did not answer within ${WAIT_SECONDS}s" >&2
  return 1
}

# A fresh machine: install the servers (Debian/Ubuntu packages) when we can.
can_install() { command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; }
missing=()
command -v pg_ctlcluster >/dev/null || missing+=(postgresql postgresql-client)
[ -x /usr/sbin/mariadbd ] || missing+=(mariadb-server mariadb-client)
command -v redis-server >/dev/null && command -v redis-cli >/dev/null || missing+=(redis-server redis-tools)
if [ "${#missing[@]}" -gt 0 ]; then
  if can_install; then
    echo "services: installing ${missing[*]}"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null) ||
      echo "services: apt-get install ${missing[*]} failed" >&2
  else
    echo "services: missing ${missing[*]} and cannot install (needs apt-get and root)" >&2
  fi
fi

status=0
for svc in pg:PostgreSQL mariadb:MariaDB redis:Redis; do
  id="${svc%%:*}" name="${svc#*:}"
  if "${id}_up"; then
    echo "services: $name already answering"
    continue
  fi
  echo "services: starting $name"
  "start_${id}" || echo "services: starting $name reported an error; waiting anyway" >&2
done
for svc in pg:PostgreSQL mariadb:MariaDB redis:Redis; do
  id="${svc%%:*}" name="${svc#*:}"
  wait_for "$name" "${id}_up" || status=1
done

# A freshly installed server only lets the OS superuser in through its socket; the tests connect
# over TCP without a password, as CI machines are set up. Open that path, on this machine only.
if ! psql -h 127.0.0.1 -U postgres -Atqc 'select 1' >/dev/null 2>&1 && can_install; then
  hba="$(su postgres -c "psql -Atqc 'show hba_file'" 2>/dev/null)"
  if [ -n "$hba" ] && ! grep -q '^host all postgres 127.0.0.1/32 trust' "$hba"; then
    echo "services: PostgreSQL: trusting user postgres from 127.0.0.1 (CI machine)"
    sed -i '1i host all postgres 127.0.0.1/32 trust' "$hba"
    su postgres -c "psql -qc 'select pg_reload_conf()'" >/dev/null
  fi
fi
if ! mariadb -h 127.0.0.1 -uroot -e 'select 1' >/dev/null 2>&1 && can_install; then
  echo "services: MariaDB: root from 127.0.0.1 without password (CI machine)"
  mariadb -uroot -e "CREATE USER IF NOT EXISTS 'root'@'127.0.0.1' IDENTIFIED BY ''; GRANT ALL ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;" ||
    status=1
fi

# The store tests use database `test` on PostgreSQL and MariaDB.
if pg_up; then
  psql -h 127.0.0.1 -U postgres -Atqc "select 1 from pg_database where datname = 'test'" | grep -q 1 ||
    psql -h 127.0.0.1 -U postgres -qc 'create database test' || status=1
fi
if mariadb_up; then
  mariadb -h 127.0.0.1 -uroot -e 'create database if not exists test' 2>/dev/null ||
    mysql -h 127.0.0.1 -uroot -e 'create database if not exists test' || status=1
fi
exit "$status"
