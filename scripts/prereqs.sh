#!/usr/bin/env bash
# Installs and starts what ogsuite needs on Debian 12 as root, idempotently:
# apt packages (PostgreSQL, Redis, partclone, compressors, disk tools), npm dependencies,
# a running PostgreSQL with the `ogsuite` role and database, a running Redis on 127.0.0.1:6379.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(postgresql redis-server partclone zstd lzop gzip bzip2 xz-utils pigz fdisk parted gdisk e2fsprogs
  dosfstools mtools ntfs-3g util-linux mktorrent curl ca-certificates docker-compose lshw dmidecode nginx wrk
  libhivex-bin libwin-hivex-perl xfsprogs btrfs-progs exfatprogs exfat-fuse rpm sqlite3 busybox)

log() { printf '\033[1;34m[prereqs]\033[0m %s\n' "$*"; }

missing=()
for p in "${APT_PACKAGES[@]}"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p"); done
if ((${#missing[@]})); then
  log "installing: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "installing npm dependencies"
  npm install --no-audit --no-fund --loglevel=error
fi

# PostgreSQL: apt does not start it here (policy-rc.d), so start the cluster ourselves.
if ! pg_isready -q -h 127.0.0.1 -p 5432; then
  version=$(ls /etc/postgresql | sort -V | tail -n1)
  log "starting PostgreSQL $version"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 0.5; done
fi
su postgres -c "psql -tAc \"SELECT 1 FROM pg_roles WHERE rolname='ogsuite'\"" | grep -q 1 ||
  su postgres -c "psql -qc \"CREATE ROLE ogsuite LOGIN PASSWORD 'ogsuite' CREATEDB\""
su postgres -c "psql -tAc \"SELECT 1 FROM pg_database WHERE datname='ogsuite'\"" | grep -q 1 ||
  su postgres -c "psql -qc 'CREATE DATABASE ogsuite OWNER ogsuite'"

# Redis: not a service here; run it in the background, in memory only, on loopback.
if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  log "starting Redis on 127.0.0.1:6379"
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no
  for _ in $(seq 1 30); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break; sleep 0.2; done
fi
log "PostgreSQL and Redis are up"
