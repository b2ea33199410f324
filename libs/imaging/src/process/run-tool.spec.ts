import { isInstalled } from './run-tool';
import { CONFIGURAR_FILESYSTEMS } from '@og/contracts';
import { FORMAT_TOOLS } from '../disk/partitioning';

describe('isInstalled', () => {
  it.each([
    'partclone.xfs',
    'partclone.btrfs',
    'partclone.exfat',
    'partclone.imager',
    'mkfs.xfs',
    'mkfs.btrfs',
    'mkfs.exfat',
  ])('finds %s on this machine (Debian partclone, xfsprogs, btrfs-progs, exfatprogs)', async (tool) => {
    expect(await isInstalled(tool)).toBe(true);
  });

  it('says false for a tool that is not there', async () => {
    expect(await isInstalled('partclone.no-such-filesystem')).toBe(false);
  });
});

describe('FORMAT_TOOLS', () => {
  it('names a program for every filesystem Configurar formats, each installed on this machine', async () => {
    for (const sfi of CONFIGURAR_FILESYSTEMS) {
      const tool = FORMAT_TOOLS[sfi];
      if (sfi === 'EMPTY') expect(tool).toBeNull();
      else expect([sfi, await isInstalled(tool![0])]).toEqual([sfi, true]);
    }
  });
});
