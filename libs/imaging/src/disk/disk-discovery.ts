import { runTool } from '../process/run-tool';

/** `lsblk -J -b -d -o NAME,TYPE,RM,SIZE` output. */
export interface LsblkJson {
  blockdevices: Array<{ name: string; type: string; rm: boolean | string | number; size: number | string | null }>;
}

/**
 * Fixed disks from lsblk output, in lsblk order: type `disk`, not removable, non-zero size, not zram/ram.
 * @returns device paths (`/dev/sda`, `/dev/nvme0n1`).
 */
export function fixedDisksFromLsblk(json: LsblkJson): string[] {
  return json.blockdevices
    .filter((d) => d.type === 'disk')
    .filter((d) => d.rm === false || d.rm === 0 || d.rm === '0')
    .filter((d) => Number(d.size ?? 0) > 0)
    .filter((d) => !/^(zram|ram)\d+/.test(d.name))
    .map((d) => `/dev/${d.name}`);
}

/** Lists the machine's fixed disks (disk 1 = first) with lsblk. */
export async function discoverFixedDisks(): Promise<string[]> {
  const { stdout } = await runTool('lsblk', ['-J', '-b', '-d', '-o', 'NAME,TYPE,RM,SIZE']);
  return fixedDisksFromLsblk(JSON.parse(stdout) as LsblkJson);
}
