import { mkdtemp, readFile, rmdir, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImagingError } from '../process/tool-error';
import { mountDevice, unmount } from './mounts';

/** Filesystems a restored Linux root may use (blkid TYPE). */
const LINUX_ROOT_TYPES = /^(ext[234]|xfs|btrfs)$/;
/** A host name as /etc/hostname takes it (RFC 1123 labels, dots allowed). */
const HOSTNAME = /^[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$/;

/** `/etc/hosts` with its `127.0.1.1` line naming `name` (other lines untouched); null when there is no such line. */
export function hostsWithName(hosts: string, name: string): string | null {
  const line = /^127\.0\.1\.1[ \t].*$/m;
  return line.test(hosts) ? hosts.replace(line, `127.0.1.1\t${name}`) : null;
}

/**
 * Names a restored Linux as this PC (OpenGnsys configureOs): mounts `device` read-write and, only when it holds
 * `/etc/os-release`, writes `/etc/hostname` and fixes the `127.0.1.1` line of `/etc/hosts` if there is one.
 * @param fsType blkid TYPE of the filesystem; others than ext2/3/4, xfs and btrfs are left alone.
 * @returns true when the host name was written.
 * @throws ImagingError stage `finish` when the filesystem cannot be mounted or written.
 */
export async function setLinuxHostname(device: string, fsType: string, name: string): Promise<boolean> {
  if (!LINUX_ROOT_TYPES.test(fsType.toLowerCase()) || !HOSTNAME.test(name)) return false;
  const dir = await mkdtemp(join(tmpdir(), 'og-hostname-'));
  try {
    await mountDevice(device, dir).catch((err: Error) => {
      throw new ImagingError('finish', `cannot mount ${device} to set its host name: ${err.message}`);
    });
    try {
      const isOs = await stat(join(dir, 'etc/os-release')).then(
        () => true,
        () => false,
      );
      if (!isOs) return false;
      await writeFile(join(dir, 'etc/hostname'), `${name}\n`);
      const hosts = await readFile(join(dir, 'etc/hosts'), 'utf8').catch(() => null);
      const fixed = hosts === null ? null : hostsWithName(hosts, name);
      if (fixed !== null) await writeFile(join(dir, 'etc/hosts'), fixed);
      return true;
    } finally {
      await unmount(dir);
    }
  } finally {
    await rmdir(dir).catch(() => undefined);
  }
}
