import { msdosSfdiskScript, planGptTable, planMsdosTable } from './msdos-plan';
import { parseSfdiskJson } from './sfdisk-layout';

const MiB = 1024 * 1024;
const disk = { device: '/dev/loop3', sizeBytes: 600 * MiB, sectorSize: 512 };

describe('planMsdosTable', () => {
  it('places partitions on 1 MiB boundaries in number order', () => {
    const planned = planMsdosTable(
      [
        { par: 4, code: 'ca', sizeKiB: 250 * 1024 },
        { par: 1, code: '83', sizeKiB: 200 * 1024 + 1 },
        { par: 2, code: '83', sizeKiB: 100 * 1024 },
      ],
      disk,
    );
    expect(planned.map((p) => [p.par, p.startSector])).toEqual([
      [1, 2048],
      [2, 2048 + 409600 + 2048],
      [4, 2048 + 409600 + 2048 + 204800],
    ]);
    expect(msdosSfdiskScript(planned)).toContain('/dev/loop3p1 : start=2048, size=409602, type=83');
  });

  it('refuses partitions that do not fit, naming tam', () => {
    expect(() => planMsdosTable([{ par: 1, code: '83', sizeKiB: 600 * 1024 }], disk)).toThrow(
      expect.objectContaining({ parameter: 'tam', message: expect.stringMatching(/do not fit/) }),
    );
  });

  it('lays logical partitions 5, 6, … inside the extended one, each 1 MiB after its EBR, then the next primary', () => {
    const planned = planMsdosTable(
      [
        { par: 1, code: '83', sizeKiB: 100 * 1024 },
        { par: 2, code: 'f', sizeKiB: 300 * 1024 },
        { par: 5, code: '83', sizeKiB: 100 * 1024 },
        { par: 6, code: '7', sizeKiB: 100 * 1024 },
        { par: 3, code: 'ca', sizeKiB: 100 * 1024 },
      ],
      disk,
    );
    const ext = 2048 + 204800;
    expect(planned.map((p) => [p.par, p.startSector, p.sizeSectors])).toEqual([
      [1, 2048, 204800],
      [2, ext, 614400],
      [3, ext + 614400, 204800],
      [5, ext + 2048, 204800],
      [6, ext + 2048 + 204800 + 2048, 204800],
    ]);
    expect(msdosSfdiskScript(planned).split('\n')).toEqual(
      expect.arrayContaining([
        `/dev/loop3p2 : start=${ext}, size=614400, type=f`,
        `/dev/loop3p5 : start=${ext + 2048}, size=204800, type=83`,
      ]),
    );
  });

  it('refuses logical partitions that do not fit in the extended one (their EBR gaps count), naming tam', () => {
    expect(() =>
      planMsdosTable(
        [
          { par: 1, code: '5', sizeKiB: 200 * 1024 },
          { par: 5, code: '83', sizeKiB: 100 * 1024 },
          { par: 6, code: '83', sizeKiB: 99 * 1024 },
        ],
        disk,
      ),
    ).toThrow(expect.objectContaining({ parameter: 'tam', message: expect.stringMatching(/extended par 1/) }));
  });

  it.each([
    ['a duplicate number', [{ par: 1 }, { par: 1 }], 'par', /twice/],
    [
      'a logical partition without an extended one (a fifth primary)',
      [{ par: 1 }, { par: 5 }],
      'par',
      /at most 4 primary/,
    ],
    [
      'two extended partitions',
      [
        { par: 1, code: '5' },
        { par: 2, code: 'f' },
      ],
      'cpt',
      /one extended/,
    ],
    ['an extended partition numbered above 4', [{ par: 1 }, { par: 5, code: 'f' }], 'par', /must be a primary/],
    ['a gap in the logical numbers', [{ par: 1, code: 'f' }, { par: 6 }], 'par', /without gaps/],
    [
      'an empty logical partition',
      [
        { par: 1, code: 'f' },
        { par: 5, code: '0' },
      ],
      'cpt',
      /EMPTY/,
    ],
    ['number 0', [{ par: 0 }], 'par', /par 0/],
  ])('refuses %s before anything is written, naming the field', (_what, given, parameter, message) => {
    const entries = given.map((e) => ({ code: '83', sizeKiB: 1024, ...e }));
    expect(() => planMsdosTable(entries, disk)).toThrow(
      expect.objectContaining({ parameter, message: expect.stringMatching(message) }),
    );
  });

  it('keeps a partition at its sector and lays the others around it', () => {
    const cacheStart = (600 - 100) * 2048;
    const planned = planMsdosTable(
      [
        { par: 1, code: '83', sizeKiB: 200 * 1024 },
        { par: 2, code: '7', sizeKiB: 200 * 1024 },
        { par: 4, code: 'ca', sizeKiB: 100 * 1024, keepAtSector: cacheStart },
      ],
      disk,
    );
    expect(planned.map((p) => [p.par, p.startSector])).toEqual([
      [1, 2048],
      [2, 2048 + 409600],
      [4, cacheStart],
    ]);
  });

  it('refuses a layout that would overlap a kept partition, naming tam', () => {
    expect(() =>
      planMsdosTable(
        [
          { par: 1, code: '83', sizeKiB: 300 * 1024 },
          { par: 2, code: '7', sizeKiB: 200 * 1024 },
          { par: 4, code: 'ca', sizeKiB: 100 * 1024, keepAtSector: 500 * 2048 },
        ],
        disk,
      ),
    ).toThrow(expect.objectContaining({ parameter: 'tam', message: expect.stringMatching(/overlap the kept par 4/) }));
  });

  it('places on 4096-byte sectors in units of 4096 bytes', () => {
    const planned = planMsdosTable(
      [
        { par: 1, code: 'f', sizeKiB: 100 * 1024 },
        { par: 5, code: '83', sizeKiB: 50 * 1024 },
      ],
      { device: '/dev/loop4', sizeBytes: 300 * MiB, sectorSize: 4096 },
    );
    expect(planned.map((p) => [p.par, p.startSector, p.sizeSectors])).toEqual([
      [1, 256, 25600],
      [5, 512, 12800],
    ]);
  });
});

describe('planGptTable with a kept partition', () => {
  it('refuses a kept partition reaching into the backup GPT', () => {
    expect(() =>
      planGptTable([{ par: 1, code: '8300', sizeKiB: 100 * 1024, keepAtSector: 500 * 2048, name: 'CACHE' }], disk),
    ).toThrow(expect.objectContaining({ parameter: 'tam' }));
  });
});

describe('parseSfdiskJson with logical partitions', () => {
  it('reports the extended partition and logical ones by number with their codes', () => {
    const layout = parseSfdiskJson(
      {
        partitiontable: {
          label: 'dos',
          device: '/dev/sda',
          sectorsize: 512,
          partitions: [
            { node: '/dev/sda1', start: 2048, size: 2048, type: '83' },
            { node: '/dev/sda2', start: 4096, size: 20480, type: 'f' },
            { node: '/dev/sda3', start: 24576, size: 2048, type: 'ca' },
            { node: '/dev/sda5', start: 6144, size: 2048, type: '83' },
            { node: '/dev/sda10', start: 10240, size: 2048, type: '7' },
          ],
        },
      },
      { disk: 1, device: '/dev/sda', sizeBytes: 100 * MiB, sectorSize: 512 },
    );
    expect(layout.partitions.map((p) => [p.partition, p.code, p.device])).toEqual([
      [1, '83', '/dev/sda1'],
      [2, 'f', '/dev/sda2'],
      [3, 'ca', '/dev/sda3'],
      [5, '83', '/dev/sda5'],
      [10, '7', '/dev/sda10'],
    ]);
  });
});

describe('a kept partition before the first MiB', () => {
  it('is refused naming che (an old layout starting at sector 63)', () => {
    expect(() => planMsdosTable([{ par: 1, code: 'ca', sizeKiB: 1024, keepAtSector: 63 }], disk)).toThrow(
      expect.objectContaining({ parameter: 'che' }),
    );
  });
});
