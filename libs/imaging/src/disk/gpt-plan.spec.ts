import { gptSgdiskArgs, planGptTable } from './msdos-plan';
import { partitionCodeForImage, resolveGptType, sameFilesystemFamily } from './partition-types';
import { ntfsMinimumBytes } from './partitioning';
import { partcloneCaptureArgs, partcloneToolFor } from '../pipeline/partclone-tools';

const MiB = 1024 * 1024;
const disk = { device: '/dev/loop3', sizeBytes: 300 * MiB, sectorSize: 512 };

describe('planGptTable', () => {
  it('places partitions on 1 MiB boundaries in numeric order, numbers of ten and more after nine', () => {
    const planned = planGptTable(
      [
        { par: 10, code: '8200', sizeKiB: 1024 },
        { par: 2, code: '8300', sizeKiB: 100 * 1024 },
        { par: 1, code: 'ef00', sizeKiB: 32 * 1024 },
        { par: 4, code: '8300', sizeKiB: 100 * 1024, name: 'CACHE' },
      ],
      disk,
    );
    expect(planned.map((p) => [p.par, p.startSector, p.node])).toEqual([
      [1, 2048, '/dev/loop3p1'],
      [2, 2048 + 65536, '/dev/loop3p2'],
      [4, 2048 + 65536 + 204800, '/dev/loop3p4'],
      [10, 2048 + 65536 + 409600, '/dev/loop3p10'],
    ]);
    expect(gptSgdiskArgs(planned.slice(2, 3))).toEqual(['-n', '4:272384:477183', '-t', '4:8300', '-c', '4:CACHE']);
  });

  it('keeps the backup GPT free and refuses what does not fit, naming tam', () => {
    // 300 MiB disk: the last 33 sectors hold the backup GPT, so 299 MiB after the first MiB does not fit.
    expect(() => planGptTable([{ par: 1, code: '8300', sizeKiB: 299 * 1024 }], disk)).toThrow(/^partitions do not fit/);
    expect(planGptTable([{ par: 1, code: '8300', sizeKiB: 298 * 1024 }], disk)).toHaveLength(1);
  });

  it('refuses duplicate numbers and numbers above 128', () => {
    expect(() => planGptTable([{ par: 129, code: '8300', sizeKiB: 1 }], disk)).toThrow(/1–128/);
    expect(() =>
      planGptTable(
        [
          { par: 3, code: '8300', sizeKiB: 1 },
          { par: 3, code: '8300', sizeKiB: 1 },
        ],
        disk,
      ),
    ).toThrow(/twice/);
  });
});

describe('resolveGptType', () => {
  it.each([
    ['LINUX', { code: '8300' }],
    ['CACHE', { code: '8300', name: 'CACHE' }],
    ['ca', { code: '8300', name: 'CACHE' }],
    ['CA00', { code: '8300', name: 'CACHE' }],
    ['EFI', { code: 'ef00' }],
    ['NTFS', { code: '0700' }],
    ['WINDOWS', { code: '0700' }],
    ['LINUX-SWAP', { code: '8200' }],
    ['0xEF00', { code: 'ef00' }],
    ['700', { code: '0700' }],
    ['83', { code: '8300' }],
    ['7', { code: '0700' }],
    ['EMPTY', { code: '0' }],
  ])('maps %s', (cpt, type) => expect(resolveGptType(cpt)).toEqual(type));

  it('refuses unknown mnemonics and MSDOS ids without a GPT equivalent', () => {
    expect(resolveGptType('WINDOWZ')).toBeNull();
    expect(resolveGptType('a5')).toBeNull();
  });
});

describe('partition code after a restore', () => {
  it('keeps a code that suits the image filesystem and replaces one that does not', () => {
    expect(partitionCodeForImage('EXTFS', 'MSDOS', '83')).toBeNull();
    expect(partitionCodeForImage('EXTFS', 'MSDOS', '7')).toBe('83');
    expect(partitionCodeForImage('NTFS', 'GPT', '8300')).toBe('0700');
    expect(partitionCodeForImage('FAT32', 'GPT', 'ef00')).toBeNull();
    expect(partitionCodeForImage('FAT32', 'MSDOS', '83')).toBe('b');
    expect(partitionCodeForImage('BTRFS', 'MSDOS', '83')).toBeNull();
  });

  it('tells filesystem families apart', () => {
    expect(sameFilesystemFamily('EXTFS', 'EXT2')).toBe(true);
    expect(sameFilesystemFamily('EXTFS', 'NTFS')).toBe(false);
    expect(sameFilesystemFamily('FAT32', 'FAT32')).toBe(true);
    expect(sameFilesystemFamily('NTFS', 'LINUX-SWAP')).toBe(false);
    expect(sameFilesystemFamily('XFS', 'XFS')).toBe(true);
    expect(sameFilesystemFamily('XFS', 'EXT4')).toBe(false);
    expect(sameFilesystemFamily('EXTFS', 'BTRFS')).toBe(false);
    expect(sameFilesystemFamily('EXFAT', 'EXFAT')).toBe(true);
    expect(sameFilesystemFamily('RAW', 'EMPTY')).toBe(false);
    expect(partitionCodeForImage('BTRFS', 'MSDOS', '7')).toBe('83');
    expect(partitionCodeForImage('XFS', 'GPT', '8300')).toBeNull();
    expect(partitionCodeForImage('EXFAT', 'MSDOS', '83')).toBe('7');
    expect(partitionCodeForImage('RAW', 'MSDOS', '83')).toBeNull();
  });
});

describe('NTFS and FAT tools', () => {
  it('reads the minimum size from ntfsresize --info', () => {
    expect(ntfsMinimumBytes('Space in use : 3 MB\nYou might resize at 2564096 bytes or 3 MB (freeing 102 MB).\n')).toBe(
      2564096,
    );
    expect(ntfsMinimumBytes('nothing')).toBeNull();
  });

  it('picks partclone.ntfs (ignoring the chkdsk flag ntfsresize sets) and partclone.fat', () => {
    expect(partcloneToolFor('ntfs')).toBe('partclone.ntfs');
    expect(partcloneToolFor('vfat')).toBe('partclone.fat');
    expect(partcloneToolFor('swap')).toBeNull();
    expect(partcloneToolFor('')).toBeNull();
    expect(partcloneToolFor('xfs')).toBe('partclone.xfs');
    expect(partcloneToolFor('btrfs')).toBe('partclone.btrfs');
    expect(partcloneToolFor('exfat')).toBe('partclone.exfat');
    expect(partcloneToolFor('reiserfs')).toBe('partclone.imager');
    expect(partcloneCaptureArgs('partclone.ntfs', '/dev/sda2')).toEqual(['-I', '-c', '-s', '/dev/sda2', '-o', '-']);
    expect(partcloneCaptureArgs('partclone.fat', '/dev/sda1')).toEqual(['-c', '-s', '/dev/sda1', '-o', '-']);
    expect(partcloneCaptureArgs('partclone.ntfs', '/dev/sda2', { blockChecksums: false })).toEqual([
      '-I',
      '-a0',
      '-c',
      '-s',
      '/dev/sda2',
      '-o',
      '-',
    ]);
  });
});
