/**
 * OpenGnsys filesystem name from `blkid -p -o export` fields (`ogGetFsType`): TYPE upper-cased, `vfat` → its
 * FAT VERSION, swap → `LINUX-SWAP`, an ext filesystem labelled `CACHE` → `CACHE`, nothing → `EMPTY`.
 */
export function filesystemName(blkid: Record<string, string>): string {
  const type = (blkid.TYPE ?? '').toLowerCase();
  if (!type) return 'EMPTY';
  if (/^ext[234]$/.test(type) && blkid.LABEL === 'CACHE') return 'CACHE';
  if (type === 'vfat') return (blkid.VERSION ?? 'FAT32').toUpperCase().replace(/^FAT(\d+)$/, 'FAT$1');
  if (type === 'swap') return 'LINUX-SWAP';
  if (type.startsWith('lvm')) return 'LINUX-LVM';
  if (type.includes('raid')) return 'LINUX-RAID';
  return type.toUpperCase();
}

/** Parses `KEY=value` lines (`blkid -o export`, `/etc/os-release`, quotes removed). */
export function parseKeyValueLines(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line.trim());
    if (m) out[m[1]] = m[2].replace(/^"(.*)"$/, '$1').replace(/^'(.*)'$/, '$1');
  }
  return out;
}

/** Used bytes of an ext filesystem from `dumpe2fs -h`: (Block count − Free blocks) × Block size; null when absent. */
export function usedBytesFromDumpe2fs(text: string): number | null {
  const field = (name: string) => {
    const m = new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(text);
    return m ? Number(m[1]) : null;
  };
  const count = field('Block count');
  const free = field('Free blocks');
  const size = field('Block size');
  return count === null || free === null || size === null ? null : (count - free) * size;
}
