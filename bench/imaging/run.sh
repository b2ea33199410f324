#!/usr/bin/env bash
# bench/imaging: og-agent's CrearImagen and RestaurarImagen (through og-repository, over real HTTP) against the raw
# pipelines `partclone.extfs -c | zstd -T0` and `zstd -dc | partclone.extfs -r`, on one ≥ 1 GiB ext4 partition of
# real files, plus the image size against lzop (OpenGnsys' default) and gzip. Needs root (loop devices, mount).
# BENCH_DATA_MIB sets how much data goes into the partition (default 1400).
set -euo pipefail
cd "$(dirname "$0")/../.."
bash scripts/prereqs.sh >/dev/null
NX_NO_CLOUD=true NX_DAEMON=false NX_TUI=false npx nx run-many -t build -p og-agent og-repository --output-style=static >/dev/null

work=$(mktemp -d /var/tmp/og-bench-imaging.XXXXXX)
mnt="$work/mnt"
loop=""
cleanup() {
  mountpoint -q "$mnt" 2>/dev/null && umount "$mnt"
  if [ -n "$loop" ]; then
    partx -d "$loop" 2>/dev/null || true
    losetup -d "$loop" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

# One disk, two 2.5 GiB partitions: 1 is the model's system (ext4 of real files), 2 the restore target.
truncate -s 5200M "$work/disk.img"
printf 'label: dos\n,2560M,83\n,2560M,83\n' | sfdisk -q "$work/disk.img"
loop=$(losetup -f --show "$work/disk.img")
partx -d "$loop" 2>/dev/null || true
partx -a "$loop"
mkfs.ext4 -q -F "${loop}p1"
mkdir "$mnt"
mount "${loop}p1" "$mnt"
want=$((${BENCH_DATA_MIB:-1400} * 1024 * 1024))
for src in /usr/lib/* /usr/share /usr/bin /usr/sbin /usr/include; do
  used=$(($(df --output=used -B1 "$mnt" | tail -n1)))
  [ "$used" -ge "$want" ] && break
  [ -e "$src" ] || continue
  mkdir -p "$mnt$(dirname "$src")"
  cp -a "$src" "$mnt$(dirname "$src")/" 2>/dev/null || true
done
used=$(($(df --output=used -B1 "$mnt" | tail -n1)))
umount "$mnt"
printf 'partition: %s MiB of real files (binaries, libraries, docs) in a 2.5 GiB ext4 on %s\n' $((used / 1024 / 1024)) "$loop"
BENCH_WORK="$work" BENCH_DISK="$loop" npx ts-node -P tsconfig.scripts.json bench/imaging/run.ts
