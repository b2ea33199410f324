import { filesystemName, usedBytesFromDumpe2fs } from './filesystem-names';

describe('filesystemName', () => {
  it('names filesystems as OpenGnsys does', () => {
    expect(filesystemName({ TYPE: 'ext4' })).toBe('EXT4');
    expect(filesystemName({ TYPE: 'ext4', LABEL: 'CACHE' })).toBe('CACHE');
    expect(filesystemName({ TYPE: 'vfat', VERSION: 'FAT32' })).toBe('FAT32');
    expect(filesystemName({ TYPE: 'swap' })).toBe('LINUX-SWAP');
    expect(filesystemName({})).toBe('EMPTY');
  });
});

describe('usedBytesFromDumpe2fs', () => {
  it('computes (Block count - Free blocks) x Block size', () => {
    const text =
      'Block count:              102400\nReserved block count:     5120\nFree blocks:              90319\nBlock size:               1024\n';
    expect(usedBytesFromDumpe2fs(text)).toBe((102400 - 90319) * 1024);
  });
});
