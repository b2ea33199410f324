import { readdir, readFile, realpath } from 'node:fs/promises';

/**
 * Waits (up to `timeoutMs`, default 15 s) until no ntfs-3g process serves `device` any more. `umount` of a FUSE
 * mount returns before ntfs-3g has flushed and closed the volume; reading or writing the device again before that
 * could see a half-written volume or find it busy.
 * @returns true when none is left, false on timeout.
 */
export async function waitForNtfs3gExit(device: string, timeoutMs = 15_000): Promise<boolean> {
  const names = new Set([device, await realpath(device).catch(() => device)]);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (!(await ntfs3gServing(names))) return true;
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function ntfs3gServing(devices: Set<string>): Promise<boolean> {
  for (const pid of await readdir('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    const argv = (await readFile(`/proc/${pid}/cmdline`, 'latin1').catch(() => '')).split('\0');
    if (!/(^|\/)(ntfs-3g|mount\.ntfs(-3g)?)$/.test(argv[0] ?? '')) continue;
    if (argv.some((a) => devices.has(a))) return true;
  }
  return false;
}
