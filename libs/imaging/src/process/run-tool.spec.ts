import { isInstalled } from './run-tool';

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
