#!/usr/bin/env bash
# bench/repository: og-repository's auxiliary-file job against md5sum + mktorrent, and its download rate against
# nginx, on one ≥ 1 GiB partclone image of a real ext4 filesystem. Needs root (loop mount).
# BENCH_IMAGE=/path/to/image.img skips building the image (the file must be ≥ 1 GiB).
set -euo pipefail
cd "$(dirname "$0")/../.."
bash scripts/prereqs.sh >/dev/null
NX_NO_CLOUD=true NX_DAEMON=false NX_TUI=false npx nx build og-repository --output-style=static >/dev/null

work=$(mktemp -d /var/tmp/og-bench-repository.XXXXXX)
chmod 755 "$work" # nginx's worker runs as www-data/nobody
mnt="$work/mnt"
cleanup() {
  mountpoint -q "$mnt" 2>/dev/null && umount "$mnt"
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

GIB=$((1024 * 1024 * 1024))
if [ -n "${BENCH_IMAGE:-}" ]; then
  ln "$BENCH_IMAGE" "$work/image.img" 2>/dev/null || cp "$BENCH_IMAGE" "$work/image.img"
else
  # A 3.5 GiB ext4 filled with ~2.8 GiB of real files (binaries, libraries, docs), imaged as OpenGnsys does.
  truncate -s 3584M "$work/fs.img"
  mkfs.ext4 -q -F "$work/fs.img"
  mkdir "$mnt"
  mount -o loop "$work/fs.img" "$mnt"
  want=$((2800 * 1024 * 1024))
  for src in /usr/lib/* /usr/share /usr/bin /usr/sbin /usr/local /usr/include; do
    used=$(($(df --output=used -B1 "$mnt" | tail -n1)))
    [ "$used" -ge "$want" ] && break
    [ -e "$src" ] || continue
    mkdir -p "$mnt$(dirname "$src")"
    cp -a "$src" "$mnt$(dirname "$src")/" 2>/dev/null || true
  done
  used=$(($(df --output=used -B1 "$mnt" | tail -n1)))
  umount "$mnt"
  printf 'filesystem: %s MiB of files in a 3.5 GiB ext4\n' $((used / 1024 / 1024))
  partclone.extfs -c -s "$work/fs.img" -o - -L /dev/null 2>/dev/null | zstd -q -1 -T0 >"$work/image.img"
  if [ "$(stat -c %s "$work/image.img")" -lt "$GIB" ]; then
    printf 'partclone|zstd -1 image is under 1 GiB: using the uncompressed partclone image\n'
    rm -f "$work/image.img"
    partclone.extfs -c -s "$work/fs.img" -o "$work/image.img" -L /dev/null >/dev/null 2>&1
  fi
  rm -f "$work/fs.img"
fi
chmod 644 "$work/image.img"
BENCH_WORK="$work" npx ts-node -P tsconfig.scripts.json bench/repository/run.ts
